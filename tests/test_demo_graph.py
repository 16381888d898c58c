"""The demo article's graph, byte for byte: a renovation must not change what users get.

If a change to extraction is meant to change the demo graph, rebuild it with
``kg build data/demo-article-2020-epidemic-response.txt -o demo.nq`` (from the
repository root), check the difference, and put the new digest here.
"""

import hashlib
import os
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEMO = "data/demo-article-2020-epidemic-response.txt"
#: sha256 of the N-Quads of the demo article built with the default options.
DEMO_SHA256 = "fb97644e607d84ae827b0a42e3c5af366f3616cbdb256093861e0d1ef721e1e6"


def test_the_demo_graph_is_unchanged(tmp_path):
    out = tmp_path / "demo.nq"
    cwd = os.getcwd()
    os.chdir(ROOT)  # the document's kg:sourceFile is the path as given
    try:
        result = CliRunner().invoke(main, ["build", DEMO, "-o", str(out), "-q"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert digest == DEMO_SHA256, f"the demo graph changed (sha256 {digest}); see this module's docstring"
