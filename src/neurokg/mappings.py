"""The SSSOM mapping table (data/mappings.sssom.tsv), the reasons terms stay unmapped
(data/unmapped.tsv), the reviewed property alignments (data/property-alignments.tsv), and the SKOS
triples generated from the table."""

from __future__ import annotations

import csv
from dataclasses import dataclass

import curies
import yaml

from .paths import DATA_DIR

MAPPINGS_FILE = DATA_DIR / "mappings.sssom.tsv"
UNMAPPED_FILE = DATA_DIR / "unmapped.tsv"
ALIGNMENTS_FILE = DATA_DIR / "property-alignments.tsv"


@dataclass(frozen=True)
class Mapping:
    subject_id: str
    subject_label: str
    predicate_id: str
    object_id: str
    object_label: str
    mapping_justification: str
    author_id: str
    confidence: float
    object_source: str
    object_source_version: str
    comment: str


def metadata() -> dict:
    """The SSSOM metadata block (the commented YAML header)."""
    lines = [line[2:] for line in MAPPINGS_FILE.read_text(encoding="utf-8").splitlines() if line.startswith("# ")]
    return yaml.safe_load("\n".join(lines))


def converter() -> curies.Converter:
    """CURIE <-> IRI for every prefix the table uses."""
    return curies.Converter.from_prefix_map(metadata()["curie_map"])


def mappings() -> list[Mapping]:
    rows = (line for line in MAPPINGS_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return [
        Mapping(r["subject_id"], r["subject_label"], r["predicate_id"], r["object_id"], r["object_label"],
                r["mapping_justification"], r["author_id"], float(r["confidence"]), r["object_source"],
                r["object_source_version"], r["comment"])
        for r in csv.DictReader(rows, delimiter="\t")
    ]


def _tsv(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def unmapped() -> list[dict[str, str]]:
    """Rows of entity, target (prefixes, comma-separated) and reason."""
    return _tsv(UNMAPPED_FILE)


def property_alignments() -> list[dict[str, str]]:
    """Rows of property, predicate, target and reason: the ontology's skos:*Match triples on properties."""
    return _tsv(ALIGNMENTS_FILE)


LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OBO_ID = "http://www.geneontology.org/formats/oboInOwl#id"
# annotation properties the mappings use beyond those the ontology declares (keeps OWL exports DL)
DECLARED = (OBO_ID, "http://www.w3.org/2004/02/skos/core#relatedMatch")


def ntriples() -> bytes:
    """The mappings as N-Triples (IRIs from the table's curie_map: OBO PURLs, Biolink's prefixes), with
    each external term's CURIE (oboInOwl:id) and its label as the checked release gives it."""
    convert, described = converter(), set()
    lines = [f"<{p}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#AnnotationProperty> ."
             for p in DECLARED]
    for m in mappings():
        obj = convert.expand(m.object_id)
        lines.append(f"<{convert.expand(m.subject_id)}> <{convert.expand(m.predicate_id)}> <{obj}> .")
        if obj not in described:
            described.add(obj)
            lines.append(f"<{obj}> <{OBO_ID}> {_literal(m.object_id)} .")
            lines.append(f"<{obj}> <{LABEL}> {_literal(m.object_label)} .")
    return ("\n".join(lines) + "\n").encode()


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

