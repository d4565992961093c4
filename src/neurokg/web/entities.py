"""`/entity/<name>`: NeuroKG IRIs (https://w3id.org/neurokg/<name>) dereference here: an HTML page
for people, Turtle / JSON-LD / N-Triples for machines, by content negotiation or `format=`."""

from __future__ import annotations

import re

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from .. import formats, queries, vocab
from ..contrast.catalog import catalog
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
    if media_type != "text/html":
        triples = list(store.query(queries.load("entities/construct").text, bindings=bindings))
        return Response(ox.serialize(triples, format=ox.RdfFormat.from_media_type(media_type)),
                        content_type=f"{media_type}; charset=utf-8", headers={"Vary": "Accept"})
    groups: dict[str, list[dict]] = {}
    links: dict[str, str] = {}  # group title -> the article (its URL, else its page here)
    cat = catalog(store)
    for row in rows:
        title = source_title(cat, row["graph"])
        groups.setdefault(title, []).append(row)
        found = cat.source_of(row["graph"])
        if found and found[0] in cat.citations:
            links[title] = cat.citations[found[0]]["link"]
    labels = [r["value"] for r in rows if r["property"].endswith("#label")]
    return render_template("entity.html", iri=iri, name=name, label=labels[0] if labels else name, groups=groups,
                           links=links, base=vocab.BASE)


def source_title(cat, graph: str) -> str:
    """'MS vs. ALS: how do they differ?', '… (inferred)', or the graph's short name (entities, mappings)."""
    found = cat.source_of(graph)
    if not found:
        return graph.rstrip("/").rsplit("/", 1)[-1]
    return found[2] + (" (inferred)" if found[3] else "")


def _negotiate() -> str:
    offered = ["text/html", "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
    fmt = request.args.get("format")
    if fmt:
        media_type = "text/html" if fmt == "html" else formats.FORMAT_NAMES.get(fmt)
        if media_type not in offered:
            raise NotAcceptable(f"unknown format {fmt!r}", offered=offered)
        return media_type
    best = request.accept_mimetypes.best_match(offered, default="text/html")
    return best
