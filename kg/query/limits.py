"""What a query may be before any engine sees it, and the stack it runs on.

Both engines parse and plan queries recursively: 3,000 nested ``{`` kill
pyoxigraph with a segmentation fault and give rdflib a RecursionError, and a
few thousand ``UNION``\\ s or ``&&``\\ s in a row overflow Oxigraph's stack too.
So every query first goes through :func:`check_query`, a lexer-level pass
(strings, IRIs and comments skipped correctly) that refuses, with one line
naming the limit:

- a text longer than ``max_bytes`` (UTF-8);
- nesting deeper than ``max_depth``: open ``{``, ``(`` (groups, calls,
  property-path groups, collections) and ``[``, plus runs of prefix
  operators (``!``, ``^``, unary ``-``/``+``), which nest the same way;
- more than ``max_patterns`` triple patterns, counted from above: each
  pattern ended by ``.``, ``;``, ``,``, ``}`` or ``]``, each property-path
  step (``/``, ``|``) and each item of an RDF collection;
- unless ``allow_federation``: ``SERVICE`` (the engine would send requests
  to any host) and ``FROM``/``FROM NAMED`` with a ``file:`` IRI.  The other
  ``FROM`` IRIs are returned, and :mod:`kg.query.sparql` refuses those that
  name no graph of the data (rdflib would fetch them from the web).

Engines then run on a thread with a large stack (:func:`deep_call`), so
flat chains within the length limit cannot overflow it either.
"""

from __future__ import annotations

import os
import queue
import re
import threading
from dataclasses import dataclass

from kg.errors import QueryError, QueryRefused
from kg.vocab import PREFIXES

__all__ = ["QueryLimits", "check_query", "deep_call", "ENGINE_STACK"]

#: stack of the thread an engine runs on: a 100 kB chain of ``&&`` needs
#: about 30 MB of Oxigraph's stack; the memory is only reserved, not used
ENGINE_STACK = 512 << 20


@dataclass(frozen=True)
class QueryLimits:
    """The limits :func:`check_query` enforces (the CLI's ``--max-*`` flags)."""

    max_bytes: int = 100_000
    max_depth: int = 64
    max_patterns: int = 200
    allow_federation: bool = False


_TOKEN = re.compile(r"""
    (?P<space>\s+|\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>(?:[^\W\d]|_)[\w.\-\u00b7\u0300-\u036f\u203f-\u2040]*(?::(?:[\w:%\\\-.\u00b7]|\\.)*)?
             |:(?:[\w:%\\\-.\u00b7]|\\.)*|[0-9][0-9.eE+\-]*|\.[0-9]+(?:[eE][+\-]?[0-9]+)?)
  | (?P<op>&&|\|\||!=|<=|>=|\^\^|.)
""", re.VERBOSE | re.DOTALL)

#: words that name a term rather than start a clause or call a function
_TERM_WORDS = {"a", "true", "false", "undef"}
_PREFIX_OPS = {"!", "^", "-", "+"}
_OPENERS, _CLOSERS = ("{", "(", "["), ("}", ")", "]")
#: after these, a ``(`` in a group opens a collection or a path group
_BEFORE_LIST = {"{", "[", "(", ".", ";", ",", "|", "/", "^"}
_GROUP, _DATA, _EXPR, _LIST = "group", "data", "expr", "list"


def _tokens(text: str):
    """(kind, value) of each token of ``text``, comments and spaces dropped."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind == "space":
            continue
        if kind == "word" and value.endswith("."):
            yield kind, value.rstrip(".")  # `?s a kg:Person.` ends a pattern
            for _ in range(len(value) - len(value.rstrip("."))):
                yield "op", "."
            continue
        yield kind, value


def _is_term(kind: str, value: str) -> bool:
    if kind in ("string", "iri", "var"):
        return True
    return kind == "word" and (":" in value or value[0].isdigit() or value[0] == "."
                               or value.lower() in _TERM_WORDS)


def check_query(text: str, limits: QueryLimits | None = None, source: str = "query") -> list[str]:
    """Refuse ``text`` when it is over a limit or asks to fetch data; else
    return the IRIs its ``FROM``/``FROM NAMED`` clauses name."""
    limits = limits or QueryLimits()
    size = len(text.encode("utf-8", errors="replace"))
    if size > limits.max_bytes:
        raise QueryError(f"{source}: the query is {size} bytes, over the limit of {limits.max_bytes} "
                         f"(--max-query-bytes)")
    prefixes = dict(PREFIXES)
    stack: list[str] = []
    saved: list[bool] = []  # `pending` outside each open bracket
    unary = patterns = 0
    pending = values = False
    previous = ("op", "")
    dataset: list[str] = []
    tokens = _tokens(text)
    for kind, value in tokens:
        upper = value.upper() if kind == "word" else ""
        context = stack[-1] if stack else None
        if kind == "op" and value in _PREFIX_OPS and previous[0] == "op" and previous[1] not in _CLOSERS:
            unary += 1  # `! ! !x`, `- - 1`: each one more level in the parser
        else:
            unary = 0
        if kind == "op" and value in _OPENERS:
            if value == "{":
                opened = _DATA if values else _GROUP
                pending = values = False
            elif value == "[":
                opened = _GROUP
            elif context in (_GROUP, _LIST) and (_is_term(*previous) or previous[1] in _BEFORE_LIST):
                opened = _LIST  # a collection or a property-path group, not a call
            else:
                opened = _EXPR
            stack.append(opened)
            saved.append(pending)
            pending = False
        elif kind == "op" and value in _CLOSERS:
            patterns += pending and context == _GROUP
            if stack:
                stack.pop()
                pending = saved.pop()
        elif kind == "op" and value in (".", ";", ",") and context == _GROUP:
            patterns += pending
            pending = False
        elif kind == "op" and value in ("/", "|") and context in (_GROUP, _LIST):
            patterns += 1
        elif context == _GROUP and _is_term(kind, value):
            pending = True
        elif context == _LIST and _is_term(kind, value):
            patterns += 1
        if len(stack) + unary > limits.max_depth:
            raise QueryError(f"{source}: the query nests deeper than {limits.max_depth} levels of "
                             f"{{ }}, ( ), [ ] and prefix operators (--max-depth)")
        if patterns > limits.max_patterns:
            raise QueryError(f"{source}: the query has more than {limits.max_patterns} triple patterns "
                             f"and path steps (--max-patterns)")
        if upper == "VALUES":
            values = True
        elif upper == "PREFIX":
            _prefix(tokens, prefixes)
            value = ""
        elif upper == "SERVICE" and not limits.allow_federation:
            raise QueryRefused(f"{source}: SERVICE is refused: kg sends no queries to other endpoints "
                               f"unless --allow-federation is given (trusted local use)")
        elif upper == "FROM" and not stack:
            iri = _dataset_iri(tokens, prefixes)
            if iri is None:
                raise QueryError(f"{source}: FROM must name a graph by its IRI")
            if iri.lower().startswith("file:") and not limits.allow_federation:
                raise QueryRefused(f"{source}: FROM <{iri}> is refused: kg reads no files named in "
                                   f"queries unless --allow-federation is given (trusted local use)")
            dataset.append(iri)
            kind, value = "iri", f"<{iri}>"
        previous = (kind, value)
    return dataset


def _prefix(tokens, prefixes: dict) -> None:
    """Read ``name: <iri>`` after PREFIX into ``prefixes``."""
    name = next(tokens, ("", ""))[1]
    iri = next(tokens, ("", ""))
    if iri[0] == "iri" and name.endswith(":"):
        prefixes[name[:-1]] = iri[1][1:-1]


def _dataset_iri(tokens, prefixes: dict) -> str | None:
    """The IRI after FROM (or FROM NAMED), prefixed names expanded."""
    kind, value = next(tokens, ("", ""))
    if kind == "word" and value.upper() == "NAMED":
        kind, value = next(tokens, ("", ""))
    if kind == "iri":
        return value[1:-1]
    if kind == "word" and ":" in value:
        prefix, local = value.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


_STACK_LOCK = threading.Lock()
_JOBS: queue.SimpleQueue = queue.SimpleQueue()
_idle = 0  # engine threads waiting for a job


def _forget_engine_threads() -> None:
    """In a forked child: the parent's engine threads do not exist here."""
    global _STACK_LOCK, _JOBS, _idle
    _STACK_LOCK, _JOBS, _idle = threading.Lock(), queue.SimpleQueue(), 0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_engine_threads)


def _engine_thread() -> None:
    global _idle
    while True:
        function, args, outcome, done = _JOBS.get()
        try:
            outcome.append((True, function(*args)))
        except BaseException as exc:  # noqa: BLE001 (re-raised in the caller)
            outcome.append((False, exc))
        del function, args, outcome  # an idle thread must hold no store (nor its lock)
        with _STACK_LOCK:
            _idle += 1
        done.set()
        del done


def deep_call(function, *args):
    """``function(*args)`` on an engine thread with :data:`ENGINE_STACK` of stack
    (the main thread's 8 MB overflow on long chains); its exception re-raised.
    Engine threads are kept for the next call (a new thread per query costs
    Oxigraph about a millisecond) and never keep the process from exiting."""
    global _idle
    outcome: list = []
    done = threading.Event()
    with _STACK_LOCK:
        if _idle:
            _idle -= 1
        else:
            previous = threading.stack_size(ENGINE_STACK)
            try:
                threading.Thread(target=_engine_thread, name="kg-query", daemon=True).start()
            finally:
                threading.stack_size(previous)
    _JOBS.put((function, args, outcome, done))
    done.wait()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value
