"""Benchmark: load time and saved-query latency, rdflib vs pyoxigraph (in memory).

Generates TriG graphs shaped like kg's output (documents as named graphs with
sentences, NIF phrases, people/organizations/places, memberships, events,
quantities and times; the ontology in the default graph), then measures

- load: rdflib ``Dataset.parse`` vs pyoxigraph ``Store().load`` of the file;
- each saved query (``ontology/queries/*.rq``): median wall time of --runs runs.

Usage::

    python benchmarks/query_stores.py --sizes 10000,100000
    python benchmarks/query_stores.py --sizes 1000000 --runs 3 --budget 120   # >1 GB for rdflib

``--budget SECONDS`` bounds each query run: a run that takes longer is stopped
(a SIGALRM interrupts rdflib's pure-Python evaluation; Oxigraph is interrupted
when it hands the next row back) and reported as ``> budget``.
"""

from __future__ import annotations

import argparse
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["generate", "main"]

OVER = "over budget"

PER_DOCUMENT = 700  # roughly the triples a news article yields
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂"
ORG_WORDS = ["卫生健康委员会", "人民医院", "疾控中心", "人民政府", "红十字会", "大学", "研究院"]
PLACES = ["武汉市", "北京市", "上海市", "广州市", "湖北省", "浙江省", "四川省", "成都市", "西安市", "南京市"]
ROLES = ["主任", "院长", "书记", "副主任", "专家", "总干事", "省长"]
EVENTS = ["Meeting", "Inspection", "PhoneCall", "Dispatch", "Aid", "Announcement", "Lockdown"]
UNITS = ["人", "元", "例", "个", "%"]


def generate(triples: int, path: Path, seed: int = 7) -> int:
    """Write a TriG file of about ``triples`` triples; returns the exact count."""
    import pyoxigraph as ox

    from kg.vocab import PREFIXES
    from kg.resources import data_path

    rng = random.Random(seed)
    ns = {p: (lambda base: (lambda local: ox.NamedNode(base + local)))(iri) for p, iri in PREFIXES.items()}
    kg, schema, nif, its, org, prov, rdf, rdfs, xsd = (ns[p] for p in
                                                        ("kg", "schema", "nif", "itsrdf", "org", "prov", "rdf", "rdfs", "xsd"))
    base = "http://kg.example.org/"
    documents = max(1, triples // PER_DOCUMENT)
    people = [f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{rng.choice(GIVEN)}{i}" for i in range(max(50, documents * 3))]
    orgs = [f"{rng.choice(PLACES)[:2]}{rng.choice(ORG_WORDS)}{i}" for i in range(max(20, documents))]
    quads: list = []
    ontology = ox.Store()
    ontology.load(path=str(data_path("ontology", "kg.ttl")), format=ox.RdfFormat.TURTLE)
    quads.extend(ontology)
    for d in range(documents):
        g = ox.NamedNode(f"{base}doc/d{d}")
        add = lambda s, p, o: quads.append(ox.Quad(s, p, o, g))  # noqa: E731
        lit = ox.Literal
        nn = lambda n: lit(str(n), datatype=xsd("nonNegativeInteger"))  # noqa: E731
        add(g, rdf("type"), nif("Context"))
        add(g, nif("isString"), lit("……" * 200))
        add(g, kg("sourceFile"), lit(f"articles/d{d}.txt"))
        sentences = []
        for s in range(20):
            node = ox.NamedNode(f"{base}doc/d{d}#sentence={s * 40},{s * 40 + 40}")
            sentences.append(node)
            add(node, rdf("type"), nif("Sentence"))
            add(node, nif("referenceContext"), g)
            add(node, nif("beginIndex"), nn(s * 40))
            add(node, nif("endIndex"), nn(s * 40 + 40))
            add(node, nif("anchorOf"), lit(f"第{s}句：{rng.choice(people)}在{rng.choice(PLACES)}考察{rng.choice(orgs)}。"))
        entities = []
        for kind, names, cls in (("person", rng.sample(people, 12), "Person"),
                                 ("organization", rng.sample(orgs, 8), "Hospital"),
                                 ("place", rng.sample(PLACES, 5), "City")):
            for name in names:
                node = ox.NamedNode(f"{base}id/{kind}/{name}")
                entities.append((node, name, kind))
                add(node, rdf("type"), kg(cls))
                add(node, rdfs("label"), lit(name, language="zh"))
        persons = [e for e in entities if e[2] == "person"]
        organizations = [e for e in entities if e[2] == "organization"]
        places = [e for e in entities if e[2] == "place"]
        for node, _, _ in organizations:
            add(node, schema("location"), rng.choice(places)[0])

        def phrase(start, target, text, sentence):
            node = ox.NamedNode(f"{base}doc/d{d}#char={start},{start + len(text)}")
            add(node, rdf("type"), nif("Phrase"))
            add(node, nif("referenceContext"), g)
            add(node, nif("beginIndex"), nn(start))
            add(node, nif("endIndex"), nn(start + len(text)))
            add(node, nif("anchorOf"), lit(text))
            add(node, nif("sentence"), sentence)
            add(node, its("taIdentRef"), target)

        position = 0
        for node, name, _ in entities * 2:
            phrase(position, node, name, sentences[(position // 40) % 20])
            position += 7
        activity = ox.NamedNode(f"{base}id/activity/kg-0.1.0")
        for m in range(4):
            person, organization = rng.choice(persons), rng.choice(organizations)
            node = ox.NamedNode(f"{base}id/membership/d{d}m{m}")
            role = ox.NamedNode(f"{base}id/role/{rng.choice(ROLES)}")
            add(node, rdf("type"), org("Membership"))
            add(node, org("member"), person[0])
            add(node, org("organization"), organization[0])
            add(node, org("role"), role)
            add(role, rdf("type"), kg("Role"))
            add(role, rdfs("label"), lit(str(role.value.rsplit("/", 1)[1]), language="zh"))
            add(node, prov("wasDerivedFrom"), rng.choice(sentences))
            add(node, prov("wasGeneratedBy"), activity)
        for e in range(6):
            node = ox.NamedNode(f"{base}id/event/d{d}/e{e}")
            date = f"2020-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            add(node, rdf("type"), kg(rng.choice(EVENTS)))
            add(node, rdfs("label"), lit(f"事件{e} {date}", language="zh"))
            add(node, schema("startDate"), lit(date, datatype=xsd("date")))
            add(node, schema("location"), rng.choice(places)[0])
            add(node, kg("organizer"), rng.choice(persons)[0])
            add(node, kg("attendee"), rng.choice(persons)[0])
            sentence = rng.choice(sentences)
            add(node, prov("wasDerivedFrom"), sentence)
            phrase(1000 + e * 5, node, "会见", sentence)
        for q in range(6):
            node = ox.NamedNode(f"{base}id/quantity/d{d}/q{q}")
            value = rng.randint(1, 100000)
            sentence = rng.choice(sentences)
            add(node, rdf("type"), schema("QuantitativeValue"))
            add(node, schema("value"), lit(str(value), datatype=xsd("integer")))
            add(node, schema("unitText"), lit(rng.choice(UNITS)))
            add(node, prov("wasDerivedFrom"), sentence)
            phrase(2000 + q * 9, node, f"{value}名", sentence)
        if len(quads) >= triples:
            break
    ox.serialize(quads, str(path), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    return len(quads)


class OverBudget(BaseException):
    """A query run took longer than --budget (BaseException: no ``except Exception`` hides it)."""


_armed = False


def _over_budget(signum, frame):
    if _armed:
        raise OverBudget()


def timed(function, runs: int, budget: float | None = None) -> tuple[float | None, object]:
    """Median wall time of ``runs`` calls and the last value; ``(None, None)`` if a run is over ``budget``."""
    global _armed
    times, value = [], None
    previous = signal.signal(signal.SIGALRM, _over_budget) if budget else None
    try:
        for _ in range(runs):
            start = time.perf_counter()
            try:
                try:
                    if budget:
                        _armed = True
                        # repeat every 0.5 s: a raise inside a __del__ is swallowed, the next one lands
                        signal.setitimer(signal.ITIMER_REAL, budget, 0.5)
                    value = function()
                finally:
                    _armed = False
                    if budget:
                        signal.setitimer(signal.ITIMER_REAL, 0)
            except OverBudget:
                return None, None
            times.append(time.perf_counter() - start)
            if budget and times[-1] > budget:
                return None, None
    finally:
        if budget:
            signal.signal(signal.SIGALRM, previous)
    return statistics.median(times), value


def bench(size: int, runs: int, engines: list[str], budget: float | None = None) -> list[tuple]:
    import pyoxigraph as ox
    from rdflib import Dataset

    from kg.query.saved import saved_queries
    from kg.query.sparql import run_query

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.trig"
        count = generate(size, path)
        targets, loads = {}, {}
        if "oxigraph" in engines:
            def load_ox():
                store = ox.Store()
                store.load(path=str(path), format=ox.RdfFormat.TRIG)
                return store
            loads["oxigraph"], targets["oxigraph"] = timed(load_ox, 1)
        if "rdflib" in engines:
            def load_rdflib():
                ds = Dataset()
                ds.parse(path, format="trig")
                return ds
            loads["rdflib"], targets["rdflib"] = timed(load_rdflib, 1)
        rows.append((count, "load", loads.get("rdflib"), loads.get("oxigraph"), None))
        for query in saved_queries():
            seconds, answers = {}, {}
            for engine, target in targets.items():
                seconds[engine], result = timed(lambda: run_query(target, query.text), runs, budget)
                if result is None:
                    seconds[engine] = OVER
                else:
                    answers[engine] = result.rows if result.form == "SELECT" else len(result)
            # the same rows, in the same order, on every engine that finished
            same = len({repr(a) for a in answers.values()}) <= 1
            counts = {e: (len(a) if isinstance(a, list) else a) for e, a in answers.items()}
            rows.append((count, query.name, seconds.get("rdflib"), seconds.get("oxigraph"),
                         (next(iter(counts.values()), "") if same else f"DIFF {counts}")))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="comma-separated triple counts (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs per query; the median is shown")
    parser.add_argument("--engines", default="rdflib,oxigraph", help="engines to measure")
    parser.add_argument("--budget", type=float, default=None, metavar="SECONDS",
                        help="stop a query run after SECONDS and report '> budget' (default: no limit)")
    args = parser.parse_args(argv)
    engines = args.engines.split(",")
    over = f"> {args.budget:g} s" if args.budget else "-"
    print(f"{'triples':>9} | {'step':<22} | {'rdflib':>10} | {'oxigraph':>10} | {'ratio':>7} | rows")
    print("-" * 80)
    for size in (int(s) for s in args.sizes.split(",")):
        for count, step, slow, fast, answer in bench(size, args.runs, engines, args.budget):
            if slow == OVER and isinstance(fast, float):
                ratio = f"> {args.budget / fast:.0f}x"
            elif isinstance(slow, float) and isinstance(fast, float) and fast:
                ratio = f"{slow / fast:.0f}x" if slow >= 10 * fast else f"{slow / fast:.1f}x"
            else:
                ratio = ""
            fmt = lambda s: over if s == OVER else f"{s * 1000:.1f} ms" if s is not None else "-"  # noqa: E731
            print(f"{count:>9} | {step:<22} | {fmt(slow):>10} | {fmt(fast):>10} | {ratio:>7} | {answer if answer is not None else ''}")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
