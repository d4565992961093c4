"""How close Python behind granian can get to Oxigraph's own server on a point query: latency
(median, one keep-alive client) and throughput (wrk) of bare granian RSGI apps (no framework; the
least possible hop to a forked child; that hop plus pyoxigraph), NeuroKG's routes and Oxigraph, all
running at once and measured in interleaved turns. Figures are noisy on a shared machine.

    .venv/bin/python benchmarks/bench_floor.py [--reps 2000] [--seconds 2] [--rounds 5]
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import servers
from bench_layers import interleaved
from bench_throughput import wrk

from neurokg.dataset import open_store

POINT = "SELECT ?label WHERE { <https://w3id.org/neurokg/ALS> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
JSON = "application/sparql-results+json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    query = urlencode({"query": POINT})
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        data = Path(folder) / "data.nq"
        data.write_bytes(open_store("memory").dump("application/n-quads"))
        oxigraph, _ = stack.enter_context(servers.oxigraph(data))
        floors = {kind: stack.enter_context(servers.floor(kind, args.workers, data))[0] for kind in ("hello", "echo", "engine")}
        neurokg, _ = stack.enter_context(servers.neurokg(args.workers, "--data", str(data), "--max-queries-per-client", "1000"))
        accept, fresh = {"Accept": JSON}, {"Accept": JSON, "Cache-Control": "no-cache"}
        targets = [
            ("Oxigraph server, point query", oxigraph, "/query?" + query, accept),
            ("bare granian RSGI app, fixed answer", floors["hello"], "/sparql?" + query, accept),
            ("bare RSGI app + raw socket-pair hop to a forked child (echo)", floors["echo"], "/sparql?" + query, accept),
            ("bare RSGI app + raw hop + pyoxigraph point query in the child", floors["engine"], "/sparql?" + query, accept),
            ("NeuroKG /health (Flask route)", neurokg, "/health", accept),
            ("NeuroKG point query, answer cache", neurokg, "/sparql?" + query, accept),
            ("NeuroKG point query, no-cache", neurokg, "/sparql?" + query, fresh),
        ]
        latency = dict(interleaved(targets, args.reps))
        throughput: dict[str, list[float]] = {name: [] for name, *_ in targets}
        for _ in range(args.rounds):  # short turns, so a busy moment falls on every server alike
            for name, base, path, headers in targets:
                throughput[name].append(wrk(base + path, args.seconds, 16, JSON, fresh="Cache-Control" in headers)[0])
    rps = {name: statistics.median(values) for name, values in throughput.items()}
    oxigraph_ms, hello = latency[targets[0][0]], rps[targets[1][0]]
    print(f"{args.workers} granian workers where it applies; latency: median of {args.reps} requests, one keep-alive "
          f"client, interleaved; throughput: wrk 16 connections, median of {args.rounds} turns of {args.seconds} s\n")
    print("| server | latency median ms | x Oxigraph | req/s | of the bare app | of Oxigraph |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, *_ in targets:
        print(f"| {name} | {latency[name]:.3f} | {latency[name] / oxigraph_ms:.2f}x | {rps[name]:,.0f} | "
              f"{rps[name] / hello:.0%} | {rps[name] / rps[targets[0][0]]:.0%} |")


if __name__ == "__main__":
    main()
