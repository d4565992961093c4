"""One contract for every store: the embedded pyoxigraph store, a real Oxigraph server and a real
Virtuoso server, both started on 127.0.0.1 by the tests. Callers never branch on the kind."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import servers
from conftest import CASES

from neurokg.results import values
from neurokg.store import StoreError, get_store

EX = "http://example.org/"


@pytest.fixture(scope="module", params=["embedded", "oxigraph", "virtuoso"])
def store(request):
    if request.param == "embedded":
        yield get_store("memory")
    elif request.param == "oxigraph":
        with servers.oxigraph_server() as url:
            yield get_store(url)
    else:
        if not servers.VIRTUOSO:
            pytest.skip("virtuoso-t is not installed (make test installs Debian's virtuoso-opensource)")
        with servers.virtuoso_server() as url:
            yield get_store("virtuoso+" + url)


@pytest.fixture()
def loaded(store):
    for graph in (f"{EX}g1", f"{EX}g2", f"{EX}g3"):
        store.update(f"DROP SILENT GRAPH <{graph}>")
    trig = (CASES / "small.trig").read_text()
    g1, g2 = [part.split("{", 1)[1].rsplit("}", 1)[0] for part in trig.split("ex:g")[1:3]]
    prefix = "@prefix ex: <http://example.org/> .\n"
    store.load((prefix + g1).encode(), "text/turtle", f"{EX}g1")
    store.load((prefix + g2).encode(), "text/turtle", f"{EX}g2")
    return store


def test_select_from_a_named_graph(loaded):
    rows = values(loaded.query(f"SELECT ?age WHERE {{ GRAPH <{EX}g1> {{ <{EX}alice> <{EX}age> ?age }} }}"))
    assert rows == [{"age": "30"}]


def test_default_graph_is_the_union_of_named_graphs(loaded):
    rows = values(loaded.query(f"SELECT ?label WHERE {{ <{EX}s> <{EX}label> ?label }} ORDER BY ?label"))
    assert [r["label"] for r in rows] == ["in g1", "in g2"]


def test_default_graph_parameter_selects_graphs(loaded):
    rows = values(loaded.query(f"SELECT ?label WHERE {{ <{EX}s> <{EX}label> ?label }}", default_graph=[f"{EX}g2"]))
    assert [r["label"] for r in rows] == ["in g2"]


def test_ask_and_construct(loaded):
    assert bool(loaded.query(f"ASK {{ GRAPH ?g {{ <{EX}bob> <{EX}age> 40 }} }}"))
    triples = list(loaded.query(f"CONSTRUCT {{ ?s <{EX}years> ?a }} WHERE {{ GRAPH ?g {{ ?s <{EX}age> ?a }} }}"))
    assert len(triples) == 2 and all(t.predicate == ox.NamedNode(f"{EX}years") for t in triples)


def test_bindings_are_substituted_not_formatted(loaded):
    query = f"SELECT ?person ?age WHERE {{ GRAPH ?g {{ ?person <{EX}age> ?age }} }}"
    rows = values(loaded.query(query, bindings={"person": ox.NamedNode(f"{EX}bob")}))
    assert [r["age"] for r in rows] == ["40"]


def test_graphs_dump_and_clear(loaded):
    assert {f"{EX}g1", f"{EX}g2"} <= set(loaded.graphs())
    dumped = list(ox.parse(loaded.dump("application/n-triples", f"{EX}g1"), ox.RdfFormat.N_TRIPLES))
    assert len(dumped) == 2
    loaded.clear(f"{EX}g1")
    assert not bool(loaded.query(f"ASK {{ GRAPH <{EX}g1> {{ ?s ?p ?o }} }}"))


def test_update(loaded):
    loaded.update(f"INSERT DATA {{ GRAPH <{EX}g3> {{ <{EX}carol> <{EX}age> 50 }} }}")
    assert bool(loaded.query(f"ASK {{ GRAPH <{EX}g3> {{ <{EX}carol> <{EX}age> 50 }} }}"))
    assert len(loaded) >= 5


def test_syntax_error(store):
    with pytest.raises(SyntaxError):
        store.query("SELECT WHERE {")


def test_unreachable_remote_store_raises_store_error():
    from http_server import free_port

    with pytest.raises(StoreError):
        get_store(f"http://127.0.0.1:{free_port()}/query").query("ASK {}")
