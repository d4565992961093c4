"""Exports of the whole graph for other tools: the dataset with its named graphs (TriG, N-Quads:
`dump`), OWL (Turtle, RDF/XML) whose every article fact is an axiom annotated with the article that
states it (`owl`), JSON-LD with a context (`dump`), a KGX nodes/edges TSV pair whose categories and
predicates are Biolink model elements (`kgx`), and drawings for visualizers (Cytoscape JSON,
GraphML, GEXF, DOT: `neurokg.graph_export`)."""

from __future__ import annotations

from pathlib import Path

from ..store import Store
from .asserted import asserted_graph, asserted_graphs, write
from .dump import DATASETS, dataset, jsonld
from .kgx import biolink_elements, kgx
from .owl import owl_graph

DRAWINGS = {"cyjs": "neurokg.cyjs", "graphml": "neurokg.graphml", "gexf": "neurokg.gexf", "dot": "neurokg.dot"}
FORMATS = ("owl-ttl", "owl-xml", "jsonld", "kgx", *DRAWINGS, *DATASETS)

__all__ = ["DATASETS", "DRAWINGS", "FORMATS", "asserted_graph", "asserted_graphs", "biolink_elements", "export", "kgx", "owl_graph"]


def export(store: Store, fmt: str, out: Path, types: bool = False) -> list[Path]:
    """Write the export `fmt` into folder `out`; return the files written. Drawings leave out typing
    links to class nodes unless `types`."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt in DATASETS:
        return dataset(store, fmt, out)
    if fmt in DRAWINGS:  # for visualizers (Cytoscape, Gephi, yEd, Graphviz)
        from .. import graph_export

        info = graph_export.node_info(store)
        drawing = graph_export.build(graph_export.drawable(graph_export.all_edges(store), info, types=types), info)
        return [write(out / DRAWINGS[fmt], graph_export.serialize(drawing, fmt))]
    if fmt in ("owl-ttl", "owl-xml"):
        owl = owl_graph(store)
        if fmt == "owl-ttl":
            return [write(out / "neurokg.owl.ttl", owl.serialize(format="turtle"))]
        return [write(out / "neurokg.owl", owl.serialize(format="xml"))]  # pretty-xml drops list nodes' types
    if fmt == "kgx":
        return kgx(asserted_graphs(store), out)
    if fmt == "jsonld":
        return jsonld(store, out)
    raise ValueError(f"unknown export format {fmt!r}")
