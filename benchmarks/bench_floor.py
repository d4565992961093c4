"""How close Python behind granian can get to Oxigraph's own server on a point query: latency
(median, one keep-alive client) and throughput (wrk) of bare granian RSGI apps (no framework; the
least possible hop to a forked child; that hop plus pyoxigraph), NeuroKG's routes and Oxigraph, all
in the same run. Figures are noisy on a shared machine.

    .venv/bin/python benchmarks/bench_floor.py [--reps 2000] [--seconds 5]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import servers
from bench_layers import over_http
from bench_throughput import wrk

from neurokg.dataset import open_store

POINT = "SELECT ?label WHERE { <https://w3id.org/neurokg/ALS> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
JSON = "application/sparql-results+json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    query = urlencode({"query": POINT})
    rows = []

    def measure(name: str, base: str, path: str, headers: dict | None = None) -> None:
        headers = {"Accept": JSON, **(headers or {})}
        latency = over_http(base, path, args.reps, headers)
        rps, p50, p99 = wrk(base + path, args.seconds, 16, JSON, fresh="Cache-Control" in headers)
        rows.append((name, latency, rps, p50, p99))
        print(f"  {name}: {latency:.3f} ms, {rps:,.0f} req/s", flush=True)

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data.nq"
        data.write_bytes(open_store("memory").dump("application/n-quads"))
        with servers.oxigraph(data) as (base, _):
            measure("Oxigraph server, point query", base, "/query?" + query)
        for kind, what in [("hello", "bare granian RSGI app, fixed answer"),
                           ("echo", "bare RSGI app + raw socket-pair hop to a forked child (echo)"),
                           ("engine", "bare RSGI app + raw hop + pyoxigraph point query in the child")]:
            with servers.floor(kind, args.workers, data) as (base, _):
                measure(what, base, "/sparql?" + query)
        with servers.neurokg(args.workers, "--data", str(data), "--max-queries-per-client", "1000") as (base, _):
            measure("NeuroKG /health (Flask route)", base, "/health")
            measure("NeuroKG point query, answer cache", base, "/sparql?" + query)
            measure("NeuroKG point query, no-cache", base, "/sparql?" + query, {"Cache-Control": "no-cache"})
    oxigraph = rows[0]
    hello = rows[1]
    print(f"\n{args.workers} granian workers where it applies; wrk 16 connections, {args.seconds} s per row\n")
    print("| server | latency median ms | x Oxigraph | req/s | of the bare app | p50 | p99 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, latency, rps, p50, p99 in rows:
        print(f"| {name} | {latency:.3f} | {latency / oxigraph[1]:.2f}x | {rps:,.0f} | {rps / hello[2]:.0%} | {p50} | {p99} |")


if __name__ == "__main__":
    main()
