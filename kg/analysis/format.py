"""Text renderings of analysis results for the CLI: aligned tables, JSON, CSV.

Tables come from :func:`kg.tables.table`, which aligns Chinese text by
display width (a CJK character takes two columns).  JSON keeps Chinese as is
(``ensure_ascii=False``) with sorted keys.
"""

from __future__ import annotations

import csv
import io
import json

from kg.tables import display_width, table
from kg.text.clean import csv_cell

__all__ = ["display_width", "table", "stats_table", "stats_json", "stats_csv", "path_table", "path_json"]

#: Evidence sentences longer than this are cut in tables (JSON keeps them whole).
EVIDENCE_WIDTH = 40


def _cut(text: str, width: int = EVIDENCE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def stats_table(summary: dict) -> str:
    out = [f"{summary['nodes']} nodes, {summary['edges']} edges ({summary['view']} view)\n"]
    out.append("\nNodes by class\n")
    out.append(table(["kind", "class", "count"],
                     [[r["kind"], r["class"], r["count"]] for r in summary["classes"]], {2}))
    cent = summary["centrality"]
    for key, title in (("degree", "degree"), ("pagerank", "PageRank"), ("betweenness", "betweenness")):
        note = f" (sampled, k={cent['betweenness_sampled']})" if key == "betweenness" and cent["betweenness_sampled"] else ""
        out.append(f"\nTop by {title}{note}\n")
        score = (lambda s: str(int(s))) if key == "degree" else (lambda s: f"{s:.4f}")
        out.append(table(["#", "entity", "kind", title],
                         [[i + 1, r["label"], r["kind"], score(r["score"])] for i, r in enumerate(cent[key])],
                         {0, 3}))
    out.append("\nCommunities (Louvain, seed 42)\n")
    out.append(table(["#", "size", "leading members"],
                     [[c["rank"], c["size"], "、".join(m["label"] for m in c["members"])]
                      for c in summary["communities"]], {0, 1}))
    comp = summary["components"]
    out.append(f"\nConnected components: {comp['count']} ({comp['isolated']} isolated nodes)\n")
    out.append(table(["size", "sample"], [[c["size"], "、".join(c["sample"])] for c in comp["largest"]], {0}))
    if "documents" in summary:
        out.append("\nDocuments\n")
        out.append(table(["document", "sentences", "mentions", "entities", "events"],
                         [[d["document"].rsplit("/", 1)[-1], d["sentences"], d["mentions"], d["entities"], d["events"]]
                          for d in summary["documents"]], {1, 2, 3, 4}))
    return "".join(out)


def stats_json(summary: dict) -> str:
    return json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def stats_csv(summary: dict) -> str:
    """One long table: ``section,rank,id,label,kind,value``; text cells cannot start a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def row(cells):
        writer.writerow([csv_cell(c) for c in cells])

    row(["section", "rank", "id", "label", "kind", "value"])
    for r in summary["classes"]:
        row(["class", "", r["class"], r["class"], r["kind"], r["count"]])
    for key in ("degree", "pagerank", "betweenness"):
        for i, r in enumerate(summary["centrality"][key]):
            row([key, i + 1, r["id"], r["label"], r["kind"], r["score"]])
    for c in summary["communities"]:
        for m in c["members"]:
            row(["community", c["rank"], m["id"], m["label"], m["kind"], c["size"]])
    for i, c in enumerate(summary["components"]["largest"]):
        row(["component", i + 1, "", "、".join(c["sample"]), "", c["size"]])
    for d in summary.get("documents", ()):
        for key in ("sentences", "mentions", "entities", "events"):
            row(["document", "", d["document"], key, "", d[key]])
    return buffer.getvalue()


_ARROWS = {"forward": "→", "backward": "←"}


def path_table(G, paths: list[list[dict]]) -> str:
    out = []
    for n, path in enumerate(paths, 1):
        names = [path[0]["from_label"]] + [step["to_label"] for step in path]
        out.append(f"Path {n} ({len(path)} step{'s' if len(path) != 1 else ''}): {' — '.join(names)}\n")
        rows = []
        for i, step in enumerate(path, 1):
            for j, fact in enumerate(step["facts"]):
                relation = f"{_ARROWS[fact['direction']]} {fact['label']} ({fact['type']})"
                rows.append([i if j == 0 else "", step["from_label"] if j == 0 else "", relation,
                             step["to_label"] if j == 0 else "", _cut(fact["evidence"]) or "-"])
        out.append(table(["step", "from", "relation", "to", "evidence"], rows, {0}))
        out.append("\n")
    return "".join(out)


def path_json(G, paths: list[list[dict]]) -> str:
    return json.dumps({"paths": paths}, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
