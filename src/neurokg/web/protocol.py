"""Reading a SPARQL 1.1 Protocol request: which operation, its text and its dataset."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Request

from .errors import BadRequest, PayloadTooLarge, UnsupportedMediaType

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


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
    return Operation(kind, text, default, named)
