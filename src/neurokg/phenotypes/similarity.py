"""Resnik similarity of phenotype sets, combined by best-match average, against every annotated
disease at once.

Resnik(q, t) = IC of the most informative common ancestor of q and t (`index.ic`). A set Q against
a disease's phenotypes T: each q in Q takes its best match in T, each t in T its best match in Q;
`symmetric` (the default) averages the two directions' means, (mean_q + mean_t) / 2, as semsimian's
`termset_comparison` and pyhpo's `combine="funSimAvg"` do; `pooled` averages all best matches
together, (sum_q + sum_t) / (|Q| + |T|), as pyhpo's `combine="BMA"` does.

Both directions are computed for all diseases without a term-by-term matrix: the best match of q
in T is the IC of q's most informative ancestor that some t of T has as an ancestor (read from the
disease-by-ancestor matrix `reach`), and the best match of t in Q the IC of t's most informative
ancestor shared with some q (one vector over all terms).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .index import PhenotypeIndex

COMBINE = ("symmetric", "pooled")


@dataclass(frozen=True)
class Match:
    """A best-matching pair: a query term, a disease term, where they meet, and its IC."""

    query: str
    disease: str
    ancestor: str
    ic: float
    best_for: str  # "query" (the disease term is the query term's best match), "disease", or "both"


@dataclass
class Hit:
    disease: str
    score: float
    matches: list[Match] = field(default_factory=list)


def reach(index: PhenotypeIndex) -> sparse.csc_matrix:
    """Disease x term: True where one of the disease's phenotypes is the term or below it (kept on
    the index; columns are read, so CSC)."""
    found = index.cache.get("reach")
    if found is None:
        found = ((index.phenotypes.astype(np.int32) @ index.dag.closure.astype(np.int32)) > 0).tocsc()
        index.cache["reach"] = found
    return found


def scores(index: PhenotypeIndex, query: list[str], combine: str = "symmetric") -> np.ndarray:
    """The similarity of the term set `query` to every disease of the index (in `index.diseases` order)."""
    if combine not in COMBINE:
        raise ValueError(f"combine is one of {', '.join(COMBINE)}, not {combine!r}")
    q = np.unique([index.number(t) for t in query])
    if not len(q):
        raise ValueError("a similarity needs at least one phenotype")
    ic, dag, r = index.information, index.dag, reach(index)
    toward = np.zeros((len(q), len(index.diseases)))  # best match in each disease of each query term
    lists = [dag.ancestor_ids(term) for term in q]
    ancestors = np.concatenate(lists)
    rows = np.repeat(np.arange(len(q)), [len(a) for a in lists])
    keep = ic[ancestors] > 0
    ancestors, rows = ancestors[keep], rows[keep]
    order = np.lexsort((ancestors, ic[ancestors]))  # ascending IC, grouped by ancestor: the last write is the maximum
    ancestors, rows = ancestors[order], rows[order]
    starts = np.flatnonzero(np.r_[True, ancestors[1:] != ancestors[:-1]])
    for start, end in zip(starts, np.r_[starts[1:], len(ancestors)], strict=True):
        a = ancestors[start]
        toward[np.ix_(rows[start:end], r.indices[r.indptr[a]:r.indptr[a + 1]])] = ic[a]
    best = np.zeros(len(dag.terms))  # best match in the query of every term
    for a in _by_information(np.unique(np.concatenate([dag.ancestor_ids(t) for t in q])), ic):
        best[dag.descendant_ids(a)] = ic[a]
    p = index.phenotypes
    sizes = np.diff(p.indptr)
    back = np.add.reduceat(best[p.indices], p.indptr[:-1])  # every disease has at least one phenotype
    if combine == "pooled":
        return (toward.sum(axis=0) + back) / (len(q) + sizes)
    return (toward.mean(axis=0) + back / sizes) / 2


def rank(index: PhenotypeIndex, query: list[str], *, limit: int = 10, combine: str = "symmetric",
         exclude: tuple[str, ...] = ()) -> list[Hit]:
    """The `limit` diseases most similar to `query`, best first (ties by IRI), each explained."""
    values = scores(index, query, combine)
    for disease in exclude:
        if disease in index.disease_index:
            values[index.disease_index[disease]] = -np.inf
    count = max(0, min(limit, int(np.isfinite(values).sum())))
    if count == 0:
        return []
    top = np.argsort(-values, kind="stable")[:count]  # diseases are numbered in IRI order: ties by IRI
    return [Hit(index.diseases[d], float(values[d]), explain(index, query, index.diseases[d])) for d in top]


def similar_diseases(index: PhenotypeIndex, disease: str, *, limit: int = 10, combine: str = "symmetric") -> list[Hit]:
    """The diseases whose phenotypes are most like `disease`'s (an IRI of the index), itself left out."""
    return rank(index, index.phenotypes_of(disease), limit=limit, combine=combine, exclude=(disease,))


def set_similarity(index: PhenotypeIndex, a: list[str], b: list[str], combine: str = "symmetric") -> float:
    """Similarity of two term sets, term by term (the reference the vectorized `scores` must match)."""
    sa, sb = sorted({index.number(t) for t in a}), sorted({index.number(t) for t in b})
    matrix = np.array([[_resnik(index, i, j) for j in sb] for i in sa])
    rows, cols = matrix.max(axis=1), matrix.max(axis=0)
    if combine == "pooled":
        return float((rows.sum() + cols.sum()) / (len(rows) + len(cols)))
    return float((rows.mean() + cols.mean()) / 2)


def explain(index: PhenotypeIndex, query: list[str], disease: str) -> list[Match]:
    """The best-matching pairs between `query` and `disease`'s phenotypes, most informative first:
    each query term with its best disease term, each disease term with its best query term."""
    q = np.unique([index.number(t) for t in query])
    t = np.unique([index.number(x) for x in index.phenotypes_of(disease)])
    pairs: dict[tuple[int, int], tuple[int, set[str]]] = {}
    for side, mine, theirs in (("query", q, t), ("disease", t, q)):
        partner = _partners(index, theirs)
        for term in mine:
            ancestor = _meeting(index, term, partner)
            key = (int(term), int(partner[ancestor])) if side == "query" else (int(partner[ancestor]), int(term))
            pairs.setdefault(key, (ancestor, set()))[1].add(side)
    out = [Match(index.dag.terms[a], index.dag.terms[b], index.dag.terms[anc], float(index.information[anc]),
                 "both" if len(sides) == 2 else next(iter(sides)))
           for (a, b), (anc, sides) in pairs.items()]
    return sorted(out, key=lambda m: (-m.ic, m.query, m.disease))


def _partners(index: PhenotypeIndex, others: np.ndarray) -> np.ndarray:
    """For every term, the most informative of `others` (ties: the lowest IRI) that has it as an
    ancestor, or -1."""
    dag, ic = index.dag, index.information
    partner = np.full(len(dag.terms), -1, dtype=np.int64)
    for o in sorted(others.tolist(), key=lambda o: (ic[o], -o)):  # the best one writes last
        partner[dag.ancestor_ids(o)] = o
    return partner


def _meeting(index: PhenotypeIndex, term: int, partner: np.ndarray) -> int:
    """The most informative ancestor of `term` that a partner has; ties go to the deepest, then the
    lowest IRI (terms are numbered in IRI order), as in `most_informative_common_ancestor`."""
    ancestors = index.dag.ancestor_ids(term)
    shared = ancestors[partner[ancestors] >= 0]
    return int(shared[np.lexsort((shared, -index.dag.depth[shared], -index.information[shared]))[0]])


def _resnik(index: PhenotypeIndex, i: int, j: int) -> float:
    common = index.dag.common_ancestor_ids(i, j)
    return float(index.information[common].max())


def _by_information(ids: np.ndarray, ic: np.ndarray) -> np.ndarray:
    """`ids` with positive IC, least informative first."""
    ids = ids[ic[ids] > 0]
    return ids[np.argsort(ic[ids], kind="stable")]
