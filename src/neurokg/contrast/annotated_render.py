"""The annotations part of a contrast as rows (label, one cell per disease) for the terminal table
and Markdown, as CSV rows, and as RDF: each value with its frequency, the annotated disease it is
stated for (when a column pools several), its references and its source graph's number in the legend."""

from __future__ import annotations

from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

from ..vocab import BASE

NKG = Namespace(BASE)
DCT = Namespace("http://purl.org/dc/terms/")
MAX_REFERENCES = 3  # per value in the table and Markdown (JSON, CSV and RDF keep them all)


def _graph_numbers(result: dict) -> dict[str, int]:
    return {s["graph"]: n for n, s in enumerate(result["sources"], 1)}


def _value(entries: list[dict], pooled: bool, numbers: dict[str, int], *, label: str | None = None) -> str:
    """'Fasciculations: Very frequent (99-80%) (ORPHA:803) PMID:1, OMIM:105400 [4]' over a value's annotations."""
    parts = []
    for e in entries:
        bits = [*e["frequency"], *(f"onset {o}" for o in e["onset"]), *e["sex"], *e["modifiers"]]
        text = ", ".join(bits)
        if pooled and e["disease"] not in e["references"]:  # which of the column's diseases states it
            text = f"{text} ({e['disease']})" if text else f"({e['disease']})"
        refs = e["references"][:MAX_REFERENCES] + ([f"+{len(e['references']) - MAX_REFERENCES}"] if len(e["references"]) > MAX_REFERENCES else [])
        text += (" " if text else "") + " ".join(refs)
        text += f" [{numbers[e['graph']]}]" if e["graph"] in numbers else ""
        parts.append(text.strip())
    return (label + (": " if parts else "") if label else "") + "; ".join(p for p in parts if p)


def rows(result: dict) -> list[tuple[str, dict[str, str]]]:
    """(row label, disease key -> cell) for each aspect (shared, then each disease's own), meetings, opposites, genes."""
    section = result.get("annotations")
    if not section:
        return []
    keys = [d["key"] for d in result["diseases"]]
    pooled = {k: len(section["diseases"][k]) > 1 for k in keys}
    numbers = _graph_numbers(result)
    out: list[tuple[str, dict[str, str]]] = [
        ("Annotated as (HPO)", {k: "; ".join(f"{a['curie']} {a['label']} ({a['via']})" for a in section["diseases"][k]) or "—"
                                for k in keys})]
    for aspect in section["aspects"]:
        if aspect["shared"]:
            out.append((f"{aspect['label']}, shared ({len(aspect['shared'])})",
                        {k: " | ".join(_value(t["values"][k], pooled[k], numbers, label=t["label"]) for t in aspect["shared"]) for k in keys}))
        if any(aspect["unique"][k] for k in keys):
            out.append((f"{aspect['label']}, own", {k: " | ".join(_value(t["values"], pooled[k], numbers, label=t["label"])
                                                                   for t in aspect["unique"][k]) or "—" for k in keys}))
    if section["meetings"]:
        cells = {k: [] for k in keys}
        for m in section["meetings"]:
            for k, side in m["sides"].items():
                cells[k].append(f"{side['label']} ({side['steps']} up) → {m['label']} (depth {m['depth']})")
        out.append(("Phenotypes meet in HPO", {k: " | ".join(v) or "—" for k, v in cells.items()}))
    if section["opposites"]:
        out.append(("Stated by one, denied by another",
                    {k: " | ".join(f"{o['label']} ({'has' if k in o['affirmed_by'] else 'NOT' if k in o['denied_by'] else '—'})"
                                   for o in section["opposites"]) for k in keys}))
    genes = section["genes"]
    if any(genes["values"].values()):
        shared = ", ".join(genes["shared"])
        out.append(("Genes (HPO)", {k: "; ".join(x for x in (f"shared: {shared}" if shared else "",
                                                               "own: " + ", ".join(genes["unique"][k]) if genes["unique"][k] else "") if x) or "—"
                                    for k in keys}))
    return out


def csv_rows(result: dict) -> list[list]:
    """Rows in the contrast CSV's columns: dimension = the aspect; qualifiers = frequency, onset, sex,
    modifiers and references; sources = the annotated disease and the graph."""
    section = result.get("annotations")
    if not section:
        return []
    out = []
    for aspect in section["aspects"]:
        shared = {t["term"] for t in aspect["shared"]}
        per_key = {k: [] for k in section["diseases"]}
        for t in aspect["shared"]:
            for k, entries in t["values"].items():
                per_key[k].append((t, entries))
        for k, items in aspect["unique"].items():
            per_key[k] += [(t, t["values"]) for t in items]
        for k, items in per_key.items():
            for t, entries in items:
                for e in entries:
                    quals = "; ".join([*e["frequency"], *(f"onset {o}" for o in e["onset"]), *e["sex"], *e["modifiers"],
                                       *(f"reference {r}" for r in e["references"]), *(f"evidence {v}" for v in e["evidence"])])
                    out.append([aspect["label"], k, t["term"], t["label"], "denied" if aspect["id"] == "denied" else "affirmed", "",
                                quals, "yes", f"{e['disease']} {e['graph']}", "yes" if t["term"] in shared else "no", ""])
    for m in section["meetings"]:
        for k, side in m["sides"].items():
            out.append(["Phenotypes meet in HPO", k, side["term"], side["label"], "affirmed", "",
                        f"meets at {m['label']} <{m['term']}> (depth {m['depth']}), {side['steps']} step(s) up", "yes", "HPO", "no", ""])
    for k, genes in section["genes"]["values"].items():
        for g in genes:
            out.append(["Genes (HPO)", k, g["gene"], g["symbol"], "affirmed", "", g.get("hgnc") or "", "yes",
                        " ".join(g["diseases"]) + f" {BASE}graph/hpo/genes", "yes" if g["symbol"] in section["genes"]["shared"] else "no", ""])
    return out


def add_rdf(g: Graph, result: dict, contrast: URIRef, row_base: str) -> None:
    """nkg:ContrastRow per aspect; each value a cell with its disease, term, annotated disease,
    frequency notes, dct:references and source graph."""
    section = result.get("annotations")
    if not section:
        return
    iris = {d["key"]: d["iri"] for d in result["diseases"]}
    for aspect in section["aspects"]:
        node = URIRef(f"{row_base}/hpo-{aspect['id']}")
        g.add((contrast, NKG.hasRow, node))
        g.add((node, RDF.type, NKG.ContrastRow))
        g.add((node, RDFS.label, Literal(aspect["label"])))
        shared = {t["term"] for t in aspect["shared"]}
        items = [(k, t, es) for t in aspect["shared"] for k, es in t["values"].items()]
        items += [(k, t, t["values"]) for k, ts in aspect["unique"].items() for t in ts]
        for k, t, entries in items:
            for e in entries:
                cell = BNode()
                g.add((node, NKG.hasValue, cell))
                g.add((cell, NKG.disease, URIRef(iris[k])))
                g.add((cell, RDF.value, URIRef(t["term"])))
                g.add((cell, NKG.polarity, Literal("denied" if aspect["id"] == "denied" else "affirmed")))
                g.add((cell, NKG.shared, Literal(t["term"] in shared)))
                g.add((cell, NKG.source, URIRef(e["graph"])))
                annotated = next((a["iri"] for a in section["diseases"][k] if a["curie"] == e["disease"]), None)
                if annotated:
                    g.add((cell, NKG.annotatedDisease, URIRef(annotated)))
                for text in [*e["frequency"], *(f"onset {o}" for o in e["onset"]), *e["sex"], *e["modifiers"]]:
                    note = BNode()
                    g.add((cell, NKG.note, note))
                    g.add((note, RDFS.label, Literal(text)))
                    g.add((note, NKG.source, URIRef(e["graph"])))
                for ref in e["references"]:
                    g.add((cell, DCT.references, Literal(ref)))
    for n, m in enumerate(section["meetings"]):
        node = URIRef(f"{row_base}/hpo-meeting-{n}")
        g.add((contrast, NKG.hasRow, node))
        g.add((node, RDF.type, NKG.ContrastRow))
        g.add((node, RDFS.label, Literal(f"phenotypes meet at {m['label']} (depth {m['depth']})")))
        g.add((node, NKG.meetsAt, URIRef(m["term"])))
        for k, side in m["sides"].items():
            cell = BNode()
            g.add((node, NKG.hasValue, cell))
            g.add((cell, NKG.disease, URIRef(iris[k])))
            g.add((cell, RDF.value, URIRef(side["term"])))
            g.add((cell, RDFS.comment, Literal(f"{side['steps']} step(s) below {m['label']}")))
