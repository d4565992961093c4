"""Reading and judging the W3C SPARQL 1.1 evaluation tests (mf:QueryEvaluationTest, mf:UpdateEvaluationTest).

Answers are compared as the W3C test suite requires: result sets as multisets of solutions equal
up to a renaming of blank nodes, literals of numeric, boolean and date/time types by value (same
datatype), others by term; graphs by isomorphism (RDFC-1.0 canonical form).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
XSD = "http://www.w3.org/2001/XMLSchema#"
RESULT_FORMATS = {".srx": ox.QueryResultsFormat.XML, ".srj": ox.QueryResultsFormat.JSON, ".tsv": ox.QueryResultsFormat.TSV,
                  ".csv": ox.QueryResultsFormat.CSV}


@dataclass
class EvaluationTest:
    name: str
    query: Path
    result: Path | None
    data: list[Path] = field(default_factory=list)
    graph_data: list[Path] = field(default_factory=list)

    def query_text(self) -> str:
        """The query with its own location as BASE, as a client would send it."""
        return f"BASE <{self.query.as_uri()}>\n" + self.query.read_text(encoding="utf-8")

    @property
    def names_its_dataset(self) -> bool:
        return bool(re.search(r"^\s*FROM\b", self.query.read_text(encoding="utf-8"), re.M | re.I))

    @property
    def union_is_its_default_graph(self) -> bool:
        """Is the union of all its graphs the test's default graph (no named graph adds a triple)?"""
        return set(self.graph_data) <= set(self.data)

    def load_into(self, store) -> None:
        """The test's dataset in an engine store: data in the default graph, graphData named by file."""
        for path in self.data:
            store.load(as_ntriples(path), "application/n-triples")
        for path in self.graph_data + (self.data if self.names_its_dataset else []):
            store.load(as_ntriples(path), "application/n-triples", path.as_uri())


@dataclass
class UpdateTest:
    name: str
    request: Path
    data: list[Path]
    graph_data: list[tuple[Path, str]]  # (file, graph IRI)
    result_data: list[Path]
    result_graph_data: list[tuple[Path, str]]

    def update_text(self) -> str:
        return f"BASE <{self.request.as_uri()}>\n" + self.request.read_text(encoding="utf-8")

    def expected(self) -> dict[str | None, str]:
        """Graph (None: default) -> canonical form, for the graphs that hold triples."""
        out = {None: graph_key([t for p in self.result_data for t in triples(p)])}
        for path, name in self.result_graph_data:
            out[name] = graph_key(triples(path))
        return {name: key for name, key in out.items() if key or name is None}


def load(manifest: Path) -> list[EvaluationTest]:
    g = Graph().parse(manifest, format="turtle")
    tests = []
    for node in _entries(g):
        if (node, RDF.type, MF.QueryEvaluationTest) not in g:
            continue
        action = g.value(node, MF.action)
        result = g.value(node, MF.result)
        tests.append(EvaluationTest(
            str(g.value(node, MF.name)),
            _path(g.value(action, QT.query)),
            _path(result) if result is not None else None,
            sorted(_path(d) for d in g.objects(action, QT.data)),
            sorted(_path(d) for d in g.objects(action, QT.graphData)),
        ))
    return tests


def load_updates(manifest: Path) -> list[UpdateTest]:
    g = Graph().parse(manifest, format="turtle")
    tests = []
    for node in _entries(g):
        if (node, RDF.type, MF.UpdateEvaluationTest) not in g:
            continue
        action, result = g.value(node, MF.action), g.value(node, MF.result)

        def named(subject):
            return [(_path(g.value(d, UT.graph)), str(g.value(d, RDFS.label))) for d in g.objects(subject, UT.graphData)]

        tests.append(UpdateTest(
            str(g.value(node, MF.name)), _path(g.value(action, UT.request)),
            sorted(_path(d) for d in g.objects(action, UT.data)), named(action),
            sorted(_path(d) for d in g.objects(result, UT.data)), named(result),
        ))
    return tests


def _entries(g: Graph) -> list:
    return [node for root in g.subjects(RDF.type, MF.Manifest) for entries in g.objects(root, MF.entries)
            for node in Collection(g, entries)]


def _path(iri) -> Path:
    return Path(str(iri).removeprefix("file://"))


def triples(path: Path) -> list[ox.Triple]:
    """A data file resolved against its own location (relative IRIs)."""
    quads = ox.parse(path=str(path), format=ox.RdfFormat.from_media_type(_media_type(path)), base_iri=path.as_uri())
    return [q.triple for q in quads]


def as_ntriples(path: Path) -> bytes:
    return ox.serialize(triples(path), format=ox.RdfFormat.N_TRIPLES)


def _media_type(path: Path) -> str:
    return {".ttl": "text/turtle", ".nt": "application/n-triples", ".rdf": "application/rdf+xml", ".nq": "application/n-quads",
            ".trig": "application/trig"}.get(path.suffix, "text/turtle")


def expected(test: EvaluationTest):
    """The expected answer in comparable form (see `normalize`)."""
    suffix = test.result.suffix
    if suffix in RESULT_FORMATS:
        return normalize(ox.parse_query_results(path=str(test.result), format=RESULT_FORMATS[suffix]))
    parsed = ox.parse(path=str(test.result), format=ox.RdfFormat.from_extension(suffix.lstrip(".")), base_iri=test.result.as_uri())
    return ("graph", graph_key([q.triple for q in parsed]))


def normalize(result):
    """A bool, ("solutions", rows) with each row a sorted tuple of (variable, term key), or ("graph", key)."""
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return ("solutions", [tuple(sorted((n, term_key(row[n])) for n in names if row[n] is not None)) for row in result])
    return ("graph", graph_key([t if isinstance(t, ox.Triple) else t.triple for t in result]))


def equivalent(expected_answer, actual) -> bool:
    """Same boolean, isomorphic graphs, or result sets equal up to blank node renaming."""
    if isinstance(expected_answer, bool) or isinstance(actual, bool):
        return type(expected_answer) is type(actual) and expected_answer == actual
    if not (isinstance(expected_answer, tuple) and isinstance(actual, tuple)) or expected_answer[0] != actual[0]:
        return False
    if expected_answer[0] == "graph":
        return expected_answer[1] == actual[1]
    return solutions_isomorphic(expected_answer[1], actual[1])


def term_key(term):
    """Blank nodes as ("bnode", label); literals of value-compared types by (datatype, value)."""
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        value = _value(term.value, datatype.removeprefix(XSD)) if datatype.startswith(XSD) else None
        if value is not None:
            return ("value", datatype, value)
        return ("literal", term.value, datatype, (term.language or "").lower())
    return ("iri", str(term))


_INTEGERS = {"integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
             "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"}


def _value(lexical: str, kind: str):
    text = lexical.strip()
    try:
        if kind in _INTEGERS:
            return int(text)
        if kind == "decimal":
            return Decimal(text).normalize() if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text) else None
        if kind in ("double", "float"):
            number = float({"INF": "inf", "-INF": "-inf", "+INF": "inf"}.get(text, text))
            return "NaN" if math.isnan(number) else number
        if kind == "boolean":
            return {"true": True, "1": True, "false": False, "0": False}.get(text)
        if kind in ("dateTime", "dateTimeStamp"):
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            return (moment.astimezone(dt.timezone.utc).replace(tzinfo=None), True) if moment.tzinfo else (moment, False)
        if kind == "date":
            return (dt.date.fromisoformat(text[:10]), text[10:].replace("Z", "+00:00"))
    except (ValueError, InvalidOperation, OverflowError):
        return None
    return None


def solutions_isomorphic(expected_rows: list[tuple], actual_rows: list[tuple]) -> bool:
    """Equal as multisets once blank nodes of `actual` are renamed by one bijection onto `expected`'s."""
    def shape(row):
        return tuple((name, ("bnode",) if key[0] == "bnode" else key) for name, key in row)

    if Counter(map(shape, expected_rows)) != Counter(map(shape, actual_rows)):
        return False
    if not any(key[0] == "bnode" for row in expected_rows for _, key in row):
        return True
    by_shape: dict[tuple, list[int]] = {}
    for index, row in enumerate(actual_rows):
        by_shape.setdefault(shape(row), []).append(index)
    order = sorted(expected_rows, key=lambda r: len(by_shape[shape(r)]))
    used: set[int] = set()

    def extend(i: int, mapping: dict, inverse: dict) -> bool:
        if i == len(order):
            return True
        for index in by_shape[shape(order[i])]:
            if index in used:
                continue
            candidate = actual_rows[index]
            new, new_inverse, ok = dict(mapping), dict(inverse), True
            for (_, want), (_, got) in zip(order[i], candidate, strict=True):
                if want[0] == "bnode":
                    if new.setdefault(got[1], want[1]) != want[1] or new_inverse.setdefault(want[1], got[1]) != got[1]:
                        ok = False
                        break
            if ok:
                used.add(index)
                if extend(i + 1, new, new_inverse):
                    return True
                used.discard(index)
        return False

    return extend(0, {}, {})


def graph_key(graph_triples) -> str:
    """Canonical N-Triples of a graph (RDFC-1.0 names blank nodes), so isomorphic graphs compare equal."""
    dataset = ox.Dataset([ox.Quad(t.subject, t.predicate, t.object) if isinstance(t, ox.Triple) else t for t in graph_triples])
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return "\n".join(sorted(str(q) for q in dataset))
