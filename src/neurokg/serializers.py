"""Streaming writers for SPARQL results in the four W3C formats (JSON, XML, CSV, TSV).

They take the variables and the rows already fetched (so the row limit and the truncation flag
are known before the first byte is sent) and yield bytes in chunks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
CHUNK_ROWS = 500


def solutions(media_type: str, variables: list[str], rows: Iterable[list], *, compact: bool = False) -> Iterator[bytes]:
    """Serialize rows (lists of terms or None, in `variables` order); `compact` writes IRIs as
    CURIEs in CSV (a view for spreadsheets, not a W3C format)."""
    if compact and media_type == "text/csv":
        return _csv(variables, rows, _curie)
    writer = {
        "application/sparql-results+json": _json,
        "application/sparql-results+xml": _xml,
        "text/csv": _csv,
        "text/tab-separated-values": _tsv,
    }[media_type]
    return writer(variables, rows)


def boolean(media_type: str, value: bool) -> bytes:
    """An ASK answer."""
    if media_type == "application/sparql-results+json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if media_type == "application/sparql-results+xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    if media_type == "text/tab-separated-values":
        return b"?_askResult\n" + (b"true\n" if value else b"false\n")
    return b"_askResult\r\n" + (b"true\r\n" if value else b"false\r\n")


def _chunks(lines: Iterable[str]) -> Iterator[bytes]:
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= CHUNK_ROWS:
            yield "".join(buffer).encode("utf-8")
            buffer.clear()
    if buffer:
        yield "".join(buffer).encode("utf-8")


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _json(variables, rows):
    def lines():
        yield json.dumps({"head": {"vars": variables}})[:-1] + ', "results": {"bindings": [\n'
        for i, row in enumerate(rows):
            binding = {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            yield ("," if i else "") + json.dumps(binding, ensure_ascii=False) + "\n"
        yield "]}}\n"

    return _chunks(lines())


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _xml(variables, rows):
    def lines():
        yield '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>'
        yield "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>\n<results>\n"
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            yield f"<result>{cells}</result>\n"
        yield "</results>\n</sparql>\n"

    return _chunks(lines())


def _curie(term) -> str:
    from .prefixes import converter

    return converter().compress(term.value, passthrough=True) if isinstance(term, ox.NamedNode) else term.value


def _csv_cell(term, text=None) -> str:
    if term is None:
        return ""
    value = ("_:" + term.value) if isinstance(term, ox.BlankNode) else (text(term) if text else term.value)
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv(variables, rows, text=None):
    def lines():
        yield ",".join(variables) + "\r\n"
        for row in rows:
            yield ",".join(_csv_cell(t, text) for t in row) + "\r\n"

    return _chunks(lines())


def _tsv(variables, rows):
    def lines():
        yield "\t".join("?" + v for v in variables) + "\n"
        for row in rows:
            yield "\t".join("" if t is None else str(t).replace("\t", "\\t") for t in row) + "\n"

    return _chunks(lines())
