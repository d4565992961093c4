"""Media types NeuroKG speaks, and content negotiation by Accept (q-values, specificity) or `format=`.

One table for solutions (SELECT/ASK) and one for graphs (CONSTRUCT/DESCRIBE); the service
description lists the same tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


@dataclass(frozen=True)
class Format:
    media_type: str
    name: str  # the value of `format=`
    extension: str
    w3c_iri: str  # the W3C formats registry IRI, for the service description


SOLUTION_FORMATS = [
    Format("application/sparql-results+json", "json", "srj", "http://www.w3.org/ns/formats/SPARQL_Results_JSON"),
    Format("application/sparql-results+xml", "xml", "srx", "http://www.w3.org/ns/formats/SPARQL_Results_XML"),
    Format("text/csv", "csv", "csv", "http://www.w3.org/ns/formats/SPARQL_Results_CSV"),
    Format("text/tab-separated-values", "tsv", "tsv", "http://www.w3.org/ns/formats/SPARQL_Results_TSV"),
]
GRAPH_FORMATS = [
    Format("text/turtle", "ttl", "ttl", "http://www.w3.org/ns/formats/Turtle"),
    Format("application/n-triples", "nt", "nt", "http://www.w3.org/ns/formats/N-Triples"),
    Format("application/ld+json", "jsonld", "jsonld", "http://www.w3.org/ns/formats/JSON-LD"),
    Format("application/rdf+xml", "rdfxml", "rdf", "http://www.w3.org/ns/formats/RDF_XML"),
    Format("application/n-quads", "nq", "nq", "http://www.w3.org/ns/formats/N-Quads"),
    Format("application/trig", "trig", "trig", "http://www.w3.org/ns/formats/TriG"),
]

QUAD_MEDIA_TYPES = ("application/n-quads", "application/trig")  # the formats that name graphs

# Drawings of a CONSTRUCT/DESCRIBE result for visualizers (see graph_export); offered on /sparql
# and /graph, after the RDF formats, never by the Graph Store Protocol.
DRAWING_FORMATS = [
    Format("application/vnd.cytoscape+json", "cyjs", "cyjs", ""),
    Format("application/graphml+xml", "graphml", "graphml", ""),
    Format("application/gexf+xml", "gexf", "gexf", ""),
    Format("text/vnd.graphviz", "dot", "dot", ""),
]

# Other names clients send for the same formats.
SYNONYMS = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "application/turtle": "text/turtle",
    "text/n3": "text/turtle",  # Turtle is N3; SPARQLWrapper's N3 asks for these
    "text/rdf+n3": "text/turtle",
    "application/n3": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json+ld": "application/ld+json",
    "application/x-json+ld": "application/ld+json",
    "application/x-trig": "application/trig",
    "text/x-nquads": "application/n-quads",
    "application/xhtml+xml": None,
}
# `format=` / `output=` / `results=` names, the same for every query form
FORMAT_NAMES = {f.name: f.media_type for f in SOLUTION_FORMATS + GRAPH_FORMATS + DRAWING_FORMATS} | {
    "turtle": "text/turtle",
    "n3": "text/turtle",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "json-ld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "nquads": "application/n-quads",
    "n-quads": "application/n-quads",
    "srj": "application/sparql-results+json",
    "srx": "application/sparql-results+xml",
}
# Names that mean one format for solutions and another for graphs (what SPARQLWrapper, Virtuoso
# and Oxigraph server mean by them): `xml` is RDF/XML for a CONSTRUCT, `json` is JSON-LD.
FORM_NAMES = {
    "xml": {"solutions": "application/sparql-results+xml", "graph": "application/rdf+xml"},
    "json": {"solutions": "application/sparql-results+json", "graph": "application/ld+json"},
}
FORMAT_PARAMETERS = ("format", "output", "results")  # SPARQLWrapper sends all three


class NotAcceptable(ValueError):
    """No offered format fits the request; `offered` lists what would."""

    def __init__(self, offered: list[str]) -> None:
        super().__init__("none of the requested formats is available; offered: " + ", ".join(offered))
        self.offered = offered


def offered(kind: str) -> list[str]:
    """Media types for 'solutions', 'graph', 'graph-or-drawing' or 'dataset' (named graphs kept)
    results, preferred first."""
    table = {"solutions": SOLUTION_FORMATS, "graph": GRAPH_FORMATS, "graph-or-drawing": GRAPH_FORMATS + DRAWING_FORMATS,
             "dataset": [f for f in GRAPH_FORMATS if f.media_type in QUAD_MEDIA_TYPES][::-1]}
    return [f.media_type for f in table[kind]]


def is_drawing(media_type: str) -> bool:
    return any(f.media_type == media_type for f in DRAWING_FORMATS)


def requested(params) -> tuple[str, ...]:
    """The values of `format=`, `output=` and `results=` (a MultiDict), in that order."""
    return tuple(v for name in FORMAT_PARAMETERS for v in params.getlist(name) if v.strip())


def negotiate(kind: str, accept: str | None, format_param: str | tuple[str, ...] | list[str] | None = None) -> str:
    """The media type to answer with: from the first `format=` value that names a format (a name,
    a media type or a list of them), else from the Accept header. A value naming a format this
    kind of result does not come in is a 406; a value naming no format at all is ignored.

    >>> negotiate("solutions", "text/csv;q=0.5, application/sparql-results+json")
    'application/sparql-results+json'
    >>> negotiate("graph", "application/*;q=0.2, text/turtle;q=0.1")
    'application/n-triples'
    >>> negotiate("graph", "", "jsonld")
    'application/ld+json'
    >>> negotiate("graph", "application/rdf+xml", ("xml", "xml", "xml"))
    'application/rdf+xml'
    >>> negotiate("solutions", "text/csv", ("html",))
    'text/csv'
    >>> negotiate("graph-or-drawing", "application/graphml+xml, text/turtle;q=0.5")
    'application/graphml+xml'
    """
    choices = offered(kind)
    values = (format_param,) if isinstance(format_param, str) else tuple(format_param or ())
    for value in values:
        named = _named(value, kind, choices)
        if named is not None:
            return named
    if not accept or not accept.strip():
        return choices[0]
    best = _best(accept, choices)
    if best is None:
        raise NotAcceptable(choices)
    return best


def _named(value: str, kind: str, choices: list[str]) -> str | None:
    """What one `format=` value asks for: an offered media type, None if it names no format, or
    NotAcceptable if it names only formats this kind of result does not come in."""
    key = value.strip().lower()
    form = "solutions" if kind == "solutions" else "graph"
    if key in FORM_NAMES:
        return FORM_NAMES[key][form]
    if key in FORMAT_NAMES:
        media_type = FORMAT_NAMES[key]
        if media_type in choices:
            return media_type
        raise NotAcceptable(choices)
    if "/" not in key:
        return None
    names = [_without_parameters(item).split(";")[0].strip() for item in key.split(",")]
    known = [SYNONYMS.get(n, n) for n in names if n in SYNONYMS or n in FORMAT_NAMES.values()]
    if not known:
        return None
    best = _best(key, choices)
    if best is None:
        raise NotAcceptable(choices)
    return best


def _best(accept: str, choices: list[str]) -> str | None:
    parsed = parse_accept_header(_without_parameters(accept), MIMEAccept)
    candidates = choices + [s for s, target in SYNONYMS.items() if target in choices]
    best = parsed.best_match(candidates)
    if best is None:
        return None
    return SYNONYMS.get(best, best) or choices[0]


def _without_parameters(accept: str) -> str:
    """Drop media-type parameters other than q ('text/turtle; charset=utf-8' matches text/turtle)."""
    items = []
    for item in accept.split(","):
        name, *params = (p.strip() for p in item.split(";"))
        items.append(";".join([name, *(p for p in params if p.lower().startswith("q="))]))
    return ",".join(items)


def extension(media_type: str) -> str:
    """File extension for a media type (downloads)."""
    return next(f.extension for f in SOLUTION_FORMATS + GRAPH_FORMATS + DRAWING_FORMATS if f.media_type == media_type)
