"""The W3C harness's comparison itself: literals by value, blank nodes up to renaming, and it fails
what differs (known-bad cases)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import w3c_query

XSD = "http://www.w3.org/2001/XMLSchema#"


def _rows(*rows):
    return ("solutions", [tuple(sorted((name, w3c_query.term_key(term)) for name, term in row.items())) for row in rows])


def _lit(value: str, datatype: str):
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


@pytest.mark.parametrize("a,b", [("1", "01"), ("1.0E0", "1E0"), ("true", "1"), ("1.50", "1.5"),
                                  ("2011-01-10T14:45:13.815-05:00", "2011-01-10T19:45:13.815Z")],
                         ids=["integer", "double", "boolean", "decimal", "dateTime"])
def test_literals_compare_by_value(a, b):
    datatype = {"1": "integer", "1.0E0": "double", "true": "boolean", "1.50": "decimal"}.get(a, "dateTime")
    assert w3c_query.equivalent(_rows({"x": _lit(a, datatype)}), _rows({"x": _lit(b, datatype)}))


@pytest.mark.parametrize("a,b", [(_lit("1", "integer"), _lit("2", "integer")), (_lit("1", "integer"), _lit("1", "decimal")),
                                  (ox.Literal("1"), _lit("1", "integer")), (ox.Literal("a", language="en"), ox.Literal("a"))],
                         ids=["other-number", "other-datatype", "string-vs-number", "language"])
def test_different_literals_differ(a, b):
    assert not w3c_query.equivalent(_rows({"x": a}), _rows({"x": b}))


def test_blank_nodes_match_up_to_renaming_only():
    a, b, c = ox.BlankNode("a"), ox.BlankNode("b"), ox.BlankNode("c")
    iri = ox.NamedNode("http://ex.org/i")
    same = _rows({"x": a, "y": a}, {"x": b, "y": iri})
    assert w3c_query.equivalent(same, _rows({"x": c, "y": c}, {"x": a, "y": iri}))
    assert not w3c_query.equivalent(same, _rows({"x": a, "y": b}, {"x": c, "y": iri})), "one node twice vs two nodes"
    assert not w3c_query.equivalent(_rows({"x": a}, {"x": b}), _rows({"x": a}, {"x": a})), "two nodes vs one node twice"


def test_bags_keep_their_multiplicity():
    row = {"x": ox.NamedNode("http://ex.org/s1")}
    assert not w3c_query.equivalent(_rows(row), _rows(row, row))
    assert not w3c_query.equivalent(True, False) and not w3c_query.equivalent(True, _rows())
