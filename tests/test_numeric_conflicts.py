"""Numeric conflicts compare like with like (tests/cases/contrasts/numeric-conflicts.json, the
data's real ALS survival figures): the contrast's computed conflicts and the example query
`examples/conflicting-numeric-claims` give exactly the hand-paired conflicts and none of the
pairs counted from different start points."""

from __future__ import annotations

import json

import pytest
from conftest import CASES

from neurokg import queries
from neurokg.contrast import contrast
from neurokg.contrast.numeric import conflicts
from neurokg.contrast.profile import Source, Value
from neurokg.results import values

CASE = json.loads((CASES / "contrasts" / "numeric-conflicts.json").read_text())
EXPECTED = {frozenset(c["values"]) for c in CASE["conflicts"]}
NOT = {frozenset(c["values"]) for c in CASE["not_conflicts"]}


def test_the_contrast_flags_only_like_with_like(kg_store):
    survival = next(d for d in contrast(kg_store, ["ALS", "MS"])["dimensions"] if d["id"].endswith("dimSurvival"))
    found = {frozenset(c["values"]) for c in survival["conflicts"].get(CASE["disease"], [])}
    assert found == EXPECTED and not found & NOT


def test_the_example_query_flags_only_like_with_like(kg_store):
    rows = values(kg_store.query(queries.load("examples/conflicting-numeric-claims").text))
    found = {frozenset((r["label1"], r["label2"])) for r in rows if r["disease"] == CASE["disease"] and r["property"].endswith(CASE["property"])}
    assert found == EXPECTED and not found & NOT


@pytest.mark.parametrize("start_b, years_b, conflict", [("Diagnosis", (3, 5), False), ("Diagnosis", (2, 5), False),
                                                        ("SymptomOnset", (2, 5), True), ("SymptomOnset", (3, 5), False)])
def test_conflicts_need_the_same_start_point_and_different_years(start_b, years_b, conflict):
    """Known-bad pairs for the check: a start-point-blind rule flags the second row."""
    def value(article, start, years):
        quantity = {"minYears": years[0], "maxYears": years[1], "measuredFromIri": f"https://w3id.org/neurokg/{start}"}
        source = Source(graph=f"urn:g:{article}", article=article, title=article, inferred=False)
        return Value(iri=f"urn:v:{article}", label=article, polarity="affirmed", properties=["survival"], sources=[source], quantity=quantity)
    pair = [value("a", "SymptomOnset", (3, 5)), value("b", start_b, years_b)]
    assert bool(conflicts(pair)) is conflict
