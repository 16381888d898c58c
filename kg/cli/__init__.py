"""The `kg` command line: a thin layer over the library.

Each command lives in its own module under ``kg.cli`` and is registered in
:data:`COMMANDS`; modules are imported only when their command runs, so that
``kg ner`` does not pay for rdflib or networkx at start-up.  Library errors
(:class:`kg.errors.KgError`) become one-line :class:`click.ClickException`
messages here, at the edge.
"""

from __future__ import annotations

import importlib

import click

from kg import __version__
from kg.errors import KgError

__all__ = ["main", "COMMANDS"]

#: command name -> module under kg.cli that defines a click command of that name.
COMMANDS = {
    "build": "kg.cli.build",
    "entities": "kg.cli.entities",
    "events": "kg.cli.events",
    "relations": "kg.cli.relations",
    "query": "kg.cli.query",
    "store": "kg.cli.store",
    "serve": "kg.cli.serve",
    "load": "kg.cli.load",
    "export": "kg.cli.export",
    "stats": "kg.cli.stats",
    "path": "kg.cli.path",
    "viz": "kg.cli.viz",
    "validate": "kg.cli.validate",
    "ner": "kg.cli.ner",
    "train": "kg.cli.train",
    "timeline": "kg.cli.timeline",
}


class KgGroup(click.Group):
    """Lazily loads commands; reports :class:`KgError` as a one-line error."""

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        module = COMMANDS.get(name)
        if module is None:
            return None
        return getattr(importlib.import_module(module), name.replace("-", "_"))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main():
    """Build knowledge graphs from Chinese news articles.

    Example:

        kg build data/demo-article-2020-epidemic-response.txt -o out/graph.ttl
    """
