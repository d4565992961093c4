"""End-to-end tests in Debian's Chromium (headless, driven by Playwright) against `neurokg serve`:
the query page, the graph explorer, the contrast page and the class tree, used as a person would.
What is on screen is checked against the server's own JSON; a JavaScript console error or a
failed page load fails the test. Screenshots go to tests/artifacts/ (git-ignored)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import requests

from http_server import neurokg_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
# Flags for a machine with no network beyond loopback (no background connections, no sandbox as root).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def base_url():
    with neurokg_server() as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs the Debian packages chromium and chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, base_url, request):
    """A fresh page; console errors and failed requests of our own server fail the test."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} {req.failure}"))
    page.set_default_timeout(20_000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not problems, problems


def graph_counts(base_url: str, query: str) -> tuple[int, int]:
    data = requests.get(f"{base_url}/graph?format=cyjs&{query}", timeout=30).json()["elements"]
    return len(data["nodes"]), len(data["edges"])


def test_query_page_runs_an_example(page):
    page.goto("/")
    assert page.locator(".CodeMirror").is_visible()  # the editor, from node_modules
    example = page.locator("button.example").first
    example.click()
    rows = page.locator("#results table tbody tr")
    rows.first.wait_for()
    assert rows.count() > 0
    assert page.locator("#description").inner_text().strip()

    # a query of one's own: IRIs of NeuroKG terms link to their pages
    page.evaluate("""document.querySelector('.CodeMirror').CodeMirror.setValue(
        'PREFIX nkg: <https://w3id.org/neurokg/> SELECT DISTINCT ?disease WHERE { ?disease a nkg:MotorNeuronDisease }')""")
    page.get_by_role("button", name="Run query").click()
    page.wait_for_selector("#results a[href='/entity/ALS']")
    page.locator(".CodeMirror textarea").type(" ")  # typing makes it the user's own query
    assert page.locator("#description").inner_text().strip() == ""
    links = page.locator("#results tbody a").all_inner_texts()
    assert {"nkg:ALS", "nkg:SMA"} <= set(links)


def test_explorer_shows_a_neighbourhood_and_its_facts(page, base_url):
    page.goto("/explore?entity=ALS")
    page.wait_for_selector("#explore[data-shown='ALS']")
    nodes, edges = graph_counts(base_url, "entity=ALS")
    assert page.locator("#status").inner_text().startswith(f"{nodes} nodes, {edges} edges")
    assert page.evaluate("window.neurokgCy.nodes().length") == nodes
    page.wait_for_selector("#details[data-loaded='ALS']")
    assert page.locator("#details-title").inner_text() == "amyotrophic lateral sclerosis"
    sources = page.locator("#details-facts tbody td:nth-child(3)").all_inner_texts()
    assert any("MS vs. ALS" in s for s in sources) and any("(inferred)" in s for s in sources)
    assert page.locator("#legend li").count() >= 5  # colour by class


def test_explorer_search_click_filter_and_expand(page, base_url):
    page.goto("/explore?entity=ALS")
    page.wait_for_selector("#explore[data-shown='ALS']")
    page.fill("#search", "rilu")
    page.locator("#search-results button", has_text="riluzole").click()
    page.wait_for_selector("#explore[data-shown='Riluzole']")
    nodes, _ = graph_counts(base_url, "entity=Riluzole")
    assert page.locator("#status").inner_text().startswith(f"{nodes} nodes")

    # click a node on the canvas: its facts open in the details panel
    box = page.locator("#cy").bounding_box()
    target = page.evaluate("""() => { const n = window.neurokgCy.getElementById('https://w3id.org/neurokg/ALS');
                                      const p = n.renderedPosition(); return [p.x, p.y]; }""")
    page.mouse.click(box["x"] + target[0], box["y"] + target[1])
    page.wait_for_selector("#details[data-loaded='ALS']")
    assert page.locator("#details-title").inner_text() == "amyotrophic lateral sclerosis"

    # expand ALS: its neighbourhood joins the picture
    page.click("#expand")
    page.wait_for_selector("#explore[data-shown='ALS']")
    merged = page.evaluate("window.neurokgCy.nodes().length")
    assert merged > nodes

    # only one article: fewer visible edges, and every visible edge comes from it
    visible = lambda: page.evaluate("window.neurokgCy.edges().not('.hidden').length")  # noqa: E731
    before = visible()
    for box_ in page.locator("#article-filter input").all():
        if box_.get_attribute("value") != "als-vs-sma-difference-wiki":
            box_.uncheck()
    after = visible()
    assert 0 < after < before
    provenance = page.evaluate("window.neurokgCy.edges().not('.hidden').map(e => e.data('provenance'))")
    assert all("als-vs-sma-difference-wiki" in p for p in provenance)


def test_contrast_page_chart_next_to_picture(page, base_url):
    page.goto("/explore/contrast?disease=ALS&disease=MS")
    page.wait_for_selector("#cy[data-ready='true']")
    contrast = requests.get(f"{base_url}/contrast?disease=ALS&disease=MS&format=json", timeout=30).json()
    assert page.locator("table.chart tr.dimension").count() == len(contrast["dimensions"])
    nodes, edges = graph_counts(base_url, "contrast=ALS&contrast=MS")
    assert page.evaluate("window.neurokgCy.nodes().length") == nodes
    assert page.evaluate("window.neurokgCy.edges().length") == edges
    shared = page.evaluate("window.neurokgCy.nodes('.shared').length")
    assert shared > 0
    assert page.locator("#status").inner_text() == f"{nodes - 2} features, {shared} shared by all"
    # shared features sit between the two diseases, each disease's own on its outer side
    xs = page.evaluate("""() => { const cy = window.neurokgCy, N = 'https://w3id.org/neurokg/';
        const x = (sel) => cy.nodes(sel).map(n => n.position('x'));
        return {als: cy.getElementById(N + 'ALS').position('x'), ms: cy.getElementById(N + 'MS').position('x'),
                shared: x('.shared'), motor: cy.getElementById(N + 'MotorNeuronDisease').position('x')}; }""")
    left, right = sorted([xs["als"], xs["ms"]])
    assert all(left < x < right for x in xs["shared"])
    assert xs["motor"] < left if xs["als"] == left else xs["motor"] > right  # ALS's own, on ALS's side
    legend = page.locator("#legend li").all_inner_texts()
    assert any("affected cells and anatomy" in t.lower() for t in legend)

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "contrast-als-ms-viewport.png"))

    # pick three diseases with the form
    page.select_option("select[name=disease] >> nth=0", "SMA")
    page.select_option("select[name=disease] >> nth=1", "ALS")
    page.select_option("select[name=disease] >> nth=2", "MS")
    page.click(".compare-form button")
    page.wait_for_selector("#cy[data-ready='true']")
    assert page.locator("h1").inner_text() == "SMA vs ALS vs MS"
    assert page.locator("table.chart thead th").count() == 4


def test_class_tree_marks_inferred_members(page, base_url):
    page.goto("/explore/classes")
    summary = page.locator("p.summary").inner_text()
    inferred = int(re.search(r"(\d+) memberships", summary).group(1))
    assert inferred > 0
    page.click("#open-all")
    assert page.locator("#class-tree li.inferred").count() == inferred
    motor = page.locator("li.class[data-class='https://w3id.org/neurokg/MotorNeuronDisease']").first
    assert motor.locator("> details > summary .badge.defined").is_visible()
    members = motor.locator("> details > ul.members > li").all_inner_texts()
    assert any("amyotrophic lateral sclerosis" in m and "inferred" in m for m in members)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "class-tree-open.png"), full_page=True)
    motor.locator("> details > ul.members a", has_text="spinal muscular atrophy").first.click()
    page.wait_for_selector("#explore[data-shown='SMA']")
