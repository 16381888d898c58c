"""Surname + title (李总理, 俞院长): the person of the document it names.

The mention resolves to the one person of the document with that surname who
holds that title, or, when only one person has the surname, to that person
unless they hold other titles only (张院长 is not 华光银行董事长张建国).  A
person entity the tagger made of such a form (李总理) is folded into that person.
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.positions import position_titles
from kg.extract.resolve import strip_titles
from kg.lexicons import surnames, titles
from kg.model import Document, Key, Mention, Relation
from kg.text.coverage import cover, coverage

__all__ = ["surname_titles"]


def surname_titles(doc: Document, relations: list[Relation]) -> Document:
    """李总理, 俞院长: the surname + title mentions of a document, resolved to the one
    person with that surname (among several, the one holding the title).  A
    person entity the tagger made of such a form (李总理) is folded into that person."""
    singles, doubles = surnames()
    people = sorted({e.label for e in doc.entities if e.kind == "person"
                     and "·" not in e.label and 2 <= len(e.label) <= 4})
    held = {(r.subject, r.role) for r in relations if r.kind == "membership"}
    text, added, remap = doc.text, [], {}
    taken = coverage(len(text), ((m.start, m.end) for m in doc.mentions if m.ref))
    starting: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        starting.setdefault(m.start, []).append(m)
    for title in position_titles():
        pos = text.find(title)
        while pos > 0:
            for surname in (text[pos - 2:pos], text[pos - 1:pos]):
                if surname not in singles | doubles or pos - len(surname) < 0:
                    continue
                start = pos - len(surname)
                holders = [p for p in people if p.startswith(surname) and len(p) > len(surname)
                           and p[len(surname):] not in titles()]
                holding = [p for p in holders if any(s == Key.of("person", p) and (r or "").endswith(title) for s, r in held)]
                # among several, the one holding the title; one who holds other titles only is someone else
                holders = holding if holding or len(holders) > 1 else [
                    p for p in holders if not any(s == Key.of("person", p) for s, _ in held)]
                if len(holders) != 1:
                    continue
                key = Key.of("person", holders[0])
                same = [m for m in starting.get(start, ()) if m.ref and m.end in (pos, pos + len(title))
                        and m.ref_kind == "person" and m.ref != key]
                if same:
                    remap[same[0].ref] = key  # the tagger's 李总理 (or 李) is 李鹏
                elif not any(taken[start:pos + len(title)]) and _starts_name(text, start):
                    added.append(Mention(start, pos + len(title), "PER", text[start:pos + len(title)],
                                         ref=key, source="surname-title"))
                    cover(taken, start, pos + len(title))
                break
            pos = text.find(title, pos + len(title))
    if not added and not remap:
        return doc
    remap = {k: v for k, v in remap.items() if strip_titles(k.name)[0] not in people}
    mentions = [replace(m, ref=remap.get(m.ref, m.ref)) if m.ref else m for m in doc.mentions]
    still = {m.ref for m in mentions}
    entities = [e for e in doc.entities if e.key not in remap or e.key in still]
    return doc.with_(mentions=tuple(sorted(mentions + added)), entities=tuple(entities))


def _starts_name(text: str, start: int) -> bool:
    """The surname starts a word: no Chinese character glued before it that makes a word with it."""
    if start == 0 or not ("\u4e00" <= text[start - 1] <= "\u9fff"):
        return True
    from kg.ner.anchored import dictionary_pos

    return not dictionary_pos(text[start - 1:start + 1])
