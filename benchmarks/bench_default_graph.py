"""The default graph as a set: what the deduplicated copy costs against pyoxigraph's own (bag) union,
on NeuroKG's graph, in the same run.

    .venv/bin/python benchmarks/bench_default_graph.py [--repeat 200] [--load-quads 2500000] [--disk]

Prints build time, stored quads, the cost of one write (median `INSERT DATA` / `DELETE DATA` on
the core graph: the full pass every update paid before, against the incremental sync of
`neurokg.store.set_copy`), the time to load `--load-quads` triples into one graph (before: a load
then a copy, two transactions; now: one load of the data and its copy), and per query the
milliseconds and rows of the bag union (pyoxigraph's `use_default_graph_as_union`) and of the set
(the embedded store now), with their ratio. Figures are noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

import pyoxigraph as ox

from neurokg.loader import build
from neurokg.store import set_copy
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


def writes(store: EmbeddedStore, repeat: int) -> None:
    """Median ms of one INSERT DATA and one DELETE DATA, with the full pass (before) and now."""
    triple = "<http://example.org/a> <http://example.org/b> {n}"
    for name, apply in (("full pass (before)", lambda u: store._store.update(f"{u} ;\n{set_copy.FULL_SYNC}")),
                        ("incremental (now)", store.update)):
        for op in ("INSERT", "DELETE"):
            samples = []
            for n in range(repeat):
                update = f"{op} DATA {{ GRAPH <https://w3id.org/neurokg/graph/entities> {{ {triple.format(n=n)} }} }}"
                start = time.perf_counter()
                apply(update)
                samples.append(time.perf_counter() - start)
            print(f"{op} DATA, {name}: median {1000 * statistics.median(samples):.2f} ms over {repeat}")


def load(quads: int, disk: bool) -> None:
    """Seconds to load `quads` HPO-like triples (N-Triples) into one graph, before and now."""
    lines = [f'<http://purl.obolibrary.org/obo/HP_{i // 9:07d}> <http://example.org/p{i % 9}> "value {i}" .' for i in range(quads)]
    data = ("\n".join(lines) + "\n").encode()
    del lines
    graph = "https://w3id.org/neurokg/graph/import/hpo"
    for where in ("memory", "disk") if disk else ("memory",):
        with tempfile.TemporaryDirectory(dir=".") as folder:
            before = ox.Store(f"{folder}/before") if where == "disk" else ox.Store()
            start = time.perf_counter()
            before.load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
            before.update(f"INSERT {{ GRAPH <{set_copy.SET.value}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
            print(f"load {quads:,} triples ({where}), load + copy, two transactions (before): {time.perf_counter() - start:.1f} s")
            del before
            now = EmbeddedStore(f"{folder}/now" if where == "disk" else None)
            start = time.perf_counter()
            now.load(data, "application/n-triples", graph)
            print(f"load {quads:,} triples ({where}), one transaction (now): {time.perf_counter() - start:.1f} s, {len(now._store):,} quads")
            del now


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--load-quads", type=int, default=2_500_000)
    parser.add_argument("--disk", action="store_true", help="also load into an on-disk store")
    args = parser.parse_args()
    stores = {}
    for kind, union in (("bag", False), ("set", True)):
        store = EmbeddedStore(union_default_graph=union)
        start = time.perf_counter()
        build(store, progress=False)
        stores[kind] = store
        print(f"{kind}: build {time.perf_counter() - start:.2f} s, {len(store._store)} quads stored")
    writes(stores["set"], args.repeat // 10 or 1)
    load(args.load_quads, args.disk)
    bag = stores["bag"]._store
    print(f"{'query':<24}{'bag ms':>9}{'rows':>7}{'set ms':>9}{'rows':>7}{'set/bag':>9}")
    for name, query in QUERIES.items():
        bag_ms, bag_rows = timed(lambda q=query: bag.query(q, use_default_graph_as_union=True), args.repeat)
        set_ms, set_rows = timed(lambda q=query: stores["set"].query(q), args.repeat)
        print(f"{name:<24}{bag_ms:>9.3f}{bag_rows:>7}{set_ms:>9.3f}{set_rows:>7}{set_ms / bag_ms:>9.2f}")


if __name__ == "__main__":
    main()
