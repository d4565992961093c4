"""`/`: the query page (editor with completion, examples, results table, downloads), served offline;
`/api/vocabulary`: the keywords, prefixes and the graph's own classes and properties it completes."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, send_from_directory

from .. import formats, queries
from ..paths import NODE_MODULES
from ..prefixes import all_prefixes, converter, sparql_prologue
from ..results import values
from . import get_store

bp = Blueprint("ui", __name__)

# Files of npm packages (package-lock.json) the pages load; nothing else under node_modules is served.
VENDOR = {
    "codemirror.js": "codemirror/lib/codemirror.js",
    "codemirror.css": "codemirror/lib/codemirror.css",
    "sparql.js": "codemirror/mode/sparql/sparql.js",
    "show-hint.js": "codemirror/addon/hint/show-hint.js",
    "show-hint.css": "codemirror/addon/hint/show-hint.css",
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


# SPARQL 1.1 keywords and functions (Query and Update), as the editor offers them.
KEYWORDS = """BASE PREFIX SELECT DISTINCT REDUCED AS CONSTRUCT DESCRIBE ASK FROM NAMED WHERE ORDER BY ASC DESC
LIMIT OFFSET GROUP HAVING VALUES OPTIONAL UNION MINUS GRAPH SERVICE SILENT BIND FILTER EXISTS NOT IN UNDEF
COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND
ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER
YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF
STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE true false a""".split()


@bp.route("/api/vocabulary")
def vocabulary():
    cache = current_app.extensions.setdefault("neurokg.vocabulary", {})
    if "terms" not in cache:
        terms: dict[str, dict] = {}
        for row in values(get_store().query(queries.load("ui/vocabulary").text)):
            curie = converter().compress(row["term"], passthrough=True)
            if curie == row["term"]:
                continue  # no prefix for it: nothing short to complete
            term = terms.setdefault(curie, {"curie": curie, "label": row.get("label", ""), "kind": "property"})
            if row.get("kind", "").endswith("#Class"):
                term["kind"] = "class"
        cache["terms"] = sorted(terms.values(), key=lambda t: t["curie"])
    return jsonify({"keywords": KEYWORDS, "prefixes": all_prefixes(), "terms": cache["terms"]})


@bp.route("/vendor/<name>")
def vendor(name: str):
    if name not in VENDOR:
        abort(404)
    folder, _, filename = VENDOR[name].rpartition("/")
    return send_from_directory(NODE_MODULES / folder, filename, max_age=3600)
