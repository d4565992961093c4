"""A contrast as Markdown, CSV, a terminal table, or RDF (Turtle / JSON-LD resources)."""

from __future__ import annotations

import csv
import io
import shutil
import textwrap

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef

from ..vocab import BASE
from . import annotated_render
from .sentences import display

NKG = Namespace(BASE)
RESULT = Namespace(BASE + "contrast/")


def _numbers(result: dict) -> dict[str, int]:
    """Article slug -> its number in the sources legend."""
    return {s["article"]: n for n, s in enumerate(result["sources"], 1)}


def cite(articles: list[str], numbers: dict[str, int]) -> str:
    """'[1,3]' for the articles' numbers in the sources legend ('curated' is numbered like an article)."""
    return "[" + ",".join(str(n) for n in sorted({numbers[a] for a in articles if a in numbers})) + "]"


def notes(v: dict, numbers: dict[str, int]) -> list[str]:
    """Each hedge, note and role of a value with the article(s) that give it: 'purely [3]'."""
    return [f"{n['text']} {cite(n['articles'], numbers)}" for n in [*v["qualifiers"], *v["roles"]] if n["shown"]]


def _cell(dim: dict, key: str, numbers: dict[str, int]) -> str:
    parts = []
    for v in dim["values"][key]:
        text = display(v, dim)
        marks = notes(v, numbers) + (["inferred"] if v["inferred"] else [])
        text += f" ({'; '.join(marks)})" if marks else ""
        text += " " + cite([s["article"] for s in v["sources"]], numbers)
        parts.append(text)
    return "; ".join(parts) or "—"


def conflict_lines(result: dict) -> list[str]:
    """One line per curated conflict: kind, paraphrase, and each side with its source."""
    numbers = _numbers(result)
    return [f"{c['kind_label']} conflict ({', '.join(c['diseases'])}): {c['comment']} Sides: "
            + "; ".join(f"{s['text']} {cite([s['article']], numbers)}" for s in c["sides"]) for c in result.get("conflicts", [])]


def _legend(result: dict) -> list[str]:
    return [f"[{n}] {_citation(s)} <{s['graph']}>" for n, s in enumerate(result["sources"], 1)]


def _citation(source: dict) -> str:
    """Title, publisher, where to read it (URL, else the article's IRI and why there is no URL), access date."""
    parts = [source["title"], source.get("publisher")]
    if source.get("url"):
        parts.append(source["url"])
    elif source.get("iri"):
        parts.append(f"{source['iri']}" + (f" ({source['note']})" if source.get("note") else ""))
    if source.get("accessed"):
        parts.append(f"accessed {source['accessed']}")
    return ", ".join(p for p in parts if p)


def markdown(result: dict) -> str:
    keys = [d["key"] for d in result["diseases"]]
    lines = [f"# {' vs '.join(keys)}", "", f"Similarity: {result['summary']['similarity']}", "",
             "| Dimension | " + " | ".join(keys) + " | Score |", "|---|" + "---|" * len(keys) + "---|"]
    for dim in _shown(result):
        cells = [_cell(dim, k, _numbers(result)).replace("|", "\\|") for k in keys]
        lines.append(f"| {dim['label']} | " + " | ".join(cells) + f" | {dim['score'] if dim['score'] is not None else ''} |")
    extra = annotated_render.rows(result)
    if extra:
        lines += ["", "## HPO annotations", "", "| | " + " | ".join(keys) + " |", "|---|" + "---|" * len(keys)]
        lines += [f"| {label} | " + " | ".join(cells[k].replace("|", "\\|") for k in keys) + " |" for label, cells in extra]
    lines += ["", "## In one sentence per dimension", ""]
    lines += [f"- {dim['sentence']}" for dim in result["dimensions"]]
    lines += ["", "## Conflicts", ""] + ([f"- {line}" for line in conflict_lines(result)] or ["- none curated for these diseases"])
    lines += ["", "## Sources", ""] + [f"- {line}" for line in _legend(result)]
    return "\n".join(lines) + "\n"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as a formula (OWASP CSV injection)


def spreadsheet_safe(cell):
    """A text cell a spreadsheet shows as text: one starting like a formula gets a leading `'`.

    >>> spreadsheet_safe("=1+1"), spreadsheet_safe("ALS"), spreadsheet_safe(-0.5)
    ("'=1+1", 'ALS', -0.5)
    """
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell


class _SpreadsheetSafe:
    def __init__(self, writer) -> None:
        self._writer = writer

    def writerow(self, row) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in row])


def csv_text(result: dict) -> str:
    """One row per value (its scope, and each hedge, note and role with the articles that give it),
    then one row per side of each curated conflict (dimension 'conflict: <kind>'). Text cells that
    would start a formula get a leading `'` (unlike /sparql's W3C CSV, which stays as specified)."""
    out = io.StringIO()
    writer = _SpreadsheetSafe(csv.writer(out))
    writer.writerow(["dimension", "disease", "value", "label", "polarity", "scope", "qualifiers", "asserted", "sources", "shared", "score"])
    for dim in result["dimensions"]:
        for disease, values in dim["values"].items():
            for v in values:
                qualifiers = "; ".join(f"{n['text']} [{' '.join(n['articles'])}]" for n in [*v["qualifiers"], *v["roles"]])
                writer.writerow([dim["label"], disease, v["value"], v["label"], v["polarity"], "; ".join(s["text"] for s in v["scope"]),
                                 qualifiers, "yes" if v["asserted"] else "inferred", " ".join(s["article"] for s in v["sources"]),
                                 "yes" if v["shared"] else "no", dim["score"]])
    for row in annotated_render.csv_rows(result):
        writer.writerow(row)
    for c in result.get("conflicts", []):
        for side in c["sides"]:
            writer.writerow([f"conflict: {c['kind_label']}", " ".join(c["diseases"]), c["conflict"], side["text"], "",
                             "; ".join(s["text"] for s in side["scope"]), c["comment"], "yes", side["article"], "", ""])
    return out.getvalue()


def table(result: dict, width: int | None = None) -> str:
    """A readable terminal table: one row per dimension, long cells wrapped."""
    keys = [d["key"] for d in result["diseases"]]
    width = width or shutil.get_terminal_size((120, 40)).columns
    first = 24
    column = max(20, (width - first - 3 * len(keys)) // len(keys))
    rule = "+" + "-" * (first + 2) + "".join("+" + "-" * (column + 2) for _ in keys) + "+"
    rows = [rule, _row(["Dimension", *keys], first, column), rule.replace("-", "=")]
    for dim in _shown(result):
        rows.append(_row([f"{dim['label']} ({dim['score']})", *(_cell(dim, k, _numbers(result)) for k in keys)], first, column))
        rows.append(rule)
    for label, cells in annotated_render.rows(result):
        rows.append(_row([label, *(cells[k] for k in keys)], first, column))
        rows.append(rule)
    rows.append(f"Similarity {result['summary']['similarity']}; most distinctive: "
                + ", ".join(r["label"] for r in result["summary"]["ranking"][:5]))
    rows += ["", *(dim["sentence"] for dim in _shown(result))]
    rows += ["", "Conflicts:", *(f"- {line}" for line in conflict_lines(result))] if result.get("conflicts") else []
    rows += ["", *_legend(result)]
    return "\n".join(rows) + "\n"


def _shown(result: dict) -> list[dict]:
    """The dimensions to print: those where some disease has a value (a subtype or an annotated
    disease has few or no article claims; the JSON keeps every dimension)."""
    return [dim for dim in result["dimensions"] if any(dim["values"].values())]


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
    graphs = {s["article"]: s["graph"] for s in result["sources"]}
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
        for disease in result["diseases"]:
            for v in dim["values"][disease["key"]]:
                cell = BNode()
                g.add((node, NKG.hasValue, cell))
                g.add((cell, NKG.disease, URIRef(disease["iri"])))
                g.add((cell, RDF.value, URIRef(v["value"])))
                g.add((cell, NKG.polarity, Literal(v["polarity"])))
                g.add((cell, NKG.shared, Literal(v["shared"])))
                g.add((cell, NKG.inferred, Literal(v["inferred"])))
                for s in v["scope"]:  # the scope the articles limit this value to
                    scope = BNode()
                    g.add((cell, NKG.scope, scope))
                    g.add((scope, NKG.scopeProperty, NKG[s["property"]]))
                    g.add((scope, RDF.value, URIRef(s["value"])))
                    g.add((scope, RDFS.label, Literal(s["text"])))
                for n in [*v["qualifiers"], *v["roles"]]:  # each hedge, note or role with the graphs that give it
                    note = BNode()
                    g.add((cell, NKG.note, note))
                    g.add((note, RDFS.label, Literal(n["text"])))
                    g.add((note, NKG.noteKind, Literal(n["kind"])))
                    if n.get("hedge"):
                        g.add((note, NKG.hedge, URIRef(n["hedge"])))
                    for a in n["articles"]:
                        if a in graphs:
                            g.add((note, NKG.source, URIRef(graphs[a])))
                for s in v["sources"]:
                    g.add((cell, NKG.source, URIRef(s["graph"])))
    annotated_render.add_rdf(g, result, contrast, f"{RESULT}{keys}")
    for c in result.get("conflicts", []):
        conflict = URIRef(c["conflict"])
        g.add((contrast, NKG.hasConflict, conflict))
        g.add((conflict, RDF.type, NKG.Conflict))
        g.add((conflict, RDFS.label, Literal(c["label"])))
        g.add((conflict, RDFS.comment, Literal(c["comment"])))
        g.add((conflict, NKG.conflictKind, NKG[c["kind"]]))
        for iri in c["about"]:
            g.add((conflict, NKG.aboutDisease, URIRef(iri)))
        for side in c["sides"]:
            claim = URIRef(side["claim"])
            g.add((conflict, NKG.conflictSide, claim))
            g.add((claim, RDFS.label, Literal(side["text"])))
            if side["graph"]:
                g.add((claim, NKG.source, URIRef(side["graph"])))
    return g
