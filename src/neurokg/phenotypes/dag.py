"""HPO's is-a DAG as arrays: terms numbered 0..n-1, the ancestors-or-self closure as a sparse
boolean matrix (row = term, columns = its ancestors and itself), depth from the root.

>>> dag = Dag.build([("HP:3", "HP:2"), ("HP:2", "HP:1"), ("HP:4", "HP:1")], {"HP:1": "root"})
>>> sorted(dag.terms[i] for i in dag.ancestor_ids(dag.index["HP:3"]))
['HP:1', 'HP:2', 'HP:3']
>>> [int(dag.depth[dag.index[t]]) for t in ("HP:1", "HP:2", "HP:3")]
[0, 1, 2]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import sparse


class CycleError(ValueError):
    """The is-a links are not a DAG."""


@dataclass
class Dag:
    terms: list[str]  # term IRIs (or CURIEs), numbered by position
    index: dict[str, int]
    labels: dict[str, str]
    parents: list[np.ndarray]  # direct parents of each term
    closure: sparse.csr_matrix  # closure[t, a] is True when a is t or an ancestor of t
    below: sparse.csr_matrix  # the transpose: below[a, t] is True when t is a or a descendant of a
    depth: np.ndarray  # fewest is-a steps to a root (a term without parents): 0 for a root

    @classmethod
    def build(cls, edges: Iterable[tuple[str, str]], labels: dict[str, str], extra: Iterable[str] = ()) -> Dag:
        """The DAG of (child, parent) `edges`; `extra` terms (annotated but absent) join without parents."""
        edges = list(edges)
        terms = sorted({t for edge in edges for t in edge} | set(labels) | set(extra))
        index = {t: i for i, t in enumerate(terms)}
        n = len(terms)
        child = np.fromiter((index[c] for c, _ in edges), dtype=np.int64, count=len(edges))
        parent = np.fromiter((index[p] for _, p in edges), dtype=np.int64, count=len(edges))
        up = sparse.csr_matrix((np.ones(len(edges), dtype=bool), (child, parent)), shape=(n, n))
        up.sum_duplicates()
        parents = [up.indices[up.indptr[i]:up.indptr[i + 1]] for i in range(n)]
        order = _topological(parents, n)
        ancestors: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * n
        depth = np.zeros(n, dtype=np.int64)
        for t in order:
            ps = parents[t]
            if len(ps):
                ancestors[t] = np.union1d(np.concatenate([ancestors[p] for p in ps]), [t])
                depth[t] = depth[ps].min() + 1
            else:
                ancestors[t] = np.array([t], dtype=np.int64)
        lengths = np.fromiter((len(a) for a in ancestors), dtype=np.int64, count=n)
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        indices = np.concatenate(ancestors) if n else np.empty(0, dtype=np.int64)
        closure = sparse.csr_matrix((np.ones(len(indices), dtype=bool), indices, indptr), shape=(n, n))
        return cls(terms, index, labels, parents, closure, closure.T.tocsr(), depth)

    def ancestor_ids(self, i: int) -> np.ndarray:
        """Numbers of the ancestors of term `i`, itself included, ascending."""
        return self.closure.indices[self.closure.indptr[i]:self.closure.indptr[i + 1]]

    def descendant_ids(self, i: int) -> np.ndarray:
        """Numbers of the descendants of term `i`, itself included, ascending."""
        return self.below.indices[self.below.indptr[i]:self.below.indptr[i + 1]]

    def common_ancestor_ids(self, i: int, j: int) -> np.ndarray:
        return np.intersect1d(self.ancestor_ids(i), self.ancestor_ids(j), assume_unique=True)

    def lowest(self, ids: np.ndarray) -> np.ndarray:
        """The members of `ids` (a set closed under ancestors) with no descendant among them."""
        strict = [a[a != i] for i in ids for a in (self.ancestor_ids(i),)]
        above = np.unique(np.concatenate(strict)) if strict else np.empty(0, dtype=np.int64)
        return np.setdiff1d(ids, above, assume_unique=True)


def _topological(parents: list[np.ndarray], n: int) -> list[int]:
    """Terms ordered so that every parent comes before its children (Kahn)."""
    waiting = np.fromiter((len(p) for p in parents), dtype=np.int64, count=n)
    children: list[list[int]] = [[] for _ in range(n)]
    for t, ps in enumerate(parents):
        for p in ps:
            children[p].append(t)
    order = [t for t in range(n) if waiting[t] == 0]
    for t in order:  # grows while it is walked
        for c in children[t]:
            waiting[c] -= 1
            if waiting[c] == 0:
                order.append(c)
    if len(order) < n:
        raise CycleError(f"{n - len(order)} terms are in an is-a cycle")
    return order
