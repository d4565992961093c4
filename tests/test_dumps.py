"""Dumps keep provenance: GET /store and `neurokg export --format trig|nquads` give the whole
dataset with its named graphs; /entity/X and CONSTRUCT honour TriG and N-Quads; Turtle answers
carry the project's prefixes with each subject's triples together; JSON-LD answers are compacted
(an @context, one node per subject) and parse back to the same graph."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from neurokg.cli import main

ALS = "https://w3id.org/neurokg/ALS"
CONSTRUCT = f"CONSTRUCT WHERE {{ <{ALS}> ?p ?o }}"


def quads(data: bytes, fmt: ox.RdfFormat) -> set:
    return set(ox.parse(data, fmt))


def store_quads(kg_store) -> set:
    return quads(kg_store.dump("application/n-quads"), ox.RdfFormat.N_QUADS)


@pytest.mark.parametrize("accept,fmt", [(None, ox.RdfFormat.TRIG), ("*/*", ox.RdfFormat.TRIG),
                                        ("application/trig", ox.RdfFormat.TRIG), ("application/n-quads", ox.RdfFormat.N_QUADS)])
def test_get_store_is_the_whole_dataset(client, kg_store, accept, fmt):
    response = client.get("/store", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and response.mimetype == fmt.media_type
    assert quads(response.data, fmt) == store_quads(kg_store)
    if fmt == ox.RdfFormat.TRIG:  # another parser agrees
        dataset = Dataset()
        dataset.parse(data=response.data, format="trig")
        assert {str(g.identifier) for g in dataset.graphs()} >= set(kg_store.graphs())


def test_get_store_refuses_formats_without_graphs(client):
    response = client.get("/store", headers={"Accept": "text/turtle"})
    assert response.status_code == 406 and "application/trig" in response.get_data(as_text=True)


@pytest.mark.parametrize("fmt,name,parse", [("trig", "neurokg.trig", ox.RdfFormat.TRIG), ("nquads", "neurokg.nq", ox.RdfFormat.N_QUADS)])
def test_export_keeps_the_named_graphs(runner, kg_store, tmp_path, fmt, name, parse):
    result = runner.invoke(main, ["export", "--format", fmt, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    exported, expected = quads((tmp_path / name).read_bytes(), parse), store_quads(kg_store)
    assert len(exported) == len(expected)  # a fresh build: blank nodes have other names
    assert {q for q in exported if not _blank(q)} == {q for q in expected if not _blank(q)}


def _blank(quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


@pytest.mark.parametrize("accept,fmt", [("application/trig", ox.RdfFormat.TRIG), ("application/n-quads", ox.RdfFormat.N_QUADS)])
def test_entity_and_construct_honour_quad_formats(client, kg_store, accept, fmt):
    entity = client.get("/entity/ALS", headers={"Accept": accept})
    assert entity.status_code == 200 and entity.mimetype == accept
    expected = {q for q in store_quads(kg_store) if q.subject == ox.NamedNode(ALS)}
    assert quads(entity.data, fmt) == expected  # each statement in the graph that makes it
    construct = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept})
    assert construct.status_code == 200 and construct.mimetype == accept
    assert {q.triple for q in quads(construct.data, fmt)} == {q.triple for q in expected}


def test_turtle_carries_prefixes_and_groups_subjects(client):
    text = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s a <https://w3id.org/neurokg/Disease> ; ?p ?o }"},
                      headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert "@prefix nkg: <https://w3id.org/neurokg/> ." in text and "nkg:ALS" in text
    starts = [line.split()[0] for line in text.splitlines() if line and not line[0].isspace() and not line.startswith("@prefix")]
    assert len(starts) == len(set(starts))  # each subject once, its triples after it
    assert len(Graph().parse(data=text, format="turtle")) > 0


@pytest.mark.parametrize("path,params", [("/entity/ALS", {}), ("/sparql", {"query": CONSTRUCT})], ids=["entity", "construct"])
def test_json_ld_is_compacted_and_parses_back(client, path, params):
    body = client.get(path, query_string=params, headers={"Accept": "application/ld+json"}).data
    document = json.loads(body)
    assert document["@context"]["nkg"] == "https://w3id.org/neurokg/"
    ids = [node["@id"] for node in document["@graph"]]
    assert ids == ["nkg:ALS"] and len(ids) == len(set(ids))
    ntriples = client.get(path, query_string=params, headers={"Accept": "application/n-triples"}).data
    assert isomorphic(Graph().parse(data=body, format="json-ld"), Graph().parse(data=ntriples, format="nt"))
    assert quads(body, ox.RdfFormat.JSON_LD) == quads(ntriples, ox.RdfFormat.N_TRIPLES)
    assert re.search(r'"MONDO:\d+"', body.decode())  # OBO IRIs as CURIEs
