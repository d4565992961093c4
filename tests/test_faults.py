"""Faults: a remote store that goes down (503 with Retry-After, then recovery by itself), a query
process killed mid-request, a server killed (SIGKILL) during a write on a disk store (the update is
all there or not at all), and the security headers and escaping of HTML pages."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time

import pytest
import requests
import servers
from http_server import NEUROKG, free_port, running, stop, wait_until_up

from neurokg.store import get_store
from neurokg.web import create_app
from query_kill import kill_mid_query


def test_remote_store_down_gives_503_and_recovers():
    port = free_port()
    command = [str(servers.OXIGRAPH), "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    url = f"http://127.0.0.1:{port}"
    client = create_app({"TESTING": True}, store=get_store(f"{url}/query")).test_client()
    with running(command, url + "/"):
        assert client.get("/sparql?query=ASK%7B%7D").status_code == 200
    down = client.get("/sparql?query=ASK%7B%7D")
    assert down.status_code == 503 and down.headers["Retry-After"]
    assert "could not answer" in down.get_data(as_text=True) and "Traceback" not in down.get_data(as_text=True)
    with running(command, url + "/"):
        assert client.get("/sparql?query=ASK%7B%7D").status_code == 200


def test_query_process_killed_mid_request(kg_store):
    app = create_app({"TESTING": True}, store=kg_store)
    assert kill_mid_query(app, signal.SIGKILL, settle=0.3, wait=10).status_code == 503
    client = app.test_client()
    assert client.get("/sparql?query=ASK%7B%7D").status_code == 200


def test_sigkill_during_a_write_leaves_all_or_nothing(tmp_path):
    from conftest import CASES

    spec = f"oxigraph:{tmp_path / 'store'}"
    triples = 100_000
    body = "INSERT DATA { GRAPH <http://example.org/big> {\n" + "\n".join(
        f"<http://example.org/s{i}> <http://example.org/p> {i} ." for i in range(triples)) + "\n} }"
    port = free_port()
    command = [*NEUROKG, "serve", "--port", str(port), "--workers", "1", "--store", spec, "--data", str(CASES / "empty.nt"),
               "--allow-update", "--token", "t"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        from http_server import wait_until_up

        wait_until_up(f"http://127.0.0.1:{port}/health", process)
        sender = threading.Thread(target=lambda: _post(port, body), daemon=True)
        sender.start()
        time.sleep(0.4)
    finally:
        stop(process, signal.SIGKILL)
    with running([*NEUROKG, "serve", "--port", str(port), "--workers", "1", "--store", spec], f"http://127.0.0.1:{port}/health"):
        answer = requests.get(f"http://127.0.0.1:{port}/sparql", timeout=30, headers={"Accept": "application/sparql-results+json"},
                              params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/big> { ?s ?p ?o } }"})
        count = int(answer.json()["results"]["bindings"][0]["n"]["value"])
    assert count in (0, triples)


def _post(port: int, body: str) -> None:
    try:
        requests.post(f"http://127.0.0.1:{port}/sparql", data=body.encode(), timeout=30,
                      headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer t"})
    except requests.RequestException:
        pass


@pytest.mark.parametrize("path", ["/", "/compare", "/contrast?disease=ALS&disease=MS&format=html", "/entity/ALS"])
def test_security_headers_on_html_pages(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.get_data(as_text=True)  # scripts only from files (src=)


def test_html_escapes_data():
    store = get_store("memory")
    store.load(b'<https://w3id.org/neurokg/Evil> <http://www.w3.org/2000/01/rdf-schema#label> "<script>alert(1)</script>" .',
               "application/n-triples", "https://w3id.org/neurokg/graph/entities")
    html = create_app({"TESTING": True}, store=store).test_client().get("/entity/Evil").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_wrong_token_is_compared_in_constant_time():
    import inspect

    from neurokg.web import sparql

    assert "hmac.compare_digest" in inspect.getsource(sparql.require_update_permission)


def test_no_credentials_in_cors(client):
    response = client.get("/contrast?disease=ALS&disease=MS", headers={"Origin": "https://evil.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


def _session_processes(sid: int) -> list[int]:
    """Processes of one session (the server started with start_new_session and all it forked)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":  # session id; zombies are already gone
                pids.append(int(entry))
    return pids


def _children(pid: int) -> list[int]:
    """Children of every thread of `pid` (a query process is forked from a request thread)."""
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(OSError):
            out += [int(c) for c in open(f"/proc/{pid}/task/{task}/children").read().split()]
    return out


def test_stopping_the_server_leaves_no_query_process_behind():
    """SIGTERM stops the master, its workers and every query process they forked."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running([*NEUROKG, "serve", "--port", str(port), "--workers", "2"], f"{base}/health") as process:
        for _ in range(6):
            assert requests.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=30).ok
        assert len(_session_processes(process.pid)) >= 4  # master, 2 workers, their query processes
        stop(process, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while _session_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _session_processes(process.pid) == []


def test_a_killed_worker_takes_its_query_process_with_it():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running([*NEUROKG, "serve", "--port", str(port), "--workers", "1"], f"{base}/health") as process:
        assert requests.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=30).ok
        (worker,) = [c for c in _children(process.pid) if b"resource_tracker" not in open(f"/proc/{c}/cmdline", "rb").read()]
        query_processes = _children(worker)
        assert query_processes
        os.kill(worker, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while any(os.path.exists(f"/proc/{p}") and open(f"/proc/{p}/stat").read().split()[2] != "Z" for p in query_processes):
            assert time.monotonic() < deadline, "the query process outlived its worker"
            time.sleep(0.1)
        wait_until_up(f"{base}/health", process, 60)  # the server starts a new worker
        assert requests.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=30).ok
