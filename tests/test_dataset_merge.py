"""Several graphs as one default graph are their merge (each triple once), for FROM, several
default-graph-uri parameters and several USING graphs, on the embedded store in memory and on disk
and through the HTTP endpoint. Expected answers are written by hand from the spec
(tests/cases/dataset-merge.json); each case with a `bag` answer is also run on pyoxigraph's own
dataset evaluation, which must give that wrong answer: the check can tell the two apart."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from conftest import CASES

from neurokg.store import get_store

SUITE = json.loads((CASES / "dataset-merge.json").read_text())
CASE_IDS = [case["name"] for case in SUITE["cases"]]


def _answer(result) -> list[dict[str, str]]:
    return [{v.value: row[v].value for v in result.variables if row[v] is not None} for row in result]


def _run(store, case) -> list[dict[str, str]]:
    if "update" in case:
        store.update(case["update"])
    return _answer(store.query(case["query"], **_dataset(case)))


def _dataset(case) -> dict:
    return {key: case[key] for key in ("default_graph", "named_graphs") if key in case}


@pytest.mark.parametrize("kind", ["memory", "disk"])
@pytest.mark.parametrize("case", SUITE["cases"], ids=CASE_IDS)
def test_several_graphs_are_merged(case, kind, tmp_path):
    store = get_store("memory" if kind == "memory" else f"oxigraph:{tmp_path / 'store'}")
    store.load(SUITE["data"].encode(), "application/trig")
    assert _run(store, case) == case["expected"]


@pytest.mark.parametrize("case", [c for c in SUITE["cases"] if "bag" in c], ids=[c["name"] for c in SUITE["cases"] if "bag" in c])
def test_the_bag_answer_is_what_the_check_rejects(case):
    raw = ox.Store()
    raw.load(SUITE["data"].encode(), ox.RdfFormat.TRIG)
    if "update" in case:
        raw.update(case["update"])
    dataset = {key: [ox.NamedNode(g) for g in value] for key, value in _dataset(case).items()}
    bag = _answer(raw.query(case["query"], **dataset))
    assert bag == case["bag"] != case["expected"]


def test_several_graphs_are_merged_over_http(tmp_path):
    import requests
    from http_server import neurokg_server

    data = tmp_path / "data.trig"
    data.write_text(SUITE["data"])
    queries = [c for c in SUITE["cases"] if "update" not in c]
    with neurokg_server("--store", "memory", "--data", str(data)) as base:
        for case in queries:
            params = [("query", case["query"])] + [("default-graph-uri", g) for g in case.get("default_graph", [])]
            params += [("named-graph-uri", g) for g in case.get("named_graphs", [])]
            response = requests.get(f"{base}/sparql", params=params, headers={"Accept": "application/sparql-results+json"}, timeout=60)
            assert response.status_code == 200, (case["name"], response.text)
            rows = [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]
            assert rows == case["expected"], case["name"]
