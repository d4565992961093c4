"""`/graph`: raw material for visualizers. An entity's neighbourhood (`entity=ALS`), a
CONSTRUCT/DESCRIBE result (`query=...`), a contrast (`contrast=ALS&contrast=MS`) or the whole
graph (`all=1`), as Cytoscape JSON, GraphML, GEXF, DOT or JSON-LD (`format=` or Accept). Typing
links to class nodes are left out unless `types=1`."""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request

from .. import formats, graph_export, queries, serializers, vocab
from ..executor import Request as Job
from ..results import values
from . import get_store
from ..contrast.annotated import drawn_dimensions
from .contrasts import computed
from .entities import ENTITY_NAME
from .errors import BadRequest, NotAcceptable, NotFound

bp = Blueprint("graph", __name__)
JSONLD = "application/ld+json"


@bp.route("/graph")
def graph():
    media_type = _negotiate()
    if "query" in request.args:
        return _query(request.args["query"], media_type)
    info = _node_info()
    if "contrast" in request.args and "entity" not in request.args and "all" not in request.args:
        found, info = _from_contrast(request.args.getlist("contrast"), info)
    else:
        found = _edges()
    edges = graph_export.drawable(found, info, types=request.args.get("types") in ("1", "true"))
    if media_type == JSONLD:
        triples = [ox.Triple(ox.NamedNode(e.subject), ox.NamedNode(e.predicate), ox.NamedNode(e.object)) for e in edges]
        return Response(serializers.rdf(triples, JSONLD), content_type=JSONLD)
    fmt = next(name for name, media in graph_export.MEDIA_TYPES.items() if media == media_type)
    body = graph_export.serialize(graph_export.build(edges, info), fmt)
    return Response(body, content_type=f"{media_type}; charset=utf-8")


def _negotiate() -> str:
    offered = list(graph_export.MEDIA_TYPES.values()) + [JSONLD]
    try:
        media_type = formats.negotiate("graph-or-drawing", request.headers.get("Accept"), request.args.get("format"))
    except formats.NotAcceptable:
        media_type = None
    if not request.args.get("format") and media_type not in offered:
        media_type = offered[0]  # browsers and `*/*`: Cytoscape JSON
    if media_type not in offered:
        raise NotAcceptable(f"unknown graph format {request.args.get('format')!r}", offered=offered)
    return media_type


def _edges() -> list[graph_export.Edge]:
    store, args = get_store(), request.args
    if "entity" in args:
        name = args["entity"].removeprefix(vocab.BASE)
        rows = []
        if ENTITY_NAME.match(name):
            rows = values(store.query(queries.load("graph/neighbourhood").text,
                                      bindings={"entity": ox.NamedNode(vocab.BASE + name)}))
        if not rows:
            raise NotFound(f"no entity {args['entity']!r} with links in NeuroKG")
        return graph_export.edges_from_rows(rows)
    if "all" in args:
        return graph_export.all_edges(store)
    raise BadRequest("give entity=, contrast=, query= (a CONSTRUCT or DESCRIBE query) or all=1")


def _from_contrast(names: list[str], info: graph_export.NodeInfo) -> tuple[list[graph_export.Edge], graph_export.NodeInfo]:
    """Each disease linked to its values, dimension by dimension, with the articles stating them. A
    value an article limits to a scope (a stage, subtype, share of patients, cause) is a node of its
    own, `<value>#in-<scope>` labelled with its scope, so it is never drawn as shared with the
    unscoped value of another disease."""
    result = computed(names)
    edges, labels, classes = [], {}, {}
    for dim in [*result["dimensions"], *drawn_dimensions(result)]:  # then HPO's annotations, by property
        for disease in result["diseases"]:
            for v in dim["values"][disease["key"]]:
                if v["value"].startswith(vocab.BASE + "value/"):
                    continue  # quantities are drawn in the contrast chart, not as nodes
                target = v["value"]
                if v.get("scope"):
                    target += "#in-" + "-".join(s["value"].rsplit("/", 1)[-1] for s in v["scope"])
                    labels[target] = " ".join([v["label"], *(s["text"] for s in v["scope"])])
                    classes[target] = info.classes.get(v["value"], "")
                sources = {s["article"] for s in v["sources"]}
                edges.append(graph_export.Edge(disease["iri"], dim["iri"], target, sources, v["polarity"]))
    scoped = dataclasses.replace(info, labels={**info.labels, **labels}, classes={**info.classes, **classes})
    return edges, scoped


def _query(text: str, media_type: str) -> Response:
    """A CONSTRUCT/DESCRIBE query drawn (or as JSON-LD), through the endpoint's executor and guard."""
    from .sparql import execute, guard

    guard(text, current_app.config["SERVICE_ALLOWLIST"])
    try:
        answer = execute(Job(text, accept=media_type))
    except NotAcceptable:  # a SELECT or ASK: no drawing of solutions
        answer = None
    if answer is not None and answer.form != "graph":
        b"".join(answer.chunks)  # release the executor
        answer = None
    if answer is None:
        raise BadRequest("query= must be a CONSTRUCT or DESCRIBE query")
    return Response(answer.chunks, content_type=f"{media_type}; charset=utf-8")


def _node_info() -> graph_export.NodeInfo:
    cache = current_app.extensions.setdefault("neurokg.node-info", {})
    if "info" not in cache:
        cache["info"] = graph_export.node_info(get_store())
    return cache["info"]
