"""The W3C SPARQL 1.1 query evaluation tests, run through the endpoint and directly on its engine.

The endpoint must pass every test the engine (pyoxigraph) passes; per-folder counts are written to
tests/artifacts/w3c-query-summary.txt and printed at the end of the run.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import W3C_SUITE

import w3c_query
from neurokg.store.embedded import EmbeddedStore
from neurokg.web import create_app

FOLDERS = sorted(p.parent for p in W3C_SUITE.glob("*/manifest.ttl") if "QueryEvaluationTest" in p.read_text())
SUMMARY: dict[str, tuple[int, int, int]] = {}
ARTIFACTS = Path(__file__).parent / "artifacts"
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
# Folders where the endpoint deliberately differs from its engine, and what it does instead.
REFUSED = {"service": "SERVICE is refused by default (the endpoint never calls other servers): expect 400"}


def _via_endpoint(client, test):
    response = client.post("/sparql", data=test.query_text().encode(), content_type="application/sparql-query", headers={"Accept": ACCEPT})
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    media_type = response.mimetype
    if "sparql-results" in media_type:
        return w3c_query.normalize(ox.parse_query_results(response.data, ox.QueryResultsFormat.from_media_type(media_type)))
    return w3c_query.normalize(list(ox.parse(response.data, ox.RdfFormat.from_media_type(media_type))))


def _direct(store, test):
    try:
        return w3c_query.normalize(store.query(test.query_text()))
    except (SyntaxError, OSError, ValueError, RuntimeError) as error:
        return f"error {error}"


@pytest.mark.skipif(not FOLDERS, reason=f"W3C SPARQL 1.1 suite not found at {W3C_SUITE} (set NEUROKG_W3C_SUITE)")
@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_endpoint_passes_what_the_engine_passes(folder):
    store = EmbeddedStore(union_default_graph=False)
    app = create_app({"TESTING": True, "QUERY_TIMEOUT": 20}, store=store)
    client, executor = app.test_client(), app.extensions["neurokg.executor"]
    engine_passed, endpoint_passed, tests = set(), set(), w3c_query.load(folder / "manifest.ttl")
    try:
        for test in tests:
            store.clear()
            test.load_into(store)
            executor.restart()
            expected = w3c_query.expected(test)
            if _direct(store, test) == expected:
                engine_passed.add(test.name)
            answer = _via_endpoint(client, test)
            if answer == expected or (folder.name in REFUSED and answer == "HTTP 400"):
                endpoint_passed.add(test.name)
    finally:
        executor.restart()
    SUMMARY[folder.name] = (len(tests), len(engine_passed), len(endpoint_passed))
    _write_summary()
    assert engine_passed <= endpoint_passed, f"engine passes but endpoint fails: {sorted(engine_passed - endpoint_passed)}"


def _write_summary() -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"{'folder':<20} {'tests':>5} {'engine':>7} {'endpoint':>9}  (service: endpoint passes = refuses with 400)"]
    lines += [f"{name:<20} {t:>5} {e:>7} {p:>9}" for name, (t, e, p) in sorted(SUMMARY.items())]
    totals = [sum(v[i] for v in SUMMARY.values()) for i in range(3)]
    lines.append(f"{'total':<20} {totals[0]:>5} {totals[1]:>7} {totals[2]:>9}")
    (ARTIFACTS / "w3c-query-summary.txt").write_text("\n".join(lines) + "\n")
