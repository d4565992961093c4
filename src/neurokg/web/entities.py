"""`/entity/<name>`: NeuroKG IRIs (https://w3id.org/neurokg/<name>) dereference here: an HTML page
for people, Turtle / JSON-LD / N-Triples / RDF/XML for machines, and TriG / N-Quads with each
statement in the named graph (article) that makes it, by content negotiation or `format=`."""

from __future__ import annotations

import re

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from .. import formats, queries, serializers, vocab
from ..prefixes import converter
from ..results import rows as term_rows
from ..results import values
from . import get_store
from .errors import NotAcceptable, NotFound

bp = Blueprint("entities", __name__)
ENTITY_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]{0,120}(/[A-Za-z0-9_\-]{1,120}){0,2}$")


@bp.route("/entity/<path:name>")
def entity(name: str):
    if not ENTITY_NAME.match(name):
        raise NotFound("no such entity")
    iri = vocab.BASE + name
    bindings = {"entity": ox.NamedNode(iri)}
    store = get_store()
    rows = values(store.query(queries.load("entities/describe").text, bindings=bindings))
    if not rows:
        raise NotFound(f"no entity <{iri}> in NeuroKG")
    media_type = _negotiate()
    if media_type in formats.QUAD_MEDIA_TYPES:
        found = term_rows(store.query(queries.load("entities/quads").text, bindings=bindings))
        quads = [ox.Quad(bindings["entity"], r["property"], r["value"], r["graph"]) for r in found]
        return Response(serializers.rdf(quads, media_type), content_type=f"{media_type}; charset=utf-8", headers={"Vary": "Accept"})
    if media_type != "text/html":
        triples = list(store.query(queries.load("entities/construct").text, bindings=bindings))
        return Response(serializers.rdf(triples, media_type), content_type=f"{media_type}; charset=utf-8", headers={"Vary": "Accept"})
    from .entity_view import describe

    view = describe(store, iri, rows)
    return render_template("entity.html", iri=iri, name=name, label=view["summary"]["label"] or name, view=view,
                           curie=converter().compress(iri, passthrough=True))


def source_title(cat, graph: str) -> str:
    """'MS vs. ALS: how do they differ?', '… (inferred)', or the graph's short name (entities, mappings)."""
    found = cat.source_of(graph)
    if not found:
        return graph.rstrip("/").rsplit("/", 1)[-1]
    return found[2] + (" (inferred)" if found[3] else "")


def _negotiate() -> str:
    """HTML for browsers and when nothing is asked; an RDF format by Accept or `format=`; else 406."""
    offered = ["text/html", *formats.offered("graph")]
    fmt = request.args.get("format")
    if fmt:
        if fmt == "html":
            return "text/html"
        try:
            return formats.negotiate("graph", None, fmt)
        except formats.NotAcceptable:
            raise NotAcceptable(f"unknown format {fmt!r}", offered=offered) from None
    accept = request.headers.get("Accept", "")
    if not accept.strip() or request.accept_mimetypes.best_match(["text/html"]) and request.accept_mimetypes["text/html"] >= max(
            request.accept_mimetypes[m] for m in offered[1:]):
        return "text/html"
    try:
        return formats.negotiate("graph", accept)
    except formats.NotAcceptable:
        raise NotAcceptable("none of the requested formats is available", offered=offered) from None
