"""Whole-graph exports parse back: OWL (Turtle, RDF/XML), JSON-LD with its context, and KGX TSV
whose categories and predicates exist in the shipped Biolink model."""

from __future__ import annotations

import csv
import json

import pytest
from rdflib import OWL, RDF, Graph

from neurokg.exports import biolink_elements, export


@pytest.fixture(scope="module")
def out(kg_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    for fmt in ("owl-ttl", "owl-xml", "jsonld", "kgx"):
        export(kg_store, fmt, folder)
    return folder


@pytest.mark.parametrize("name,fmt", [("neurokg.owl.ttl", "turtle"), ("neurokg.owl", "xml"), ("neurokg.jsonld", "json-ld")])
def test_rdf_exports_parse_back_with_the_ontology(out, name, fmt):
    graph = Graph().parse(out / name, format=fmt)
    assert (None, RDF.type, OWL.Ontology) in graph and len(graph) > 1500


def test_jsonld_has_a_context(out):
    document = json.loads((out / "neurokg.jsonld").read_text())
    assert document["@context"]["nkg"] == "https://w3id.org/neurokg/"
    assert json.loads((out / "context.jsonld").read_text())["@context"]["skos"]


def test_kgx_nodes_and_edges_use_biolink(out):
    classes, slots = biolink_elements()
    nodes = list(csv.DictReader((out / "neurokg_nodes.tsv").open(), delimiter="\t"))
    edges = list(csv.DictReader((out / "neurokg_edges.tsv").open(), delimiter="\t"))
    assert len(nodes) > 80 and len(edges) > 80
    assert all(c in classes for n in nodes for c in n["category"].split("|"))
    assert all(e["predicate"] in slots for e in edges)
    ids = {n["id"] for n in nodes}
    assert all(e["subject"] in ids and e["object"] in ids for e in edges)
    als = next(n for n in nodes if n["id"] == "nkg:ALS")
    assert als["category"] == "biolink:Disease" and als["name"] == "amyotrophic lateral sclerosis"
    fasciculations = next(e for e in edges if (e["subject"], e["object"]) == ("nkg:ALS", "nkg:Fasciculations"))
    assert fasciculations["predicate"] == "biolink:has_phenotype"
    assert fasciculations["primary_knowledge_source"].startswith("infores:neurokg-")  # an article (tests/test_kgx.py)
