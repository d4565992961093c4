"""Start-up: cold start of `neurokg serve` to the first answered query on the core graph,
reasoning included, with the reasoning cache cold (deleted) and warm.

    .venv/bin/python benchmarks/bench_startup.py [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

import requests
import servers

from neurokg.paths import CACHE_DIR


def first_answer() -> float:
    port = servers.free_port()
    start = time.perf_counter()
    process = subprocess.Popen([str(servers.BIN / "neurokg"), "serve", "--port", str(port), "--workers", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        while True:
            try:
                response = requests.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=5)
                if response.ok:
                    return time.perf_counter() - start
            except requests.ConnectionError:
                time.sleep(0.02)
    finally:
        servers.stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cold, warm = [], []
    for _ in range(args.runs):
        shutil.rmtree(CACHE_DIR / "inferred", ignore_errors=True)
        cold.append(first_answer())
        warm.append(first_answer())
    print(f"cold start to first answer, reasoning cache cold: median {statistics.median(cold):.2f} s  {[round(t, 2) for t in cold]}")
    print(f"cold start to first answer, reasoning cache warm: median {statistics.median(warm):.2f} s  {[round(t, 2) for t in warm]}")
    print(f"(python {sys.version.split()[0]}; the OWL 2 RL closure of three articles, hybrid reasoner, is what the cache saves)")


if __name__ == "__main__":
    main()
