"""The /sparql endpoint in-process: protocol forms, content negotiation, errors, limits, updates."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from conftest import CASES
from rdflib import Graph, Namespace, URIRef

QUERIES = {
    "select": "SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name }",
    "ask": "ASK { ?s ?p ?o }",
    "construct": "CONSTRUCT WHERE { ?s <http://example.org/name> ?o }",
    "describe": "DESCRIBE <http://example.org/alice>",
}
ACCEPT_CASES = [line.split("\t") for line in (CASES / "accept.tsv").read_text().splitlines() if not line.startswith("#")]


@pytest.fixture(params=["blueprint", "fast path"])
def small(small_app, request):
    """The Flask test client, or one whose requests go through the HTTP front's event-loop path first."""
    if request.param == "blueprint":
        client = small_app.test_client()
        client.path = "blueprint"
        return client
    from fast_client import fast_client

    client = fast_client(small_app)
    client.path = "fast path"
    return client


@pytest.mark.parametrize("form,accept,fmt,status,media_type", ACCEPT_CASES, ids=[f"{c[0]}|{c[1]}|{c[2]}" for c in ACCEPT_CASES])
def test_content_negotiation(small, form, accept, fmt, status, media_type):
    params = {"query": QUERIES[form], **({"format": fmt} if fmt else {})}
    response = small.get("/sparql", query_string=params, headers={"Accept": accept} if accept else {})
    assert response.status_code == int(status), response.data
    assert getattr(response, "served_by", "blueprint") == small.path
    if status == "406":
        assert "offered" in response.get_data(as_text=True)
        return
    assert response.mimetype == media_type
    if form in ("select", "ask"):
        parsed = ox.parse_query_results(response.data, ox.QueryResultsFormat.from_media_type(media_type)) if media_type != "text/csv" else None
        if parsed is not None and form == "select":
            assert len(list(parsed)) == 2
    else:
        assert list(ox.parse(response.data, ox.RdfFormat.from_media_type(media_type)))


@pytest.mark.parametrize(
    "method,kwargs,status",
    [
        ("get", {"query_string": {"query": "ASK {}"}}, 200),
        ("post", {"data": {"query": "ASK {}"}}, 200),
        ("post", {"data": "ASK {}", "content_type": "application/sparql-query"}, 200),
        ("put", {"data": "ASK {}", "content_type": "application/sparql-query"}, 405),
        ("get", {"query_string": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
        ("get", {"query_string": {"update": "CLEAR ALL"}}, 400),
        ("post", {"data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400),
        ("post", {"data": "ASK {}", "content_type": "text/plain"}, 415),
        ("post", {"data": "query=ASK%20%7B%7D"}, 415),
        ("post", {"data": "ASK {}".encode("utf-16"), "content_type": "application/sparql-query; charset=UTF-16"}, 415),
        ("post", {"data": b"ASK { \xff }", "content_type": "application/sparql-query"}, 415),
    ],
    ids=["get", "post-form", "post-direct", "put", "two-queries", "update-by-get", "query-and-update",
         "wrong-media-type", "missing-media-type", "utf16", "invalid-utf8"],
)
def test_protocol_forms(small, method, kwargs, status):
    response = getattr(small, method)("/sparql", **kwargs)
    assert response.status_code == status
    assert getattr(response, "served_by", "blueprint") == (small.path if method != "put" else "blueprint")


def test_malformed_query_gets_400_with_line_and_column(small):
    response = small.get("/sparql", query_string={"query": "SELECT ?x WHERE {\n  ?x ?y \n"})
    assert response.status_code == 400
    assert "malformed SPARQL" in response.get_data(as_text=True) and "3:" in response.get_data(as_text=True)
    as_json = small.get("/sparql", query_string={"query": "SELEKT"}, headers={"Accept": "application/json"})
    assert as_json.status_code == 400 and as_json.json["status"] == 400 and "malformed" in as_json.json["error"]


def test_no_stack_trace_or_path_in_errors(small):
    for query in ["SELECT", "ASK { FILTER(", "\x00", "SELECT * WHERE { ?s ?p ?o } LIMIT -1"]:
        body = small.get("/sparql", query_string={"query": query}).get_data(as_text=True)
        assert "Traceback" not in body and "/work/" not in body and ".py" not in body


def test_oversized_query_gets_413(small_app):
    small_app.config["MAX_QUERY_BYTES"] = 100
    response = small_app.test_client().post("/sparql", data={"query": "ASK {}" + " " * 200})
    assert response.status_code == 413


def test_results_over_the_row_limit_are_cut_and_flagged(kg_store):
    from neurokg.web import create_app

    client = create_app({"TESTING": True, "MAX_RESULT_ROWS": 5}, store=kg_store).test_client()
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }", "format": "json"})
    assert response.headers["X-NeuroKG-Truncated"] == "true"
    assert len(response.json["results"]["bindings"]) == 5
    small = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "format": "json"})
    assert "X-NeuroKG-Truncated" not in small.headers


SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_slow_query_is_stopped_with_503_and_the_next_one_is_answered(client):
    response = client.get("/sparql", query_string={"query": SLOW, "timeout": "1"})
    assert response.status_code == 503
    assert "time limit" in response.get_data(as_text=True) and response.headers["Retry-After"]
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200
    assert "neurokg_query_timeouts_total 1.0" in client.get("/metrics").get_data(as_text=True)


def test_default_graph_uri_overrides_from(small):
    query = "SELECT ?label FROM <http://example.org/g1> WHERE { <http://example.org/s> <http://example.org/label> ?label }"
    plain = small.get("/sparql", query_string={"query": query, "format": "json"}).json
    overridden = small.get("/sparql", query_string={"query": query, "format": "json", "default-graph-uri": "http://example.org/g2"}).json
    assert [b["label"]["value"] for b in plain["results"]["bindings"]] == ["in g1"]
    assert [b["label"]["value"] for b in overridden["results"]["bindings"]] == ["in g2"]


def test_updates_are_off_by_default(client):
    response = client.post("/sparql", data={"update": "CLEAR ALL"})
    assert response.status_code == 403 and "disabled" in response.get_data(as_text=True)
    assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "format": "json"}).json["boolean"]


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Bearer secre", "Basic secret"])
def test_update_without_the_right_token_is_refused_and_changes_nothing(small, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = small.post("/sparql", data={"update": "CLEAR ALL"}, headers=headers)
    assert response.status_code == 403
    assert small.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "format": "json"}).json["boolean"]


def test_update_with_token_is_applied_and_seen_by_the_next_query(small):
    auth = {"Authorization": "Bearer secret"}
    response = small.post("/sparql", data="INSERT DATA { <http://x/a> <http://x/b> 'new' }",
                          content_type="application/sparql-update", headers=auth)
    assert response.status_code == 204
    assert small.get("/sparql", query_string={"query": "ASK { <http://x/a> <http://x/b> 'new' }", "format": "json"}).json["boolean"]


def test_load_is_refused_even_with_updates_enabled(small):
    response = small.post("/sparql", data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"}, headers={"Authorization": "Bearer secret"})
    assert response.status_code == 400 and "LOAD is disabled" in response.get_data(as_text=True)


def test_malformed_update_gets_400(small):
    response = small.post("/sparql", data={"update": "INSERT DATA { <a> "}, headers={"Authorization": "Bearer secret"})
    assert response.status_code == 400 and "malformed SPARQL Update" in response.get_data(as_text=True)


SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")


def test_service_description_with_void_statistics(client, kg_store):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.data, format="turtle")
    assert (None, SD.endpoint, URIRef("http://localhost/sparql")) in graph
    formats = set(graph.objects(None, SD.resultFormat))
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats and len(formats) == 10
    counts = {str(graph.value(named, SD.name)): int(graph.value(graph.value(named, SD.graph), VOID.triples))
              for named in graph.objects(None, SD.namedGraph)}
    assert set(counts) == set(kg_store.graphs())
    assert sum(counts.values()) == len(kg_store)
    assert (None, SD.supportedLanguage, SD.SPARQL11Update) not in graph


def test_health_and_metrics(client):
    health = client.get("/health").json
    assert health["status"] == "ok" and health["triples"] > 1000
    client.get("/sparql", query_string={"query": "SELEKT"})
    text = client.get("/metrics").get_data(as_text=True)
    assert 'neurokg_requests_total{route="/sparql",status="400"}' in text
    assert "neurokg_request_seconds_bucket" in text and "neurokg_rejected_queries_total" in text


def test_cors_for_reads_without_credentials(client):
    response = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert "Authorization" not in preflight.headers.get("Access-Control-Allow-Headers", "")


def test_results_are_valid_w3c_json(client):
    response = client.get("/sparql", query_string={"query": "SELECT ?d ?l WHERE { ?d <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 3"})
    body = json.loads(response.data)
    assert body["head"]["vars"] == ["d", "l"] and len(body["results"]["bindings"]) == 3


def test_writes_survive_a_restart_on_a_disk_store(tmp_path):
    """Over real HTTP: a Graph Store PUT on `--store oxigraph:PATH` is there after a restart."""
    import gc

    import requests
    from http_server import neurokg_server

    spec = f"oxigraph:{tmp_path / 'store'}"
    data = '<http://example.org/a> <http://example.org/b> "kept" .'
    args = ("--store", spec, "--data", str(CASES / "empty.nt"), "--allow-update", "--token", "t")
    with neurokg_server(*args) as base:
        put = requests.put(f"{base}/store", params={"graph": "http://example.org/g"}, data=data,
                           headers={"Content-Type": "application/n-triples", "Authorization": "Bearer t"}, timeout=30)
        assert put.status_code == 201
    gc.collect()
    with neurokg_server("--store", spec) as base:
        answer = requests.get(f"{base}/sparql", params={"query": "ASK { GRAPH <http://example.org/g> { ?s ?p 'kept' } }"},
                              headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert answer.json()["boolean"] is True


def test_csv_view_with_curies(client):
    query = "SELECT ?d ?m WHERE { GRAPH <https://w3id.org/neurokg/graph/mappings> { ?d <http://www.w3.org/2004/02/skos/core#exactMatch> ?m } } ORDER BY ?d LIMIT 200"
    text = client.get("/sparql", query_string={"query": query, "format": "csv", "curies": "true"}).get_data(as_text=True)
    assert "nkg:ALS,MONDO:0004976" in text
    plain = client.get("/sparql", query_string={"query": query, "format": "csv"}).get_data(as_text=True)
    assert "https://w3id.org/neurokg/ALS,http://purl.obolibrary.org/obo/MONDO_0004976" in plain


def test_repeated_queries_are_answered_from_the_cache_on_a_read_only_store(client):
    """Same query, same Accept: the second answer comes from the worker's cache, byte for byte;
    `Cache-Control: no-cache` asks for a fresh evaluation."""
    query = {"query": "SELECT ?label WHERE { <https://w3id.org/neurokg/SMA> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"}
    accept = {"Accept": "application/sparql-results+json"}
    first = client.get("/sparql", query_string=query, headers=accept)
    second = client.get("/sparql", query_string=query, headers=accept)
    fresh = client.get("/sparql", query_string=query, headers={**accept, "Cache-Control": "no-cache"})
    other = client.get("/sparql", query_string=query, headers={"Accept": "text/csv"})
    assert second.headers["X-NeuroKG-Cache"] == "hit" and second.data == first.data
    assert fresh.headers["X-NeuroKG-Cache"] == "miss" and fresh.data == first.data
    assert other.content_type.startswith("text/csv")  # the Accept header is part of the key


def test_no_answer_cache_when_updates_are_enabled(small_app):
    client = small_app.test_client()
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    before = client.get("/sparql", query_string=query).get_json()["results"]["bindings"][0]["n"]["value"]
    assert "X-NeuroKG-Cache" not in client.get("/sparql", query_string=query).headers
    client.post("/sparql", data={"update": "INSERT DATA { <urn:x> <urn:y> <urn:z> }"}, headers={"Authorization": "Bearer secret"})
    after = client.get("/sparql", query_string=query).get_json()["results"]["bindings"][0]["n"]["value"]
    assert int(after) == int(before) + 1


def test_a_load_into_the_store_is_seen_despite_the_answer_cache():
    """Writes through the store object (imports, test harnesses) change the cache key."""
    from neurokg.store import get_store
    from neurokg.web import create_app

    store = get_store("memory")
    client = create_app({"TESTING": True}, store=store).test_client()
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    count = lambda: client.get("/sparql", query_string=query).get_json()["results"]["bindings"][0]["n"]["value"]  # noqa: E731
    assert count() == "0" and count() == "0"
    store.load(b"<urn:a> <urn:b> <urn:c> .", "application/n-triples")
    client.application.extensions["neurokg.executor"].restart()  # the query process sees the new data
    assert count() == "1"
