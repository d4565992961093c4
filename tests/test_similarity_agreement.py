"""Our Resnik / best-match-average scores, computed from the store by `neurokg.phenotypes`, agree
with pyhpo's own (HPOSet.similarity, method="resnik", combine "BMA" = our pooled, "funSimAvg" = our
symmetric) and with semsimian's (termset_comparison, ancestor_information_content = our
symmetric, given our IC), on the shipped HPO release imported by `neurokg import hpo`. The IC
corpus is pyhpo's (`pyhpo_corpus(kind)`), so like is compared with like; a deliberately wrong IC
makes the same check fail."""

from __future__ import annotations

import csv
import dataclasses
import random

import numpy as np
import pytest
from conftest import CASES

from neurokg.phenotypes import DEFAULT, PhenotypeIndex, curie, pyhpo_corpus, similarity

pytestmark = pytest.mark.slow
COMBINE = {"pooled": "BMA", "symmetric": "funSimAvg"}  # ours -> pyhpo's
SAMPLE = 60  # random pairs of OMIM diseases (seeded)


def _pairs() -> list[list[str]]:
    with open(CASES / "phenotypes" / "agreement.tsv", encoding="utf-8") as handle:
        return [row for row in csv.reader(handle, delimiter="\t") if row and not row[0].startswith("#")]


@pytest.fixture(scope="module")
def pyhpo():
    from pyhpo import Ontology

    if not getattr(Ontology, "_map", None):  # a test in this process may have loaded it already
        Ontology()
    return Ontology


@pytest.fixture(scope="module")
def indexes(hpo_real_store):
    store, _ = hpo_real_store
    return {kind: PhenotypeIndex.for_store(store, pyhpo_corpus(kind)) for kind in ("omim", "orpha")}


def _disease(index: PhenotypeIndex, name: str) -> str:
    return next(iri for iri, found in index.disease_ids.items() if found == name)


def disagreements(index: PhenotypeIndex, kind: str, pairs: list[tuple[str, str]]) -> list[tuple]:
    """The (a, b, combine, ours, pyhpo's) where our score of b against a's phenotypes differs from pyhpo's."""
    from pyhpo import HPOSet

    out = []
    for a, b in pairs:
        terms_a, terms_b = [curie(t) for t in index.phenotypes_of(a)], [curie(t) for t in index.phenotypes_of(b)]
        set_a, set_b = HPOSet.from_queries(terms_a), HPOSet.from_queries(terms_b)
        for ours, theirs in COMBINE.items():
            score = similarity.scores(index, terms_a, ours)[index.disease_index[b]]
            reference = set_a.similarity(set_b, kind=kind, method="resnik", combine=theirs)
            if score != pytest.approx(reference, rel=1e-9, abs=1e-12):
                out.append((a, b, ours, score, reference))
    return out


def test_information_content_is_pyhpos(indexes, pyhpo):
    for kind, index in indexes.items():
        ours = np.array([index.ic("HP:" + term.id[3:]) for term in pyhpo])
        theirs = np.array([term.information_content[kind] for term in pyhpo])
        assert len(ours) > 19_000
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("kind", "a", "a_name", "b", "b_name"), [pytest.param(*r, id=f"{r[0]}-{r[1]}-{r[3]}") for r in _pairs()])
def test_named_pairs_agree_with_pyhpo(indexes, pyhpo, kind, a, a_name, b, b_name):
    index = indexes[kind]
    first, second = _disease(index, a), _disease(index, b)
    assert (index.disease_label(first), index.disease_label(second)) == (a_name, b_name)
    assert disagreements(index, kind, [(first, second)]) == []


def test_sampled_pairs_agree_with_pyhpo(indexes, pyhpo):
    index = indexes["omim"]
    omim = [d for d in index.diseases if index.disease_ids.get(d, "").startswith("OMIM:")]
    chance = random.Random(17)
    pairs = [(chance.choice(omim), chance.choice(omim)) for _ in range(SAMPLE)]
    assert disagreements(index, "omim", pairs) == []


def test_a_wrong_information_content_disagrees(indexes, hpo_real_store, pyhpo):
    """Known-bad: IC in bits instead of nats, or counted over another corpus, must turn the check red."""
    index = indexes["omim"]
    omim = [d for d in index.diseases if index.disease_ids.get(d, "").startswith("OMIM:")][:20]
    pairs = list(zip(omim, omim[1:], strict=False))
    in_bits = dataclasses.replace(index, information=index.information / np.log(2), cache={})
    assert len(disagreements(in_bits, "omim", pairs)) >= len(pairs)
    other_corpus = PhenotypeIndex.for_store(hpo_real_store[0], DEFAULT)  # every database, phenotypes only
    assert len(disagreements(other_corpus, "omim", pairs)) >= len(pairs)


def test_semsimian_agrees_given_our_information_content(indexes, tmp_path):
    semsimian = pytest.importorskip("semsimian")
    index = indexes["omim"]
    sims = semsimian_for(index, tmp_path)
    omim = [d for d in index.diseases if index.disease_ids.get(d, "").startswith("OMIM:")]
    chance = random.Random(5)
    for a, b in [(chance.choice(omim), chance.choice(omim)) for _ in range(SAMPLE)]:
        terms_a, terms_b = set(index.phenotypes_of(a)), set(index.phenotypes_of(b))
        ours = similarity.scores(index, sorted(terms_a))[index.disease_index[b]]
        assert sims.termset_comparison(terms_a, terms_b, "ancestor_information_content") == pytest.approx(ours, rel=1e-9)
    assert semsimian.Semsimian  # the package the comparison ran against


def semsimian_for(index: PhenotypeIndex, folder):
    """semsimian over the same DAG: its spo is the entailed is-a closure (itself included, as its
    semsql input has), its IC map ours (it would otherwise derive IC from the ontology alone)."""
    from semsimian import Semsimian

    dag = index.dag
    rows, cols = dag.closure.nonzero()
    spo = [(dag.terms[r], "rdfs:subClassOf", dag.terms[c]) for r, c in zip(rows, cols, strict=True)]
    ic_map = folder / "ic.tsv"
    ic_map.write_text("".join(f"{t}\t{v!r}\n" for t, v in zip(dag.terms, index.information, strict=True)))
    return Semsimian(spo=spo, predicates=["rdfs:subClassOf"], custom_ic_map_path=str(ic_map))
