"""Reading and judging W3C SPARQL 1.1 query evaluation tests (mf:QueryEvaluationTest)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
RESULT_FORMATS = {".srx": ox.QueryResultsFormat.XML, ".srj": ox.QueryResultsFormat.JSON, ".tsv": ox.QueryResultsFormat.TSV,
                  ".csv": ox.QueryResultsFormat.CSV}


@dataclass
class EvaluationTest:
    name: str
    query: Path
    result: Path | None
    data: list[Path] = field(default_factory=list)
    graph_data: list[Path] = field(default_factory=list)

    def load_into(self, store) -> None:
        for path in self.data:
            store.load(_as_ntriples(path), "application/n-triples")
        for path in self.graph_data:
            store.load(_as_ntriples(path), "application/n-triples", path.as_uri())

    def query_text(self) -> str:
        """The query with its own location as BASE, as a client would send it."""
        return f"BASE <{self.query.as_uri()}>\n" + self.query.read_text(encoding="utf-8")


def load(manifest: Path) -> list[EvaluationTest]:
    g = Graph().parse(manifest, format="turtle")
    tests = []
    for root in g.subjects(RDF.type, MF.Manifest):
        for entries in g.objects(root, MF.entries):
            for node in Collection(g, entries):
                if (node, RDF.type, MF.QueryEvaluationTest) not in g:
                    continue
                action = g.value(node, MF.action)
                result = g.value(node, MF.result)
                tests.append(EvaluationTest(
                    str(g.value(node, MF.name)),
                    _path(g.value(action, QT.query)),
                    _path(result) if result is not None else None,
                    [_path(d) for d in g.objects(action, QT.data)],
                    [_path(d) for d in g.objects(action, QT.graphData)],
                ))
    return tests


def _path(iri) -> Path:
    return Path(str(iri).removeprefix("file://"))


def _as_ntriples(path: Path) -> bytes:
    """A data file resolved against its own location (relative IRIs), as N-Triples."""
    quads = ox.parse(path=str(path), format=ox.RdfFormat.from_media_type(_media_type(path)), base_iri=path.as_uri())
    return ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)


def _media_type(path: Path) -> str:
    return {".ttl": "text/turtle", ".nt": "application/n-triples", ".rdf": "application/rdf+xml", ".nq": "application/n-quads",
            ".trig": "application/trig"}.get(path.suffix, "text/turtle")


def expected(test: EvaluationTest):
    """The expected answer as a comparable value (a bag of rows, a boolean, or a canonical graph)."""
    suffix = test.result.suffix
    if suffix in RESULT_FORMATS:
        return normalize(ox.parse_query_results(path=str(test.result), format=RESULT_FORMATS[suffix]))
    triples = ox.parse(path=str(test.result), format=ox.RdfFormat.from_extension(suffix.lstrip(".")), base_iri=test.result.as_uri())
    return _graph_key([q.triple for q in triples])


def normalize(result):
    """Comparable form of a pyoxigraph result: bool, Counter of rows (blank nodes blurred), or graph key."""
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return Counter(tuple(sorted((n, _term(row[n])) for n in names if row[n] is not None)) for row in result)
    return _graph_key([t if isinstance(t, ox.Triple) else t.triple for t in result])


def _term(term) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:b"
    if isinstance(term, ox.Literal) and term.datatype.value.startswith("http://www.w3.org/2001/XMLSchema#") and term.datatype.value.rsplit("#")[1] in ("integer", "decimal", "double", "float"):
        try:
            return f"num:{float(term.value)}"
        except ValueError:
            return str(term)
    return str(term)


def _graph_key(triples) -> str:
    """Canonical N-Triples of a graph (RDFC-1.0 names blank nodes), so isomorphic graphs compare equal."""
    dataset = ox.Dataset([ox.Quad(t.subject, t.predicate, t.object) if isinstance(t, ox.Triple) else t for t in triples])
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return "\n".join(sorted(str(q) for q in dataset))
