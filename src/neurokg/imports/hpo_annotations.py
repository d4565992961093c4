"""HPO's disease annotations (phenotype.hpoa) as claims: one named graph per source database, one
`nkg:Claim` per row with its reference, evidence code, frequency, onset, sex and modifiers, and the
row's bare triple (`nkg:lacksPhenotype` for a NOT row). The model is /work/briefs/diseases.md's
(see docs/annotated-diseases.md)."""

from __future__ import annotations

import collections
import csv
import functools
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tqdm import tqdm

from ..prefixes import converter
from .ntriples import LABEL, OIO_ID, RDF, RDF_TYPE, describe_source, graph_iri, literal, nkg, obo

DATABASES = {"OMIM": "omim", "ORPHA": "orphanet", "DECIPHER": "decipher"}  # CURIE prefix -> graph/hpo/<part>
TITLES = {"OMIM": "OMIM", "ORPHA": "Orphanet", "DECIPHER": "DECIPHER"}
ONSET_ROOT = "HP:0003674"
HAS_PHENOTYPE = "<http://purl.obolibrary.org/obo/RO_0002200>"
LACKS_PHENOTYPE = nkg("lacksPhenotype")
PREDICATES = {"P": HAS_PHENOTYPE, "I": nkg("hasInheritancePattern"), "M": nkg("hasClinicalModifier"),
              "H": nkg("hasPastMedicalHistory")}  # C: hasOnsetClass or hasClinicalCourse, by the term
EVIDENCE = {"IEA", "PCS", "TAS"}
PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")
FRACTION = re.compile(r"^(\d+)/(\d+)$")
PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"
ISBN = "https://www.worldcat.org/isbn/"  # bioregistry's isbn URI format
CLAIM, STATED_IN, SUBJECT, PREDICATE, OBJECT = (nkg("Claim"), nkg("statedIn"), f"<{RDF}subject>", f"<{RDF}predicate>",
                                                f"<{RDF}object>")
REFERENCES = "<http://purl.org/dc/terms/references>"


@dataclass
class Annotations:
    """What one read of phenotype.hpoa gives: N-Triples lines per graph name, and counts."""

    release: str
    lines: dict[str, list[str]] = field(default_factory=dict)
    diseases: dict[str, set[str]] = field(default_factory=dict)  # CURIE prefix -> disease CURIEs
    rows: int = 0
    duplicates: int = 0  # rows repeated verbatim (one claim)
    names: dict[str, list[str]] = field(default_factory=dict)  # disease CURIE -> its names, most used first


def header(path: str) -> dict[str, str]:
    with open(path, encoding="utf-8") as handle:
        return dict(line[1:].strip().split(": ", 1) for line in handle if line.startswith("#") and ": " in line)


def read_rows(path: str) -> Iterator[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        yield from csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t",
                                  quoting=csv.QUOTE_NONE)


@functools.cache
def disease_iri(curie: str) -> str:
    """OMIM -> obo:OMIM_n, ORPHA -> Orphanet's ORDO IRI, DECIPHER -> bioregistry's (neurokg.prefixes)."""
    iri = converter().expand(curie)
    if iri is None:
        raise KeyError(f"no IRI prefix for {curie}")
    return f"<{iri}>"


@functools.cache
def reference_iri(reference: str) -> str:
    """PMID -> PubMed, a disease ID -> the disease, ISBN(-10/-13) -> WorldCat, a URL -> itself."""
    prefix, _, local = reference.partition(":")
    if prefix == "PMID":
        return f"<{PUBMED}{local}>"
    if prefix in DATABASES:
        return disease_iri(reference)
    if prefix in ("ISBN", "ISBN-10", "ISBN-13"):
        return f"<{ISBN}{local.replace('-', '')}>"
    if prefix in ("http", "https"):
        return f"<{reference}>"
    raise KeyError(f"unknown reference kind: {reference}")


def claim_iri(line: str) -> str:
    return nkg(f"claim/hpo/{hashlib.sha1(line.encode()).hexdigest()[:16]}")


def read(path: str, onset_terms: set[str], *, progress: bool = True) -> Annotations:
    """Every row of phenotype.hpoa as a claim in graph/hpo/<database>; `onset_terms` is HP:0003674 and
    the terms under it (clinical-course rows about them are onset classes)."""
    out = Annotations(header(path).get("version", "unknown release"))
    seen: set[str] = set()
    names: dict[str, collections.Counter] = {}
    fields = None
    with open(path, encoding="utf-8") as handle:
        lines = (line.rstrip("\n") for line in handle if not line.startswith("#"))
        fields = next(lines).split("\t")
        for line in tqdm(lines, desc="Annotations (phenotype.hpoa)", unit="row", disable=not progress, mininterval=0.5):
            out.rows += 1
            if line in seen:
                out.duplicates += 1
                continue
            seen.add(line)
            row = dict(zip(fields, line.split("\t"), strict=True))
            prefix = row["database_id"].split(":", 1)[0]
            names.setdefault(row["database_id"], collections.Counter())[row["disease_name"]] += 1
            out.diseases.setdefault(prefix, set()).add(row["database_id"])
            out.lines.setdefault(DATABASES[prefix], []).extend(_claim(row, claim_iri(line), onset_terms))
    out.names = {curie: [n for n, _ in counter.most_common()] for curie, counter in names.items()}
    for prefix, part in DATABASES.items():
        lines = out.lines.setdefault(part, [])
        lines.extend(describe_source(graph_iri(f"hpo/{part}"), f"hpo-{part}",
                                     f"HPO disease annotations (phenotype.hpoa), {TITLES[prefix]} rows, release {out.release}",
                                     "phenotype.hpoa"))
        for curie in sorted(out.diseases.get(prefix, ())):
            lines.extend(_disease(curie, out.names[curie]))
    return out


def predicate(row: dict[str, str], onset_terms: set[str]) -> str:
    if row["qualifier"] == "NOT":
        return LACKS_PHENOTYPE
    if row["aspect"] == "C":
        return nkg("hasOnsetClass") if row["hpo_id"] in onset_terms else nkg("hasClinicalCourse")
    return PREDICATES[row["aspect"]]


SOURCES = {prefix: nkg(f"source/hpo-{part}") for prefix, part in DATABASES.items()}
P_TYPE, P_EVIDENCE, P_FREQUENCY, P_FRACTION = f" {RDF_TYPE} {CLAIM} .", f" {nkg('evidence')} ", f" {nkg('frequency')} ", \
    f" {nkg('frequencyFraction')} "
P_NUMERATOR, P_DENOMINATOR, P_PERCENT = f" {nkg('numerator')} ", f" {nkg('denominator')} ", f" {nkg('frequencyPercent')} "
P_ONSET, P_SEX, P_MODIFIER, FRACTION_TYPE = f" {nkg('onsetOf')} ", f" {nkg('sex')} ", f" {nkg('modifier')} ", \
    f" {RDF_TYPE} {nkg('Fraction')} ."
EVIDENCE_IRIS = {code: nkg(f"evidence-{code}") for code in EVIDENCE}


def _claim(row: dict[str, str], claim: str, onset_terms: set[str]) -> list[str]:
    disease, term, prop = disease_iri(row["database_id"]), obo(row["hpo_id"]), predicate(row, onset_terms)
    if row["evidence"] not in EVIDENCE:
        raise ValueError(f"unknown evidence code {row['evidence']!r}")
    out = [f"{disease} {prop} {term} .", claim + P_TYPE, f"{claim} {STATED_IN} {SOURCES[row['database_id'].split(':', 1)[0]]} .",
           f"{claim} {SUBJECT} {disease} .", f"{claim} {PREDICATE} {prop} .", f"{claim} {OBJECT} {term} .",
           f"{claim}{P_EVIDENCE}{EVIDENCE_IRIS[row['evidence']]} ."]
    out += [f"{claim} {REFERENCES} {reference_iri(r)} ." for r in row["reference"].split(";") if r]
    frequency = row["frequency"]
    if frequency.startswith("HP:"):
        out.append(f"{claim}{P_FREQUENCY}{obo(frequency)} .")
    elif match := FRACTION.match(frequency):
        node = f"_:f{claim[-17:-1]}"
        out += [f"{claim}{P_FRACTION}{node} .", node + FRACTION_TYPE,
                f"{node}{P_NUMERATOR}{literal(match.group(1), 'integer')} .",
                f"{node}{P_DENOMINATOR}{literal(match.group(2), 'integer')} ."]
    elif match := PERCENT.match(frequency):
        out.append(f"{claim}{P_PERCENT}{literal(str(float(match.group(1))), 'decimal')} .")
    elif frequency:
        raise ValueError(f"unknown frequency {frequency!r}")
    if row["onset"]:
        out.append(f"{claim}{P_ONSET}{obo(row['onset'])} .")
    if row["sex"]:
        out.append(f"{claim}{P_SEX}{literal(row['sex'].lower())} .")
    out += [f"{claim}{P_MODIFIER}{obo(m)} ." for m in row["modifier"].split(";") if m]
    return out


def _disease(curie: str, names: list[str]) -> list[str]:
    """Label (the name most rows give; a disease named two ways keeps the other as skos:altLabel), class, CURIE."""
    iri = disease_iri(curie)
    out = [f"{iri} {RDF_TYPE} {nkg('Disease')} .", f"{iri} {OIO_ID} {literal(curie)} .", f"{iri} {LABEL} {literal(names[0])} ."]
    out += [f"{iri} <http://www.w3.org/2004/02/skos/core#altLabel> {literal(n)} ." for n in names[1:]]
    return out
