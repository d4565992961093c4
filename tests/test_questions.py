"""Researchers' questions, answered from the graph in SPARQL, with answers taken from the articles.

Each question is `tests/cases/questions/<name>.rq` with its expected rows in `<name>.json`
(IRIs written `nkg:Local` or `graph:<slug>`, literals by lexical value, compared as sets).
Each cell of the articles' comparison charts is a case in `tests/cases/comparison_tables.json`.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from conftest import CASES

from neurokg import vocab
from neurokg.results import rows

QUESTIONS = sorted((CASES / "questions").glob("*.rq"))
TABLE_ROWS = json.loads((CASES / "comparison_tables.json").read_text())["rows"]


def _short(term) -> str:
    if isinstance(term, ox.NamedNode):
        for base, prefix in ((str(vocab.GRAPH), "graph:"), (vocab.BASE, "nkg:")):
            if term.value.startswith(base):
                return prefix + term.value[len(base):]
    return term.value


def _canon(value: str) -> str:
    try:
        return repr(float(value))
    except ValueError:
        return value


def _as_set(table):
    return {tuple(sorted((k, _canon(str(v))) for k, v in row.items())) for row in table}


def test_there_are_at_least_25_questions():
    assert len(QUESTIONS) >= 25


@pytest.mark.parametrize("path", QUESTIONS, ids=lambda p: p.stem)
def test_question(kg_store, path):
    expected = json.loads(path.with_suffix(".json").read_text())["expected"]
    actual = [{k: _short(v) for k, v in row.items()} for row in rows(kg_store.query(path.read_text()))]
    assert _as_set(actual) == _as_set(expected)


def _term(value):
    if isinstance(value, int | float):
        return ox.Literal(str(float(value)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
    return ox.NamedNode(vocab.BASE + value)


@pytest.mark.parametrize("row", TABLE_ROWS, ids=lambda r: r["id"])
def test_comparison_table_cell_is_in_its_article_graph(kg_store, row):
    for check in row["checks"]:
        bindings = {
            "graph": ox.NamedNode(vocab.article_graph(row["graph"])),
            "disease": ox.NamedNode(vocab.BASE + row["disease"]),
            "property": ox.NamedNode(vocab.BASE + check[0]),
            "value": _term(check[-1]),
        }
        query = "table-fact.rq"
        if len(check) == 3:
            bindings["field"] = ox.NamedNode(vocab.BASE + check[1])
            query = "table-value.rq"
        assert bool(kg_store.query((CASES / query).read_text(), bindings=bindings)), check
