"""The browser explorer: `/explore` (search a term, see its neighbourhood, click for facts and
sources, filter by article, expand), `/explore/contrast` (the chart next to a picture of what
diseases share and what sets them apart), `/explore/classes` (the class tree with inferred
members marked), and the JSON they read: `/api/search` and `/api/facts/<name>`."""

from __future__ import annotations

from dataclasses import asdict

import pyoxigraph as ox
from flask import Blueprint, jsonify, render_template, request

from .. import queries, vocab
from ..contrast.catalog import catalog
from ..prefixes import converter
from ..results import values
from . import entity_view, get_store
from ..contrast.annotated import drawn_dimensions
from .contrasts import computed
from .entities import ENTITY_NAME
from .errors import BadRequest, NotFound

bp = Blueprint("explore", __name__)
MAX_SEARCH = 200  # characters
DEFAULT_DISEASES = ["ALS", "MS"]


@bp.route("/explore")
def graph_page():
    store = get_store()
    articles = sorted(catalog(store).articles.values())
    entity = request.args.get("entity", "ALS").removeprefix(vocab.BASE)
    known = bool(ENTITY_NAME.match(entity)) and bool(values(store.query(
        queries.load("graph/neighbourhood").text, bindings={"entity": ox.NamedNode(vocab.BASE + entity)})))
    return render_template("explore.html", entity=entity, known=known, articles=articles)


@bp.route("/explore/contrast")
def contrast_page():
    store = get_store()
    names = [n for n in request.args.getlist("disease") if n.strip()] or DEFAULT_DISEASES
    result = computed(names)
    diseases = sorted(catalog(store).disease_labels.items(), key=lambda item: item[1][1])
    return render_template("explore_contrast.html", result=result, diseases=diseases,
                           chosen=[d["key"] for d in result["diseases"]],
                           dimensions=[[d["iri"], d["label"]] for d in [*result["dimensions"], *drawn_dimensions(result)]])


@bp.app_template_global()
def external_ids(iri: str) -> list[dict]:
    """The external identifiers of a term, for pages (the contrast chart links its values to them)."""
    return entity_view.all_identifiers(get_store()).get(iri, [])


@bp.route("/explore/classes")
def classes_page():
    store = get_store()
    classes: dict[str, dict] = {}
    for row in values(store.query(queries.load("explore/class-tree").text)):
        node = classes.setdefault(row["class"], {"iri": row["class"], "label": row.get("label") or _local(row["class"]),
                                                 "defined": row["defined"] == "true", "parents": set(),
                                                 "children": [], "members": []})
        if "parent" in row and row["parent"] != row["class"]:
            node["parents"].add(row["parent"])
    for row in values(store.query(queries.load("explore/class-members").text)):
        if row["class"] in classes and row["member"] != row["class"]:
            classes[row["class"]]["members"].append({"iri": row["member"], "name": _local(row["member"]),
                                                     "label": row.get("label") or _local(row["member"]),
                                                     "inferred": row["asserted"] != "true"})
    for node in classes.values():
        node["members"].sort(key=lambda m: m["label"].lower())
        for parent in node["parents"]:
            if parent in classes:
                classes[parent]["children"].append(node)
    for node in classes.values():
        node["children"].sort(key=lambda c: c["label"].lower())
    roots = sorted((c for c in classes.values() if not (c["parents"] & classes.keys())), key=lambda c: c["label"].lower())
    inferred = sum(m["inferred"] for c in classes.values() for m in c["members"])
    return render_template("classes.html", roots=roots, count=len(classes), inferred=inferred)


@bp.route("/api/search")
def search():
    text = request.args.get("q", "").strip()
    if not text:
        raise BadRequest("give q=, part of a name (e.g. q=sclerosis)")
    if len(text) > MAX_SEARCH:
        raise BadRequest(f"q= is longer than {MAX_SEARCH} characters")
    found: dict[str, dict] = {}
    for row in values(get_store().query(queries.load("explore/search").text, bindings={"q": ox.Literal(text)})):
        hit = found.setdefault(row["node"], {"iri": row["node"], "name": _local(row["node"]), "label": row["label"],
                                             "class": _local(row.get("class", "")), "classLabel": row.get("classLabel", ""),
                                             "matched": row["name"]})
        if row["name"].lower() == text.lower():
            hit["matched"] = row["name"]
    lowered = text.lower()
    ranked = sorted(found.values(), key=lambda h: (h["matched"].lower() != lowered,
                                                  not h["matched"].lower().startswith(lowered),
                                                  len(h["label"]), h["label"].lower()))
    return jsonify(ranked[:25])


@bp.route("/api/facts/<path:name>")
def facts(name: str):
    """What one term is (summary, external identifiers) and everything stated about it: one row per
    property and value, with every graph (article) that states it and its qualifiers."""
    if not ENTITY_NAME.match(name):
        raise NotFound("no such entity")
    iri = vocab.BASE + name
    store = get_store()
    rows = values(store.query(queries.load("entities/describe").text, bindings={"entity": ox.NamedNode(iri)}))
    if not rows:
        raise NotFound(f"no entity <{iri}> in NeuroKG")
    view = entity_view.describe(store, iri, rows)
    summary = view["summary"]
    facts_out = [{"property": g["property"], "propertyLabel": g["label"], "value": v.value, "valueLabel": v.label,
                  "link": v.link, "notes": v.notes, "sources": [asdict(s) for s in v.sources]}
                 for g in view["facts"] for v in g["values"]]
    return jsonify({"iri": iri, "name": name, "curie": converter().compress(iri, passthrough=True),
                    "label": summary["label"] or name, "synonyms": summary["synonyms"],
                    "classes": [{"label": c["label"], "inferred": kind == "inferred"} for kind in ("asserted", "inferred")
                                for c in summary[kind]],
                    "identifiers": view["identifiers"], "facts": facts_out})


def _local(iri: str) -> str:
    return iri.removeprefix(vocab.BASE) if iri.startswith(vocab.BASE) else iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
