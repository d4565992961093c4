"""A baseline store on rdflib's own SPARQL engine, with the same interface and result types as
NeuroKG's stores (rdflib results converted to pyoxigraph terms), so the same code runs on it."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef, Variable


class _Solutions(list):
    def __init__(self, variables, rows):
        super().__init__(rows)
        self.variables = [ox.Variable(str(v)) for v in variables]


def _term(t):
    if t is None:
        return None
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if t.language:
        return ox.Literal(str(t), language=t.language)
    return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype))) if t.datatype else ox.Literal(str(t))


def _rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    return Literal(term.value)


class RdflibStore:
    """Holds a copy of another store's quads in an rdflib Dataset (default graph = union)."""

    def __init__(self, source) -> None:
        self.dataset = Dataset(default_union=True)
        self.dataset.parse(data=source.dump("application/n-quads"), format="nquads")

    def query(self, sparql: str, *, bindings=None, **_):
        result = self.dataset.query(sparql, initBindings={Variable(k): _rdflib(v) for k, v in (bindings or {}).items()})
        if result.type == "ASK":
            return result.askAnswer
        if result.type != "SELECT":
            return list(result)
        return _Solutions(result.vars, [tuple(_term(row[v]) for v in result.vars) for row in result])

    def __len__(self) -> int:
        return len(self.dataset)
