"""Load: 50 concurrent clients for 60 s against `neurokg serve` (production server, 127.0.0.1 only)
with a mix of example queries, contrasts, entity pages, graph exports, explorer pages and malformed
requests. Reports requests/s,
p50/p99 latency, 5xx count, dropped connections, and resident memory after warm-up and at the end.

    .venv/bin/python benchmarks/load_test.py [--clients 50] [--seconds 60] [--workers 2]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import threading
import time
from pathlib import Path

import requests
import servers

from neurokg import queries

MALFORMED = [("GET", "/sparql", {"query": "SELEKT * WHERE {"}), ("POST", "/sparql", {"update": "CLEAR ALL"}),
             ("GET", "/contrast", {"disease": "ALS"}), ("GET", "/entity/../../etc/passwd", {}),
             ("GET", "/sparql", {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})]


def requests_mix() -> list[tuple[str, str, dict]]:
    mix = [("GET", "/sparql", {"query": q.text}) for q in queries.catalog("examples") if not q.requires]
    mix += [("GET", "/contrast", {"disease": pair}) for pair in (["ALS", "MS"], ["ALS", "SMA"], ["ALS", "SMA", "MS"])]
    mix += [("GET", f"/entity/{name}", {}) for name in ("ALS", "MS", "SMA", "Riluzole", "UpperMotorNeuron")]
    mix += [("GET", "/graph", {"entity": "ALS", "format": "cyjs"}), ("GET", "/graph", {"contrast": ["ALS", "MS"], "format": "graphml"}),
            ("GET", "/explore/contrast", {"disease": ["ALS", "SMA"]}), ("GET", "/explore/classes", {}),
            ("GET", "/api/search", {"q": "scler"}), ("GET", "/api/facts/Riluzole", {})]
    return mix + MALFORMED


def rss_mb(pid: int) -> float:
    total = 0
    for p in [pid, *servers._children(pid)]:
        with contextlib.suppress(FileNotFoundError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def client(base: str, until: float, mix, latencies: list, counts: dict, lock: threading.Lock) -> None:
    session, rng = requests.Session(), random.Random(threading.get_ident())
    while time.monotonic() < until:
        method, path, params = rng.choice(mix)
        start = time.perf_counter()
        try:
            response = session.request(method, base + path, params=params if method == "GET" else None,
                                        data=params if method == "POST" else None, timeout=30)
            key = "5xx" if response.status_code >= 500 else f"{response.status_code // 100}xx"
        except requests.RequestException:
            key = "dropped"
        with lock:
            counts[key] = counts.get(key, 0) + 1
            latencies.append((time.perf_counter() - start) * 1000)


def phase(base, mix, clients, seconds):
    latencies, counts, lock = [], {}, threading.Lock()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(base, until, mix, latencies, counts, lock)) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    mix = requests_mix()
    with servers.neurokg(args.workers) as (base, process):
        phase(base, mix, args.clients, 5)  # warm-up
        before = rss_mb(process.pid)
        latencies, counts = phase(base, mix, args.clients, args.seconds)
        after = rss_mb(process.pid)
    latencies.sort()
    total = len(latencies)
    print(f"{args.clients} clients, {args.seconds} s, {args.workers} workers, mix of {len(mix)} requests "
          f"(examples, contrasts, entity pages, graph exports, explorer pages, {len(MALFORMED)} malformed)")
    print(f"requests: {total} ({total / args.seconds:.0f}/s); p50 {statistics.median(latencies):.1f} ms, "
          f"p99 {latencies[int(total * 0.99) - 1]:.1f} ms")
    print(f"responses: {dict(sorted(counts.items()))}; 5xx: {counts.get('5xx', 0)}; dropped: {counts.get('dropped', 0)}")
    print(f"resident memory after warm-up {before:.0f} MB, at the end {after:.0f} MB ({(after - before) / before:+.1%})")


if __name__ == "__main__":
    main()
