"""`/similar?disease=X` and `/similar?phenotype=HP:…&phenotype=…`: annotated diseases ranked by
Resnik / best-match-average similarity (neurokg.phenotypes), as JSON (default) or an HTML page
(by Accept or `format=html`), each hit with its best-matching phenotype pairs."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, render_template, request

from .. import phenotypes
from ..phenotypes import search
from . import get_store, sparql
from .errors import BadRequest, NotAcceptable, NotFound

bp = Blueprint("similar", __name__)
MEDIA_TYPES = {"json": "application/json", "html": "text/html"}
WRITTEN = "neurokg.phenotype-index"  # present while the index may be reused: a write drops it (web.sparql.CACHES)
sparql.CACHES.append(WRITTEN)


@bp.route("/similar")
def similar():
    media_type = _negotiate()
    disease = request.args.get("disease", "").strip() or None
    terms = tuple(line.strip() for p in request.args.getlist("phenotype") for line in p.splitlines() if line.strip())
    accept = request.accept_mimetypes
    wants_json = request.args.get("format") == "json" or accept["application/json"] > accept["text/html"]
    if not disease and not terms and not wants_json:  # nothing asked yet (a link, a browser): the form
        return render_template("similar.html", result=None, problem=None, disease="", phenotypes=[], limit=10)
    try:
        result = search.similar(_store(), disease=disease, phenotypes=terms, limit=_limit(),
                                combine=request.args.get("combine", "symmetric"))
        problem = None
    except (search.SimilarityError, phenotypes.UnknownTerm) as error:
        candidates = getattr(error, "candidates", [])
        if media_type != "text/html":
            raise BadRequest(str(error), **({"candidates": candidates} if candidates else {})) from None
        result, problem = None, {"message": str(error), "suggestions": candidates}
    except search.UnknownDisease as error:
        if media_type != "text/html":
            raise NotFound(str(error), suggestions=error.suggestions) from None
        result, problem = None, {"message": str(error), "suggestions": error.suggestions}
    if media_type == "text/html":
        return render_template("similar.html", result=result, problem=problem, disease=disease or "",
                               phenotypes=list(terms), limit=request.args.get("limit", 10))
    return Response(json.dumps(result, ensure_ascii=False, separators=(",", ":")), content_type="application/json; charset=utf-8")


def _store():
    """The store, its phenotype index forgotten if a write came since the last request."""
    store = get_store()
    if WRITTEN not in current_app.extensions:  # a write through this app (any store, remote ones too)
        phenotypes.invalidate(store)
        current_app.extensions[WRITTEN] = True
    return store


def _limit() -> int:
    text = request.args.get("limit", "10")
    try:
        return int(text)
    except ValueError:
        raise BadRequest(f"limit is a whole number, not {text!r}") from None


def _negotiate() -> str:
    fmt = request.args.get("format")
    if fmt:
        if fmt not in MEDIA_TYPES:
            raise NotAcceptable(f"unknown format {fmt!r}; use json or html", offered=list(MEDIA_TYPES.values()))
        return MEDIA_TYPES[fmt]
    best = request.accept_mimetypes.best_match(["application/json", "text/html"], default="application/json")
    return best or "application/json"
