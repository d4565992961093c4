"""The baseline: a plain Flask SPARQL endpoint on rdflib's own engine, serving an N-Quads file
(path in NEUROKG_BENCH_DATA) with the union of all graphs as default graph. Run under gunicorn."""

from __future__ import annotations

import os

from flask import Flask, Response, request
from rdflib import Dataset

DATA = Dataset(default_union=True)
DATA.parse(os.environ["NEUROKG_BENCH_DATA"], format="nquads")
app = Flask(__name__)


@app.route("/sparql", methods=["GET", "POST"])
def sparql():
    result = DATA.query(request.values["query"])
    if result.type in ("SELECT", "ASK"):
        return Response(result.serialize(format="json"), content_type="application/sparql-results+json")
    return Response(result.serialize(format="nt"), content_type="application/n-triples")


@app.route("/health")
def health():
    return "ok"
