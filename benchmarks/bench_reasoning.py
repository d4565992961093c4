"""Reasoning: owlrl (the reference, pure Python) against reasonable (Rust) and the default hybrid
(reasonable plus the OWL 2 RL rules it lacks), on NeuroKG's own graph (per article, as the loader
reasons) and on synthetic ontology-shaped graphs.

    .venv/bin/python benchmarks/bench_reasoning.py [--max-owlrl 8000] [--sizes 2000,8000,20000,50000]

Prints seconds and triples added per reasoner, and owlrl's time over hybrid's; owlrl is skipped
above --max-owlrl (it grows super-linearly: ~100 s at 20k triples on this machine).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rdflib import Graph

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import ontology_graph  # noqa: E402

from neurokg import reasoning  # noqa: E402
from neurokg.loader import dataset_files, parse  # noqa: E402


def timed(graph: Graph, reasoner: str) -> tuple[float, int]:
    start = time.perf_counter()
    added = reasoning.closure(graph, reasoner)
    return time.perf_counter() - start, len(added)


def neurokg_graphs() -> dict[str, Graph]:
    files = dataset_files()
    shared = Graph()
    for name in ("ontology", "entities"):
        shared += parse(files[f"https://w3id.org/neurokg/graph/{name}"])
    graphs = {}
    for iri, path in files.items():
        if iri.rsplit("/", 1)[-1] in ("ontology", "entities", "sources"):
            continue
        graph = Graph()
        graph += shared
        graph += parse(path)
        graphs[f"neurokg:{path.stem}"] = graph
    return graphs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,8000,20000,50000")
    parser.add_argument("--max-owlrl", type=int, default=8000)
    args = parser.parse_args()
    graphs = neurokg_graphs()
    graphs |= {f"synthetic:{n}": ontology_graph(n) for n in map(int, args.sizes.split(","))}
    print(f"{'graph':<45} {'triples':>8} {'owlrl s':>9} {'added':>7} {'hybrid s':>9} {'added':>7} "
          f"{'reasonable s':>13} {'added':>7} {'owlrl/hybrid':>13}")
    for name, graph in graphs.items():
        fast, fast_added = timed(graph, "reasonable")
        hybrid, hybrid_added = timed(graph, "hybrid")
        tail = f"{hybrid:>9.3f} {hybrid_added:>7} {fast:>13.3f} {fast_added:>7}"
        if len(graph) <= args.max_owlrl:
            slow, slow_added = timed(graph, "owlrl")
            print(f"{name:<45} {len(graph):>8} {slow:>9.2f} {slow_added:>7} {tail} {slow / hybrid:>12.0f}x")
        else:
            print(f"{name:<45} {len(graph):>8} {'skipped':>9} {'':>7} {tail} {'':>13}")

if __name__ == "__main__":
    main()
