"""`/contrast?disease=ALS&disease=MS`: the computed comparison chart as JSON, HTML, Markdown, CSV,
Turtle or JSON-LD (by Accept or `format=`), `/compare`, a form to pick the diseases, and
`/api/diseases?q=`, the search it types into over the annotated diseases."""

from __future__ import annotations

import json

from flask import Blueprint, Response, render_template, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from .. import contrast as contrasts
from ..contrast import render
from ..contrast.catalog import catalog
from ..diseases import resolve
from . import get_store
from .errors import BadRequest, NotAcceptable, NotFound

bp = Blueprint("contrasts", __name__)

MEDIA_TYPES = {
    "json": "application/json", "html": "text/html", "md": "text/markdown", "csv": "text/csv",
    "ttl": "text/turtle", "jsonld": "application/ld+json",
}


@bp.route("/contrast")
def contrast():
    media_type = _negotiate()
    names = tuple(n for n in request.args.getlist("disease") if n.strip())
    store = get_store()
    result = computed(list(names))
    if media_type == "text/html":  # links on the page repeat the request's own query string
        return render_template("contrast.html", result=result)
    body = catalog(store).remember((names, media_type), lambda: _render(result, media_type))
    return Response(body, content_type=f"{media_type}; charset=utf-8")


def computed(names: list[str]) -> dict:
    """The contrast of `names`, or the HTTP error that says why not (400, or 404 with suggestions)."""
    try:
        return contrasts.contrast(get_store(), names)
    except contrasts.ContrastError as error:
        raise BadRequest(str(error)) from None
    except contrasts.UnknownDisease as error:
        raise NotFound(str(error), suggestions=error.suggestions) from None
    except contrasts.AmbiguousDisease as error:
        raise BadRequest(str(error), candidates=error.candidates) from None


def _render(result: dict, media_type: str) -> str:
    if media_type == "application/json":
        return json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    if media_type == "text/markdown":
        return render.markdown(result)
    if media_type == "text/csv":
        return render.csv_text(result)
    return render.rdf(result).serialize(format="turtle" if media_type == "text/turtle" else "json-ld")


@bp.route("/compare")
def page():
    """Pick diseases (search as you type); with `disease=` twice or more, the answer on the page."""
    diseases = sorted(catalog(get_store()).disease_labels.items(), key=lambda item: item[1][0])
    names = [n for n in request.args.getlist("disease") if n.strip()]
    result = problem = None
    if len(names) >= 2:
        try:
            result = contrasts.contrast(get_store(), names)
        except (contrasts.ContrastError, contrasts.UnknownDisease, contrasts.AmbiguousDisease) as error:
            problem = {"message": str(error), "suggestions": getattr(error, "suggestions", getattr(error, "candidates", []))}
    return render_template("compare.html", diseases=[{"iri": iri, "label": label, "key": short} for iri, (label, short) in diseases],
                           names=names, result=result, problem=problem)


@bp.route("/api/diseases")
def search():
    """Search as you type over every annotated disease and MONDO term (`q=`: a CURIE or the start of a
    word of a label or synonym): [{key, label, iri, matched, kind}], at most `limit` (12, up to 50)."""
    text = request.args.get("q", "")[:200]
    limit = min(max(request.args.get("limit", 12, type=int) or 12, 1), 50)
    return Response(json.dumps(resolve.index(get_store()).search(text, limit), ensure_ascii=False), content_type="application/json")


def _negotiate() -> str:
    fmt = request.args.get("format")
    if fmt:
        if fmt not in MEDIA_TYPES:
            raise NotAcceptable(f"unknown format {fmt!r}; use one of {', '.join(MEDIA_TYPES)}", offered=list(MEDIA_TYPES.values()))
        return MEDIA_TYPES[fmt]
    accept = parse_accept_header(request.headers.get("Accept", ""), MIMEAccept)
    if not accept:
        return "application/json"
    best = accept.best_match(list(MEDIA_TYPES.values()), default=None)  # */*, application/*: JSON; text/*: HTML
    if best is None:
        raise NotAcceptable("none of the requested formats is available", offered=list(MEDIA_TYPES.values()))
    return best
