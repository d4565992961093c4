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
def kg_identifiers(kg_store):
    """name -> the external IRIs the mappings graph links it to by a SKOS mapping (read from the store)."""
    def read(name: str) -> set[str]:
        rows = kg_store.query("SELECT ?o WHERE { GRAPH <https://w3id.org/neurokg/graph/mappings> { <https://w3id.org/neurokg/"
                              + name + "> ?p ?o } FILTER(isIRI(?o) && STRSTARTS(STR(?p), 'http://www.w3.org/2004/02/skos/core#')) }")
        return {row["o"].value for row in rows}
    return read


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
    """A fresh 1366x900 page; console warnings and errors and failed requests fail the test, and so
    does a page wider than the window (horizontal scrolling)."""
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT)
    page = context.new_page()
    problems: list[str] = []
    marker = request.node.get_closest_marker("console_allows")
    allowed = marker.args[0] if marker else None
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
            if msg.type in ("error", "warning") and not (allowed and allowed in msg.text) else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} {req.failure}"))
    page.set_default_timeout(20_000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    assert_fits(page)
    context.close()
    assert not problems, problems


VIEWPORT = {"width": 1366, "height": 900}
# Label boxes on screen of the nodes cytoscape draws with a label: [id, x1, y1, x2, y2].
LABEL_BOXES = """() => window.neurokgCy.nodes().filter(n => n.visible() && n.style('label')).map(n => {
    const b = n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true});
    return [n.id(), b.x1, b.y1, b.x2, b.y2]; })"""
POSITIONS = "() => Object.fromEntries(window.neurokgCy.nodes().map(n => [n.id(), [n.position('x'), n.position('y')]]))"


def overlapping(boxes: list[list]) -> list[tuple[str, str]]:
    """Pairs of label boxes that share any area."""
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]


def assert_fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORT["width"], f"{page.url} is {width} px wide at {VIEWPORT['width']}"


def assert_links_resolve(page, base_url: str) -> None:
    """Every link on the page to our own server answers (no 404)."""
    hrefs = set(page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"))
    ours = sorted(h for h in hrefs if h.startswith(base_url) and "#" not in h)
    assert ours
    for href in ours:
        assert requests.get(href, timeout=30).status_code == 200, href


def graph_counts(base_url: str, query: str) -> tuple[int, int]:
    data = requests.get(f"{base_url}/graph?format=cyjs&{query}", timeout=30).json()["elements"]
    return len(data["nodes"]), len(data["edges"])


def run_query(page, text: str) -> None:
    page.evaluate("(text) => { window.neurokgEditor.setValue(text); }", text)
    page.get_by_role("button", name="Run query").click()
    page.wait_for_selector("#results[data-done='true']")


def test_query_page_runs_an_example(page):
    page.goto("/")
    assert page.locator(".CodeMirror").is_visible()  # the editor, from node_modules
    page.wait_for_selector("body[data-ready='true']")
    example = page.locator("button.example").nth(1)
    example.click()
    rows = page.locator("#results table tbody tr")
    rows.first.wait_for()
    assert rows.count() > 0
    assert page.locator("#description").inner_text().strip()
    assert page.url.endswith("?example=" + example.get_attribute("data-name").removeprefix("examples/"))  # shareable

    # a query of one's own: IRIs of NeuroKG terms link to their pages
    run_query(page, "PREFIX nkg: <https://w3id.org/neurokg/> SELECT DISTINCT ?disease WHERE { ?disease a nkg:MotorNeuronDisease }")
    page.wait_for_selector("#results a[href='/entity/ALS']")
    page.locator(".CodeMirror textarea").type(" ")  # typing makes it the user's own query
    page.keyboard.press("Escape")
    assert page.locator("#description").inner_text().strip() == ""
    links = page.locator("#results tbody a").all_inner_texts()
    assert {"nkg:ALS", "nkg:SMA"} <= set(links)


def test_query_in_the_address_round_trips(page, browser, base_url):
    """Run a query, open the address in a new window: the same query, run, the same rows."""
    page.goto("/")
    page.wait_for_selector("body[data-ready='true']")
    text = "PREFIX nkg: <https://w3id.org/neurokg/>\nSELECT ?drug WHERE { ?drug nkg:treats nkg:ALS } ORDER BY ?drug"
    run_query(page, text)
    rows = page.locator("#results tbody tr").all_inner_texts()
    assert rows
    shared = page.url
    assert "query=" in shared
    other = browser.new_context(base_url=base_url, viewport=VIEWPORT).new_page()
    other.goto(shared)
    other.wait_for_selector("#results[data-done='true']")
    assert other.evaluate("window.neurokgEditor.getValue()") == text
    assert other.locator("#results tbody tr").all_inner_texts() == rows
    other.context.close()


@pytest.mark.console_allows("status of 400")  # the endpoint's answer to malformed SPARQL, as the protocol says
def test_query_error_is_text_marked_in_the_editor(page):
    page.goto("/")
    page.wait_for_selector("body[data-ready='true']")
    run_query(page, "PREFIX nkg: <https://w3id.org/neurokg/>\nSELECT * WHERE {\n  ?s ?p\n}")
    message = page.locator("#results p.error").inner_text()
    assert message.startswith("malformed SPARQL") and not message.lstrip().startswith("{")
    line = int(re.search(r"(\d+):(\d+)", message).group(1))
    assert page.locator("#results").get_attribute("data-error-line") == str(line)
    assert page.locator(".CodeMirror .error-line").count() == 1
    assert page.locator(".CodeMirror .error-mark").count() >= 1
    page.locator(".CodeMirror textarea").type(" ")  # editing clears the marks
    page.keyboard.press("Escape")
    assert page.locator(".CodeMirror .error-line").count() == 0


def test_construct_results_with_prefixes_as_table_or_turtle(page):
    page.goto("/")
    page.wait_for_selector("body[data-ready='true']")
    run_query(page, "PREFIX nkg: <https://w3id.org/neurokg/> CONSTRUCT { ?drug nkg:treats ?d } WHERE { ?drug nkg:treats ?d }")
    cells = page.locator("#results table tbody tr td").all_inner_texts()
    assert "nkg:treats" in cells and not [c for c in cells if c.startswith("https://w3id.org/neurokg/")]
    page.get_by_role("button", name="Turtle").click()
    turtle = page.locator("#results pre.turtle").inner_text()
    assert turtle.startswith("PREFIX nkg: <https://w3id.org/neurokg/>") and "nkg:treats nkg:" in turtle
    import rdflib

    parsed = rdflib.Graph().parse(data=turtle, format="turtle")
    assert len(parsed) == len(page.locator("#results table tbody tr").all())


def test_completion_from_the_graph_vocabulary(page, base_url):
    page.goto("/")
    page.wait_for_selector("body[data-ready='true']")
    page.evaluate("() => { const e = window.neurokgEditor; e.setValue('SELECT * WHERE { ?d '); e.focus(); e.setCursor(e.lineCount(), 0); }")
    page.locator(".CodeMirror textarea").type("nkg:affectsCe")
    hints = page.locator(".CodeMirror-hints li").all_inner_texts()
    assert any(h.startswith("nkg:affectsCellType") and "affects cell type" in h for h in hints)
    page.keyboard.press("Enter")
    text = page.evaluate("window.neurokgEditor.getValue()")
    assert "nkg:affectsCellType" in text and text.startswith("PREFIX nkg: <https://w3id.org/neurokg/>")  # prefix declared
    page.locator(".CodeMirror textarea").type(" ?c } ORD")
    assert "ORDER" in page.locator(".CodeMirror-hints li").all_inner_texts()
    page.keyboard.press("Escape")
    vocabulary = requests.get(f"{base_url}/api/vocabulary", timeout=30).json()
    assert "nkg:MotorNeuron" in {t["curie"] for t in vocabulary["terms"] if t["kind"] == "class"}


def test_explorer_shows_a_neighbourhood_and_its_facts(page, base_url):
    page.goto("/explore?entity=ALS")
    page.wait_for_selector("#explore[data-shown='ALS']")
    nodes, edges = graph_counts(base_url, "entity=ALS")
    assert page.locator("#status").inner_text().startswith(f"{nodes} nodes, {edges} edges")
    assert page.evaluate("window.neurokgCy.nodes().length") == nodes
    page.wait_for_selector("#details[data-loaded='ALS']")
    assert page.locator("#details-title").inner_text() == "amyotrophic lateral sclerosis"
    # what it is: synonyms, classes and external identifiers linked
    assert "Lou Gehrig" in page.locator("#details-about .synonyms").inner_text()
    assert page.locator("#details-about a.identifier[href='http://purl.obolibrary.org/obo/MONDO_0004976']").count() == 1
    # each fact once, with its sources as chips (inferred ones say so, once)
    rows = page.evaluate("""Array.from(document.querySelectorAll('#details-facts tbody tr')).map(tr =>
        [tr.cells[0].innerText, tr.cells[1].querySelector('a, span') ? tr.cells[1].firstChild.textContent : '',
         Array.from(tr.querySelectorAll('.chip-source')).map(c => c.innerText)])""")
    facts = requests.get(f"{base_url}/api/facts/ALS", timeout=30).json()["facts"]
    assert len(rows) == len(facts) == len({(f["property"], f["value"]) for f in facts})
    chips = [c for r in rows for c in r[2]]
    assert any("MS vs. ALS" in c for c in chips) and any(c.startswith("inferred from") for c in chips)
    assert not any(c.count("inferred") > 1 for c in chips)
    # the legend names classes by their labels, one colour each (rare classes grouped as 'other')
    legend = page.locator("#legend li").all_inner_texts()
    assert "symptom or phenotype" in [t.strip() for t in legend]
    assert not [t for t in legend if re.search(r"[a-z][A-Z]", t)]  # no CamelCase local names
    colours = page.evaluate("Array.from(document.querySelectorAll('#legend .chip')).map(c => c.style.backgroundColor)")
    assert len(colours) == len(set(colours)) == len(legend) >= 5
    assert_links_resolve(page, base_url)


def test_explorer_labels_never_overlap_and_layout_is_stable(page):
    """At the default zoom no two drawn labels share a pixel; the positions are the same on a
    second load; zooming in brings hidden labels back, still without overlaps."""
    page.goto("/explore?entity=ALS")
    page.wait_for_selector("#explore[data-shown='ALS']")
    boxes = page.evaluate(LABEL_BOXES)
    assert len(boxes) >= 40, len(boxes)  # most of the ~90 labels fit
    assert overlapping(boxes) == []
    first = page.evaluate(POSITIONS)
    page.reload()
    page.wait_for_selector("#explore[data-shown='ALS']")
    assert page.evaluate(POSITIONS) == first
    # zoom in around the centre: labels hidden before come back, none overlapping
    unlabelled = page.evaluate("window.neurokgCy.nodes('.nolabel').map(n => n.id())")
    assert unlabelled
    page.evaluate("() => { const cy = window.neurokgCy; cy.zoom({level: cy.zoom() * 2, renderedPosition: {x: cy.width() / 2, y: cy.height() / 2}}); }")
    page.wait_for_function("(ids) => ids.some(id => window.neurokgCy.getElementById(id).style('label'))", arg=unlabelled, timeout=5000)
    assert overlapping(page.evaluate(LABEL_BOXES)) == []
    # hovering a node whose label was hidden shows it
    hidden = page.evaluate("window.neurokgCy.nodes('.nolabel').filter(n => n.visible()).length")
    if hidden:
        page.evaluate("() => { window.neurokgCy.nodes('.nolabel').filter(n => n.visible())[0].emit('mouseover'); }")  # returns nothing: a collection is slow to serialize
        assert page.evaluate("window.neurokgCy.nodes('.hover')[0].style('label')")


def test_overlap_check_catches_a_pile_up(page):
    """The overlap check itself, fed a known-bad layout: every node on one spot, every label on."""
    page.goto("/explore?entity=ALS")
    page.wait_for_selector("#explore[data-shown='ALS']")
    page.evaluate("() => { const cy = window.neurokgCy; cy.nodes().positions(() => ({x: 0, y: 0})); cy.fit(); }")
    page.wait_for_timeout(500)  # the zoom of fit() re-runs the label declutter after 120 ms: let it finish,
    page.evaluate("() => window.neurokgCy.nodes().removeClass('nolabel')")  # then turn every label on
    assert len(overlapping(page.evaluate(LABEL_BOXES))) > 100


def test_explorer_unknown_entity_gets_suggestions(page, base_url):
    page.goto("/explore?entity=MultipleSclerosisX")
    page.wait_for_selector("#explore[data-shown='']")
    assert "No term MultipleSclerosisX" in page.locator("#status").inner_text()
    assert page.locator("#download").is_hidden()
    suggestions = page.locator("#search-results button").all_inner_texts()
    assert any("multiple sclerosis" in s for s in suggestions)
    page.locator("#search-results button", has_text="multiple sclerosis").first.click()
    page.wait_for_selector("#explore[data-shown='MS']")
    assert_links_resolve(page, base_url)


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


def test_contrast_page_table_then_picture_by_dimension(page, base_url, kg_identifiers):
    page.goto("/explore/contrast?disease=ALS&disease=MS")
    page.wait_for_selector("#cy[data-ready='true']")
    contrast = requests.get(f"{base_url}/contrast?disease=ALS&disease=MS&format=json", timeout=30).json()
    assert page.locator("table.chart tr.dimension").count() == len(contrast["dimensions"])
    # the table at full width, the picture below it
    table, picture, main = (page.locator(sel).bounding_box() for sel in ("table.chart", "#cy", "main"))
    assert table["width"] >= main["width"] - 40
    assert picture["y"] >= table["y"] + table["height"]
    nodes, edges = graph_counts(base_url, "contrast=ALS&contrast=MS")
    drawn = "window.neurokgCy.nodes().not('.band, .band-name, .column-title')"
    assert page.evaluate(f"{drawn}.length") == nodes
    assert page.evaluate("window.neurokgCy.edges().length") == edges
    shared = page.evaluate("window.neurokgCy.nodes('.shared').length")
    assert shared > 0
    assert page.locator("#status").inner_text() == f"{nodes - 2} features, {shared} shared by all"
    # readable as drawn: zoom 1, labels of 11 px or more, none overlapping
    assert page.evaluate("window.neurokgCy.zoom()") == 1
    sizes = page.evaluate("window.neurokgCy.nodes().filter(n => n.style('label')).map(n => parseFloat(n.style('font-size')) * n.cy().zoom())")
    assert min(sizes) >= 11
    assert overlapping(page.evaluate(LABEL_BOXES)) == []
    # ALS's own on its side, shared ones in the middle, MS's own on the other side; one band per dimension
    xs = page.evaluate("""() => { const cy = window.neurokgCy, N = 'https://w3id.org/neurokg/';
        const x = (sel) => cy.nodes(sel).map(n => n.position('x'));
        return {als: cy.getElementById(N + 'ALS').position('x'), ms: cy.getElementById(N + 'MS').position('x'),
                shared: x('.shared'), motor: cy.getElementById(N + 'MotorNeuronDisease').position('x'),
                autoimmune: cy.getElementById(N + 'AutoimmuneDisease').position('x')}; }""")
    assert xs["als"] < min(xs["shared"]) and max(xs["shared"]) < xs["ms"] + 1
    assert xs["motor"] < min(xs["shared"]) < max(xs["shared"]) < xs["autoimmune"]
    bands = page.evaluate("window.neurokgCy.nodes('.band-name').map(n => n.data('shown'))")
    assert "Affected cells and anatomy" in bands and len(bands) == len(set(bands))
    legend = page.locator("#legend li").all_inner_texts()
    assert any("affected cells and anatomy" in t.lower() for t in legend)
    assert "1 − |shared|" in page.locator(".score-note").inner_text()  # the score explained
    # external identifiers of the diseases and their values, linked (from the mappings graph)
    header = page.locator("table.chart thead th").nth(1).locator("a.xref").evaluate_all("els => els.map(a => a.href)")
    assert set(header) == kg_identifiers("ALS")
    assert page.locator("table.chart tbody a.xref").count() > 10

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "contrast-als-ms-viewport.png"))
    page.locator("#cy").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "contrast-als-ms-picture.png"))

    # pick three diseases with the form
    page.select_option("select[name=disease] >> nth=0", "SMA")
    page.select_option("select[name=disease] >> nth=1", "ALS")
    page.select_option("select[name=disease] >> nth=2", "MS")
    page.click(".compare-form button")
    page.wait_for_selector("#cy[data-ready='true']")
    assert page.locator("h1").inner_text() == "SMA vs ALS vs MS"
    assert page.locator("table.chart thead th").count() == 4
    assert overlapping(page.evaluate(LABEL_BOXES)) == []
    titles = page.evaluate("window.neurokgCy.nodes('.column-title').map(n => n.data('shown'))")
    assert "shared by all" in titles and "only SMA" in titles


def test_entity_page_summary_first_then_facts_once(page, base_url, kg_identifiers):
    page.goto("/entity/ALS")
    card = page.locator("#summary")
    assert card.locator("h1").inner_text() == "amyotrophic lateral sclerosis"
    assert "Lou Gehrig" in card.locator(".synonyms").inner_text()
    classes = card.locator(".classes").inner_text()
    assert "neurodegenerative disease" in classes and "motor neuron disease (inferred)" in classes
    # every identifier the mappings graph holds, as a link
    links = set(card.locator(".identifiers a").evaluate_all("els => els.map(a => a.href)"))
    assert links == kg_identifiers("ALS") and "http://purl.obolibrary.org/obo/MONDO_0004976" in links
    # the card comes first, facts below, grouped by property, each value once with its sources
    assert card.bounding_box()["y"] < page.locator("#facts").bounding_box()["y"]
    rows = page.locator("#facts tr").evaluate_all("""trs => trs.map(tr => [tr.querySelector('th').innerText,
        Array.from(tr.querySelectorAll('li')).map(li => li.querySelector('a, span') ? li.firstChild.textContent.trim() : li.innerText)])""")
    properties = [r[0] for r in rows]
    assert len(properties) == len(set(properties))
    assert all(len(values) == len(set(values)) for _, values in rows)
    cells = dict(rows)["affects cell type"]
    assert cells.count("motor neuron") == 1
    assert page.locator("#facts .chip-source").count() >= len(rows)
    assert page.locator("#facts .qualifier", has_text="main target").count() == 1
    # the neighbourhood picture, labels apart
    page.wait_for_selector("#cy[data-ready='true']")
    assert overlapping(page.evaluate(LABEL_BOXES)) == []
    assert_links_resolve(page, base_url)


def test_entity_page_shows_incoming_links(page):
    page.goto("/entity/MotorNeuron")
    incoming = page.locator("#incoming").inner_text()
    assert "amyotrophic lateral sclerosis" in incoming and "affects cell type" in incoming
    assert "CL:0000100" in page.locator("#summary .identifiers").inner_text()
    page.wait_for_selector("#cy[data-ready='true']")


def test_compare_page_search_as_you_type_answers_on_the_page(page, base_url):
    page.goto("/compare")
    page.fill("#disease-search", "Lou Geh")  # a synonym finds ALS
    page.locator("#disease-options button", has_text="ALS").click()
    page.fill("#disease-search", "mult")
    page.get_by_role("button", name="MS — multiple sclerosis", exact=True).click()
    page.wait_for_selector("#answer[data-shown='ALS MS'] table.chart")
    assert page.url.endswith("/compare?disease=ALS&disease=MS")
    contrast = requests.get(f"{base_url}/contrast?disease=ALS&disease=MS&format=json", timeout=30).json()
    assert page.locator("#answer table.chart tr.dimension").count() == len(contrast["dimensions"])
    score = page.locator("#answer .score").first
    assert "0 = the diseases state the same here" in score.get_attribute("title")
    assert "distinct values" in page.locator("#answer .score-note").inner_text()
    # a third, then one removed: the answer follows
    page.fill("#disease-search", "spinal")
    page.get_by_role("button", name="SMA — spinal muscular atrophy", exact=True).click()
    page.wait_for_selector("#answer[data-shown='ALS MS SMA'] table.chart")
    assert page.locator("#answer table.chart thead th").count() == 4
    page.locator("#chosen li", has_text="ALS").locator("button.remove").click()
    page.wait_for_selector("#answer[data-shown='MS SMA'] table.chart")
    assert_links_resolve(page, base_url)


def test_every_page_fits_the_window(page):
    """No page scrolls sideways at 1366x900 (the fixture checks each page it ends on too)."""
    for path in ["/", "/explore/classes", "/contrast?disease=ALS&disease=MS&disease=SMA&format=html",
                 "/compare?disease=ALS&disease=SMA", "/entity/Riluzole", "/explore?entity=MS"]:
        page.goto(path)
        assert_fits(page)


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
