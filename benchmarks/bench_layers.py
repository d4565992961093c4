"""Where a point query's time goes, layer by layer, from the engine out to the socket: each layer
is timed alone (median of many calls) in this process, then the whole request over HTTP with a
light keep-alive client against `neurokg serve`, a bare granian app and Oxigraph's server, running
at once and measured in interleaved turns (a busy moment on the shared machine falls on all alike).
Figures are noisy on a shared machine.

    .venv/bin/python benchmarks/bench_layers.py [--reps 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import servers

from neurokg import query_guard
from neurokg.dataset import open_store
from neurokg.executor import Executor, Request
from neurokg.server.limits import Limits
from neurokg.web import create_app
from neurokg.web.answer_cache import AnswerCache, Cached
from neurokg.web.fast_path import FastPath

POINT = "SELECT ?label WHERE { <https://w3id.org/neurokg/ALS> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
JSON = "application/sparql-results+json"


def median_ms(function, reps: int) -> float:
    for _ in range(min(50, reps)):
        function()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def over_http(base: str, path: str, reps: int, headers: dict | None = None) -> float:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)

    def once():
        conn.request("GET", path, headers=headers or {})
        conn.getresponse().read()

    try:
        return median_ms(once, reps)
    finally:
        conn.close()


def interleaved(targets: list[tuple[str, str, str, dict]], reps: int, rounds: int = 20) -> list[tuple[str, float]]:
    """Median latency per target over HTTP, measured in `rounds` turns (every target a share of
    `reps` per turn), so a busy moment on a shared machine falls on all of them alike."""
    conns, times = {}, {name: [] for name, *_ in targets}
    for name, base, _, _ in targets:
        host, port = base.removeprefix("http://").split(":")
        conns[name] = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        for turn in range(rounds + 1):
            for name, _, path, headers in targets:
                conn = conns[name]
                for _ in range(max(1, reps // rounds)):
                    start = time.perf_counter()
                    conn.request("GET", path, headers=headers)
                    conn.getresponse().read()
                    if turn:  # the first turn warms up
                        times[name].append(time.perf_counter() - start)
    finally:
        for conn in conns.values():
            conn.close()
    return [(name, statistics.median(times[name]) * 1000) for name, *_ in targets]


def fast_path_ms(app, reps: int) -> float:
    """The event-loop path as the HTTP front calls it, on an event loop in this process."""
    fast = FastPath(app)
    app.extensions["neurokg.executor"].run(Request("ASK {}"), 10)  # one idle query process, as when serving
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/sparql", "QUERY_STRING": "query=" + quote(POINT),
               "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
               "wsgi.url_scheme": "http", "CONTENT_LENGTH": "0", "HTTP_ACCEPT": JSON, "HTTP_CACHE_CONTROL": "no-cache"}
    loop = asyncio.new_event_loop()
    try:
        return median_ms(lambda: loop.run_until_complete(fast(dict(environ))), reps)
    finally:
        loop.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=2000)
    args = parser.parse_args()
    reps = args.reps
    store = open_store("memory")
    raw = ox.Store()
    raw.extend(store._store.quads_for_pattern(None, None, None))
    rows = []
    engine = median_ms(lambda: raw.query(POINT, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON), reps)
    rows.append(("engine: evaluate + pyoxigraph's JSON serializer (in process)", engine))
    rows.append(("query guard (SERVICE/FROM scan)", median_ms(lambda: query_guard.check_query(POINT, []), reps)))
    cache = AnswerCache()
    cache.put(("k",), Cached(b"x" * 200, JSON, False))
    rows.append(("answer cache lookup", median_ms(lambda: cache.get(("k",)), reps)))
    executor = Executor(store.reader, Limits(per_client=1000))
    hand_off = median_ms(lambda: executor.run(Request(POINT, accept=JSON), 10), reps)
    executor.close()
    rows.append(("hand-off to a query process and back, engine included (socket pair, marshal, spool)", hand_off))
    app = create_app({"TESTING": False, "MAX_QUERIES_PER_CLIENT": 1000}, store=store)
    rows.append(("event-loop path in process, no-cache (web.fast_path: protocol, guard, hand-off, headers, metrics)",
                 fast_path_ms(app, reps)))
    client = app.test_client()
    rows.append(("Flask app, trivial route (/health: hooks, metrics, headers)", median_ms(lambda: client.get("/health"), reps)))
    no_cache = {"Accept": JSON, "Cache-Control": "no-cache"}
    rows.append(("Flask app, /sparql point query, no-cache (the blueprint path, all of the above)",
                 median_ms(lambda: client.get("/sparql", query_string={"query": POINT}, headers=no_cache), reps)))
    rows.append(("Flask app, /sparql point query, answer cache",
                 median_ms(lambda: client.get("/sparql", query_string={"query": POINT}, headers={"Accept": JSON}), reps)))
    app.extensions["neurokg.executor"].close()
    path = "/sparql?query=" + quote(POINT)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data.nq"
        data.write_bytes(store.dump("application/n-quads"))
        with (servers.neurokg(2, "--data", str(data)) as (base, _), servers.floor("hello", 2, data) as (floor, _),
              servers.oxigraph(data) as (oxigraph, _)):
            rows += interleaved([
                ("over HTTP: NeuroKG /health (trivial route, Flask)", base, "/health", {}),
                ("over HTTP: NeuroKG point query, no-cache", base, path, no_cache),
                ("over HTTP: NeuroKG point query, answer cache", base, path, {"Accept": JSON}),
                ("over HTTP: NeuroKG ASK {}, no-cache", base, "/sparql?query=ASK%7B%7D", no_cache),
                ("over HTTP: bare granian RSGI app, fixed answer (the floor for Python behind granian)", floor, "/", {}),
                ("over HTTP: Oxigraph server point query", oxigraph, path.replace("/sparql", "/query"), {"Accept": JSON}),
                ("over HTTP: Oxigraph server ASK {}", oxigraph, "/query?query=ASK%7B%7D", {"Accept": JSON}),
            ], reps)
    print("| layer | median ms |\n| --- | ---: |")
    for name, ms in rows:
        print(f"| {name} | {ms:.3f} |")
    ours = dict(rows)
    print(f"\npoint query over HTTP, no-cache: NeuroKG / Oxigraph = "
          f"{ours['over HTTP: NeuroKG point query, no-cache'] / ours['over HTTP: Oxigraph server point query']:.2f}x; "
          f"HTTP front + server outside Flask = {ours['over HTTP: NeuroKG /health (trivial route, Flask)'] - ours['Flask app, trivial route (/health: hooks, metrics, headers)']:.3f} ms")
    floor = ours["over HTTP: bare granian RSGI app, fixed answer (the floor for Python behind granian)"]
    print(f"bare granian RSGI app / Oxigraph point query = {floor / ours['over HTTP: Oxigraph server point query']:.2f}x")


if __name__ == "__main__":
    main()
