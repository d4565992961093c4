"""Safe by default, over real HTTP: no query or update makes the server contact another host.

A canary HTTP server on 127.0.0.1 records every request it gets; each case sends a request that
would make a careless endpoint fetch from the canary, and the canary must stay silent.
"""

from __future__ import annotations

import http.server
import threading

import pytest
import requests
from http_server import neurokg_server

TOKEN = "canary-test-token"


class Canary(http.server.ThreadingHTTPServer):
    def __init__(self):
        self.hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(handler):  # noqa: N805
                self.hits.append(f"{handler.command} {handler.path}")
                handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
                body = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
                handler.send_response(200)
                handler.send_header("Content-Type", "application/sparql-results+json")
                handler.send_header("Content-Length", str(len(body)))
                handler.end_headers()
                handler.wfile.write(body)

            do_POST = do_GET

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture(scope="module")
def canary():
    server = Canary()
    yield server
    server.shutdown()


@pytest.fixture(scope="module")
def server(canary):
    with neurokg_server("--allow-update", "--token", TOKEN) as base:
        yield base


def cases(c: str):
    """(name, method, kwargs) for requests that must never reach the canary at URL `c`."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    return [
        ("service", "get", {"params": {"query": f"SELECT * WHERE {{ SERVICE <{c}/sparql> {{ ?s ?p ?o }} }}"}}),
        ("service-lowercase", "get", {"params": {"query": f"select * {{ service <{c}/sparql> {{ ?s ?p ?o }} }}"}}),
        ("service-silent-in-subquery", "get", {"params": {"query": f"SELECT * {{ {{ SELECT * {{ SERVICE SILENT <{c}/s> {{ ?s ?p ?o }} }} }} }}"}}),
        ("service-variable", "get", {"params": {"query": f"SELECT * {{ BIND(<{c}/s> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"}}),
        ("service-in-update", "post", {"data": {"update": f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{c}/s> {{ ?s ?p ?o }} }}"}, "headers": auth}),
        ("from", "get", {"params": {"query": f"SELECT * FROM <{c}/data.ttl> WHERE {{ ?s ?p ?o }}"}}),
        ("from-named", "get", {"params": {"query": f"SELECT * FROM NAMED <{c}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"}}),
        ("graph", "get", {"params": {"query": f"SELECT * WHERE {{ GRAPH <{c}/data.ttl> {{ ?s ?p ?o }} }}"}}),
        ("default-graph-uri", "get", {"params": {"query": "ASK { ?s ?p ?o }", "default-graph-uri": f"{c}/d.ttl"}}),
        ("named-graph-uri", "get", {"params": {"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": f"{c}/n.ttl"}}),
        ("load", "post", {"data": {"update": f"LOAD <{c}/data.ttl>"}, "headers": auth}),
        ("load-into", "post", {"data": {"update": f"LOAD SILENT <{c}/data.ttl> INTO GRAPH <http://x/g>"}, "headers": auth}),
        ("using", "post", {"data": {"update": f"INSERT {{ <http://x/a> <http://x/b> ?o }} USING <{c}/u.ttl> WHERE {{ ?s ?p ?o }}"}, "headers": auth}),
        ("describe-remote", "get", {"params": {"query": f"DESCRIBE <{c}/thing>"}}),
        ("jsonld-remote-context", "put", {"path": "/store?graph=http://x/ctx", "data": f'{{"@context": "{c}/context.jsonld", "@id": "http://x/a", "name": "x"}}',
                                          "headers": {**auth, "Content-Type": "application/ld+json"}}),
        ("rdfxml-external-entity", "put", {"path": "/store?graph=http://x/xxe",
                                           "data": f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "{c}/e">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="http://x/a"><rdf:value>&e;</rdf:value></rdf:Description></rdf:RDF>',
                                           "headers": {**auth, "Content-Type": "application/rdf+xml"}}),
    ]


@pytest.mark.parametrize("index", range(16), ids=[name for name, _, _ in cases("http://c")])
def test_no_request_reaches_the_canary(server, canary, index):
    name, method, kwargs = cases(canary.url)[index]
    path = kwargs.pop("path", "/sparql")
    response = requests.request(method, server + path, timeout=30, **kwargs)
    assert response.status_code < 500, response.text
    assert "Traceback" not in response.text
    assert canary.hits == [], f"{name} made the server call {canary.hits}"


def test_service_answer_says_why(server, canary):
    response = requests.get(f"{server}/sparql", params={"query": f"SELECT * {{ SERVICE <{canary.url}/s> {{ ?s ?p ?o }} }}"}, timeout=30)
    assert response.status_code == 400 and "SERVICE is disabled" in response.text


def test_allow_listed_service_is_called_and_others_refused(kg_store, canary):
    from neurokg.web import create_app

    client = create_app({"SERVICE_ALLOWLIST": [f"{canary.url}/allowed/"]}, store=kg_store).test_client()
    refused = client.get("/sparql", query_string={"query": f"SELECT * {{ SERVICE <{canary.url}/other> {{ ?s ?p ?o }} }}"})
    assert refused.status_code == 400 and "allow-list" in refused.get_data(as_text=True)
    assert canary.hits == []
    allowed = client.get("/sparql", query_string={"query": f"SELECT * {{ SERVICE <{canary.url}/allowed/sparql> {{ ?s ?p ?o }} }}"})
    assert allowed.status_code == 200
    assert len(canary.hits) == 1 and "/allowed/sparql" in canary.hits[0]
    canary.hits.clear()
