"""`/store`: the SPARQL 1.1 Graph Store HTTP Protocol (GET/HEAD for all; PUT/POST/DELETE need
--allow-update and the bearer token). Graphs are named with `?graph=IRI` or `?default`, or
directly by a request URL under /store/."""

from __future__ import annotations

import uuid

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request

from .. import formats
from . import get_store
from .errors import BadRequest, NotAcceptable, NotFound, UnsupportedMediaType
from .sparql import require_update_permission, written

bp = Blueprint("graph_store", __name__)
DEFAULT = None  # the store's default graph


@bp.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
@bp.route("/store/<path:_>", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
def graph_store(_=None):
    direct = request.path != "/store"
    if not direct and "graph" not in request.args and "default" not in request.args:
        if request.method == "POST":
            return _create_graph()
        raise BadRequest("name a graph with ?graph=IRI or ?default")
    graph = request.base_url if direct else request.args.get("graph", DEFAULT) or DEFAULT
    if request.method in ("GET", "HEAD"):
        return _read(graph)
    require_update_permission()
    return {"PUT": _replace, "POST": _merge, "DELETE": _delete}[request.method](graph)


def _exists(graph: str | None) -> bool:
    return graph is DEFAULT or graph in get_store().graphs()


def _read(graph: str | None) -> Response:
    if not _exists(graph):
        raise NotFound(f"no graph <{graph}> in the store")
    try:
        media_type = formats.negotiate("graph", request.headers.get("Accept"), request.args.get("format"))
    except formats.NotAcceptable as error:
        raise NotAcceptable(str(error), offered=error.offered) from None
    if media_type in ("application/n-quads", "application/trig"):
        media_type = "text/turtle"
    body = get_store().dump(media_type, graph)
    return Response(b"" if request.method == "HEAD" else body, content_type=f"{media_type}; charset=utf-8")


def _parsed_body() -> list[ox.Triple]:
    """The triples of the request body; a multipart/form-data body may carry several files."""
    if request.mimetype == "multipart/form-data":
        return [t for part in request.files.values() for t in _parse(part.read(), part.mimetype)]
    return _parse(request.get_data(), request.mimetype)


def _parse(data: bytes, media_type: str) -> list[ox.Triple]:
    try:
        rdf_format = ox.RdfFormat.from_media_type(media_type or "")
    except ValueError:
        rdf_format = None
    if rdf_format is None or rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        raise UnsupportedMediaType(f"send a graph as one of: {', '.join(formats.offered('graph')[:4])}")
    try:
        return [quad.triple for quad in ox.parse(data, rdf_format, base_iri=request.base_url)]
    except SyntaxError as error:
        raise BadRequest(f"the body is not valid {media_type}: {error}") from None


def _insert(graph: str | None, triples: list[ox.Triple], *, replace: bool) -> None:
    """One SPARQL Update, so the write is applied whole or not at all."""
    drop = (f"DROP SILENT GRAPH <{graph}> ;\n" if graph else "DROP SILENT DEFAULT ;\n") if replace else ""
    lines = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    block = f"GRAPH <{graph}> {{\n{lines}\n}}" if graph else lines
    store = get_store()
    current_app.extensions["neurokg.executor"].restart()
    store.update(f"{drop}INSERT DATA {{ {block} }}")
    written(store)


def _replace(graph: str | None) -> Response:
    existed = _exists(graph)
    _insert(graph, _parsed_body(), replace=True)
    return Response(status=204 if existed else 201)


def _merge(graph: str | None) -> Response:
    existed = _exists(graph)
    _insert(graph, _parsed_body(), replace=False)
    return Response(status=204 if existed else 201)


def _delete(graph: str | None) -> Response:
    if not _exists(graph):
        raise NotFound(f"no graph <{graph}> in the store")
    store = get_store()
    current_app.extensions["neurokg.executor"].restart()
    store.update(f"DROP GRAPH <{graph}>" if graph else "DROP DEFAULT")
    written(store)
    return Response(status=204)


def _create_graph() -> Response:
    require_update_permission()
    graph = f"{request.base_url.rstrip('/')}/{uuid.uuid4()}"
    _insert(graph, _parsed_body(), replace=False)
    return Response(status=201, headers={"Location": graph})
