"""Updates are safe under load (`--allow-update`): concurrent writers and readers get no 5xx and
every write lands, on the in-memory and the on-disk store; every acknowledged write, DROP ALL
included, survives SIGKILL and a restart; an emptied on-disk store stays empty; the protocol's
using-graph-uri applies to DELETE {…} INSERT {…} WHERE."""

from __future__ import annotations

import signal
import threading
from collections import Counter

import pytest
import requests
from conftest import CASES
from http_server import NEUROKG, free_port, running, stop

TOKEN = "t"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
JSON = {"Accept": "application/sparql-results+json"}
WRITERS, UPDATES, READERS = 4, 25, 4


def serve(*args: str):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [*NEUROKG, "serve", "--port", str(port), "--workers", "1", "--allow-update", "--token", TOKEN, *args]
    return base, running(command, f"{base}/health")


def count(base: str, pattern: str = "?s <urn:p> ?o") -> int:
    answer = requests.get(f"{base}/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"}, headers=JSON, timeout=60)
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def hammer(base: str) -> Counter:
    statuses: Counter = Counter()
    done = threading.Event()

    def writer(w: int) -> None:
        for i in range(UPDATES):
            response = requests.post(f"{base}/sparql", data={"update": f"INSERT DATA {{ <urn:w{w}> <urn:p> {i} }}"}, headers=AUTH, timeout=120)
            statuses[f"write {response.status_code}"] += 1

    def reader() -> None:
        while not done.is_set():
            response = requests.get(f"{base}/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}, headers=JSON, timeout=120)
            statuses[f"read {response.status_code}"] += 1

    readers = [threading.Thread(target=reader) for _ in range(READERS)]
    writers = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    for thread in readers:
        thread.join()
    return statuses


@pytest.mark.parametrize("store", ["memory", "disk"])
def test_concurrent_writers_and_readers_get_no_5xx(tmp_path, store):
    spec = "memory" if store == "memory" else f"oxigraph:{tmp_path / 'store'}"
    base, server = serve("--store", spec, "--data", str(CASES / "small.trig"))
    with server:
        statuses = hammer(base)
        assert [s for s in statuses if s.split()[1].startswith("5")] == [], statuses
        assert statuses["write 204"] == WRITERS * UPDATES
        assert count(base) == WRITERS * UPDATES


def test_acknowledged_writes_survive_sigkill_and_restart(tmp_path):
    spec = f"oxigraph:{tmp_path / 'store'}"
    args = ("--store", spec, "--data", str(CASES / "small.trig"))
    base, server = serve(*args)
    with server as process:
        assert count(base, "?s ?p ?o") > 0
        for i in range(5):
            assert requests.post(f"{base}/sparql", data={"update": f"INSERT DATA {{ <urn:a> <urn:p> {i} }}"}, headers=AUTH, timeout=60).status_code == 204
        stop(process, signal.SIGKILL)
    base, server = serve(*args)
    with server as process:
        assert count(base) == 5
        assert requests.post(f"{base}/sparql", data={"update": "DROP ALL"}, headers=AUTH, timeout=60).status_code == 204
        stop(process, signal.SIGKILL)
    base, server = serve(*args)
    with server:
        assert count(base, "?s ?p ?o") == 0  # emptied stays empty: the data files are not loaded again
        assert count(base, "GRAPH ?g { ?s ?p ?o }") == 0


def test_using_graph_uri_applies_to_delete_insert_where(small_app):
    client = small_app.test_client()
    update = "DELETE { ?s <http://example.org/label> ?l } INSERT { ?s <http://example.org/relabelled> ?l } WHERE { ?s <http://example.org/label> ?l }"
    response = client.post("/sparql", data={"update": update, "using-graph-uri": "http://example.org/g1"}, headers={"Authorization": "Bearer secret"})
    assert response.status_code == 204
    moved = client.get("/sparql", query_string={"query": "SELECT ?l WHERE { ?s <http://example.org/relabelled> ?l }", "format": "json"}).json
    assert [b["l"]["value"] for b in moved["results"]["bindings"]] == ["in g1"]  # only g1 was the dataset of WHERE
