"""The server layer under hostile clients (issue 13) and what it costs per request (issue 18), over
real HTTP where the behaviour lives in the HTTP front: slow clients hold no query slot, admission
control answers 429/503 with Retry-After, the memory cap names itself, truncation is marked in every
format, a client that disconnects stops its query, and /health and /metrics never walk the store.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import threading
import time
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
import requests
from http_server import neurokg_server

from neurokg.store.embedded import EmbeddedStore
from neurokg.web import create_app

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # minutes on the NeuroKG graph
POINT = "SELECT ?label WHERE { <https://w3id.org/neurokg/ALS> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def server():
    """On the shared read-only on-disk layout (what a large store is served from)."""
    with neurokg_server("--timeout", "120", "--max-rows", "1000", env={"NEUROKG_SHARED_FROM_QUADS": "0"}) as base:
        yield base


def _connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=30)


def test_slow_clients_do_not_block_a_point_query(server):
    """Half-sent headers, trickled bodies, unread answers and idle keep-alives, all at once."""
    held = []
    try:
        for _ in range(64):  # slowloris: headers never finished
            s = _connect(server)
            s.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            held.append(s)
        for _ in range(16):  # slow uploads: a body announced, barely sent
            s = _connect(server)
            s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 60000\r\n\r\nSELECT")
            held.append(s)
        for _ in range(8):  # slow readers: a large answer asked for, never read
            s = _connect(server)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.sendall(f"GET /sparql?query={quote(ALL)} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n".encode())
            held.append(s)
        for _ in range(50):  # idle keep-alive connections
            s = _connect(server)
            s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            s.recv(1024)
            held.append(s)
        for _ in range(5):
            answer = requests.get(f"{server}/sparql", params={"query": POINT}, headers={"Accept": JSON}, timeout=30)
            assert answer.status_code == 200
            assert answer.json()["results"]["bindings"][0]["label"]["value"]
    finally:
        for s in held:
            s.close()


def test_a_client_that_disconnects_stops_its_query(server):
    before = {p: _cpu(p) for p in _query_processes(server)}
    s = _connect(server)
    s.sendall(f"GET /sparql?query={quote(SLOW)} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    running = _wait_for(lambda: [p for p in _query_processes(server) if _cpu(p) - before.get(p, 0) > 20])
    s.close()  # the query would run for minutes (the limit is 120 s)
    _wait_for(lambda: not os.path.exists(f"/proc/{running[0]}") or _state(running[0]) == "Z", within=30)
    assert requests.get(f"{server}/sparql", params={"query": "ASK {}"}, timeout=30).ok


@pytest.mark.parametrize("accept", [JSON, "application/sparql-results+xml", "text/csv", "text/tab-separated-values"])
def test_a_cut_answer_is_marked_and_well_formed(server, accept):
    """Over the row limit (1000 here, of 2,561 quads; a large answer, so it comes from a spool file)."""
    answer = requests.get(f"{server}/sparql", params={"query": ALL}, headers={"Accept": accept}, timeout=30)
    assert answer.status_code == 200
    assert answer.headers["X-NeuroKG-Truncated"] == "true" and answer.headers["X-NeuroKG-Row-Limit"] == "1000"
    assert int(answer.headers["Content-Length"]) == len(answer.content) > 64 * 1024
    assert _rows(answer.text, accept) == 1000
    whole = requests.get(f"{server}/sparql", params={"query": ALL + " LIMIT 999"}, headers={"Accept": accept}, timeout=30)
    assert "X-NeuroKG-Truncated" not in whole.headers and _rows(whole.text, accept) == 999


def _rows(text: str, accept: str) -> int:
    if accept == JSON:
        return len(json.loads(text)["results"]["bindings"])
    if accept.endswith("xml"):
        return len(ET.fromstring(text).findall(".//{http://www.w3.org/2005/sparql-results#}result"))
    if accept == "text/csv":
        return len(list(csv.reader(io.StringIO(text, newline="")))) - 1
    return len(text.splitlines()) - 1


def test_deep_nesting_does_not_crash_a_query_process(server):
    query = "SELECT * WHERE " + "{" * 2500 + "}" * 2500
    answer = requests.post(f"{server}/sparql", data={"query": query}, timeout=60)
    assert answer.status_code in (200, 400), answer.text
    assert requests.get(f"{server}/sparql", params={"query": "ASK {}"}, timeout=30).ok


def test_per_client_cap_gives_429_and_full_pool_503(kg_store):
    app = create_app({"TESTING": True, "QUERY_TIMEOUT": 60, "QUERY_PROCESSES": 1, "QUERY_QUEUE": 0,
                      "MAX_QUERIES_PER_CLIENT": 1}, store=kg_store)
    executor, result = app.extensions["neurokg.executor"], {}
    client = app.test_client()
    slow = threading.Thread(target=lambda: result.setdefault("slow", client.get("/sparql", query_string={"query": SLOW})))
    slow.start()
    try:
        _wait_for(lambda: executor.processes(busy=True))
        same = client.get("/sparql", query_string={"query": "ASK {}"})
        assert same.status_code == 429 and same.headers["Retry-After"]
        assert "limit per client is 1" in same.get_data(as_text=True)
        other = client.get("/sparql", query_string={"query": "ASK {}"}, environ_base={"REMOTE_ADDR": "10.0.0.2"})
        assert other.status_code == 503 and other.headers["Retry-After"]
        assert "busy" in other.get_data(as_text=True)
    finally:
        for pid in executor.processes(busy=True):
            os.kill(pid, signal.SIGKILL)
        slow.join(30)
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


def test_a_query_process_that_grew_is_replaced_and_one_that_did_not_is_kept(kg_store, monkeypatch):
    """The executor reads each query process's peak memory from its reply: past `grown_mb` more
    than after its first query, the process is ended so its memory returns. (A long query is
    replaced for being long: not here, the bar for long is raised.)"""
    from neurokg import executor as ex
    from neurokg.executor import Executor, Request

    monkeypatch.setattr(ex, "NICE_AFTER", 120.0)
    from neurokg.server.admission import ClientTable
    from neurokg.server.limits import Limits

    values = " ".join(str(i) for i in range(100))
    big = ('SELECT (STRLEN(GROUP_CONCAT(?x)) AS ?n) WHERE { VALUES ?a { ' + values + ' } VALUES ?b { ' + values
           + ' } BIND(CONCAT(STR(?a), STR(?b), "' + "x" * 2000 + '") AS ?x) }')
    executor = Executor(kg_store.reader, Limits(grown_mb=8), clients=ClientTable())
    try:
        executor.run(Request("ASK {}"), 10)
        first = executor.processes()
        executor.run(Request("SELECT * WHERE { ?s ?p ?o } LIMIT 5"), 10)
        assert executor.processes() == first
        answer = executor.run(Request(big, accept="application/sparql-results+json"), 60)
        assert json.loads(answer.body)["results"]["bindings"][0]["n"]["value"] == str(100 * 100 * 2000 + 2 * 100 * 190 + 9999)  # digits: 2 x 100 x 190; separators
        assert first[0] not in executor.processes()
    finally:
        executor.close()


def test_a_spooled_answer_survives_its_grown_process_being_replaced(kg_store, monkeypatch):
    """An answer too large for the reply goes to a spool file; replacing the process that grew
    (which removes its files) must come after the answer is opened (it once gave 500)."""
    from neurokg import executor as ex
    from neurokg.executor import Executor, Request
    from neurokg.server.admission import ClientTable
    from neurokg.server.limits import Limits

    monkeypatch.setattr(ex, "NICE_AFTER", 120.0)
    values = " ".join(str(i) for i in range(200))
    rows = f'SELECT ?x WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} BIND(CONCAT(STR(?a), "-", STR(?b), "{"x" * 100}") AS ?x) }}'
    executor = Executor(kg_store.reader, Limits(grown_mb=0), clients=ClientTable())  # every process counts as grown
    try:
        executor.run(Request("ASK {}"), 10)
        answer = executor.run(Request(rows, accept="text/tab-separated-values"), 60)
        assert answer.body is None, "the answer should have been spooled to a file"
        lines = b"".join(answer.chunks).decode().splitlines()
        assert lines[0] == "?x" and len(lines) == 1 + 200 * 200
    finally:
        executor.close()


def test_memory_cap_gives_503_naming_the_limit(kg_store):
    app = create_app({"TESTING": True, "QUERY_TIMEOUT": 60, "QUERY_MEMORY_MB": 96}, store=kg_store)
    client = app.test_client()
    hungry = ('SELECT ?s WHERE { ?a ?b ?c . ?d ?e ?f BIND(CONCAT(STR(?a), STR(?d), "' + "x" * 200
              + '") AS ?s) } ORDER BY ?s LIMIT 1')
    answer = client.get("/sparql", query_string={"query": hungry})
    assert answer.status_code == 503 and answer.headers["Retry-After"]
    assert "memory limit of 96 MiB" in answer.get_data(as_text=True)
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200  # a fresh process


class CountingStore(EmbeddedStore):
    """An embedded store that counts every call that reads it."""

    reads = 0

    def __len__(self):
        CountingStore.reads += 1
        return super().__len__()

    def graphs(self):
        CountingStore.reads += 1
        return super().graphs()

    def query(self, *args, **kwargs):
        CountingStore.reads += 1
        return super().query(*args, **kwargs)


def test_health_and_metrics_do_not_walk_the_store():
    from conftest import CASES

    store = CountingStore()
    store.load((CASES / "small.trig").read_bytes(), "application/trig")
    client = create_app({"TESTING": True}, store=store).test_client()
    first = client.get("/health").get_json()  # counted once for this version of the data
    CountingStore.reads = 0
    for _ in range(5):
        assert client.get("/health").get_json() == first
        assert client.get("/metrics").status_code == 200
    assert CountingStore.reads == 0
    store.load(b"<http://x/a> <http://x/b> <http://x/c> .", "application/n-triples", "http://x/g")
    after = client.get("/health").get_json()  # a write: counted again, once
    assert after["triples"] == first["triples"] + 1 and after["graphs"] == first["graphs"] + 1
    assert 0 < CountingStore.reads


def _query_processes(base: str) -> list[int]:
    """Children of the server's worker processes: the query processes."""
    port = base.rsplit(":", 1)[1]
    out = []
    for worker in _listeners(port):
        for task in os.listdir(f"/proc/{worker}/task"):
            try:
                out += [int(c) for c in open(f"/proc/{worker}/task/{task}/children").read().split()]
            except OSError:
                continue
    return out


def _listeners(port: str) -> list[int]:
    """Processes whose command line is a NeuroKG server on `port`, minus the master (the oldest)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                line = open(f"/proc/{entry}/cmdline", "rb").read().split(b"\0")
            except OSError:
                continue
            if b"serve" in line and port.encode() in line:
                found.append(int(entry))
    workers = []
    for pid in found:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                workers += [int(c) for c in open(f"/proc/{pid}/task/{task}/children").read().split()]
            except OSError:
                continue
    return [w for w in workers if b"resource_tracker" not in open(f"/proc/{w}/cmdline", "rb").read()]


def _state(pid: int) -> str:
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def _cpu(pid: int) -> int:
    """CPU time the process used, in clock ticks (a running query's grows)."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def _wait_for(condition, within: float = 30):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not within {within} s: {condition}")


TRICKY = ['a},{"b', "x},{", "[{", "<result>", '"q"', "l1\r\nl2", ",", "\\", '}},{"s":{"type":"', ""]


@pytest.fixture(scope="module")
def tricky_store():
    """300 solutions whose literals imitate every format's row separators."""
    import pyoxigraph as ox

    store = ox.Store()
    for i in range(300):
        o = ox.Literal(TRICKY[i % len(TRICKY)] * (1 + i % 3) + str(i)) if i % 3 else ox.NamedNode(f"http://e/{i}")
        store.add(ox.Quad(ox.NamedNode(f"http://e/s{i}"), ox.NamedNode("http://e/p"), o, ox.DefaultGraph()))
    return store


@pytest.mark.parametrize("media_type", [JSON, "application/sparql-results+xml", "text/csv", "text/tab-separated-values"])
@pytest.mark.parametrize("limit", [0, 1, 299, 300, 100_000])
@pytest.mark.parametrize("chunk", [1, 7, 100_000])
def test_row_counter_cuts_the_engine_output_at_a_row_boundary(tricky_store, media_type, limit, chunk):
    """pyoxigraph's own serializer, written in chunks of `chunk` bytes, stopped at `limit` rows:
    the cut answer parses and holds exactly the first `limit` rows of the whole one."""
    import pyoxigraph as ox

    from neurokg.server.query_process import RESULT_FORMATS
    from neurokg.server.spool import RowCounter, RowLimit, Spool

    query = "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?s"
    fmt = RESULT_FORMATS[media_type]
    spool, truncated = Spool(max_memory=1 << 30), False
    counter = RowCounter.for_media_type(media_type, spool, limit)

    class Chunks:
        def write(self, data):
            for i in range(0, len(data), chunk):
                counter.write(bytes(data[i : i + chunk]))
            return len(data)

        def flush(self):
            pass

    try:
        tricky_store.query(query).serialize(output=Chunks(), format=fmt)
    except (RowLimit, OSError):
        truncated = True
    counter.finish(truncated)
    cut, whole = spool.getvalue(), tricky_store.query(query).serialize(format=fmt)
    assert truncated == (limit < 300) and counter.rows == min(limit, 300)
    if media_type == "text/csv":
        assert list(csv.reader(io.StringIO(cut.decode(), newline=""))) == list(csv.reader(io.StringIO(whole.decode(), newline="")))[: limit + 1]
    else:
        assert [str(s) for s in ox.parse_query_results(cut, fmt)] == [str(s) for s in list(ox.parse_query_results(whole, fmt))[:limit]]
