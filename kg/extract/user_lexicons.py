"""The user's own names and trigger words (``kg build --lexicon DIR``).

A lexicon directory holds any of these files (UTF-8, ``#`` starts a comment,
columns separated by tabs), in the formats of the packaged lexicons:

* ``persons.txt``: one person's name a line (like ``surnames.txt``);
* ``organizations.tsv``: NAME, CLASS (like ``org_classes.tsv``, a whole name
  instead of an ending); CLASS is one of :data:`ORGANIZATION_CLASSES`;
* ``places.tsv``: NAME, PARENT (like ``world_cities.tsv``): PARENT is a place
  kg knows (a country, a Chinese division or its short form, a city) or
  another place of the file;
* ``event_triggers.tsv``: the packaged file's six columns (word, event class,
  role before, role after, place rule, flag).

Any other file is an error, and so is a bad line: the message names the file
and the line and says what to write.  The entries are added to the packaged
lexicons for one build (a user row for a packaged trigger word replaces it;
later directories win): :class:`kg.lexicons.LexiconSet`.  Names are tagged
wherever they occur (:func:`force_names`), whatever the tagger found there,
except inside a longer name of another kind that it found.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import ResourceError
from kg.extract.aliases import normalize_name
from kg.extract.classes import ORGANIZATION_CLASSES
from kg.extract.event_lexicon import trigger_of_row
from kg.gazetteer import gazetteer
from kg.lexicons import LexiconSet
from kg.model import Mention

__all__ = ["read_lexicons", "read_lexicon_dir", "FILES", "force_names", "forced_labels"]

#: file name -> what a line holds (for error messages and the help).
FILES = {
    "persons.txt": "NAME",
    "organizations.tsv": "NAME<TAB>CLASS",
    "places.tsv": "NAME<TAB>PARENT",
    "event_triggers.tsv": "WORD<TAB>CLASS<TAB>BEFORE<TAB>AFTER<TAB>PLACE<TAB>FLAG",
}
_KIND_LABELS = {"person": "PER", "organization": "ORG", "place": "LOC"}
_LABEL_KINDS = {"PER": "person", "ORG": "organization", "GOV": "organization", "COMPANY": "organization",
                "LOC": "place"}


def read_lexicons(directories) -> LexiconSet:
    """The entries of every directory, in order (later ones win), checked."""
    out, seen = LexiconSet(), {}
    for directory in directories:
        out = out + read_lexicon_dir(directory, seen)
    return out


def read_lexicon_dir(directory, seen: dict | None = None) -> LexiconSet:
    """The entries of one directory; ``seen`` (name -> (file, where)) carries the
    names of earlier directories, so that a name keeps one kind."""
    folder = Path(directory)
    if not folder.is_dir():
        raise ResourceError(f"--lexicon {directory}: no such directory; give a directory of lexicon files")
    files = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    unknown = [p.name for p in files if p.name not in FILES]
    if unknown:
        raise ResourceError(f"{folder / unknown[0]}: not a lexicon kg reads; name the files "
                            f"{', '.join(FILES)}")
    if not files:
        raise ResourceError(f"--lexicon {directory}: the directory is empty; add any of {', '.join(FILES)}")
    found = {p.name: _rows(p) for p in files}
    seen = {} if seen is None else seen
    persons, orgs, places, triggers = [], [], [], []
    for path, number, (name,) in found.get("persons.txt", ()):
        persons.append(_name(path, number, name, seen))
    for path, number, (name, cls) in found.get("organizations.tsv", ()):
        if cls not in ORGANIZATION_CLASSES:
            raise ResourceError(f"{path} line {number}: unknown class {cls!r}; use one of "
                                f"{', '.join(ORGANIZATION_CLASSES)}")
        orgs.append((_name(path, number, name, seen), cls))
    for path, number, (name, parent) in found.get("places.tsv", ()):
        places.append((_name(path, number, name, seen), normalize_name(parent), path, number))
    gaz = gazetteer()
    for name, parent, path, number in places:
        if name == parent:
            raise ResourceError(f"{path} line {number}: {name} is its own parent; give the place it lies in")
        if seen.get(parent, ("",))[0] != "places.tsv" and gaz.place_class(gaz.canonical(parent)) is None:
            raise ResourceError(f"{path} line {number}: the parent {parent!r} is no place kg knows; use a "
                                "country, a Chinese division or a city, or add the parent to places.tsv")
    for path, number, cells in found.get("event_triggers.tsv", ()):
        trigger_of_row(cells, f"{path} line {number}")
        triggers.append(cells)
    return LexiconSet(tuple(persons), tuple(orgs), tuple((n, p) for n, p, *_ in places), tuple(triggers))


def _rows(path: Path) -> list[tuple[Path, int, tuple[str, ...]]]:
    """(path, line number, cells) of every line that is not blank or a comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ResourceError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise ResourceError(f"{path}: cannot read it ({exc.strerror}); check the file") from None
    columns = FILES[path.name].count("<TAB>") + 1
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = tuple(cell.strip() for cell in line.strip("\r\n").split("\t"))
        if len(cells) != columns or not all(cells):
            raise ResourceError(f"{path} line {number}: expected {FILES[path.name]}, got {line.strip()!r}; "
                                f"write {columns} non-empty column{'s' if columns > 1 else ''}"
                                f"{' separated by tabs' if columns > 1 else ''}")
        out.append((path, number, cells))
    return out


def _name(path: Path, number: int, name: str, seen: dict) -> str:
    """The name of a line, checked: two or more characters, in one file only."""
    name = normalize_name(name)
    if len(name) < 2:
        raise ResourceError(f"{path} line {number}: {name!r} is one character; kg drops one-character "
                            "names, write the full name")
    file, where = seen.setdefault(name, (path.name, f"{path} line {number}"))
    if file != path.name:
        raise ResourceError(f"{path} line {number}: {name} is also in {where}; keep it in one file "
                            "(an alias file's 'kind' line can fix its kind)")
    return name


def forced_labels(lexicons: LexiconSet, kinds: dict[str, str] | None = None) -> dict[str, str]:
    """Name -> mention label for every name whose kind is fixed: the lexicons'
    names and the alias file's ``kind`` lines (these win)."""
    out = lexicons.names()
    for name, kind in (kinds or {}).items():
        if _LABEL_KINDS.get(out.get(name, "")) != kind:
            out[name] = _KIND_LABELS[kind]
    return out


def name_pattern(labels: dict[str, str]) -> re.Pattern | None:
    """The names of ``labels``, longest first, as one pattern (None: no names)."""
    if not labels:
        return None
    return re.compile("|".join(re.escape(n) for n in sorted(labels, key=lambda n: (-len(n), n))))


def force_names(text: str, mentions: list[Mention], labels: dict[str, str],
                pattern: re.Pattern | None = None) -> list[Mention]:
    """``mentions`` with every occurrence of a name of ``labels`` tagged with its
    label (source ``user``: resolution applies no rule to it); a mention
    overlapping one gives way, except a longer name around it: one of another
    kind (青石镇政府 stays one organization when 青石镇 is a user place), or an
    organization or place that starts with it (蓝鲸数科研究院); PER 娘春晓
    gives way to the user's person 春晓."""
    pattern = pattern or name_pattern(labels)
    if pattern is None:
        return mentions
    forced = []
    for match in pattern.finditer(text):
        s, e = match.span()
        label = labels[match.group()]
        if any(m.start <= s and e <= m.end and m.end - m.start > e - s and _longer_name(m, label, s)
               for m in mentions):
            continue
        forced.append(Mention(s, e, label, match.group(), source="user"))
    if not forced:
        return mentions
    kept = [m for m in mentions if not any(f.start < m.end and m.start < f.end for f in forced)]
    return sorted(kept + forced)


def _longer_name(mention: Mention, label: str, start: int) -> bool:
    """Whether ``mention``, around a user name of ``label`` at ``start``, is a longer name to keep."""
    kind = _LABEL_KINDS[label]
    if _LABEL_KINDS.get(mention.label, mention.label) != kind:
        return True
    return kind != "person" and mention.start == start
