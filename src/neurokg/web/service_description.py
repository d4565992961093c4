"""The SPARQL 1.1 Service Description (GET /sparql without a query), with VoID statistics."""

from __future__ import annotations

from flask import Response, current_app, request
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import XSD

from .. import formats, queries
from ..results import values
from . import get_store

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
_CACHE = "neurokg.void"


def response() -> Response:
    """The description of this endpoint, in the RDF format the client asks for (Turtle by default)."""
    try:
        media_type = formats.negotiate("graph", request.headers.get("Accept"), request.args.get("format"))
    except formats.NotAcceptable:
        media_type = "text/turtle"
    if media_type in ("application/n-quads", "application/trig"):
        media_type = "text/turtle"
    rdflib_format = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                     "application/rdf+xml": "xml"}[media_type]
    body = describe(request.base_url).serialize(format=rdflib_format)
    return Response(body, content_type=f"{media_type}; charset=utf-8", headers={"Vary": "Accept"})


def describe(endpoint: str) -> Graph:
    """sd:Service for `endpoint`: languages, result formats, features, dataset and VoID per graph."""
    config = current_app.config
    g = Graph(bind_namespaces="core")
    g.bind("sd", SD)
    g.bind("void", VOID)
    service = URIRef(endpoint + "#service")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if config["ALLOW_UPDATE"]:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    for fmt in formats.SOLUTION_FORMATS + formats.GRAPH_FORMATS:
        g.add((service, SD.resultFormat, URIRef(fmt.w3c_iri)))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    if config["SERVICE_ALLOWLIST"]:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    dataset, default = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for row in _void():
        named, graph = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(row["graph"])))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, RDF.type, VOID.Dataset))
        for key in ("triples", "classes", "properties"):
            g.add((graph, VOID[key], Literal(int(row[key]), datatype=XSD.integer)))
    g.add((default, RDF.type, VOID.Dataset))
    total = values(get_store().query(queries.load("service/default-graph-triples").text))[0]["triples"]
    g.add((default, VOID.triples, Literal(int(total), datatype=XSD.integer)))  # distinct: the merge of all graphs
    return g


def invalidate() -> None:
    """Forget the cached statistics (after a write)."""
    current_app.extensions.pop(_CACHE, None)


def _void() -> list[dict[str, str]]:
    """Per-graph statistics, computed once and cached until the next write."""
    if _CACHE not in current_app.extensions:
        rows = get_store().query(queries.load("service/void-per-graph").text)
        current_app.extensions[_CACHE] = values(rows)
    return current_app.extensions[_CACHE]
