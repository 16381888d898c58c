"""The viz page in headless Chromium, with the network cut off.

Needs /usr/bin/chromium (Debian: ``apt-get install -y chromium fonts-wqy-microhei``);
the playwright package drives it -- no playwright-managed browser is used.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.analysis.projection import load_projection
from kg.viz.page import build_page, write_page

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs /usr/bin/chromium: apt-get install -y chromium fonts-wqy-microhei"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright python package")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


class Visit:
    """Open a page offline; record blocked requests, console errors and dialogs."""

    def __init__(self, browser, path: Path):
        self.requests, self.errors, self.dialogs = [], [], []
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.kgReady === true", timeout=60_000)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def test_demo_page_offline(browser, demo_graph, tmp_path):
    G, _ = load_projection(demo_graph)
    max_nodes = 120
    path = tmp_path / "demo.html"
    write_page(build_page(G, max_nodes=max_nodes, title="kg · 风雨无阻向前进"), path)
    visit = Visit(browser, path)
    page = visit.page
    expected = min(max_nodes, G.number_of_nodes())
    assert page.evaluate("window.kgNodes.length") == expected
    assert page.evaluate("Object.keys(window.kgNetwork.body.nodes).length") == expected
    assert page.evaluate("window.kgNetwork.physics.options.enabled") is False  # stabilized, then stopped
    assert page.evaluate("document.querySelectorAll('#kg-legend input').length") > 4
    shot = tmp_path / "viz-screenshot.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    # the search box focuses and selects a node by its Chinese name
    label = page.evaluate("window.kgNodes.get(0).label")
    page.fill("#kg-search", label)
    page.press("#kg-search", "Enter")
    assert page.evaluate("window.kgNetwork.getSelectedNodes()") == [0]
    assert visit.requests == []
    assert visit.errors == []
    page.close()


def test_class_filter_hides_nodes(browser, demo_graph, tmp_path):
    G, _ = load_projection(demo_graph)
    path = tmp_path / "filter.html"
    write_page(build_page(G, max_nodes=60), path)
    page = Visit(browser, path).page
    people = page.evaluate("window.kgNodes.get({filter: n => n.kind === 'Person'}).length")
    page.locator("#kg-legend label.kg-kind input").first.uncheck()
    hidden = page.evaluate("window.kgNodes.get({filter: n => n.hidden}).length")
    assert hidden == people > 0
    page.close()


def test_hostile_names_do_not_execute(browser, hostile_graph_path, tmp_path):
    G, _ = load_projection(hostile_graph_path)
    path = tmp_path / "hostile.html"
    write_page(build_page(G, title="<img src=x onerror=\"window.__pwned=9\">"), path)
    visit = Visit(browser, path)
    page = visit.page
    # hover every node and edge so that every tooltip is built and shown
    for node_id in page.evaluate("window.kgNodes.getIds()"):
        pos = page.evaluate(f"window.kgNetwork.canvasToDOM(window.kgNetwork.getPositions([{node_id}])[{node_id}])")
        box = page.locator("#kg-network").bounding_box()
        page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
        page.wait_for_timeout(250)
    tooltip = page.evaluate("(document.querySelector('div.vis-tooltip') || {}).textContent || ''")
    page.fill("#kg-search", "<script>window.__pwned=1</script>")
    page.press("#kg-search", "Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert visit.dialogs == []
    assert page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
    assert "window.__pwned" in tooltip  # shown as text
    assert page.evaluate("window.kgNetwork.getSelectedNodes()").__len__() == 1
    assert visit.requests == []  # an <img src=x> would have been a request
    assert visit.errors == []
    page.close()
