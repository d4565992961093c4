"""N-Triples text built in bulk: the IRIs and literals imports write, and loading one graph at a time."""

from __future__ import annotations

import functools
import tempfile
import time
from dataclasses import dataclass

from ..store import Store
from ..vocab import BASE

OBO = "http://purl.obolibrary.org/obo/"
OIO = "http://www.geneontology.org/formats/oboInOwl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = f"<{RDF}type>"
LABEL = f"<{RDFS}label>"
SUBCLASS = f"<{RDFS}subClassOf>"
OWL_CLASS = "<http://www.w3.org/2002/07/owl#Class>"
DEPRECATED = "<http://www.w3.org/2002/07/owl#deprecated>"
DEFINITION = f"<{OBO}IAO_0000115>"
SYNONYM_PROPERTY = {scope: f"<{OIO}has{scope.title()}Synonym>" for scope in ("EXACT", "BROAD", "NARROW", "RELATED")}
OIO_ID = f"<{OIO}id>"
HAS_DBXREF = f"<{OIO}hasDbXref>"
HAS_SYNONYM = f"<{OIO}hasSynonym>"
PROV_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
PROV_ENTITY = "<http://www.w3.org/ns/prov#Entity>"
DCT = "http://purl.org/dc/terms/"
# Larger graphs go to an on-disk store through its bulk loader (not transactional: an import cut short
# leaves a partial graph, which the next import drops first).
BULK_LINES = 100_000


@dataclass
class ImportReport:
    ontology: str
    graph: str
    terms: int
    triples: int
    seconds: float


def graph_iri(name: str) -> str:
    """graph/import/<name> for an ontology; graph/hpo/<part> for HPO's annotations ('hpo/omim')."""
    return f"{BASE}graph/{name}" if name.startswith("hpo/") else f"{BASE}graph/import/{name}"


def nkg(local: str) -> str:
    return f"<{BASE}{local}>"


@functools.cache
def obo(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return f"<{OBO}{prefix}_{local}>"


def literal(text: str, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"^^<{XSD}{datatype}>' if datatype else f'"{escaped}"'


def describe_source(graph: str, slug: str, title: str, file_name: str) -> list[str]:
    """The graph says where it comes from (PROV-O, Dublin Core), so contrasts cite it like an article."""
    source = nkg(f"source/{slug}")
    return [f"<{graph}> {PROV_DERIVED} {source} .", f"{source} {RDF_TYPE} {PROV_ENTITY} .",
            f"{source} <{DCT}title> {literal(title)} .", f"{source} <{DCT}source> {literal(file_name)} ."]


def replace_graphs(store: Store, graphs: list[str]) -> None:
    """Drop the graphs an import rewrites, in one update (each update re-syncs the store's copy)."""
    present = set(store.graphs())
    drops = [f"DROP SILENT GRAPH <{g}>" for g in graphs if g in present]
    if drops:
        store.update(" ;\n".join(drops))


def load_lines(store: Store, name: str, lines: list[str], terms: int, started: float) -> ImportReport:
    """Load N-Triples lines into graph_iri(name) (dropped first when it exists)."""
    graph = graph_iri(name)
    replace_graphs(store, [graph])
    data = ("\n".join(lines) + "\n").encode()
    if getattr(store, "path", None) and len(lines) > BULK_LINES:  # on disk: RocksDB's bulk loader, 4x less CPU
        with tempfile.NamedTemporaryFile(suffix=".nt") as handle:
            handle.write(data)
            handle.flush()
            store.bulk_load(handle.name, "application/n-triples", graph)
    else:
        store.load(data, "application/n-triples", graph)
    return ImportReport(name, graph, terms, len(lines), time.perf_counter() - started)
