"""Contrast latency: p50/p95 for two and three diseases, NeuroKG's embedded store (pyoxigraph)
against the same contrast computed by the same code on rdflib's own SPARQL engine.

    .venv/bin/python benchmarks/bench_contrasts.py [--runs 200]

Three levels: 'answer' is a repeated request (the computed contrast is kept until the next write);
'warm' recomputes the contrast from the per-disease profiles kept until the next write;
'uncached' clears both before every contrast, so every named query runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from rdflib_store import RdflibStore  # noqa: E402

from neurokg.contrast import contrast  # noqa: E402
from neurokg.contrast.catalog import catalog  # noqa: E402
from neurokg.dataset import open_store  # noqa: E402


def measure(store, diseases, runs, level):
    contrast(store, diseases)
    times = []
    for _ in range(runs):
        if level != "answer":
            catalog(store).answers.clear()
        if level == "uncached":
            catalog(store).profiles.clear()
        start = time.perf_counter()
        contrast(store, diseases)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    store = open_store("memory")
    baseline = RdflibStore(store)
    print(f"{'case':<28} {'NeuroKG p50':>12} {'p95':>8} {'rdflib p50':>11} {'p95':>8} {'ratio':>7}")
    for diseases in (["ALS", "MS"], ["ALS", "SMA", "MS"]):
        name = " vs ".join(diseases)
        answer = measure(store, diseases, args.runs, "answer")
        warm = measure(store, diseases, args.runs, "warm")
        uncached = measure(store, diseases, args.runs, "uncached")
        slow = measure(baseline, diseases, max(5, args.runs // 20), "uncached")
        print(f"{name + ' (answer kept)':<28} {answer[0]:>10.3f}ms {answer[1]:>6.3f}ms {'':>11} {'':>8} {'':>7}")
        print(f"{name + ' (warm)':<28} {warm[0]:>10.2f}ms {warm[1]:>6.2f}ms {'':>11} {'':>8} {'':>7}")
        print(f"{name + ' (uncached)':<28} {uncached[0]:>10.2f}ms {uncached[1]:>6.2f}ms {slow[0]:>9.1f}ms {slow[1]:>6.1f}ms {slow[0] / uncached[0]:>6.0f}x")


if __name__ == "__main__":
    main()
