"""`/graph` and CONSTRUCT on `/sparql` for visualizers: each format parsed back (networkx for
GraphML and GEXF, a JSON Schema for Cytoscape JSON, Graphviz's `dot` for DOT) and its node and
edge counts checked against the RDF the drawing comes from."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from io import BytesIO
from urllib.parse import parse_qs, unquote

import jsonschema
import networkx as nx
import pyoxigraph as ox
import pytest

from conftest import CASES
from neurokg import queries, vocab
from neurokg.contrast import contrast
from neurokg.paths import ROOT
from neurokg.results import values

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
TYPING = {RDF_TYPE, vocab.BASE + "notA"}  # rdf:type and its negation: left out of drawings unless types=1
NEGATIVE = {vocab.BASE + "sparesCellType", vocab.BASE + "sparesFunction", vocab.BASE + "notA"}
CYTOSCAPE_SCHEMA = json.loads((ROOT / "schemas" / "cytoscape.schema.json").read_text())
CASES_TSV = [line.split("\t") for line in (CASES / "graphs.tsv").read_text().splitlines() if not line.startswith("#")]
FORMATS = ["cyjs", "graphml", "gexf", "dot"]


def expected(store, source: str) -> tuple[int, int]:
    """(nodes, edges) the RDF holds for a case, counted without the exporter's code: no term linked
    to itself, and no typing links unless the case says `types`."""
    kind, *args = source.split()
    types = kind.endswith("+types")
    kind = kind.removesuffix("+types")
    if kind == "neighbourhood":
        rows = values(store.query(queries.load("graph/neighbourhood").text,
                                  bindings={"entity": ox.NamedNode(vocab.BASE + args[0])}))
        triples = {(r["s"], r["p"], r["o"]) for r in rows}
    elif kind == "all":
        triples = {(r["s"], r["p"], r["o"]) for r in values(store.query(queries.load("graph/all-facts").text))}
    elif kind == "contrast":
        result = contrast(store, args)
        # a scoped value is a node of its own: (value, its scope)
        triples = {(d["iri"], dim["iri"], (v["value"], *(s["value"] for s in v["scope"])) if v["scope"] else v["value"])
                   for dim in result["dimensions"] for d in result["diseases"]
                   for v in dim["values"][d["key"]] if not v["value"].startswith(vocab.BASE + "value/")}
    else:
        return -1, -1
    triples = {t for t in triples if t[0] != t[2] and (types or t[1] not in TYPING)}
    return len({t[0] for t in triples} | {t[2] for t in triples}), len(triples)


def parse(fmt: str, body: bytes) -> tuple[int, int, dict]:
    """(nodes, edges, attributes of the ALS node if drawn) read back from one format."""
    if fmt == "cyjs":
        data = json.loads(body)
        jsonschema.validate(data, CYTOSCAPE_SCHEMA)
        nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
        ids = {n["data"]["id"] for n in nodes}
        assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
        als = next((n["data"] for n in nodes if n["data"]["id"] == vocab.BASE + "ALS"), {})
        return len(nodes), len(edges), als
    if fmt in ("graphml", "gexf"):
        graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(BytesIO(body))
        return graph.number_of_nodes(), graph.number_of_edges(), dict(graph.nodes.get(vocab.BASE + "ALS", {}))
    svg = subprocess.run(["dot", "-Tsvg"], input=body, capture_output=True, check=True).stdout.decode()
    return svg.count('class="node"'), svg.count('class="edge"'), {}


@pytest.fixture(scope="module")
def dot_installed():
    if not shutil.which("dot"):
        pytest.fail("Graphviz `dot` is missing: `make test` installs the Debian package graphviz")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name,request_args,source", CASES_TSV, ids=[c[0] for c in CASES_TSV])
def test_export_parses_back_with_the_rdf_counts(client, kg_store, dot_installed, name, request_args, source, fmt):
    response = client.get(f"/graph?{request_args}&format={fmt}")
    assert response.status_code == 200, response.data[:300]
    nodes, edges, als = parse(fmt, response.data)
    want_nodes, want_edges = expected(kg_store, source)
    if source == "construct":
        query = parse_qs(request_args)["query"][0]
        triples = list(kg_store.query(query))
        want_nodes, want_edges = len({t.subject for t in triples} | {t.object for t in triples}), len(triples)
    assert (nodes, edges) == (want_nodes, want_edges)
    assert edges > 0
    if als and fmt != "dot":
        assert als["label"] == "amyotrophic lateral sclerosis"
        assert als["curie"] == "nkg:ALS"
        assert als["class"] == "Disease"


def test_edges_carry_label_provenance_and_polarity(client):
    data = json.loads(client.get("/graph?contrast=ALS&contrast=SMA&format=cyjs").data)
    edges = [e["data"] for e in data["elements"]["edges"]]
    sensory = [e for e in edges if e["target"] == vocab.BASE + "SensoryFunction" or e["target"].endswith("SensoryNeuron")]
    assert edges and all(e["provenance"] for e in edges)
    assert {"als-vs-sma-difference-wiki"} <= {p for e in edges for p in e["provenance"].split()}
    assert all(re.match(r"^[\w ,()'/-]+$", e["label"]) for e in edges)
    assert "denied" in {e["polarity"] for e in edges} | {e["polarity"] for e in sensory}


@pytest.mark.parametrize("args", ["contrast=ALS&contrast=SMA", "entity=ALS", "entity=SMA", "all=1", "all=1&types=1"])
def test_every_drawing_marks_denied_links(client, kg_store, args):
    """Links an article denies (a negative property, or a denied contrast value) are denied in the
    Cytoscape JSON and dashed in DOT, as many as the RDF holds."""
    edges = [e["data"] for e in json.loads(client.get(f"/graph?{args}&format=cyjs").data)["elements"]["edges"]]
    denied = [e for e in edges if e["polarity"] == "denied"]
    assert denied
    if not args.startswith("contrast"):
        assert {e["predicate"] for e in denied} <= NEGATIVE
        assert len(denied) == sum(e["predicate"] in NEGATIVE for e in edges)
    body = client.get(f"/graph?{args}&format=dot").data.decode()
    assert body.count("style=dashed") == len(denied)
    if args.startswith("contrast"):
        assert re.search(r'label="not [^"]+", style=dashed', body)


@pytest.mark.parametrize("args", ["all=1", "entity=MotorNeuron", "entity=ALS"])
def test_drawings_leave_out_typing_and_self_loops(client, args):
    edges = [e["data"] for e in json.loads(client.get(f"/graph?{args}&format=cyjs").data)["elements"]["edges"]]
    assert edges and not [e for e in edges if e["source"] == e["target"]]
    assert not [e for e in edges if e["predicate"] in TYPING]
    with_types = [e["data"] for e in json.loads(client.get(f"/graph?{args}&types=1&format=cyjs").data)["elements"]["edges"]]
    assert not [e for e in with_types if e["source"] == e["target"]]
    assert any(e["predicate"] == RDF_TYPE for e in with_types)


def test_dot_drawing_is_coloured_by_class_and_not_one_tall_column(client, dot_installed):
    """The whole graph and one term's neighbourhood, drawn by Graphviz: roughly as wide as tall,
    nodes filled by class (a colour per class, listed in a legend of class labels)."""
    for args in ("all=1", "entity=ALS"):
        body = client.get(f"/graph?{args}&format=dot").data
        svg = subprocess.run(["dot", "-Tsvg"], input=body, capture_output=True, check=True).stdout.decode()
        width, height = (float(x) for x in re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
        assert 1 / 2.5 < width / height < 2.5, (args, width, height)
        fills = set(re.findall(r'fillcolor="(#[0-9a-f]{6})"', body.decode()))
        assert len(fills) >= 8
        assert "symptom or phenotype" in svg  # the legend names classes by their labels


@pytest.mark.parametrize("fmt", FORMATS)
def test_sparql_construct_negotiates_drawings(client, kg_store, fmt):
    media_type = {"cyjs": "application/vnd.cytoscape+json", "graphml": "application/graphml+xml",
                  "gexf": "application/gexf+xml", "dot": "text/vnd.graphviz"}[fmt]
    query = unquote(CASES_TSV[-1][1].removeprefix("query="))
    response = client.post("/sparql", data=query, headers={"Content-Type": "application/sparql-query", "Accept": media_type})
    assert response.status_code == 200
    assert response.content_type.startswith(media_type)
    assert parse(fmt, response.data)[1] == len(list(kg_store.query(query)))


def test_sparql_construct_default_is_still_turtle(client):
    query = unquote(CASES_TSV[-1][1].removeprefix("query="))
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": "*/*"})
    assert response.content_type.startswith("text/turtle")


def test_jsonld_has_the_same_triples(client, kg_store):
    data = client.get("/graph?entity=ALS&format=jsonld").data
    triples = list(ox.parse(data, ox.RdfFormat.JSON_LD))
    assert len(triples) == expected(kg_store, "neighbourhood ALS")[1]


@pytest.mark.parametrize("args,status,message", [
    ("entity=NoSuchThing", 404, "no entity"),
    ("entity=../../etc/passwd", 404, "no entity"),
    ("contrast=ALS", 400, "at least two"),
    ("contrast=ALS&contrast=Scurvy", 404, "Scurvy"),
    ("entity=ALS&format=png", 406, "unknown graph format"),
    ("", 400, "give entity="),
    ("query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D", 400, "CONSTRUCT or DESCRIBE"),
    ("query=CONSTRUCT%20%7B%7D%20WHERE%20%7B%20SERVICE%20%3Chttp%3A%2F%2F127.0.0.1%3A9%2F%3E%20%7B%7D%20%7D", 400, "SERVICE"),
    ("query=CONSTRUCT%20%7B", 400, "malformed SPARQL"),
])
def test_bad_requests_are_explained(client, args, status, message):
    response = client.get(f"/graph?{args}")
    assert response.status_code == status
    assert message.lower() in response.data.decode().lower()


@pytest.mark.parametrize("diseases", [["ALS", "MS"], ["ALS", "SMA", "MS"]])
def test_contrast_picture_for_a_slide(runner, kg_store, dot_installed, tmp_path, diseases):
    """`neurokg contrast A B --format svg|png`: every group of values and every dimension drawn."""
    import xml.etree.ElementTree as ET

    from neurokg.cli import main
    from neurokg.contrast.picture import groups

    svg, png = tmp_path / "contrast.svg", tmp_path / "contrast.png"
    for path, fmt in ((svg, "svg"), (png, "png")):
        result = runner.invoke(main, ["contrast", *diseases, "--store", "memory", "--format", fmt, "-o", str(path)])
        assert result.exit_code == 0, result.output
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    text = " ".join(t.text or "" for t in ET.parse(svg).iter() if t.tag.endswith("text"))
    expected = groups(contrast(kg_store, diseases))
    for owners, items in expected.items():
        assert (f"shared by {', '.join(owners)}" if len(owners) > 1 else f"only {owners[0]}") in text
        for dim, _ in items:
            assert dim["label"] in text
    assert all(d in text for d in diseases)
    assert "more common than amyotrophic lateral sclerosis" in text.replace("  ", " ") or "SMA" in diseases
    # readable on a slide: one cluster per dimension in its own colour, text of 11 pt or more, not one tall column
    body = svg.read_text()
    clusters = re.findall(r'<g id="clust\d+" class="cluster">.*?<path fill="([^"]+)"[^>]*stroke="([^"]+)"', body, re.S)
    assert len(clusters) == len({dim["id"] for items in expected.values() for dim, _ in items})
    assert len({stroke for _, stroke in clusters}) == len(clusters)
    assert min(float(size) for size in re.findall(r'font-size="([\d.]+)"', body)) >= 11
    width, height = (float(x) for x in re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', body).groups())
    assert 1 / 2.5 < width / height < 2.5, (width, height)


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_exports_the_whole_graph_for_visualizers(runner, kg_store, dot_installed, tmp_path, fmt):
    from neurokg.cli import main

    result = runner.invoke(main, ["export", "--format", fmt, "--out", str(tmp_path), "--store", "memory"])
    assert result.exit_code == 0, result.output
    (written,) = tmp_path.iterdir()
    nodes, edges, _ = parse(fmt, written.read_bytes())
    assert (nodes, edges) == expected(kg_store, "all")
