"""Document-level name rules that a character CRF cannot see.

* Title-anchored names: Chinese news names people right before their title
  (习近平总书记, 李克强总理, 王辰院士).  Two or three characters before a title
  that start with a surname, are not an ordinary word and are not already
  part of a name are a person's name.
* Name propagation: a person's name found once in a document is a name
  wherever else the same characters stand alone (a tagger that finds 习近平
  once in fifty must not miss the other forty-nine).
* Organizations named after a place: a whole clause made of a place and a
  run of characters ending in an organization ending ("2019年12月底，湖北省
  中西医结合医院。") is one organization, however rare its middle words --
  unless the ending closes a word for part of a place (华南大部, 西南地区东部).
* Organizations in appositives: an organization right before a title whose
  tagged span starts after the 、 that opens its part of the chain is
  extended back to it (、中央应对…感染|肺炎疫情工作领导小组|组长李克强).
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from kg.lexicons import org_endings, surnames, title_words
from kg.text.coverage import coverage

__all__ = ["dictionary_pos", "ordinary_word", "common_word", "is_han", "covered", "complete_names", "names_before_titles", "propagate_names",
           "complete_organizations"]

Span = tuple[int, int, str]

#: Titles shorter than this do not anchor names (长, 员 are too common).
MIN_TITLE_CHARS = 2
#: Dictionary count from which a word is too common to be taken for a name
#: before a title (names before titles are rare names the tagger missed).
COMMON_WORD_COUNT = 100
#: Longest run between a place and an organization ending (中西医结合 + 医院).
MAX_ORG_MIDDLE = 10
_CLAUSE_EDGE = set("，。；：！？、,;:!?\n")
#: Function characters that never stand inside an organization's name.
_NOT_IN_ORGS = set("的了是在和与及或把被从向将")
#: Prepositions and adverbs that start a clause, not an organization's name
#: (、由中国工程院…, 、更好地履行政协…).
_NOT_ORG_STARTS = set("由经对为向从在被把将与和同给更很最也都还又就")
_NOT_IN_NAMES = set("的了和与及或在是为把被对向从到于以而、，。；：！？“”‘’（）《》 \n\t　0123456789")


@lru_cache(maxsize=1)
def _titles() -> tuple[str, ...]:
    return tuple(w for w in title_words() if len(w) >= MIN_TITLE_CHARS)


def dictionary_pos(word: str) -> str:
    """The part of speech of ``word`` in the segmenter's dictionary ('' if absent)."""
    from kg.ner.features import load_segmenter

    return load_segmenter().pos.get(word, "")


def ordinary_word(word: str) -> bool:
    """In the segmenter's dictionary as something other than a name."""
    tag = dictionary_pos(word)
    return bool(tag) and not tag.startswith("nr")


def common_word(word: str) -> bool:
    """An ordinary word, or a dictionary word too frequent to be a rare name
    (jieba's dictionary files 祝贺, 荣誉 and 师生 as names)."""
    from kg.ner.features import load_segmenter

    segmenter = load_segmenter()
    return ordinary_word(word) or segmenter.logp.get(word, -99.0) >= segmenter.logp_of(COMMON_WORD_COUNT)


def is_han(ch: str) -> bool:
    """A CJK unified ideograph (basic block)."""
    return "\u4e00" <= ch <= "\u9fff"


def covered(text: str, spans: list[Span]) -> bytearray:
    """Per character of ``text``: 1 where one of ``spans`` covers it, else 0."""
    return coverage(len(text), ((start, end) for start, end, _ in spans))


def _name_before(text: str, end: int) -> int | None:
    """Start of a plausible name ending at ``end``, or None."""
    single, compound = surnames()
    for length in (3, 2):
        start = end - length
        if start < 0:
            continue
        name = text[start:end]
        if not all(is_han(c) and c not in _NOT_IN_NAMES for c in name):
            continue
        if not (name[0] in single or name[:2] in compound):
            continue
        if common_word(name) or length == 3 and ordinary_word(name[:2]):
            continue
        if start > 0 and ordinary_word(text[start - 1 : start + 1]):
            continue  # 地区组织: the first character belongs to the word before
        return start
    return None


def names_before_titles(text: str, spans: list[Span]) -> list[Span]:
    """Add PER spans for names standing right before a title."""
    taken = covered(text, spans)
    added: list[Span] = []
    for title in _titles():
        pos = text.find(title)
        while pos >= 0:
            start = _name_before(text, pos)
            if start is not None and taken.find(1, start, pos) < 0:
                added.append((start, pos, "PER"))
                taken[start:pos] = b"\x01" * (pos - start)
            pos = text.find(title, pos + 1)
    return sorted(spans + added)


def names_cut_by_words(text: str, spans: list[Span]) -> list[Span]:
    """A person span of one character, a surname right after a title, whose
    next character makes a word with the one after it (国家副主席韩|正在):
    the tagger left the given name to that word; the name is the surname and
    that character (韩正), unless another span starts there."""
    single, _ = surnames()
    ordered = sorted(spans)
    title_ends = {end for _, end, label in ordered if label == "TITLE"}
    starts = {start for start, _, _ in ordered}
    out: list[Span] = []
    for start, end, label in ordered:
        if (label == "PER" and end - start == 1 and text[start] in single and end + 2 <= len(text)
                and (start in title_ends or any(text.endswith(t, 0, start) for t in _titles()))
                and end not in starts and all(is_han(c) and c not in _NOT_IN_NAMES for c in text[end:end + 1])
                and ordinary_word(text[end:end + 2])):
            end += 1
        out.append((start, end, label))
    return out


def complete_names(text: str, spans: list[Span]) -> list[Span]:
    """Extend a person span that stops short of a longer name found in the
    same document, where the text goes on with that name (王国 -> 王国念 once
    王国念 is a name there), unless another span starts in the way."""
    names = sorted({text[s:e] for s, e, label in spans if label == "PER" and e - s >= 2},
                   key=len, reverse=True)
    ordered = sorted(spans)
    out: list[Span] = []
    for i, (start, end, label) in enumerate(ordered):
        if label == "PER":
            limit = ordered[i + 1][0] if i + 1 < len(ordered) else len(text)
            for name in names:
                if len(name) > end - start and start + len(name) <= limit and text.startswith(name, start):
                    end = start + len(name)
                    break
        out.append((start, end, label))
    return out


def propagate_names(text: str, spans: list[Span]) -> list[Span]:
    """Tag the other standalone occurrences of every person's name found
    (after :func:`complete_names`)."""
    spans = complete_names(text, spans)
    names = sorted({text[s:e] for s, e, label in spans if label == "PER" and e - s >= 2},
                   key=len, reverse=True)
    taken = sorted((s, e) for s, e, _ in spans)  # non-overlapping, so ends are sorted too
    starts = [s for s, _ in taken]
    ends = [e for _, e in taken]
    added: list[Span] = []
    for name in names:
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            k = bisect_right(ends, pos)  # first taken span ending after pos
            if k == len(starts) or starts[k] >= end:
                added.append((pos, end, "PER"))
                starts.insert(k, pos)
                ends.insert(k, end)
            pos = text.find(name, end)
    return sorted(spans + added)


def complete_organizations(text: str, spans: list[Span]) -> list[Span]:
    """Merge ``[clause start] PLACE + middle + ORG-ending [clause end]`` into one ORG,
    and extend appositive organizations back to their 、."""
    out: list[Span] = []
    ordered = sorted(spans)
    title_starts = {s for s, _, label in ordered if label == "TITLE"}
    skip_until = -1
    for i, (start, end, label) in enumerate(ordered):
        if start < skip_until:
            continue
        if label == "LOC" and (start == 0 or text[start - 1] in _CLAUSE_EDGE):
            clause_end = end
            while clause_end < len(text) and text[clause_end] not in _CLAUSE_EDGE:
                clause_end += 1
            if _place_and_org_ending(text, end, clause_end, ordered, i):
                out.append((start, clause_end, "ORG"))
                skip_until = clause_end
                continue
        if label in ("ORG", "GOV") and (end in title_starts or text.startswith(_titles(), end)):
            start = _appositive_start(text, start, out[-1][1] if out else 0)
        out.append((start, end, label))
    return out


def _place_and_org_ending(text: str, end: int, clause_end: int, ordered: list[Span], i: int) -> bool:
    """Whether ``text[end:clause_end]`` completes the place at ``ordered[i]`` into an organization."""
    tail = text[end:clause_end]
    ending = next((e for e in org_endings() if tail.endswith(e)), None)
    if not ending or not 0 < len(tail) - len(ending) <= MAX_ORG_MIDDLE or clause_end >= len(text):
        return False
    if not all(is_han(c) and c not in _NOT_IN_ORGS for c in tail):
        return False
    if _ends_in_part_word(tail, ending):
        return False
    for other in ordered[i + 1 :]:
        if other[0] >= clause_end:
            break
        if other[2] not in ("LOC", "ORG", "GOV", "COMPANY"):
            return False
    return True


#: Dictionary parts of speech of words naming a part of a place, not an
#: organization, when an organization ending is their last character:
#: locatives (东部, 东北部) and pronouns (本部).
_PART_WORD_POS = ("f", "r")
#: Quantity words ending in an organization ending (大部 = "most of").
_PART_WORDS = frozenset({"大部", "全部", "局部"})


def _ends_in_part_word(tail: str, ending: str) -> bool:
    """Whether the organization ending of ``tail`` is really the end of a
    word naming part of a place (华南大部, 西南地区东部)."""
    for n in range(len(ending) + 1, min(len(tail), len(ending) + 2) + 1):
        word = tail[-n:]
        if word in _PART_WORDS or dictionary_pos(word).startswith(_PART_WORD_POS):
            return True
    return False


def _appositive_start(text: str, start: int, limit: int) -> int:
    """Extend ``start`` back to a preceding 、 over plain Han characters (not past ``limit``)."""
    pos = start
    while pos > limit and start - pos < 2 * MAX_ORG_MIDDLE and is_han(text[pos - 1]) \
            and text[pos - 1] not in _NOT_IN_ORGS:
        pos -= 1
    if pos < start and pos > 0 and text[pos - 1] == "、" and text[pos] not in _NOT_ORG_STARTS:
        return pos
    return start
