"""Serializing query results (pyoxigraph result objects) to W3C media types."""

from __future__ import annotations

import pyoxigraph as ox

from .store import Result


def serialize(result: Result, media_type: str) -> bytes:
    """SELECT/ASK results as a SPARQL results format, CONSTRUCT/DESCRIBE triples as an RDF format."""
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        return result.serialize(format=ox.QueryResultsFormat.from_media_type(media_type))
    return ox.serialize(result, format=ox.RdfFormat.from_media_type(media_type))


def rows(result: Result) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
    """SELECT results as a list of {variable: term} (unbound variables left out)."""
    variables = [v.value for v in result.variables]
    return [{name: term for name, term in zip(variables, row, strict=True) if term is not None} for row in result]


def values(result: Result) -> list[dict[str, str]]:
    """SELECT results as {variable: lexical value} dicts, convenient in tests and reports."""
    return [{k: term.value for k, term in row.items()} for row in rows(result)]
