"""What the entity page and the explorer's panel show of one term: a summary (label, synonyms,
definition with its source, classes asserted and inferred, external identifiers), its facts grouped
by property with each value once (its sources and qualifiers gathered), and the links into it.
Rows the union default graph repeats are shown once."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import queries, vocab
from ..contrast.catalog import catalog
from ..prefixes import converter
from ..results import values

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SUMMARY = {RDFS + "label", SKOS + "altLabel", SKOS + "definition", RDF_TYPE, vocab.BASE + "abbreviation"}
META = ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#")  # owl:Class, …: not what a term is about
MATCH_LABELS = {"exactMatch": "same as", "closeMatch": "close to", "broadMatch": "narrower than",
                "narrowMatch": "broader than", "relatedMatch": "related to"}


@dataclass
class Source:
    name: str  # the graph's short name: an article slug, 'entities', 'inferred/<slug>'
    title: str
    inferred: bool
    link: str | None = None  # the article itself (its URL, else its page here)

    def key(self) -> tuple:
        return (self.inferred, self.title)


@dataclass
class Value:
    value: str
    label: str
    link: str | None  # our page for NeuroKG terms, the IRI itself for others, None for literals
    sources: list[Source] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # qualifiers and roles


CURATED = {"entities": "curated terms", "curated": "curated terms", "mappings": "mappings", "ontology": "the ontology"}


def source(cat, graph: str) -> Source:
    """An article (or what reasoning inferred from it), else a curated graph by its short name."""
    found = cat.source_of(graph)
    name = graph.removeprefix(vocab.BASE + "graph/")
    if found:
        return Source(name, found[2], found[3], cat.citations.get(found[0], {}).get("link"))
    if name.startswith("inferred/"):  # what the ontology and curated terms entail on their own
        return Source(name, CURATED.get(name.removeprefix("inferred/"), name.removeprefix("inferred/")), True)
    return Source(name, CURATED.get(name, name), False)


def link(iri: str) -> str | None:
    if iri.startswith(vocab.BASE):
        return "/entity/" + iri.removeprefix(vocab.BASE)
    return iri if iri.startswith(("http://", "https://")) else None


def identifiers(store, iri: str) -> list[dict]:
    """External identifiers from the mappings graph: CURIE, IRI (a link) and how close the match is."""
    rows = values(store.query(queries.load("entities/external-ids").text, bindings={"entity": ox.NamedNode(iri)}))
    return _identifiers(rows)


def all_identifiers(store) -> dict[str, list[dict]]:
    """Term IRI -> its external identifiers, for every mapped term (computed once per data version)."""
    def compute() -> dict[str, list[dict]]:
        by_term: dict[str, list[dict]] = {}
        for row in values(store.query(queries.load("entities/all-external-ids").text)):
            by_term.setdefault(row["entity"], []).append(row)
        return {term: _identifiers(rows) for term, rows in by_term.items()}
    return catalog(store).remember(("external identifiers",), compute)


def _identifiers(rows: list[dict]) -> list[dict]:
    out, seen = [], set()
    for row in rows:
        if row["id"] in seen:
            continue
        seen.add(row["id"])
        kind = row["predicate"].rsplit("#", 1)[-1]
        out.append({"curie": converter().compress(row["id"], passthrough=True), "iri": row["id"],
                    "match": kind, "matchLabel": MATCH_LABELS.get(kind, kind)})
    return out


def describe(store, iri: str, rows: list[dict]) -> dict:
    """The summary, facts by property and incoming links of `iri`, from its entities/describe rows."""
    cat = catalog(store)
    notes = _notes(store, iri)
    summary = {"label": None, "kind": None, "synonyms": [], "definitions": [], "asserted": {}, "inferred": {}}
    groups: dict[str, dict] = {}
    for row in rows:
        prop, value, src = row["property"], row["value"], source(cat, row["graph"])
        if prop == RDFS + "label":
            summary["label"] = summary["label"] or value
        elif prop in (SKOS + "altLabel", vocab.BASE + "abbreviation"):
            if value not in summary["synonyms"]:
                summary["synonyms"].append(value)
        elif prop == SKOS + "definition":
            _add(summary["definitions"], Value(value, value, None), src)
        elif prop == RDF_TYPE and value.startswith(META):
            summary["kind"] = "a class of the ontology" if value.endswith("Class") else summary.get("kind")
        elif prop == RDF_TYPE:
            kind = "inferred" if src.inferred else "asserted"
            summary[kind].setdefault(value, {"iri": value, "label": row.get("valueLabel") or _local(value), "link": link(value)})
        elif row["graph"] != str(vocab.MAPPINGS_GRAPH):
            group = groups.setdefault(prop, {"property": prop, "label": row.get("propertyLabel") or _local(prop), "values": []})
            found = _add(group["values"], Value(value, row.get("valueLabel") or _local(value) if link(value) else value, link(value)), src)
            for note in notes.get((prop, value, row["graph"]), []):
                if note not in found.notes:
                    found.notes.append(note)
    for kind in summary["asserted"]:
        summary["inferred"].pop(kind, None)
    summary["asserted"] = sorted(summary["asserted"].values(), key=lambda c: c["label"].lower())
    summary["inferred"] = sorted(summary["inferred"].values(), key=lambda c: c["label"].lower())
    summary["synonyms"].sort(key=str.lower)
    for group in groups.values():
        group["values"].sort(key=lambda v: v.label.lower())
        for v in group["values"]:
            v.sources.sort(key=Source.key)
    facts = sorted(groups.values(), key=lambda g: g["label"].lower())
    return {"summary": summary, "facts": facts, "identifiers": identifiers(store, iri), "incoming": incoming(store, iri)}


def incoming(store, iri: str) -> list[dict]:
    """Links into `iri` grouped by property: [{property, label, subjects: [Value]}]."""
    cat, groups = catalog(store), {}
    for row in values(store.query(queries.load("entities/incoming").text, bindings={"entity": ox.NamedNode(iri)})):
        prop = row["property"]
        group = groups.setdefault(prop, {"property": prop, "label": row.get("propertyLabel") or _local(prop), "values": []})
        _add(group["values"], Value(row["subject"], row.get("subjectLabel") or _local(row["subject"]), link(row["subject"])),
             source(cat, row["graph"]))
    for group in groups.values():
        group["values"].sort(key=lambda v: v.label.lower())
    return sorted(groups.values(), key=lambda g: g["label"].lower())


def _add(into: list[Value], value: Value, src: Source) -> Value:
    """`value` once in `into`, with `src` among its sources once."""
    found = next((v for v in into if v.value == value.value), None)
    if found is None:
        into.append(value)
        found = value
    if all(s.name != src.name for s in found.sources):
        found.sources.append(src)
    return found


def _notes(store, iri: str) -> dict[tuple[str, str, str], list[str]]:
    out: dict[tuple[str, str, str], list[str]] = {}
    for row in values(store.query(queries.load("entities/qualifiers").text, bindings={"entity": ox.NamedNode(iri)})):
        if row["subject"] == iri:
            notes = out.setdefault((row["property"], row["value"], row["graph"]), [])
            if row["note"] not in notes:
                notes.append(row["note"])
    return out


def _local(iri: str) -> str:
    return iri.removeprefix(vocab.BASE) if iri.startswith(vocab.BASE) else iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
