"""A contrast as Markdown, CSV, a terminal table, or RDF (Turtle / JSON-LD resources)."""

from __future__ import annotations

import csv
import io
import shutil
import textwrap

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef

from ..vocab import BASE
from .sentences import display

NKG = Namespace(BASE)
RESULT = Namespace(BASE + "contrast/")


def _numbers(result: dict) -> dict[str, int]:
    """Article slug -> its number in the sources legend."""
    return {s["article"]: n for n, s in enumerate(result["sources"], 1)}


def _cell(dim: dict, key: str, numbers: dict[str, int]) -> str:
    parts = []
    for v in dim["values"][key]:
        text = display(v, dim)
        notes = [*v["qualifiers"], *v["roles"]] + (["inferred"] if v["inferred"] else [])
        text += f" ({'; '.join(notes)})" if notes else ""
        text += " [" + ",".join(str(n) for n in sorted({numbers[s["article"]] for s in v["sources"]})) + "]"
        parts.append(text)
    return "; ".join(parts) or "—"


def _legend(result: dict) -> list[str]:
    return [f"[{n}] {s['title']} <{s['graph']}>" for n, s in enumerate(result["sources"], 1)]


def markdown(result: dict) -> str:
    keys = [d["key"] for d in result["diseases"]]
    lines = [f"# {' vs '.join(keys)}", "", f"Similarity: {result['summary']['similarity']}", "",
             "| Dimension | " + " | ".join(keys) + " | Score |", "|---|" + "---|" * len(keys) + "---|"]
    for dim in result["dimensions"]:
        cells = [_cell(dim, k, _numbers(result)).replace("|", "\\|") for k in keys]
        lines.append(f"| {dim['label']} | " + " | ".join(cells) + f" | {dim['score'] if dim['score'] is not None else ''} |")
    lines += ["", "## In one sentence per dimension", ""]
    lines += [f"- {dim['sentence']}" for dim in result["dimensions"]]
    lines += ["", "## Sources", ""] + [f"- {line}" for line in _legend(result)]
    return "\n".join(lines) + "\n"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as a formula (OWASP CSV injection)


def spreadsheet_safe(cell):
    """A text cell a spreadsheet shows as text: one starting like a formula gets a leading `'`.

    >>> spreadsheet_safe("=1+1"), spreadsheet_safe("ALS"), spreadsheet_safe(-0.5)
    ("'=1+1", 'ALS', -0.5)
    """
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell


def csv_text(result: dict) -> str:
    """The contrast as CSV for spreadsheets: one row per value; text cells that would start a
    formula are prefixed with `'` (unlike /sparql's W3C CSV, which stays as specified)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["dimension", "disease", "value", "label", "polarity", "qualifiers", "asserted", "sources", "shared", "score"])
    for dim in result["dimensions"]:
        shared = {s["value"] for s in dim["shared"]}
        for disease, values in dim["values"].items():
            for v in values:
                writer.writerow([spreadsheet_safe(c) for c in [
                    dim["label"], disease, v["value"], v["label"], v["polarity"], "; ".join(v["qualifiers"]),
                    "yes" if v["asserted"] else "inferred", " ".join(s["article"] for s in v["sources"]),
                    "yes" if v["value"] in shared else "no", dim["score"]]])
    return out.getvalue()


def table(result: dict, width: int | None = None) -> str:
    """A readable terminal table: one row per dimension, long cells wrapped."""
    keys = [d["key"] for d in result["diseases"]]
    width = width or shutil.get_terminal_size((120, 40)).columns
    first = 24
    column = max(20, (width - first - 3 * len(keys)) // len(keys))
    rule = "+" + "-" * (first + 2) + "".join("+" + "-" * (column + 2) for _ in keys) + "+"
    rows = [rule, _row(["Dimension", *keys], first, column), rule.replace("-", "=")]
    for dim in result["dimensions"]:
        rows.append(_row([f"{dim['label']} ({dim['score']})", *(_cell(dim, k, _numbers(result)) for k in keys)], first, column))
        rows.append(rule)
    rows.append(f"Similarity {result['summary']['similarity']}; most distinctive: "
                + ", ".join(r["label"] for r in result["summary"]["ranking"][:5]))
    rows += ["", *(dim["sentence"] for dim in result["dimensions"]), "", *_legend(result)]
    return "\n".join(rows) + "\n"


def _row(cells: list[str], first: int, column: int) -> str:
    wrapped = [textwrap.wrap(c, first if i == 0 else column) or [""] for i, c in enumerate(cells)]
    height = max(len(w) for w in wrapped)
    lines = []
    for n in range(height):
        parts = [(w[n] if n < len(w) else "").ljust(first if i == 0 else column) for i, w in enumerate(wrapped)]
        lines.append("| " + " | ".join(parts) + " |")
    return "\n".join(lines)


def rdf(result: dict) -> Graph:
    """The contrast as resources: nkg:Contrast -> nkg:ContrastRow per dimension and disease value."""
    g = Graph()
    g.bind("nkg", NKG)
    keys = "-".join(d["key"] for d in result["diseases"])
    contrast = RESULT[keys]
    g.add((contrast, RDF.type, NKG.Contrast))
    g.add((contrast, RDFS.label, Literal(" vs ".join(d["key"] for d in result["diseases"]))))
    if result["summary"]["similarity"] is not None:
        g.add((contrast, NKG.similarity, Literal(result["summary"]["similarity"], datatype=XSD.decimal)))
    for d in result["diseases"]:
        g.add((contrast, NKG.comparesDisease, URIRef(d["iri"])))
    for dim in result["dimensions"]:
        node = RESULT[f"{keys}/{dim['id']}"]
        g.add((contrast, NKG.hasRow, node))
        g.add((node, RDF.type, NKG.ContrastRow))
        g.add((node, NKG.dimension, URIRef(dim["iri"])))
        g.add((node, RDFS.comment, Literal(dim["sentence"])))
        if dim["score"] is not None:
            g.add((node, NKG.distinctiveness, Literal(dim["score"], datatype=XSD.decimal)))
        shared = {s["value"] for s in dim["shared"]}
        for disease in result["diseases"]:
            for v in dim["values"][disease["key"]]:
                cell = BNode()
                g.add((node, NKG.hasValue, cell))
                g.add((cell, NKG.disease, URIRef(disease["iri"])))
                g.add((cell, RDF.value, URIRef(v["value"])))
                g.add((cell, NKG.polarity, Literal(v["polarity"])))
                g.add((cell, NKG.shared, Literal(v["value"] in shared)))
                g.add((cell, NKG.inferred, Literal(v["inferred"])))
                for q in v["qualifiers"]:
                    g.add((cell, NKG.qualifier, Literal(q)))
                for s in v["sources"]:
                    g.add((cell, NKG.source, URIRef(s["graph"])))
    return g
