"""OWL 2 RL reasoning adds what the ontology promises; the cache returns the same triples; the
comparison with `reasonable` is recorded (it misses property chains); and the default `hybrid`
reasoner (reasonable plus the rules it lacks) infers exactly what owlrl, the reference, infers."""

from __future__ import annotations

import pytest
from conftest import CASES
from rdflib import Graph, Namespace, URIRef

from neurokg import reasoning
from neurokg.loader import dataset_files, parse
from neurokg.paths import ONTOLOGY_FILE

EX = Namespace("https://example.org/")
PREFIXES = {"ex": str(EX), "nkg": "https://w3id.org/neurokg/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
EXPECTED = [line.split("\t") for line in (CASES / "reasoning-expected.tsv").read_text().splitlines() if not line.startswith("#")]


def _iri(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(PREFIXES[prefix] + local)


@pytest.fixture(scope="module", params=["owlrl", "hybrid"])
def fixture_closure(request):
    graph = Graph().parse(ONTOLOGY_FILE)
    graph.parse(CASES / "reasoning-fixture.ttl")
    return graph, reasoning.closure(graph, request.param)


@pytest.mark.parametrize("s,p,o,why", EXPECTED, ids=[row[3] for row in EXPECTED])
def test_reasoning_adds(fixture_closure, s, p, o, why):
    _, added = fixture_closure
    assert (_iri(s), _iri(p), _iri(o)) in added


def test_closure_leaves_out_asserted_triples(fixture_closure):
    asserted, added = fixture_closure
    assert not any(triple in asserted for triple in added)


def test_cache_returns_the_same_triples(fixture_closure, tmp_path, monkeypatch):
    monkeypatch.setattr(reasoning, "CACHE_DIR", tmp_path)
    asserted, added = fixture_closure
    first = reasoning.cached_closure(asserted, [b"fixture"])
    assert list(tmp_path.rglob("*.nt")), "the closure was written to the cache"
    second = reasoning.cached_closure(asserted, [b"fixture"])
    assert set(first) == set(second) == set(added)


ARTICLES = ["als-vs-sma-difference-wiki", "ms-vs-als-ms-news-today", "what-is-the-difference-ms-als"]


def _article_graph(article: str = ARTICLES[0]):
    files = dataset_files()
    graph = Graph()
    for name in ("ontology", "entities", article):
        graph += parse(files[f"https://w3id.org/neurokg/graph/{name}"])
    return graph


@pytest.mark.parametrize("article", ARTICLES)
def test_hybrid_infers_exactly_what_owlrl_infers(article):
    graph = _article_graph(article)
    assert set(reasoning.closure(graph, "hybrid")) == set(reasoning.closure(graph, "owlrl"))


def test_hybrid_infers_what_owlrl_infers_on_the_fixture():
    graph = Graph().parse(ONTOLOGY_FILE)
    graph.parse(CASES / "reasoning-fixture.ttl")
    assert set(reasoning.closure(graph, "hybrid")) == set(reasoning.closure(graph, "owlrl"))


def test_reasonable_infers_a_subset_of_owlrl_and_misses_property_chains():
    graph = _article_graph()
    owlrl, fast = set(reasoning.closure(graph, "owlrl")), set(reasoning.closure(graph, "reasonable"))
    assert fast <= owlrl
    chain = (URIRef(PREFIXES["nkg"] + "SMA"), URIRef(PREFIXES["nkg"] + "affectsAnatomy"), URIRef(PREFIXES["nkg"] + "CentralNervousSystem"))
    assert chain in owlrl and chain not in fast


# Inferred graphs credit only the article that entails them (the closures computed here with owlrl,
# the reference reasoner, not with the build's default).

INFERRED = "https://w3id.org/neurokg/graph/inferred/"


def _graph(store, iri: str) -> set:
    """A named graph of the store as a set of rdflib triples."""
    return set(Graph().parse(data=store.dump("application/n-triples", iri), format="nt"))


@pytest.fixture(scope="module")
def without_articles():
    """ontology + entities and everything owlrl derives from them alone."""
    files = dataset_files()
    shared = Graph()
    for name in ("ontology", "entities"):
        shared += parse(files[f"https://w3id.org/neurokg/graph/{name}"])
    return set(shared) | set(reasoning.closure(shared, "owlrl"))


@pytest.mark.parametrize("article", ARTICLES)
def test_no_triple_of_an_articles_inferred_graph_follows_without_it(kg_store, without_articles, article):
    inferred = _graph(kg_store, INFERRED + article)
    assert inferred, "the article entails something of its own"
    assert not inferred & without_articles
    with_article = _article_graph(article)
    assert inferred <= set(reasoning.closure(with_article, "owlrl")), "and every triple follows with it"


def test_what_curated_terms_entail_alone_has_a_graph_of_its_own(kg_store, without_articles):
    curated = _graph(kg_store, INFERRED + "curated")
    files = dataset_files()
    shared = Graph()
    for name in ("ontology", "entities"):
        shared += parse(files[f"https://w3id.org/neurokg/graph/{name}"])
    assert curated == set(reasoning.closure(shared, "owlrl"))
    sma_type_1 = (URIRef(PREFIXES["nkg"] + "SMA"), URIRef(PREFIXES["nkg"] + "hasSubtype"), URIRef(PREFIXES["nkg"] + "SMAType1"))
    assert sma_type_1 in curated
    assert all(sma_type_1 not in _graph(kg_store, INFERRED + a) for a in ARTICLES), "no article is credited with it"


def test_contrast_never_cites_an_article_for_curated_inferences(kg_store):
    from neurokg.contrast.catalog import catalog

    assert catalog(kg_store).source_of(INFERRED + "curated") is None
    assert catalog(kg_store).source_of(INFERRED + ARTICLES[0])[1] == ARTICLES[0]
