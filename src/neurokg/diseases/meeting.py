"""Where two diseases' different phenotypes meet in HPO: the closest shared ancestor that is still
specific (rule, also in the JSON as `meeting_rule`).

Rule: for a phenotype A of one disease and B of another (each unique to its disease), the meeting
term is the common ancestor (A or B itself included) with the greatest depth — depth = fewest is-a
steps from HPO's root HP:0000001 ('All'; 'Phenotypic abnormality' HP:0000118 is depth 1, the organ
systems below it depth 2) — ties broken by the fewest steps from A plus B. A pair meets only if
that term has depth at least MIN_DEPTH (5: nothing as general as 'Abnormality of the nervous
system' or the two levels below it, such as 'Abnormal muscle physiology') and both A and B lie at most MAX_STEPS (3) steps below it. Each
phenotype is shown with its best partner only (deepest meeting, then fewest steps, then label)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import queries
from ..results import values
from .cache import cached
from ..store import Store

ROOT = "http://purl.obolibrary.org/obo/HP_0000001"
MIN_DEPTH = 5
MAX_STEPS = 3
RULE = " ".join(__doc__.split("Rule: ", 1)[1].split())


@dataclass
class Dag:
    parents: dict[str, list[str]]
    labels: dict[str, str]
    _up: dict[str, dict[str, int]]
    _depth: dict[str, int]

    def ancestors(self, term: str) -> dict[str, int]:
        """Term -> fewest is-a steps up from `term` (itself at 0)."""
        if term not in self._up:
            found, frontier, steps = {term: 0}, [term], 0
            while frontier:
                steps += 1
                frontier = [p for t in frontier for p in self.parents.get(t, []) if p not in found]
                for p in frontier:
                    found.setdefault(p, steps)
            self._up[term] = found
        return self._up[term]

    def depth(self, term: str) -> int | None:
        if term not in self._depth:
            self._depth[term] = self.ancestors(term).get(ROOT)  # type: ignore[assignment]
        return self._depth[term]


def dag(store: Store) -> Dag:
    """HPO's is-a DAG as imported in graph/import/hpo, read once per data version."""
    def build() -> Dag:
        parents: dict[str, list[str]] = {}
        labels: dict[str, str] = {}
        for row in values(store.query(queries.load("diseases/hpo-parents").text)):
            labels[row["term"]] = row["label"]
            parents.setdefault(row["term"], [])
            if "parent" in row and row["parent"] not in parents[row["term"]]:
                parents[row["term"]].append(row["parent"])
        return Dag(parents, labels, {}, {})

    return cached(store, ("hpo-dag",), build, lasting=True)


def meet(d: Dag, a: str, b: str) -> tuple[str, int, int, int] | None:
    """(meeting term, its depth, steps from a, steps from b) by the rule above, or None."""
    up_a, up_b = d.ancestors(a), d.ancestors(b)
    best = None
    for term in up_a.keys() & up_b.keys():
        depth = d.depth(term)
        if depth is None or depth < MIN_DEPTH or up_a[term] > MAX_STEPS or up_b[term] > MAX_STEPS:
            continue
        rank = (-depth, up_a[term] + up_b[term], d.labels.get(term, term))
        if best is None or rank < best[0]:
            best = (rank, (term, depth, up_a[term], up_b[term]))
    return best[1] if best else None


def meetings(d: Dag, left: dict[str, str], right: dict[str, str]) -> list[dict]:
    """Best meetings between phenotypes only in `left` and only in `right` (term -> label), each
    phenotype in at most one pair: greedily, deepest meeting first."""
    pairs = []
    for a in left:
        for b in right:
            found = meet(d, a, b)
            if found:
                term, depth, steps_a, steps_b = found
                pairs.append(((-depth, steps_a + steps_b, left[a].lower(), right[b].lower()), a, b, term, depth, steps_a, steps_b))
    used_a: set[str] = set()
    used_b: set[str] = set()
    out = []
    for _, a, b, term, depth, steps_a, steps_b in sorted(pairs):
        if a in used_a or b in used_b:
            continue
        used_a.add(a)
        used_b.add(b)
        out.append({"term": term, "label": d.labels.get(term, term), "depth": depth,
                    "left": {"term": a, "label": left[a], "steps": steps_a},
                    "right": {"term": b, "label": right[b], "steps": steps_b}})
    return out
