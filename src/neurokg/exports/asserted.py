"""The asserted graphs every export starts from (no inferred or imported graphs), and what the
exports share: prefixes bound, namespaces, writing a file."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, Namespace

from ..prefixes import all_prefixes
from ..store import Store

SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")


def asserted_graphs(store: Store) -> list[Graph]:
    """Ontology, curated terms, sources, mappings and articles (no inferred or imported graphs)."""
    dataset = Dataset()
    dataset.parse(data=store.dump("application/n-quads"), format="nquads")
    return [graph for graph in dataset.graphs()
            if "/graph/inferred/" not in str(graph.identifier) and "/graph/import/" not in str(graph.identifier)]


def asserted_graph(store: Store) -> Graph:
    """The asserted graphs merged into one graph."""
    merged = bound(Graph())
    for graph in asserted_graphs(store):
        merged += graph
    return merged


def bound(graph: Graph) -> Graph:
    for prefix, iri in all_prefixes().items():
        graph.bind(prefix, iri)
    return graph


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
