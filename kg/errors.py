"""One error hierarchy for the library; the CLI turns it into ClickException.

Every message names the bad value and says how to fix it.
"""

from __future__ import annotations

__all__ = [
    "KgError",
    "InputError",
    "OffsetError",
    "GraphError",
    "QueryError",
    "QueryRefused",
    "ResourceError",
    "ModelError",
    "ValidationFailed",
    "BuildError",
]


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KgError):
    """An input file cannot be read as a UTF-8 Chinese text."""


class OffsetError(KgError):
    """A mention's offsets do not select its text."""


class GraphError(KgError):
    """A graph file cannot be read or written."""


class QueryError(KgError):
    """A SPARQL query is malformed or cannot run."""


class QueryRefused(QueryError):
    """A query asks for what kg does not do here: an update, SERVICE, a remote FROM."""


class ResourceError(KgError):
    """A packaged or user-supplied data file (lexicon, pattern, alias) is invalid."""


class ModelError(KgError):
    """An NER model file is missing or unreadable."""


class ValidationFailed(KgError):
    """A graph violates the SHACL shapes."""


class BuildError(KgError):
    """A build cannot run: its worker processes, cluster or document cache failed."""
