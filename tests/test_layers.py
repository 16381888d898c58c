"""The package's floors: no import circle among kg's modules, and no module
importing one on a higher floor (function-level imports count too).

Floors, bottom to top; a module may import its own floor and those below."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "kg"

#: (floor, module or package prefixes); a module takes the first floor whose prefix it has.
FLOORS = [
    (0, ("kg", "kg.errors", "kg.model", "kg.resources", "kg.io", "kg.encodings", "kg.lexicons", "kg.tables", "kg.text",
         "kg.gazetteer", "kg.vocab")),
    (1, ("kg.ner",)),
    (2, ("kg.extract",)),
    (3, ("kg.rdf", "kg.query", "kg.analysis", "kg.viz", "kg.timeline", "kg.entities")),
    (4, ("kg.corpus", "kg.builder", "kg.api", "kg.executors", "kg.document_cache", "kg.pipeline")),
    (5, ("kg.cli", "kg.training", "kg.__main__")),
]
#: ``import kg`` offers kg.api's functions as lazy attributes (kg/__init__.py).
ALLOWED = {("kg", "kg.api")}


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def import_graph() -> nx.DiGraph:
    """Module -> the kg modules it imports, at any depth of its code."""
    found = modules()

    def module_of(name: str) -> str | None:
        while name and name not in found:
            name = name.rpartition(".")[0]
        return name or None

    graph = nx.DiGraph()
    graph.add_nodes_from(found)
    for name, path in found.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # ``from kg.x import y``: y may be a module of kg.x or a name in it
                targets = [f"{node.module}.{alias.name}" for alias in node.names]
            for target in targets:
                if target.split(".")[0] != "kg":
                    continue
                imported = module_of(target)
                if imported and imported != name:
                    graph.add_edge(name, imported)
    return graph


def floor_of(module: str) -> int:
    best = None
    for floor, prefixes in FLOORS:
        for prefix in prefixes:
            inside = module == prefix or (prefix != "kg" and module.startswith(prefix + "."))
            if inside and (best is None or len(prefix) > best[1]):
                best = (floor, len(prefix))
    assert best is not None, f"{module} is on no floor: add it to FLOORS"
    return best[0]


def test_every_module_has_a_floor():
    for module in modules():
        floor_of(module)


def test_no_import_circle():
    graph = import_graph()
    graph.remove_edges_from(ALLOWED)
    circles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert circles == []


def test_no_import_from_a_lower_floor_to_a_higher_one():
    upward = [(a, b) for a, b in import_graph().edges
              if (a, b) not in ALLOWED and floor_of(a) < floor_of(b)]
    assert upward == []


def test_only_the_command_line_imports_training():
    outside = [(a, b) for a, b in import_graph().edges
               if b.startswith("kg.training") and not a.startswith(("kg.cli", "kg.training"))]
    assert outside == []
    assert not [(a, b) for a, b in import_graph().edges if a.startswith("kg.training") and b.startswith("kg.cli")]


def test_the_graph_sees_function_level_imports():
    """kg/__init__.py imports kg.api only inside a function."""
    assert import_graph().has_edge("kg", "kg.api")


def test_a_whole_build_imports_no_training_code_nor_torch(tmp_path):
    """``kg build`` through the command line, in a fresh process: neither torch
    nor onnx (onnxruntime runs the models) nor any kg.training module is loaded."""
    article = tmp_path / "article.txt"
    article.write_text("新华社北京1月8日电 国家主席习近平8日在北京会见巴基斯坦总理谢里夫。", encoding="utf-8")
    code = (
        "import sys\n"
        "from kg.cli import main\n"
        f"main(['build', {str(article)!r}, '-o', {str(tmp_path / 'graph.ttl')!r}, '--workers', '1'],"
        " standalone_mode=False)\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('torch', 'onnx') or m.startswith('kg.training')])\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "graph.ttl").stat().st_size > 0
