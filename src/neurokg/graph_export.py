"""Graphs for visualizers: RDF triples as Cytoscape JSON, GraphML, GEXF (Gephi, yEd) or DOT
(Graphviz). Nodes carry label, class, CURIE and provenance; edges carry the predicate, its label,
polarity and provenance: the short names of the graphs (articles, curated graphs, inferences)
that state them, space-separated ('source' is Cytoscape's word for an edge's start)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox

from . import queries
from .prefixes import converter
from .results import values
from .vocab import GRAPH

# format name -> media type (the same names as `format=` on /sparql)
MEDIA_TYPES = {
    "cyjs": "application/vnd.cytoscape+json",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "dot": "text/vnd.graphviz",
}
SOURCE_LOOKUP_LIMIT = 2000  # edges whose sources are looked up one by one


@dataclass
class Edge:
    subject: str
    predicate: str
    object: str
    sources: set[str] = field(default_factory=set)
    polarity: str = "affirmed"  # 'denied' where a source says the link does not hold


@dataclass
class NodeInfo:
    labels: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)  # node -> class IRI


def node_info(store) -> NodeInfo:
    """Labels and classes of NeuroKG terms and labels of contrast dimensions."""
    from .contrast.catalog import catalog

    info = NodeInfo()
    for row in values(store.query(queries.load("graph/node-info").text)):
        info.labels.setdefault(row["node"], row["label"])
        if "class" in row:
            info.classes.setdefault(row["node"], row["class"])
    info.labels.update({d.iri: d.label for d in catalog(store).dimensions})
    return info


def edges_from_rows(rows: list[dict]) -> list[Edge]:
    """Edges from ?s ?p ?o ?g rows, one per triple, with the graphs that state it as sources."""
    merged: dict[tuple, Edge] = {}
    for row in rows:
        key = (row["s"], row["p"], row["o"])
        merged.setdefault(key, Edge(*key)).sources.add(source_name(row["g"]))
    return list(merged.values())


def all_edges(store) -> list[Edge]:
    """Every link between NeuroKG terms stated in the articles and curated graphs."""
    return edges_from_rows(values(store.query(queries.load("graph/all-facts").text)))


def edges_from_triples(store, triples) -> tuple[list[Edge], dict[str, str]]:
    """Edges between resources of a CONSTRUCT/DESCRIBE result, with the graphs that state each
    one (looked up for the first SOURCE_LOOKUP_LIMIT), and the labels the result itself carries."""
    edges, labels = [], {}
    sources_query = queries.load("graph/sources-of").text
    for triple in triples:
        s, p, o = triple.subject, triple.predicate, triple.object
        if isinstance(o, ox.Literal):
            if p.value == "http://www.w3.org/2000/01/rdf-schema#label":
                labels.setdefault(s.value, o.value)
            continue
        edge = Edge(_node_id(s), p.value, _node_id(o))
        if len(edges) < SOURCE_LOOKUP_LIMIT and isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
            found = store.query(sources_query, bindings={"s": s, "p": p, "o": o})
            edge.sources = {source_name(row["g"]) for row in values(found)}
        edges.append(edge)
    return edges, labels


def build(edges: list[Edge], info: NodeInfo) -> nx.MultiDiGraph:
    """A directed multigraph of IRIs with display attributes."""
    graph = nx.MultiDiGraph()
    for edge in edges:
        for node in (edge.subject, edge.object):
            if node not in graph:
                graph.add_node(node, label=info.labels.get(node, _local(node)), curie=_curie(node),
                               **{"class": _local(info.classes.get(node, "")) or "term"}, provenance="")
        node = graph.nodes[edge.subject]
        node["provenance"] = " ".join(sorted(set(node["provenance"].split()) | edge.sources))
        graph.add_edge(edge.subject, edge.object, key=edge.predicate, predicate=edge.predicate,
                       label=info.labels.get(edge.predicate, _local(edge.predicate)),
                       provenance=" ".join(sorted(edge.sources)), polarity=edge.polarity)
    return graph


def serialize(graph: nx.MultiDiGraph, fmt: str) -> str:
    """The graph in one of MEDIA_TYPES' formats (by name)."""
    if fmt == "cyjs":
        return json.dumps(cytoscape(graph), ensure_ascii=False)
    if fmt in ("graphml", "gexf"):
        buffer = io.BytesIO()
        (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(_xml_safe(graph), buffer)
        return buffer.getvalue().decode()
    if fmt == "dot":
        return dot(graph)
    raise ValueError(f"unknown graph format {fmt!r}")


def draw(store, triples, media_type: str) -> str:
    """A CONSTRUCT/DESCRIBE result (triples) drawn for a visualizer."""
    edges, labels = edges_from_triples(store, triples)
    info = node_info(store)
    info.labels = labels | info.labels
    fmt = next(name for name, media in MEDIA_TYPES.items() if media == media_type)
    return serialize(build(edges, info), fmt)


def _xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose ids and text attributes XML 1.0 can hold (see serializers.xml_text)."""
    from .serializers import xml_text

    clean = lambda attrs: {k: xml_text(v) if isinstance(v, str) else v for k, v in attrs.items()}  # noqa: E731
    safe = nx.MultiDiGraph()
    safe.add_nodes_from((xml_text(n), clean(a)) for n, a in graph.nodes(data=True))
    safe.add_edges_from((xml_text(s), xml_text(o), xml_text(k), clean(a)) for s, o, k, a in graph.edges(keys=True, data=True))
    return safe


def cytoscape(graph: nx.MultiDiGraph) -> dict:
    """cytoscape.js / Cytoscape desktop elements JSON."""
    nodes = [{"data": {"id": n, **attrs}} for n, attrs in graph.nodes(data=True)]
    edges = [{"data": {"id": f"{s} {attrs['predicate']} {o}", "source": s, "target": o, **attrs}}
             for s, o, attrs in graph.edges(data=True)]  # stable ids: views can merge two exports
    return {"elements": {"nodes": nodes, "edges": edges}}


def dot(graph: nx.MultiDiGraph) -> str:
    """Graphviz DOT, left to right, labels shown and CURIEs as tooltips."""
    lines = ["digraph neurokg {", "  rankdir=LR;", '  node [shape=box, style="rounded,filled", fillcolor="#eef4fa"];']
    for node, attrs in graph.nodes(data=True):
        lines.append(f"  {quote(node)} [label={quote(attrs['label'])}, tooltip={quote(attrs['curie'])}];")
    for s, o, attrs in graph.edges(data=True):
        denied = attrs["polarity"] == "denied"
        label = ("not " if denied else "") + attrs["label"]
        lines.append(f"  {quote(s)} -> {quote(o)} [label={quote(label)}{', style=dashed' if denied else ''}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def quote(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def source_name(graph_iri: str) -> str:
    """A graph's short name.

    >>> source_name("https://w3id.org/neurokg/graph/inferred/ms-vs-als-msnt")
    'inferred/ms-vs-als-msnt'
    """
    return graph_iri.removeprefix(str(GRAPH))


def _node_id(term) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _curie(iri: str) -> str:
    return iri if iri.startswith("_:") else converter().compress(iri, passthrough=True)


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
