"""Real memory of the served processes (PSS, so shared pages count once), per process and in all,
before and after a full-scan sequence: every route, /health and /metrics many times (so every
worker sees them) and full-scan queries 16 at a time (so every query process runs one), NeuroKG
next to Oxigraph's server on the same quads, and the size of one in-memory store for reference.
Figures are noisy on a shared machine.

    .venv/bin/python benchmarks/bench_memory.py            # the core graph
    .venv/bin/python benchmarks/bench_memory.py --scale    # plus full HPO, MONDO, UBERON, ChEBI
    .venv/bin/python benchmarks/bench_memory.py --imports "hpo mondo cl uberon chebi"
    .venv/bin/python benchmarks/bench_memory.py --store PATH   # an on-disk store already imported
        # the store `make serve IMPORTS=...` serves: each import run by the CLI into an on-disk store
        # (HPO whole, with its annotations, genes and MONDO xrefs; the others as modules), served
        # from there; Oxigraph's server on its N-Quads dump (`neurokg export --format nquads`)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
import sys
import tempfile
import threading
from pathlib import Path

import hostile as h
import requests
import servers
from bench_query_mix import build

ROUTES = ["/", "/compare", "/contrast?disease=ALS&disease=MS", "/entity/ALS", "/graph?entity=ALS", "/explore?entity=ALS",
          "/explore/classes", "/sparql", "/health", "/metrics"]
SCANS = ["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
         "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"]


def one_store_mb(data: Path) -> float:
    """Resident memory a process gains by loading the quads into an in-memory pyoxigraph store."""
    code = ("import pyoxigraph as ox, resource, sys\n"
            "def rss(): return int(open('/proc/self/statm').read().split()[1]) * resource.getpagesize() / 1e6\n"
            "before = rss(); s = ox.Store(); s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS); len(s)\n"
            "print(rss() - before)")
    return float(subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True, check=True).stdout)


def sequence(target: h.Target, neurokg: bool) -> None:
    if neurokg:
        for route in ROUTES:
            for _ in range(10):
                requests.get(target.base + route, timeout=120)
    threads = []
    for i in range(16):  # more at once than query processes per worker: every one runs a scan
        for query in SCANS:
            thread = threading.Thread(target=lambda q=query, s=f"127.0.0.{2 + i}": h.request(target, q, source=s, timeout=300))
            threads.append(thread)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def report(name: str, before: dict[int, float], after: dict[int, float]) -> str:
    return (f"{name}: before {sum(before.values()):,.0f} MB in {len(before)} processes "
            f"({', '.join(f'{v:,.0f}' for v in sorted(before.values(), reverse=True))}); after the full-scan sequence "
            f"{sum(after.values()):,.0f} MB in {len(after)} processes ({', '.join(f'{v:,.0f}' for v in sorted(after.values(), reverse=True))})")


def served_store(names: list[str], folder: Path, location: Path | None = None) -> tuple[Path, list[str], int]:
    """Import `names` with the CLI into an on-disk store (or take `location` as built), as `make serve IMPORTS=...` does; its N-Quads dump."""
    location, neurokg = location or folder / "store", str(servers.BIN / "neurokg")
    for name in names:
        started = time.perf_counter()
        subprocess.run([neurokg, "import", name, "--store", f"oxigraph:{location}"], check=True, capture_output=True)
        print(f"  neurokg import {name}: {time.perf_counter() - started:.1f} s", flush=True)
    subprocess.run([neurokg, "export", "--format", "nquads", "--store", f"oxigraph:{location}", "--out", str(folder / "export")],
                   check=True, capture_output=True)
    data = folder / "export" / "neurokg.nq"
    with open(data, "rb") as handle:
        size = sum(1 for _ in handle)
    return data, ["--store", f"oxigraph:{location}"], size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", action="store_true")
    parser.add_argument("--imports", help="serve the on-disk store these imports (space-separated) build")
    parser.add_argument("--store", type=Path, help="serve this on-disk store (e.g. one `neurokg import hpo` built) instead")
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (a shared machine: figures are noisy)")
    with tempfile.TemporaryDirectory(prefix="neurokg-memory-") as folder:
        if args.store or args.imports:
            data, serve_args, size = served_store(args.imports.split() if args.imports else [], Path(folder), args.store)
        else:
            data, size = build(args.scale, Path(folder))
            serve_args = ["--data", str(data)]
        print(f"dataset: {size:,} quads; one in-memory pyoxigraph store of it: {one_store_mb(data):,.0f} MB", flush=True)
        with servers.neurokg(2, *serve_args, "--timeout", "120") as (base, process):
            target = h.Target("NeuroKG", base, "/sparql", process.pid)
            before = h.pss_mb(process.pid)
            sequence(target, True)
            print(report("NeuroKG (2 workers, their query processes, the master)", before, h.pss_mb(process.pid)), flush=True)
        with servers.oxigraph(data) as (base, process):
            target = h.Target("Oxigraph", base, "/query", process.pid)
            before = h.pss_mb(process.pid)
            sequence(target, False)
            print(report("Oxigraph server", before, h.pss_mb(process.pid)), flush=True)


if __name__ == "__main__":
    main()
