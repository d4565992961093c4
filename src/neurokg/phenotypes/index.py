"""`PhenotypeIndex.for_store(store)`: HPO's DAG, each annotated disease's phenotypes and every
term's information content, read from the store once and kept until the store is written.

Terms are named by IRI or CURIE (HP:0001250) on the way in, and returned as IRIs.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .. import queries
from ..store import Store

from .corpus import DEFAULT, HAS_PHENOTYPE, HP, Annotations, Corpus, read
from .dag import Dag


_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # store -> {corpus: (generation, index)}
_LOCK = threading.Lock()


class UnknownTerm(LookupError):
    """No HPO term of the index has that identifier."""


def iri(term: str) -> str:
    """An HPO term's IRI from its IRI or CURIE.

    >>> iri("HP:0001250")
    'http://purl.obolibrary.org/obo/HP_0001250'
    """
    text = term.strip()
    if text.upper().startswith("HP:"):
        return HP + text[3:]
    return text


def curie(term_iri: str) -> str:
    """An HPO term's CURIE from its IRI.

    >>> curie("http://purl.obolibrary.org/obo/HP_0001250")
    'HP:0001250'
    """
    return "HP:" + term_iri.removeprefix(HP) if term_iri.startswith(HP) else term_iri


@dataclass
class PhenotypeIndex:
    dag: Dag
    corpus: Corpus
    information: np.ndarray  # IC of each term (0 where no disease of the corpus has it)
    annotated: np.ndarray  # how many of the corpus's diseases have each term or a descendant
    population: int  # how many diseases the corpus counts
    diseases: list[str]  # every disease with at least one phenotype (RO:0002200), numbered
    disease_index: dict[str, int]
    disease_labels: dict[str, str]
    disease_ids: dict[str, str]
    phenotypes: sparse.csr_matrix  # phenotypes[d, t]: disease d has phenotype t (asserted, not denied)
    cache: dict = field(default_factory=dict)  # what similarity derives from the index (neurokg.phenotypes.similarity)

    @classmethod
    def for_store(cls, store: Store, corpus: Corpus = DEFAULT) -> PhenotypeIndex:
        """The index of what `store` holds now: built on first use, rebuilt after a write through
        `store` (its `generation` moves) or after `invalidate(store)`."""
        generation = getattr(store, "generation", None)
        with _LOCK:
            kept = _INDEXES.setdefault(store, {})
            found = kept.get(corpus)
            if found is None or found[0] != generation:
                found = (generation, cls.build(store, corpus))
                kept[corpus] = found
            return found[1]

    @classmethod
    def build(cls, store: Store, corpus: Corpus = DEFAULT) -> PhenotypeIndex:
        data = read(store)
        edges = [(row["term"].value, row["parent"].value) for row in store.query(queries.load("phenotypes/hpo-edges").text)]
        labels = {row["term"].value: row["label"].value for row in store.query(queries.load("phenotypes/hpo-labels").text)}
        dag = Dag.build(edges, labels, extra=data.terms)
        return cls.from_annotations(dag, data, corpus)

    @classmethod
    def from_annotations(cls, dag: Dag, data: Annotations, corpus: Corpus) -> PhenotypeIndex:
        terms = np.array([dag.index[t] for t in data.terms], dtype=np.int64)
        annotated, population = _counts(dag, data, corpus, terms)
        with np.errstate(divide="ignore"):
            information = np.where(annotated > 0, -np.log(annotated / max(population, 1)), 0.0) + 0.0  # no -0.0
        positive = _phenotype_rows(data)
        diseases = sorted(data.diseases[d] for d in np.unique(data.disease[positive]))
        disease_index = {d: i for i, d in enumerate(diseases)}
        renumber = np.array([disease_index.get(d, -1) for d in data.diseases], dtype=np.int64)
        rows, cols = renumber[data.disease[positive]], terms[data.term[positive]]
        matrix = sparse.csr_matrix((np.ones(len(rows), dtype=bool), (rows, cols)), shape=(len(diseases), len(dag.terms)))
        matrix.sum_duplicates()
        matrix.sort_indices()
        return cls(dag, corpus, information, annotated, population, diseases, disease_index, data.disease_labels,
                   data.disease_ids, matrix)

    # --- terms -----------------------------------------------------------------------------
    def number(self, term: str) -> int:
        try:
            return self.dag.index[iri(term)]
        except KeyError:
            raise UnknownTerm(f"no HPO term {term!r} in the store's HPO graph") from None

    def __contains__(self, term: str) -> bool:
        return iri(term) in self.dag.index

    def label(self, term: str) -> str | None:
        return self.dag.labels.get(iri(term))

    def ic(self, term: str) -> float:
        """Information content of `term` in this index's corpus."""
        return float(self.information[self.number(term)])

    def depth(self, term: str) -> int:
        """Fewest is-a steps from `term` up to HPO's root (HP:0000001 is 0)."""
        return int(self.dag.depth[self.number(term)])

    def parents(self, term: str) -> list[str]:
        return [self.dag.terms[i] for i in self.dag.parents[self.number(term)]]

    def ancestors(self, term: str, *, include_self: bool = True) -> set[str]:
        i = self.number(term)
        return {self.dag.terms[a] for a in self.dag.ancestor_ids(i) if include_self or a != i}

    def descendants(self, term: str, *, include_self: bool = True) -> set[str]:
        i = self.number(term)
        return {self.dag.terms[a] for a in self.dag.descendant_ids(i) if include_self or a != i}

    def common_ancestors(self, a: str, b: str) -> set[str]:
        return {self.dag.terms[i] for i in self.dag.common_ancestor_ids(self.number(a), self.number(b))}

    def lowest_common_ancestors(self, a: str, b: str) -> list[str]:
        """The common ancestors (each term counts as its own ancestor) that have no descendant
        among the common ancestors: where `a` and `b` meet, most informative first."""
        lowest = self.dag.lowest(self.dag.common_ancestor_ids(self.number(a), self.number(b)))
        return [self.dag.terms[i] for i in sorted(lowest, key=lambda i: (-self.information[i], self.dag.terms[i]))]

    def most_informative_common_ancestor(self, a: str, b: str) -> tuple[str, float]:
        """(MICA, its IC): Resnik's similarity of `a` and `b` is that IC (of equally informative
        common ancestors, the deepest)."""
        common = self.dag.common_ancestor_ids(self.number(a), self.number(b))
        best = _most_informative(common, self.information, self.dag)
        return self.dag.terms[best], float(self.information[best])

    # --- diseases ----------------------------------------------------------------------------
    def phenotypes_of(self, disease: str) -> list[str]:
        """The HPO terms annotated as phenotypes of `disease` (an IRI), denials left out."""
        d = self.disease_index[disease]
        return [self.dag.terms[t] for t in self.phenotypes.indices[self.phenotypes.indptr[d]:self.phenotypes.indptr[d + 1]]]

    def disease_label(self, disease: str) -> str:
        return self.disease_labels.get(disease, disease)


def invalidate(store: Store) -> None:
    """Forget every index of `store` (after a write that its `generation` cannot show)."""
    with _LOCK:
        _INDEXES.pop(store, None)


def _phenotype_rows(data: Annotations) -> np.ndarray:
    """Rows asserting a phenotype (RO:0002200) in any annotation graph."""
    return np.isin(data.predicate, [i for i, p in enumerate(data.predicates) if p == HAS_PHENOTYPE])


def _counts(dag: Dag, data: Annotations, corpus: Corpus, terms: np.ndarray) -> tuple[np.ndarray, int]:
    """For each term, how many of the corpus's diseases have it or a descendant; and how many
    diseases the corpus counts."""
    counted = data.rows(corpus)
    members = data.disease[data.rows(corpus, predicates=tuple(data.predicates))] if corpus.population == "any" else data.disease[counted]
    population = len(np.unique(members))
    rows, cols = data.disease[counted], terms[data.term[counted]]
    direct = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(data.diseases), len(dag.terms)))
    reach = (direct @ dag.closure.astype(np.int32)) > 0  # disease x term: the term or a descendant annotated
    return np.asarray(reach.sum(axis=0)).ravel().astype(np.int64), population


def _most_informative(ids: np.ndarray, information: np.ndarray, dag: Dag) -> int:
    """The most informative of `ids`; ties go to the deepest, then to the lowest IRI."""
    best = information[ids].max()
    return min((i for i in ids if information[i] == best), key=lambda i: (-dag.depth[i], dag.terms[i]))
