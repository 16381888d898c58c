"""Name variants: the alias lexicon, the abbreviation rule and user rules.

* The packaged lexicon ``lexicons/aliases.tsv`` maps short forms to full names.
* The abbreviation rule: a short organization name abbreviates a longer one
  seen in the same corpus when it starts with the same character, its
  characters appear in order in the long name, and its last character comes
  from the long name's generic ending (国家卫健委 -> 国家卫生健康委员会,
  北大 -> 北京大学).
* A user alias file forces (``same``) or forbids (``distinct``) merges and
  fixes a name's kind (``kind``); see :func:`load_alias_rules` for the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ResourceError
from kg.lexicons import org_endings
from kg.resources import load_tsv
from kg.text.clean import clean_name

__all__ = ["AliasRules", "load_alias_rules", "normalize_name", "is_abbreviation"]

KINDS = ("person", "organization", "place")
_DOTS = re.compile(r"[\.．・•‧∙·]")


def normalize_name(name: str) -> str:
    """Unify middle-dot variants of foreign names (罗伯特•库恩 -> 罗伯特·库恩); drop
    invisible and control characters (曾 + U+200B + 毓群 -> 曾毓群, :func:`kg.text.clean.clean_name`)."""
    return _DOTS.sub("·", clean_name(name).strip())


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def is_abbreviation(short: str, long: str) -> bool:
    """Whether organization name ``short`` abbreviates ``long``.

    >>> is_abbreviation("国家卫健委", "国家卫生健康委员会")
    True
    >>> is_abbreviation("北大", "北京大学")
    True
    >>> is_abbreviation("中国", "中国工程院")
    False
    >>> is_abbreviation("全国人民代表大会", "全国人民代表大会常务委员会")  # a whole name: its body
    False
    """
    if not (2 <= len(short) < len(long)) or short[0] != long[0]:
        return False
    if long.startswith(short) and any(short.endswith(e) and len(e) >= 2 for e in org_endings()):
        return False
    if not _is_subsequence(short, long):
        return False
    ending = next((e for e in org_endings() if long.endswith(e) and len(e) < len(long)), None)
    if ending is None or len(ending) < 2:
        return False
    return short[-1] in ending


@dataclass
class AliasRules:
    """Alias lexicon plus user rules: ``canonical(kind, name)``, vetoes and forced kinds."""

    same: dict[tuple[str, str], str] = field(default_factory=dict)
    distinct: set[tuple[str, str]] = field(default_factory=set)
    #: name -> the kind it always is (``kind`` lines)
    kinds: dict[str, str] = field(default_factory=dict)

    def canonical(self, kind: str, name: str) -> str | None:
        return self.same.get((kind, name))

    def allowed(self, a: str, b: str) -> bool:
        return (a, b) not in self.distinct and (b, a) not in self.distinct


def _packaged() -> dict[tuple[str, str], str]:
    same = {}
    for alias, canonical, kind in load_tsv("lexicons", "aliases.tsv", columns=3):
        if kind not in KINDS:
            raise ResourceError(f"lexicons/aliases.tsv: unknown kind {kind!r} for {alias}")
        same[(kind, alias)] = canonical
    return same


def load_alias_rules(path: str | None = None) -> AliasRules:
    """The packaged aliases, overridden by a user alias file if given.

    The user file is UTF-8 text, one rule per line, tab-separated, ``#`` for
    comments::

        same      世卫      世界卫生组织     organization
        same      川普      特朗普           person
        distinct  北大      北大荒
        kind      华星      person

    ``same ALIAS CANONICAL [KIND]`` merges ALIAS into CANONICAL (for every kind
    when KIND is left out); ``distinct A B`` forbids merging A and B;
    ``kind NAME KIND`` makes NAME an entity of KIND wherever it is mentioned,
    whatever the tagger said.
    """
    rules = AliasRules(same=dict(_packaged()))
    if path is None:
        return rules
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{path}: cannot read the alias file ({exc}); give a UTF-8 text file") from exc
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        verb = cells[0] if cells else ""
        if verb == "same" and len(cells) in (3, 4):
            kinds = [cells[3]] if len(cells) == 4 else list(KINDS)
            for kind in kinds:
                if kind not in KINDS:
                    raise ResourceError(
                        f"{path} line {number}: unknown kind {kind!r}; use one of {', '.join(KINDS)}"
                    )
                rules.same[(kind, normalize_name(cells[1]))] = normalize_name(cells[2])
        elif verb == "kind" and len(cells) == 3:
            if cells[2] not in KINDS:
                raise ResourceError(
                    f"{path} line {number}: unknown kind {cells[2]!r}; use one of {', '.join(KINDS)}"
                )
            rules.kinds[normalize_name(cells[1])] = cells[2]
        elif verb == "distinct" and len(cells) == 3:
            a, b = normalize_name(cells[1]), normalize_name(cells[2])
            rules.distinct.add((a, b))
            for key, target in list(rules.same.items()):
                if (key[1], target) in ((a, b), (b, a)):
                    del rules.same[key]
        else:
            raise ResourceError(
                f"{path} line {number}: expected 'same<TAB>ALIAS<TAB>CANONICAL[<TAB>KIND]' "
                f"or 'distinct<TAB>A<TAB>B' or 'kind<TAB>NAME<TAB>KIND', got {line.strip()!r}"
            )
    return rules
