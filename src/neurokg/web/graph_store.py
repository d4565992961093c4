"""`/store`: the SPARQL 1.1 Graph Store HTTP Protocol (GET/HEAD for all; PUT/POST/DELETE need
--allow-update and the bearer token). Graphs are named with `?graph=IRI` or `?default`, or
directly by a request URL under /store/; `GET /store` alone is the whole dataset, every named
graph kept (TriG or N-Quads)."""

from __future__ import annotations

import uuid

import pyoxigraph as ox
from flask import Blueprint, Response, request

from .. import formats, nesting, serializers
from . import get_store
from .errors import BadRequest, NotAcceptable, NotFound, UnsupportedMediaType
from .protocol import graph_iri
from .sparql import require_update_permission, write

bp = Blueprint("graph_store", __name__)
DEFAULT = None  # the store's default graph
MAX_JSON_DEPTH = 256  # JSON-LD uploads: pyoxigraph's parser overflows its stack at about 3,200 levels


@bp.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
@bp.route("/store/<path:_>", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
def graph_store(_=None):
    direct = request.path != "/store"
    if not direct and "graph" not in request.args and "default" not in request.args:
        if request.method == "POST":
            return _create_graph()
        if request.method in ("GET", "HEAD"):
            return _read_dataset()
        raise BadRequest("name a graph with ?graph=IRI or ?default")
    if "graph" in request.args and "default" in request.args:
        raise BadRequest("name one graph: ?graph=IRI or ?default, not both")
    graph = request.base_url if direct else (graph_iri(request.args["graph"], "graph") if "graph" in request.args else DEFAULT)
    if request.method in ("GET", "HEAD"):
        return _read(graph)
    require_update_permission()
    return {"PUT": _replace, "POST": _merge, "DELETE": _delete}[request.method](graph)


def _exists(graph: str | None) -> bool:
    return graph is DEFAULT or graph in get_store().graphs()


def _read(graph: str | None) -> Response:
    """One graph, in any RDF format (in TriG and N-Quads under its own name)."""
    if not _exists(graph):
        raise NotFound(f"no graph <{graph}> in the store")
    media_type = _negotiate("graph")
    name = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    triples = ox.parse(get_store().dump("application/n-triples", graph), ox.RdfFormat.N_TRIPLES)
    body = serializers.rdf((ox.Quad(t.subject, t.predicate, t.object, name) for t in triples), media_type)
    return Response(b"" if request.method == "HEAD" else body, content_type=f"{media_type}; charset=utf-8",
                    headers={"Vary": "Accept"})


def _read_dataset() -> Response:
    """Every graph of the store, each under its name (TriG by default, or N-Quads)."""
    media_type = _negotiate("dataset")
    quads = ox.parse(get_store().dump("application/n-quads"), ox.RdfFormat.N_QUADS)
    body = serializers.rdf(quads, media_type)
    return Response(b"" if request.method == "HEAD" else body, content_type=f"{media_type}; charset=utf-8",
                    headers={"Vary": "Accept"})


def _negotiate(kind: str) -> str:
    try:
        return formats.negotiate(kind, request.headers.get("Accept"), formats.requested(request.args))
    except formats.NotAcceptable as error:
        raise NotAcceptable(str(error), offered=error.offered) from None


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
    if rdf_format == ox.RdfFormat.JSON_LD and nesting.json_depth(data) > MAX_JSON_DEPTH:
        raise BadRequest(f"the JSON-LD body nests deeper than {MAX_JSON_DEPTH} levels")
    try:
        return [quad.triple for quad in ox.parse(data, rdf_format, base_iri=request.base_url)]
    except SyntaxError as error:
        raise BadRequest(f"the body is not valid {media_type}: {error}") from None


def _insert(graph: str | None, triples: list[ox.Triple], *, replace: bool) -> None:
    """One SPARQL Update, so the write is applied whole or not at all; every term in it is written
    by pyoxigraph (N-Triples syntax of parsed, validated terms), never spliced from request text."""
    name = str(ox.NamedNode(graph)) if graph else None
    drop = (f"DROP SILENT GRAPH {name} ;\n" if name else "DROP SILENT DEFAULT ;\n") if replace else ""
    lines = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    block = f"GRAPH {name} {{\n{lines}\n}}" if name else lines
    write(f"{drop}INSERT DATA {{ {block} }}")


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
    write(f"DROP GRAPH {ox.NamedNode(graph)}" if graph else "DROP DEFAULT")
    return Response(status=204)


def _create_graph() -> Response:
    require_update_permission()
    graph = f"{request.base_url.rstrip('/')}/{uuid.uuid4()}"
    _insert(graph, _parsed_body(), replace=False)
    return Response(status=201, headers={"Location": graph})
