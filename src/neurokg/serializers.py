"""Writers for answers that pyoxigraph does not write as we need: CURIE CSV, booleans in CSV/TSV,
and RDF graphs and datasets in every format of `formats.GRAPH_FORMATS`. RDF comes
from pyoxigraph's serializers, with the project's prefixes in Turtle, TriG and RDF/XML and the
triples of each subject together; JSON-LD is compacted: an `@context` of those prefixes and one
node per subject.

XML 1.0 cannot hold most C0 control characters, not even as character references: every XML
answer (SPARQL XML results, RDF/XML, and the GraphML and GEXF drawings) writes each character
it cannot hold (U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, U+FFFE, U+FFFF) as U+FFFD, the
replacement character. The other formats keep them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from .formats import QUAD_MEDIA_TYPES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
CHUNK_ROWS = 500


def curie_csv(variables: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """CSV with IRIs written as CURIEs (`curies=true`: a view for spreadsheets, not a W3C format);
    rows are lists of terms or None in `variables` order. Every standard result format is written
    by pyoxigraph itself (neurokg.server.query_process)."""
    return _csv(variables, rows, _curie)


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


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_XML_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def xml_text(text: str) -> str:
    r"""`text` with the characters XML 1.0 cannot hold replaced by U+FFFD.

    >>> xml_text("a\x01b\tc") == "a\ufffdb\tc"
    True
    """
    return _NOT_XML.sub("\ufffd", text)


def xml_bytes(data: bytes) -> bytes:
    """The same for UTF-8 bytes (no byte below 0x20 is part of a longer UTF-8 sequence)."""
    return _NOT_XML_BYTES.sub("\ufffd".encode(), data)


def xml_safe_file(path: str, chunk: int = 1 << 20) -> int:
    """Rewrite the file at `path` with `xml_bytes`, in chunks; return its new size."""
    import os

    size, carry = 0, b""
    with open(path, "rb") as source, open(path + ".xml", "wb") as target:
        while data := source.read(chunk):
            data = carry + data
            keep = 2 if data.endswith(b"\xef\xbf") else 1 if data.endswith(b"\xef") else 0  # a U+FFFE/F cut in two
            data, carry = (data[:-keep], data[-keep:]) if keep else (data, b"")
            size += target.write(xml_bytes(data))
        size += target.write(xml_bytes(carry))
    os.replace(path + ".xml", path)
    return size


def rdf(items: Iterable[ox.Triple | ox.Quad], media_type: str) -> bytes:
    """Triples or quads in an RDF format. Quads into a graph format keep only their triples;
    triples into a dataset format (TriG, N-Quads) go to the default graph."""
    from .prefixes import all_prefixes

    rdf_format = ox.RdfFormat.from_media_type(media_type)
    items = list(items)
    if media_type in QUAD_MEDIA_TYPES:
        items = [i if isinstance(i, ox.Quad) else ox.Quad(i.subject, i.predicate, i.object, ox.DefaultGraph()) for i in items]
    else:
        items = [i.triple if isinstance(i, ox.Quad) else i for i in items]
    if rdf_format == ox.RdfFormat.JSON_LD:
        return jsonld(items)
    if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        return ox.serialize(items, format=rdf_format)
    items.sort(key=_grouping)
    body = ox.serialize(items, format=rdf_format, prefixes=all_prefixes())
    return xml_bytes(body) if rdf_format == ox.RdfFormat.RDF_XML else body


def _grouping(item) -> tuple:
    graph = str(item.graph_name) if isinstance(item, ox.Quad) and not isinstance(item.graph_name, ox.DefaultGraph) else ""
    return (graph != "", graph, str(item.subject), str(item.predicate), str(item.object))


def jsonld(items: list[ox.Triple | ox.Quad]) -> bytes:
    """Compacted JSON-LD: the project's prefixes as `@context`, one node per subject (in
    `@graph`, named graphs as nodes with a `@graph` of their own).

    >>> s, p = ox.NamedNode("https://w3id.org/neurokg/ALS"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    >>> json.loads(jsonld([ox.Triple(s, p, ox.Literal("ALS"))]))["@graph"]
    [{'@id': 'nkg:ALS', 'rdfs:label': 'ALS'}]
    """
    from .prefixes import all_prefixes, converter

    compact = converter().compress
    graphs: dict[str, dict[str, dict]] = {}
    for item in items:
        graph = item.graph_name if isinstance(item, ox.Quad) else ox.DefaultGraph()
        key = "" if isinstance(graph, ox.DefaultGraph) else _jsonld_id(graph, compact)
        node = graphs.setdefault(key, {}).setdefault(_jsonld_id(item.subject, compact), {"@id": _jsonld_id(item.subject, compact)})
        if item.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" and not isinstance(item.object, ox.Literal):
            node.setdefault("@type", []).append(_jsonld_id(item.object, compact))
        else:
            node.setdefault(compact(item.predicate.value, passthrough=True), []).append(_jsonld_value(item.object, compact))
    nodes = [_single(n) for n in graphs.pop("", {}).values()]
    nodes += [{"@id": name, "@graph": [_single(n) for n in members.values()]} for name, members in graphs.items()]
    return json.dumps({"@context": jsonld_context(all_prefixes()), "@graph": nodes}, ensure_ascii=False, indent=1).encode()


def jsonld_context(prefixes: dict[str, str]) -> dict:
    """A JSON-LD 1.1 context of prefixes; those whose IRI does not end in `/`, `#` or `:` (OBO's
    `..._`) must say they are prefixes, or JSON-LD 1.1 reads `MONDO:0004976` as an IRI."""
    context: dict = {"@version": 1.1}
    for name, iri in prefixes.items():
        context[name] = iri if iri[-1] in "/#:?[]@" else {"@id": iri, "@prefix": True}
    return context


def _jsonld_id(term, compact) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact(term.value, passthrough=True)


def _jsonld_value(term, compact):
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": compact(term.datatype.value, passthrough=True)}
    if isinstance(term, ox.Triple):
        raise ValueError("RDF-star triples cannot be written as JSON-LD 1.1")
    return {"@id": _jsonld_id(term, compact)}


def _single(node: dict) -> dict:
    return {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in node.items()}


def _chunks(lines: Iterable[str]) -> Iterator[bytes]:
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= CHUNK_ROWS:
            yield "".join(buffer).encode("utf-8")
            buffer.clear()
    if buffer:
        yield "".join(buffer).encode("utf-8")


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
