"""`/`: the query page (editor, examples, results table, downloads), served offline."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, send_from_directory

from .. import formats, queries
from ..paths import NODE_MODULES
from ..prefixes import all_prefixes, sparql_prologue

bp = Blueprint("ui", __name__)

# Files of npm packages (package-lock.json) the pages load; nothing else under node_modules is served.
VENDOR = {
    "codemirror.js": "codemirror/lib/codemirror.js",
    "codemirror.css": "codemirror/lib/codemirror.css",
    "sparql.js": "codemirror/mode/sparql/sparql.js",
    "cytoscape.js": "cytoscape/dist/cytoscape.min.js",
}


@bp.route("/")
def index():
    examples = queries.catalog("examples")
    first = examples[0].text if examples else sparql_prologue() + "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
    return render_template(
        "index.html", examples=examples, first=first, prefixes=all_prefixes(),
        formats=formats.SOLUTION_FORMATS + formats.GRAPH_FORMATS + formats.DRAWING_FORMATS,
    )


@bp.route("/api/examples")
def examples():
    return jsonify([{"name": q.name, "title": q.title, "description": q.description, "query": q.text}
                    for q in queries.catalog("examples")])


@bp.route("/vendor/<name>")
def vendor(name: str):
    if name not in VENDOR:
        abort(404)
    folder, _, filename = VENDOR[name].rpartition("/")
    return send_from_directory(NODE_MODULES / folder, filename, max_age=3600)
