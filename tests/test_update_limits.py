"""Updates run under the query time limit and memory cap (rehearsed in a killable process first):
a runaway update gets 503 naming the limit and leaves the store as it was, on the in-memory and
the on-disk store; long operator chains in queries and updates get 400 or a correct answer; a
dying query process says why (memory only when its allocator failed at the cap); a worker killed
with queries in flight does not leave its client's count behind."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time

import pytest
import requests
from conftest import CASES
from http_server import NEUROKG, free_port, running

from neurokg.store import get_store
from neurokg.web import create_app
from query_kill import kill_mid_query

AUTH = {"Authorization": "Bearer secret"}
CROSS = ("INSERT { ?a <urn:q> ?n } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l "
         "BIND(CONCAT(STR(?a), STR(?d), STR(?g), STR(?j)) AS ?n) }")
HUNGRY = ('INSERT { <urn:s> <urn:p> ?s } WHERE { ?a ?b ?c . ?d ?e ?f BIND(CONCAT(STR(?a), STR(?d), "'
          + "x" * 200 + '") AS ?s) }')


def writable_app(spec: str, **config):
    store = get_store(spec)
    store.load((CASES / "small.trig").read_bytes(), "application/trig")
    return create_app({"TESTING": True, "ALLOW_UPDATE": True, "UPDATE_TOKEN": "secret", **config}, store=store)


def dump(client) -> set[str]:
    text = client.get("/store", headers={"Accept": "application/n-quads"}).get_data(as_text=True)
    return {line for line in text.splitlines() if line.strip()}


def update(client, text: str, **params):
    return client.post("/sparql", data={"update": text, **params}, headers=AUTH)


def ask(client, query: str):
    return client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"})


@pytest.mark.parametrize("store", ["memory", "disk"])
def test_a_runaway_update_gets_503_and_changes_nothing(tmp_path, store):
    spec = "memory" if store == "memory" else f"oxigraph:{tmp_path / 'store'}"
    client = writable_app(spec, QUERY_TIMEOUT=2).test_client()
    rows = " ".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(300))  # a four-way cross product of 8e9 rows
    assert update(client, f"INSERT DATA {{ {rows} }}").status_code == 204
    before = dump(client)
    answer = update(client, CROSS)
    assert answer.status_code == 503 and answer.headers["Retry-After"]
    assert "time limit of 2 s" in answer.get_data(as_text=True) and "unchanged" in answer.get_data(as_text=True)
    assert dump(client) == before
    assert update(client, "INSERT DATA { <urn:x> <urn:y> 1 }").status_code == 204  # writes go on
    assert dump(client) == before | {"<urn:x> <urn:y> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> ."}


def test_an_update_past_the_memory_cap_gets_503_naming_it(tmp_path):
    client = writable_app("memory", QUERY_TIMEOUT=60, QUERY_MEMORY_MB=96).test_client()
    rows = " ".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(1500))  # 1,500 squared rows need far more than 96 MiB
    assert update(client, f"INSERT DATA {{ {rows} }}").status_code == 204
    before = dump(client)
    answer = update(client, HUNGRY)
    assert answer.status_code == 503
    assert "memory limit of 96 MiB" in answer.get_data(as_text=True)
    assert dump(client) == before
    assert ask(client, "ASK {}").status_code == 200


CHAINS = {
    "arithmetic": ("SELECT ?x WHERE { BIND(" + "+".join(["1"] * 15000) + " AS ?x) }", 400, None),
    "or": ("SELECT ?x WHERE { BIND(true AS ?a) BIND(" + " || ".join(["?a"] * 10000) + " AS ?x) }", 400, None),
    "and": ("SELECT ?x WHERE { BIND(true AS ?a) BIND(" + "&&".join(["?a"] * 15000) + " AS ?x) }", 400, None),
    "short arithmetic": ("SELECT ?x WHERE { BIND(" + "+".join(["1"] * 1500) + " AS ?x) }", 200, "1500"),
    "short or": ("SELECT ?x WHERE { BIND(false AS ?a) BIND(" + " || ".join(["?a"] * 1500) + " || true AS ?x) }", 200, "true"),
    "long IN list": ("SELECT ?x WHERE { BIND(-3 IN (" + ", ".join(["-1"] * 9000) + ", -3) AS ?x) }", 200, "true"),
}


@pytest.mark.parametrize("name", CHAINS)
def test_long_operator_chains_in_queries(name):
    query, status, value = CHAINS[name]
    assert len(query.encode()) < 64 * 1024
    client = writable_app("memory").test_client()
    answer = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == status, answer.get_data(as_text=True)[:300]
    if value is not None:
        assert [b["x"]["value"] for b in answer.json["results"]["bindings"]] == [value]
    else:
        assert "limit is 2000" in answer.get_data(as_text=True)
    assert ask(client, "ASK {}").status_code == 200


@pytest.mark.parametrize("name", CHAINS)
def test_long_operator_chains_in_updates(name):
    query, status, value = CHAINS[name]
    text = query.replace("SELECT ?x WHERE", "INSERT { <urn:chain> <urn:value> ?x } WHERE")
    client = writable_app("memory").test_client()
    answer = update(client, text)
    assert answer.status_code == (204 if status == 200 else status), answer.get_data(as_text=True)[:300]
    got = ask(client, "SELECT ?x WHERE { <urn:chain> <urn:value> ?x }").json["results"]["bindings"]
    assert [b["x"]["value"] for b in got] == ([value] if value else [])


@pytest.mark.parametrize(("sig", "status"), [(signal.SIGABRT, 500), (signal.SIGSEGV, 500), (signal.SIGKILL, 503)])
def test_a_query_process_that_dies_otherwise_is_not_a_memory_error(kg_store, sig, status):
    app = create_app({"TESTING": True, "QUERY_TIMEOUT": 60}, store=kg_store)
    client, answer = app.test_client(), kill_mid_query(app, sig)
    text = answer.get_data(as_text=True)
    assert answer.status_code == status, text
    assert "memory" not in text and f"({sig.name})" in text
    assert ("crashed" if status == 500 else "was stopped") in text
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        return [int(c) for c in children.read().split()]


def test_a_killed_worker_leaves_no_client_count_behind():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    command = [*NEUROKG, "serve", "--port", str(port), "--workers", "1", "--max-queries-per-client", "1", "--timeout", "60"]
    with running(command, f"{base}/health") as server:
        worker = _children(server.pid)[0]
        slow_answer: dict = {}

        def hold() -> None:  # a probe that lands first makes the slow query wait its turn: send it again
            with contextlib.suppress(requests.RequestException):  # its connection drops with the worker
                while (answer := requests.post(f"{base}/sparql", data={"query": slow}, timeout=120)).status_code == 429:
                    time.sleep(0.2)
                slow_answer["r"] = answer

        threading.Thread(target=hold, daemon=True).start()
        time.sleep(1)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the slow query holds this client's one place
            held = requests.get(f"{base}/sparql", params={"query": "ASK {}"}, headers={"Cache-Control": "no-cache"}, timeout=10)
            if held.status_code == 429:
                break
            time.sleep(0.05)
        assert held.status_code == 429, (held.text, slow_answer.get("r") and slow_answer["r"].text)
        os.kill(worker, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # granian starts a new worker
            try:
                answer = requests.get(f"{base}/sparql", params={"query": "ASK {}"}, headers={"Cache-Control": "no-cache"}, timeout=10)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        assert answer.status_code == 200, answer.text  # 429 if the dead worker's count still held the cap


def test_a_long_query_yields_the_cpu_on_every_thread(kg_store):
    """Linux keeps nice per thread and the query runs on the process's loop thread: all are reniced."""
    app = create_app({"TESTING": True, "QUERY_TIMEOUT": 60}, store=kg_store)
    client, executor = app.test_client(), app.extensions["neurokg.executor"]
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    thread = threading.Thread(target=lambda: client.get("/sparql", query_string={"query": slow}), daemon=True)
    thread.start()
    deadline, nice = time.monotonic() + 30, {}
    try:
        while time.monotonic() < deadline:
            for pid in executor.processes(busy=True):
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                        nice[tid] = int(stat.read().rsplit(")", 1)[1].split()[16])
            if len(nice) >= 2 and set(nice.values()) == {19}:
                break
            time.sleep(0.05)
        assert len(nice) >= 2 and set(nice.values()) == {19}, nice
    finally:
        for pid in executor.processes(busy=True):
            os.kill(pid, signal.SIGKILL)
        thread.join(30)
