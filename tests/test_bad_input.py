"""Bad input is a 4xx that says why (nesting past the documented depth, invalid graph IRIs, bad
`timeout=`), decided before the engine sees the request; the depth limit is checked against what
crashes pyoxigraph's parser in a process of its own."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import CASES

from neurokg import nesting

CASES_BAD = [line.split("\t") for line in (CASES / "bad-input.tsv").read_text().splitlines() if not line.startswith("#")]
AUTH = {"Authorization": "Bearer secret"}


@pytest.mark.parametrize("name,method,params,status,words", CASES_BAD, ids=[c[0] for c in CASES_BAD])
def test_bad_input_is_a_4xx_that_says_why(small_app, name, method, params, status, words):
    client = small_app.test_client()
    data = json.loads(params)
    if method == "get":
        response = client.get("/sparql", query_string=data)
    else:
        response = client.post("/sparql", data=data, headers=AUTH)
    assert response.status_code == int(status), response.data
    assert words.strip() in response.get_data(as_text=True)


def test_graph_store_graph_parameter_must_be_an_iri(small_app):
    client = small_app.test_client()
    assert client.get("/store", query_string={"graph": "not an iri"}).status_code == 400
    put = client.put("/store", query_string={"graph": "http://x/g> } ; DROP ALL ; INSERT DATA { <x"}, data="<urn:a> <urn:b> <urn:c> .",
                     content_type="application/n-triples", headers=AUTH)
    assert put.status_code == 400
    assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }", "format": "json"}).json["boolean"]


def test_deeply_nested_json_ld_upload_is_refused(small_app):
    body = '{"@id": "urn:s", "urn:p": ' + '{"urn:p": ' * 4000 + "1" + "}" * 4000 + "}"
    response = small_app.test_client().put("/store", query_string={"graph": "urn:g"}, data=body,
                                           content_type="application/ld+json", headers=AUTH)
    assert response.status_code == 400 and "nests deeper" in response.get_data(as_text=True)


CRASH = """
import sys, pyoxigraph as ox
n = int(sys.argv[1])
ox.Store().query("SELECT * WHERE " + "{" * n + "?s ?p ?o" + "}" * n)
"""


def test_the_depth_limit_is_far_below_what_crashes_the_parser():
    """pyoxigraph's parser dies of a stack overflow at a few thousand braces (it is why the limit
    exists); the documented limit parses fine with room to spare."""
    crash = subprocess.run([sys.executable, "-c", CRASH, "20000"], capture_output=True, timeout=120)
    assert crash.returncode < 0  # killed by a signal (SIGSEGV), not a Python error
    fine = subprocess.run([sys.executable, "-c", CRASH, str(nesting.MAX_DEPTH * 4)], capture_output=True, timeout=120)
    assert fine.returncode == 0, fine.stderr


@pytest.mark.parametrize("text,expected", [
    ("ASK {}", 1),
    ("ASK { <http://x/a(b> ?p ?o . <http://x/c(d> ?p ?o }", 2),  # an unbalanced IRI never accumulates
    ("ASK { ?s ?p '''{\n{{''' }", 1),
    ('ASK { ?s ?p "\\"{{" }', 1),
    ("ASK { FILTER(?a != 1) }", 2),
    ("ASK { FILTER(!!!(true)) }", 5),
    ("ASK { ?s ?p [ ?q ( 1 ) ] }", 3),
], ids=["empty", "iri-parens", "long-string", "escaped-quote", "not-equal", "bangs", "brackets"])
def test_depth_counts_brackets_outside_strings_and_comments(text, expected):
    assert nesting.depth(text) == expected
