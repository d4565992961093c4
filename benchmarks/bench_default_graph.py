"""The default graph as a set: what the deduplicated copy costs against pyoxigraph's own (bag) union,
on NeuroKG's graph, in the same run.

    .venv/bin/python benchmarks/bench_default_graph.py [--repeat 200]

Prints build time, stored quads, one SPARQL Update, and per query the milliseconds and rows of
the bag union (pyoxigraph's `use_default_graph_as_union`, what NeuroKG did before) and of the
set (the embedded store now), with their ratio. Figures are noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

from neurokg.loader import build
from neurokg.store.embedded import EmbeddedStore

QUERIES = {
    "count all": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    "ALS symptoms": "SELECT ?x { <https://w3id.org/neurokg/ALS> <https://w3id.org/neurokg/hasSymptom> ?x }",
    "subclass path": "SELECT * { ?s <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ ?o }",
    "GRAPH ?g count": "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "GRAPH ?g bound subject": "SELECT * { GRAPH ?g { <https://w3id.org/neurokg/ALS> ?p ?o } }",
    "GRAPH <entities>": "SELECT * { GRAPH <https://w3id.org/neurokg/graph/entities> { ?s ?p ?o } }",
}


def timed(run, repeat: int) -> tuple[float, int]:
    samples, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = len(list(run()))
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    stores = {}
    for kind, union in (("bag", False), ("set", True)):
        store = EmbeddedStore(union_default_graph=union)
        start = time.perf_counter()
        build(store, progress=False)
        stores[kind] = store
        print(f"{kind}: build {time.perf_counter() - start:.2f} s, {len(store._store)} quads stored")
    for kind, store in stores.items():
        update = f"INSERT DATA {{ GRAPH <http://example.org/{kind}> {{ <http://example.org/a> <http://example.org/b> 1 }} }}"
        start = time.perf_counter()
        store.update(update)
        print(f"{kind}: one INSERT DATA {1000 * (time.perf_counter() - start):.1f} ms")
    bag = stores["bag"]._store
    print(f"{'query':<24}{'bag ms':>9}{'rows':>7}{'set ms':>9}{'rows':>7}{'set/bag':>9}")
    for name, query in QUERIES.items():
        bag_ms, bag_rows = timed(lambda q=query: bag.query(q, use_default_graph_as_union=True), args.repeat)
        set_ms, set_rows = timed(lambda q=query: stores["set"].query(q), args.repeat)
        print(f"{name:<24}{bag_ms:>9.3f}{bag_rows:>7}{set_ms:>9.3f}{set_rows:>7}{set_ms / bag_ms:>9.2f}")


if __name__ == "__main__":
    main()
