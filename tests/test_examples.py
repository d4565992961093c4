"""Every named query parses, and every example query answers with rows on the NeuroKG graph."""

from __future__ import annotations

import pytest

from neurokg import queries

EXAMPLES = queries.names("examples")
BASE_EXAMPLES = [n for n in EXAMPLES if not queries.load(n).requires]
IMPORT_EXAMPLES = [n for n in EXAMPLES if queries.load(n).requires]


def test_there_are_at_least_12_examples():
    assert len(EXAMPLES) >= 12


@pytest.mark.parametrize("name", BASE_EXAMPLES)
def test_example_is_documented_and_returns_rows(kg_store, name):
    query = queries.load(name)
    assert query.title != name and query.description, "each example needs # title: and # description:"
    assert list(kg_store.query(query.text)), f"{name} returned no rows"


@pytest.mark.parametrize("name", IMPORT_EXAMPLES)
def test_import_example_walks_into_the_imported_ontology(hpo_store, name):
    query = queries.load(name)
    assert query.title != name and query.description
    assert list(hpo_store.query(query.text)), f"{name} returned no rows after importing {query.requires}"


@pytest.mark.parametrize("name", queries.names())
def test_every_named_query_parses(name):
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(queries.load(name).text)
