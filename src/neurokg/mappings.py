"""The SSSOM mapping table (data/mappings.sssom.tsv) and the SKOS triples generated from it."""

from __future__ import annotations

import csv
from dataclasses import dataclass

import curies
import yaml

from .paths import DATA_DIR

MAPPINGS_FILE = DATA_DIR / "mappings.sssom.tsv"
UNMAPPED_FILE = DATA_DIR / "unmapped.tsv"


@dataclass(frozen=True)
class Mapping:
    subject_id: str
    subject_label: str
    predicate_id: str
    object_id: str
    object_label: str
    confidence: float
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
                float(r["confidence"]), r["comment"])
        for r in csv.DictReader(rows, delimiter="\t")
    ]


def unmapped() -> list[dict[str, str]]:
    with UNMAPPED_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def ntriples() -> bytes:
    """The mappings as N-Triples (standard OBO PURLs for OBO ontologies)."""
    convert = converter()
    lines = [f"<{convert.expand(m.subject_id)}> <{convert.expand(m.predicate_id)}> <{convert.expand(m.object_id)}> ."
             for m in mappings()]
    return ("\n".join(lines) + "\n").encode()
