"""Reading a SPARQL 1.1 Protocol request: which operation, its text and its dataset."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Request

from .. import nesting
from .errors import BadRequest, PayloadTooLarge, UnsupportedMediaType, URITooLong

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
MAX_GET_BYTES = 8 * 1024  # a GET's query string: what proxies and browsers pass safely; POST takes MAX_QUERY_BYTES


@dataclass
class Operation:
    kind: str  # 'query', 'update' or 'description'
    text: str = ""
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


def read(request: Request, max_bytes: int) -> Operation:
    """The operation a GET or POST to the endpoint asks for, or a 400/413/415 error."""
    args = request.args
    if request.method == "GET":
        if len(request.query_string) > MAX_GET_BYTES:
            raise URITooLong(f"the request's query string is {len(request.query_string)} bytes; GET takes at most "
                             f"{MAX_GET_BYTES}. Send long queries with POST (a form body, or Content-Type: "
                             f"application/sparql-query), which takes up to {max_bytes // 1024} KiB.")
        if "update" in args:
            raise BadRequest("updates must be sent with POST")
        if "query" not in args:
            return Operation("description")
        return _operation("query", _single(args, "query"), args, args, max_bytes)
    media_type = request.mimetype
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"requests must be encoded in UTF-8, not {charset}")
    if media_type == FORM:
        form = request.form
        if ("query" in form) == ("update" in form):
            raise BadRequest("send exactly one of the 'query' and 'update' parameters")
        kind = "query" if "query" in form else "update"
        return _operation(kind, _single(form, kind), args, form, max_bytes)
    if media_type in (QUERY, UPDATE):
        body = request.get_data()
        if len(body) > max_bytes:
            raise PayloadTooLarge(f"the request is {len(body)} bytes; the limit is {max_bytes}")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise UnsupportedMediaType("the body is not valid UTF-8") from None
        return _operation("query" if media_type == QUERY else "update", text, args, args, max_bytes)
    raise UnsupportedMediaType(
        f"POST a body as {FORM}, {QUERY} or {UPDATE}" + (f", not {media_type}" if media_type else "")
    )


def _single(params, name: str) -> str:
    values = params.getlist(name)
    if len(values) != 1:
        raise BadRequest(f"send one '{name}' parameter, not {len(values)}")
    return values[0]


def _operation(kind: str, text: str, args, params, max_bytes: int) -> Operation:
    if len(text.encode("utf-8")) > max_bytes:
        raise PayloadTooLarge(f"the {kind} is {len(text.encode())} bytes; the limit is {max_bytes}")
    prefix = "using-" if kind == "update" else ""
    default = args.getlist(f"{prefix}default-graph-uri" if kind == "query" else "using-graph-uri")
    named = args.getlist(f"{prefix}named-graph-uri")
    if params is not args:
        default += params.getlist("default-graph-uri" if kind == "query" else "using-graph-uri")
        named += params.getlist("named-graph-uri" if kind == "query" else "using-named-graph-uri")
    try:
        nesting.check(text)
        nesting.check_chains(text)
    except nesting.TooDeep as error:
        raise BadRequest(str(error)) from None
    names = ("default-graph-uri", "named-graph-uri") if kind == "query" else ("using-graph-uri", "using-named-graph-uri")
    return Operation(kind, text, [graph_iri(g, names[0]) for g in default], [graph_iri(g, names[1]) for g in named])


def graph_iri(value: str, parameter: str) -> str:
    """`value` if it is an absolute IRI (RFC 3987, as the engine reads it), else a 400 naming `parameter`.

    >>> graph_iri("https://w3id.org/neurokg/graph/entities", "graph")
    'https://w3id.org/neurokg/graph/entities'
    """
    try:
        return ox.NamedNode(value).value
    except ValueError as error:
        raise BadRequest(f"{parameter}={value[:200]!r} is not an absolute IRI: {error}") from None


def timeout(asked: str | None, limit: float) -> float:
    """The time limit of one request: `timeout=` seconds if given (a positive finite number; values
    above the server's limit are lowered to it), else the server's limit; else a 400."""
    if asked is None or not asked.strip():
        return limit
    try:
        seconds = float(asked)
    except ValueError:
        raise BadRequest(f"timeout={asked[:50]!r} is not a number of seconds") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise BadRequest(f"timeout={asked[:50]!r} must be a positive, finite number of seconds")
    return min(limit, seconds)
