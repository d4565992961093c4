"""Hostile clients for the benchmarks: each attack runs in threads until stopped, while a
well-behaved prober measures point-query latency and errors. Memory is read as PSS."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

POINT = "SELECT ?label WHERE { <https://w3id.org/neurokg/ALS> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?v{i} {{ 1 2 3 4 5 6 7 8 9 10 }}" for i in range(11)) + " }"
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
LONG_LITERALS = ("SELECT ?x WHERE { " + " ".join(f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(5))
                 + ' BIND(CONCAT(STR(?v0), STR(?v1), STR(?v2), STR(?v3), STR(?v4), "' + "x" * 5000 + '") AS ?x) }')


class Target:
    """A server under test: its base URL and query path (NeuroKG /sparql, Oxigraph /query)."""

    def __init__(self, name: str, base: str, path: str, pid: int) -> None:
        self.name, self.base, self.path, self.pid = name, base, path, pid
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port

    def url(self, query: str) -> str:
        return f"{self.path}?query={quote(query)}"

    def connect(self, source: str = "127.0.0.1") -> socket.socket:
        return socket.create_connection((self.host, self.port), timeout=60, source_address=(source, 0))


def request(target: Target, query: str, *, source: str = "127.0.0.1", accept: str = "application/sparql-results+json",
            timeout: float = 30, method: str = "GET") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(target.host, target.port, timeout=timeout, source_address=(source, 0))
    try:
        if method == "POST":
            conn.request("POST", target.path, body=query.encode(), headers={"Accept": accept, "Content-Type": "application/sparql-query"})
        else:
            conn.request("GET", target.url(query), headers={"Accept": accept})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Prober(threading.Thread):
    """Point queries one after another; latency in ms and the failures (non-200 or no answer)."""

    def __init__(self, target: Target) -> None:
        super().__init__(daemon=True)
        self.target, self.times, self.errors, self._halt = target, [], 0, threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            start = time.perf_counter()
            try:
                status, _ = request(self.target, POINT, timeout=30)
                ok = status == 200
            except OSError:
                ok = False
            self.times.append((time.perf_counter() - start) * 1000)
            self.errors += not ok
            time.sleep(0.02)

    def stop(self) -> dict:
        self._halt.set()
        self.join(60)
        times = sorted(self.times)
        if not times:
            return {"n": 0, "p50": float("nan"), "p99": float("nan"), "errors": self.errors}
        return {"n": len(times), "p50": statistics.median(times), "p99": times[max(0, int(len(times) * 0.99) - 1)],
                "errors": self.errors}


class Attack:
    """Threads that keep an attack going until `stop()`."""

    def __init__(self) -> None:
        self._stop, self.threads, self.sockets = threading.Event(), [], []

    def spawn(self, function, *args) -> None:
        thread = threading.Thread(target=function, args=args, daemon=True)
        thread.start()
        self.threads.append(thread)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.close()
        for thread in self.threads:
            thread.join(5)


def runaways(target: Target, count: int, sources: list[str]) -> Attack:
    """`count` runaway queries kept in flight (re-sent when one ends; 0.1 s pause after a refusal)."""
    attack = Attack()

    def loop(source):
        while not attack.stopped:
            try:
                status, _ = request(target, RUNAWAY, source=source, timeout=60)
            except OSError:
                status = 0
            if status in (429, 503):
                time.sleep(0.1)

    for i in range(count):
        attack.spawn(loop, sources[i % len(sources)])
    return attack


def slow_clients(target: Target, loris: int = 64, readers: int = 8, uploads: int = 16, idle: int = 200) -> Attack:
    """Slowloris (a header line a second), slow readers (1 KB/s of a large answer), slow uploads
    (100 bytes a second of a 60 KB body) and idle keep-alive connections."""
    attack = Attack()

    def loris_loop():
        s = target.connect()
        attack.sockets.append(s)
        s.sendall(f"GET {target.url('ASK {}')} HTTP/1.1\r\nHost: x\r\n".encode())
        with contextlib.suppress(OSError):
            while not attack.stopped:
                s.sendall(b"X-Slow: 1\r\n")
                attack._stop.wait(1)

    def reader_loop():
        with contextlib.suppress(OSError):
            while not attack.stopped:
                s = target.connect()
                attack.sockets.append(s)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                s.sendall(f"GET {target.url(ALL)} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n".encode())
                while not attack.stopped and s.recv(1024):
                    attack._stop.wait(1)

    def upload_loop():
        with contextlib.suppress(OSError):
            while not attack.stopped:
                s = target.connect()
                attack.sockets.append(s)
                s.sendall(f"POST {target.path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                          "Content-Length: 60000\r\n\r\n".encode())
                while not attack.stopped:
                    s.sendall(b"#" * 100)
                    attack._stop.wait(1)

    for _ in range(idle):
        with contextlib.suppress(OSError):
            s = target.connect()
            s.sendall(f"GET {target.url('ASK {}')} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            s.recv(4096)
            attack.sockets.append(s)
    for function, n in ((loris_loop, loris), (reader_loop, readers), (upload_loop, uploads)):
        for _ in range(n):
            attack.spawn(function)
    return attack


def pss_mb(root: int) -> dict[int, float]:
    """PSS of `root` and every process below it, in MB."""
    out = {}
    for pid in [root, *descendants(root)]:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    out[pid] = int(line.split()[1]) / 1024
    return out


def descendants(pid: int) -> list[int]:
    out = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError):
                for child in Path(f"/proc/{pid}/task/{task}/children").read_text().split():
                    out += [int(child), *descendants(int(child))]
    return out
