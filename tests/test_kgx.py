"""The KGX export validates with the `kgx` package against the Biolink model the `biolink-model`
package ships (offline), reads back through KGX whole (LF line endings: no column lost), and keeps
what Biolink 4 requires and what NeuroKG knows: knowledge level and agent type, each edge's
articles as knowledge sources, sub-property edges (early/late symptoms), xrefs from the SSSOM
mappings. Known-bad exports fail."""

from __future__ import annotations

import csv
import json
from importlib.resources import files

import pytest

from neurokg import mappings
from neurokg.exports import export

NKG = "https://w3id.org/neurokg/"


@pytest.fixture(scope="module", autouse=True)
def offline():
    """Any name lookup beyond this machine fails the test: kgx must read only the shipped model
    (unpatched, its Validator fetches the Biolink model from GitHub; checked with `unshare -n`)."""
    import socket

    lookup = socket.getaddrinfo

    def local_only(host, *args, **kwargs):
        if host not in (None, "localhost", "127.0.0.1", "::1"):
            raise AssertionError(f"kgx tried to reach {host}: point it at the shipped Biolink files")
        return lookup(host, *args, **kwargs)

    socket.getaddrinfo = local_only
    yield
    socket.getaddrinfo = lookup


@pytest.fixture(scope="module")
def kgx_tools(offline):
    """kgx's Transformer and Validator on the shipped Biolink model. kgx would fetch the model, its
    predicate map and JSON-LD context from GitHub: they are pointed at the shipped files instead, and
    our `nkg` prefix is registered next to Biolink's prefixes (as a KG with its own IDs does)."""
    from bmt import Toolkit

    schema = str(files("biolink_model").joinpath("schema/biolink_model.yaml"))
    Toolkit.__init__.__defaults__ = (schema, {"predicate mappings": []})
    import kgx.config
    from kgx.transformer import Transformer
    from kgx.validator import Validator

    prefixes = json.loads(files("biolink_model").joinpath("prefixmaps/biolink-model-prefix-map.json").read_text())
    kgx.config.jsonld_context_map["biolink"] = {**prefixes, "nkg": NKG}
    Validator._currently_active_toolkit = Toolkit()
    assert Validator._currently_active_toolkit.get_model_version() == files("biolink_model").joinpath("schema/biolink_model.yaml").read_text().split("\nversion: ", 1)[1].split()[0]

    def read(node_path, edge_path):
        transformer = Transformer(stream=False)
        transformer.transform({"filename": [str(node_path), str(edge_path)], "format": "tsv"})
        return transformer.store.graph

    def errors(graph):
        validator = Validator()
        validator.validate(graph)
        return validator.get_errors().get("ERROR", {})

    return read, errors


@pytest.fixture(scope="module")
def exported(kg_store, tmp_path_factory):
    return export(kg_store, "kgx", tmp_path_factory.mktemp("kgx"))


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_kgx_validates_against_the_shipped_biolink_model(kgx_tools, exported):
    read, errors = kgx_tools
    graph = read(*exported)
    assert graph.number_of_nodes() > 80 and graph.number_of_edges() > 100
    assert errors(graph) == {}


def _lost(graph, node_path, edge_path) -> list[str]:
    """Values of the TSV files that KGX did not read back as written."""
    lost = []
    for row in _rows(node_path):
        node = graph.nodes()[row["id"]]
        for column in ("name", "provided_by"):
            if node.get(column) not in (row[column], row[column].split("|")):
                lost.append(f"{row['id']} {column}: {node.get(column)!r}")
    for row in _rows(edge_path):
        edge = graph.get_edge(row["subject"], row["object"], f"{row['subject']}-{row['predicate']}-{row['object']}")
        for column in ("primary_knowledge_source", "knowledge_level", "agent_type"):
            if edge.get(column) != row[column]:
                lost.append(f"{row['id']} {column}: {edge.get(column)!r}")
    return lost


def test_kgx_reads_every_column_back(kgx_tools, exported):
    read, _ = kgx_tools
    assert b"\r" not in exported[0].read_bytes() + exported[1].read_bytes()
    assert _lost(read(*exported), *exported) == []


def test_edges_name_their_articles_and_keep_sub_properties(exported):
    edges = _rows(exported[1])
    early = [e for e in edges if e["original_predicate"] in ("nkg:hasEarlySymptom", "nkg:hasLateSymptom")]
    assert early and all(e["predicate"] == "biolink:has_phenotype" for e in early)
    articles = {e["primary_knowledge_source"] for e in edges} | {s for e in edges for s in e["supporting_data_source"].split("|") if s}
    assert articles == {"infores:neurokg", "infores:neurokg-als-vs-sma-difference-wiki",
                        "infores:neurokg-ms-vs-als-ms-news-today", "infores:neurokg-what-is-the-difference-ms-als"}
    brain = next(e for e in edges if (e["subject"], e["object"]) == ("nkg:ALS", "nkg:Brain"))
    assert brain["primary_knowledge_source"].startswith("infores:neurokg-") and brain["supporting_data_source"]


def test_nodes_carry_the_sssom_xrefs(exported):
    nodes = {n["id"]: n for n in _rows(exported[0])}
    expected = {(m.subject_id, m.object_id) for m in mappings.mappings()
                if m.predicate_id in ("skos:exactMatch", "skos:closeMatch") and m.subject_id in nodes}
    assert expected and all(obj in nodes[subject]["xref"].split("|") for subject, obj in expected)


def test_known_bad_exports_fail(kgx_tools, exported, tmp_path):
    read, errors = kgx_tools
    node_path, edge_path = exported
    crlf = [tmp_path / "crlf_nodes.tsv", tmp_path / "crlf_edges.tsv"]  # what the export wrote before
    for good, bad in zip(exported, crlf, strict=True):
        bad.write_bytes(good.read_bytes().replace(b"\n", b"\r\n"))
    assert _lost(read(*crlf), *exported)
    rows = _rows(edge_path)
    bad_edges = tmp_path / "bad_edges.tsv"  # Biolink 4 requires knowledge_level and agent_type
    with bad_edges.open("w", newline="", encoding="utf-8") as handle:
        columns = [c for c in rows[0] if c not in ("knowledge_level", "agent_type")]
        writer = csv.DictWriter(handle, columns, delimiter="\t", lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    bad_nodes = tmp_path / "bad_nodes.tsv"
    bad_nodes.write_text(node_path.read_text(encoding="utf-8").replace("biolink:Disease", "biolink:Ailment"), encoding="utf-8")
    assert any("knowledge_level" in message for kind in errors(read(node_path, bad_edges)).values() for message in kind)
    assert errors(read(bad_nodes, edge_path))
