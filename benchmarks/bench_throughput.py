"""Throughput ceiling on this machine: requests/s and latency for a point query and a contrast,
NeuroKG with 1 and 2 workers, next to a trivial route on the same stack (NeuroKG's /health: the
HTTP front, Flask and every hook, counts kept), a trivial Flask route under gunicorn and Oxigraph's
own server, in the same run. wrk's connections all come from one address, so NeuroKG runs with a
per-client cap above them. Load comes from wrk (Debian package) on 127.0.0.1, bounded in time.
'point' repeats one query (answered from the worker's answer cache after the first); 'point,
no-cache' sends Cache-Control: no-cache, so every request is evaluated by the engine.

    .venv/bin/python benchmarks/bench_throughput.py [--seconds 10] [--connections 16]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlencode

import requests
import servers

from neurokg.dataset import open_store

POINT = "SELECT ?label WHERE { <https://w3id.org/neurokg/ALS> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"


def wrk(url: str, seconds: int, connections: int, accept: str = "application/sparql-results+json",
        fresh: bool = False) -> tuple[float, str, str]:
    """requests/s, p50, p99; `fresh` sends Cache-Control: no-cache (NeuroKG evaluates every request)."""
    headers = ["-H", f"Accept: {accept}"] + (["-H", "Cache-Control: no-cache"] if fresh else [])
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *headers, url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses")
    return rps, p50, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    point = "/sparql?" + urlencode({"query": POINT})
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data.nq"
        data.write_bytes(open_store("memory").dump("application/n-quads"))
        with servers.gunicorn_app("trivial_flask", 2) as (base, _):
            rows.append(("trivial Flask route, gunicorn 2 workers", "point", *wrk(base + "/sparql", args.seconds, args.connections)))
        with servers.oxigraph(data) as (base, _):
            rows.append(("oxigraph serve-read-only", "point", *wrk(base + point.replace("/sparql", "/query"), args.seconds, args.connections)))
        for workers in (1, 2):
            with servers.neurokg(workers, "--max-queries-per-client", "1000") as (base, _):
                rows.append((f"NeuroKG, {workers} worker(s)", "/health (trivial)", *wrk(base + "/health", args.seconds, args.connections, "application/json")))
                rows.append((f"NeuroKG, {workers} worker(s)", "point", *wrk(base + point, args.seconds, args.connections)))
                rows.append((f"NeuroKG, {workers} worker(s)", "point, no-cache", *wrk(base + point, args.seconds, args.connections, fresh=True)))
                for _ in range(4 * workers):  # the first contrast per worker computes it (seconds): not the figure
                    requests.get(base + "/contrast?disease=ALS&disease=MS", headers={"Accept": "application/json"}, timeout=120)
                rows.append((f"NeuroKG, {workers} worker(s)", "contrast ALS/MS", *wrk(base + "/contrast?disease=ALS&disease=MS", args.seconds, args.connections, "application/json")))
    ceiling = rows[0][2]
    same_stack = {name: rps for name, what, rps, *_ in rows if what == "/health (trivial)"}
    cached = {name: rps for name, what, rps, *_ in rows if what == "point"}
    print("'of /health': the Flask route on the same server; 'of cached point': the same query answered from the "
          "answer cache, on the same event-loop path (web.fast_path) minus the hop to a query process and the engine\n")
    print("| server | request | req/s | p50 | p99 | of gunicorn Flask | of /health | of cached point |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, what, rps, p50, p99 in rows:
        own = f"{rps / same_stack[name]:.0%}" if name in same_stack else ""
        hop = f"{rps / cached[name]:.0%}" if name in cached and what == "point, no-cache" else ""
        print(f"| {name} | {what} | {rps:,.0f} | {p50} | {p99} | {rps / ceiling:.0%} | {own} | {hop} |")


if __name__ == "__main__":
    main()
