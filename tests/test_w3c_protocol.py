"""The W3C SPARQL 1.1 Protocol (34), Graph Store Protocol (14) and Service Description (3) tests,
run over real HTTP against `neurokg serve` on 127.0.0.1 with updates enabled."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import requests
from conftest import CASES, W3C_SUITE
from http_server import neurokg_server
from rdflib import Graph, Namespace, URIRef

import w3c_http

TOKEN = "w3c-suite-token"
PROTOCOL = W3C_SUITE / "protocol" / "manifest.ttl"
GSP = W3C_SUITE / "graph-store-protocol" / "manifest.ttl"
SUITE_MISSING = pytest.mark.skipif(not PROTOCOL.is_file(), reason=f"W3C SPARQL 1.1 suite not found at {W3C_SUITE} (set NEUROKG_W3C_SUITE)")


def _tests(manifest):
    return w3c_http.load(manifest) if manifest.is_file() else []


@pytest.fixture(scope="module")
def server():
    with neurokg_server("--data", str(CASES / "empty.nt"), "--allow-update", "--token", TOKEN) as base:
        yield base


def _reset(base: str, test: w3c_http.HttpTest) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert requests.post(f"{base}/sparql", data={"update": "DROP ALL"}, headers=auth, timeout=30).status_code == 204
    for path, graph in test.graph_data:
        response = requests.put(f"{base}/store", params={"graph": graph}, data=path.read_bytes(),
                                headers={**auth, "Content-Type": "application/n-triples"}, timeout=30)
        assert response.status_code in (201, 204)


@SUITE_MISSING
def test_suite_sizes():
    assert len(_tests(PROTOCOL)) == 34
    assert len(_tests(GSP)) == 14


@SUITE_MISSING
@pytest.mark.parametrize("test", _tests(PROTOCOL), ids=lambda t: t.name)
def test_protocol(server, test):
    _reset(server, test)
    w3c_http.run(test, server, TOKEN)


@SUITE_MISSING
@pytest.mark.parametrize("test", _tests(GSP), ids=lambda t: t.name)
def test_graph_store_protocol(server, test):
    _reset(server, test)
    w3c_http.run(test, server, TOKEN)


SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


@SUITE_MISSING
def test_service_description_get_returns_rdf(server):
    response = requests.get(f"{server}/sparql", timeout=30)
    assert response.status_code == 200
    assert len(Graph().parse(data=response.text, format="turtle")) > 0


@SUITE_MISSING
def test_service_description_has_matching_endpoint(server):
    graph = Graph().parse(data=requests.get(f"{server}/sparql", headers={"Accept": "text/turtle"}, timeout=30).text, format="turtle")
    assert (None, SD.endpoint, URIRef(f"{server}/sparql")) in graph


@SUITE_MISSING
def test_service_description_conforms_to_schema(server):
    graph = Graph().parse(data=requests.get(f"{server}/sparql", headers={"Accept": "application/rdf+xml"}, timeout=30).text, format="xml")
    service = graph.value(None, SD.endpoint, URIRef(f"{server}/sparql"))
    assert (service, None, SD.Service) in graph
    assert set(graph.objects(service, SD.supportedLanguage)) >= {SD.SPARQL11Query, SD.SPARQL11Update}
    dataset = graph.value(service, SD.defaultDataset)
    assert graph.value(dataset, SD.defaultGraph) is not None


VOID = Namespace("http://rdfs.org/ns/void#")


def test_service_description_counts_the_default_graph_as_a_set(client, kg_store):
    from neurokg.vocab import SET_GRAPH

    graph = Graph().parse(data=client.get("/sparql", headers={"Accept": "text/turtle"}).data, format="turtle")
    default = graph.value(next(graph.objects(None, SD.defaultDataset)), SD.defaultGraph)
    distinct = {(q.subject, q.predicate, q.object) for g in kg_store.graphs()
                for q in ox.parse(kg_store.dump("application/n-triples", g), ox.RdfFormat.N_TRIPLES)}
    assert int(graph.value(default, VOID.triples)) == len(distinct) < len(kg_store)
    assert URIRef(SET_GRAPH) not in set(graph.objects(None, SD.name))
