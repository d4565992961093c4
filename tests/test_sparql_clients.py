"""The SPARQL clients of the field, with their default settings, against `neurokg serve` over
real HTTP: SPARQLWrapper (every return format, GET and POST, every query form), rdflib's
SPARQLStore and SPARQLUpdateStore, and the requests YASGUI (YASQE) sends by default. Also what
the HTTP server itself says: a readable 414 for a GET over its line limit, and no metrics folder
left behind once it stops."""

from __future__ import annotations

import csv
import io
import warnings

import pyoxigraph as ox
import pytest
import requests
from conftest import CASES
from http_server import neurokg_server
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

TOKEN = "clients-token"
EX = "http://example.org/"
SELECT = f"SELECT ?s ?name WHERE {{ ?s <{EX}name> ?name }} ORDER BY ?name"
ASK = f"ASK {{ <{EX}alice> <{EX}name> 'Alice' }}"
CONSTRUCT = f"CONSTRUCT {{ ?s <{EX}name> ?name }} WHERE {{ ?s <{EX}name> ?name }}"
DESCRIBE = f"DESCRIBE <{EX}alice>"


@pytest.fixture(scope="module")
def server():
    with neurokg_server("--data", str(CASES / "small.trig"), "--allow-update", "--token", TOKEN) as base:
        yield base


def wrapper(server: str, query: str, fmt: str, method: str) -> object:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # SPARQLWrapper warns about formats it only half knows
        return client.query().convert()


def names(rows) -> list[str]:
    return sorted(str(r) for r in rows)


@pytest.mark.parametrize("method", [GET, POST, POSTDIRECTLY])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_and_ask(server, fmt, method):
    answer = wrapper(server, SELECT, fmt, method)
    if fmt == JSON:
        found = [b["name"]["value"] for b in answer["results"]["bindings"]]
    elif fmt == XML:
        found = [lit.firstChild.data for lit in answer.getElementsByTagName("literal")]
    elif fmt == CSV:
        found = [row["name"] for row in csv.DictReader(io.StringIO(answer.decode()))]
    else:
        found = [s["name"].value for s in ox.parse_query_results(answer, ox.QueryResultsFormat.TSV)]
    assert sorted(found) == ["Alice", "Bob"]
    ask = wrapper(server, ASK, fmt, method)
    if fmt == JSON:
        assert ask["boolean"] is True
    elif fmt == XML:
        assert ask.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert b"true" in ask


@pytest.mark.parametrize("method", [GET, POST])
@pytest.mark.parametrize("fmt", [XML, RDFXML, TURTLE, N3, JSONLD, JSON])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_sparqlwrapper_graphs(server, query, fmt, method):
    """SPARQLWrapper's default (XML) sends format=xml&output=xml&results=xml for a CONSTRUCT: RDF/XML."""
    answer = wrapper(server, query, fmt, method)
    graph = answer if isinstance(answer, Graph) else Graph().parse(data=answer, format="turtle" if fmt in (TURTLE, N3) else "json-ld")
    assert (URIRef(EX + "alice"), URIRef(EX + "name"), Literal("Alice")) in graph


def test_sparqlwrapper_default_construct_is_rdf_xml(server):
    params = {"query": CONSTRUCT, "format": "xml", "output": "xml", "results": "xml"}
    response = requests.get(f"{server}/sparql", params=params, headers={"Accept": "application/rdf+xml"}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/rdf+xml")


@pytest.mark.parametrize("value,form,expected", [
    ("json", "select", "application/sparql-results+json"), ("xml", "select", "application/sparql-results+xml"),
    ("csv", "select", "text/csv"), ("tsv", "select", "text/tab-separated-values"),
    ("text/tab-separated-values", "select", "text/tab-separated-values"),
    ("application/sparql-results+json", "select", "application/sparql-results+json"),
    ("xml", "construct", "application/rdf+xml"), ("json", "construct", "application/ld+json"),
    ("n3", "construct", "text/turtle"), ("turtle", "construct", "text/turtle"), ("rdf+xml", "construct", "application/rdf+xml"),
    ("application/ld+json,application/x-json+ld", "construct", "application/ld+json"),
    ("nonsense", "select", "text/csv"), ("nonsense", "construct", "application/n-triples"),  # Accept wins
])
def test_format_output_results_values(server, value, form, expected):
    query, accept = (SELECT, "text/csv") if form == "select" else (CONSTRUCT, "application/n-triples")
    for name in ("format", "output", "results"):
        response = requests.get(f"{server}/sparql", params={"query": query, name: value}, headers={"Accept": accept}, timeout=30)
        assert response.status_code == 200 and response.headers["Content-Type"].split(";")[0] == expected, (name, response.text)


def test_rdflib_sparql_store_and_update_store(server):
    store = SPARQLStore(f"{server}/sparql")
    assert names(row.name for row in store.query(SELECT)) == ["Alice", "Bob"]
    assert store.query(ASK).askAnswer is True
    assert (URIRef(EX + "alice"), URIRef(EX + "name"), Literal("Alice")) in Graph().__iadd__(store.query(CONSTRUCT).graph)
    updates = SPARQLUpdateStore(f"{server}/sparql", f"{server}/sparql", auth=None,
                                headers={"Authorization": f"Bearer {TOKEN}"})
    updates.update(f"INSERT DATA {{ <{EX}carol> <{EX}name> 'Carol' }}")
    assert "Carol" in names(row.name for row in store.query(SELECT))
    updates.update(f"DELETE DATA {{ <{EX}carol> <{EX}name> 'Carol' }}")
    assert names(row.name for row in store.query(SELECT)) == ["Alice", "Bob"]


# YASQE's default request config: POST, form-encoded, these Accept headers.
YASQE = {"select": "application/sparql-results+json,*/*;q=0.9", "graph": "text/turtle,*/*;q=0.9"}


def test_yasgui_requests(server):
    select = requests.post(f"{server}/sparql", data={"query": SELECT}, headers={"Accept": YASQE["select"]}, timeout=30)
    assert select.headers["Content-Type"].startswith("application/sparql-results+json") and len(select.json()["results"]["bindings"]) == 2
    graph = requests.post(f"{server}/sparql", data={"query": CONSTRUCT}, headers={"Accept": YASQE["graph"]}, timeout=30)
    assert graph.headers["Content-Type"].startswith("text/turtle")
    assert len(Graph().parse(data=graph.text, format="turtle")) == 2


def test_a_get_over_the_line_limit_gets_a_readable_414(server):
    response = requests.get(f"{server}/sparql", params={"query": "ASK {" + " " * 9000 + "}"}, timeout=30)
    assert response.status_code == 414
    assert response.headers["Content-Type"].startswith("text/plain") and "POST" in response.text and "<html" not in response.text
    assert requests.get(f"{server}/sparql", params={"query": "ASK {" + " " * 7000 + "}"}, headers={"Accept": "application/sparql-results+json"},
                        timeout=30).json()["boolean"] is True  # under the GET limit
    post = requests.post(f"{server}/sparql", data={"query": "ASK {" + " " * 9000 + "}"}, headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert post.status_code == 200


def test_no_metrics_folder_is_left_behind(tmp_path):
    """The server's temporary folders (Prometheus multiprocess files) go when it stops."""
    with neurokg_server("--data", str(CASES / "small.trig"), env={"TMPDIR": str(tmp_path)}) as base:
        assert requests.get(f"{base}/metrics", timeout=30).status_code == 200
        assert len(list(tmp_path.glob("neurokg-metrics-*"))) == 1
    assert list(tmp_path.glob("neurokg-metrics-*")) == []
