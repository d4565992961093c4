"""Graphs for visualizers: RDF triples as Cytoscape JSON, GraphML, GEXF (Gephi, yEd) or DOT
(Graphviz). Nodes carry label, class (and its label), CURIE and provenance; edges carry the
predicate, its label, polarity and provenance: the short names of the graphs (articles, curated
graphs, inferences) that state them, space-separated ('source' is Cytoscape's word for an edge's
start). Entity and whole-graph drawings leave out typing links to class nodes unless asked
(`types=True`) and never draw a term linked to itself; links by a negative property (nkg:spares…,
nkg:notA) are drawn as denied."""

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

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

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
    negations: dict[str, str] = field(default_factory=dict)  # negative property -> the property it negates


def node_info(store) -> NodeInfo:
    """Labels and classes of NeuroKG terms, labels of contrast dimensions, negative properties."""
    from .contrast.catalog import catalog

    info = NodeInfo()
    for row in values(store.query(queries.load("graph/node-info").text)):
        info.labels.setdefault(row["node"], row["label"])
        if "class" in row:
            info.classes[row["node"]] = min(row["class"], info.classes.get(row["node"], row["class"]))  # whatever the row order
    info.labels.update({d.iri: d.label for d in catalog(store).dimensions})
    info.negations = {r["property"]: r["positive"] for r in values(store.query(queries.load("graph/negative-properties").text))}
    return info


def drawable(edges: list[Edge], info: NodeInfo, *, types: bool = False) -> list[Edge]:
    """The edges worth drawing: no term linked to itself, no typing links (rdf:type and its negation
    nkg:notA) unless `types`, and links by a negative property marked denied.

    >>> info = NodeInfo(negations={"n:spares": "n:affects", "n:notA": RDF_TYPE})
    >>> edges = [Edge("n:A", RDF_TYPE, "n:C"), Edge("n:A", "n:spares", "n:B"), Edge("n:B", "n:p", "n:B")]
    >>> [(e.predicate, e.polarity) for e in drawable(edges, info)]
    [('n:spares', 'denied')]
    >>> len(drawable(edges, info, types=True))
    2
    """
    out = []
    for edge in edges:
        if edge.subject == edge.object:
            continue
        if not types and RDF_TYPE in (edge.predicate, info.negations.get(edge.predicate)):
            continue
        if edge.predicate in info.negations:
            edge.polarity = "denied"
        out.append(edge)
    return out


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
    """A directed multigraph of IRIs with display attributes. A denied edge whose label does not
    say so itself (a contrast dimension, not a 'spares …' property) reads 'not …'."""
    graph = nx.MultiDiGraph()
    for edge in edges:
        for node in (edge.subject, edge.object):
            if node not in graph:
                kind = info.classes.get(node, "")
                graph.add_node(node, label=info.labels.get(node, _local(node)), curie=_curie(node),
                               **{"class": _local(kind) or "term"},
                               classLabel=info.labels.get(kind, _local(kind)) if kind else "term without a class", provenance="")
        node = graph.nodes[edge.subject]
        node["provenance"] = " ".join(sorted(set(node["provenance"].split()) | edge.sources))
        label = info.labels.get(edge.predicate, _local(edge.predicate))
        if edge.polarity == "denied" and edge.predicate not in info.negations:
            label = "not " + label
        graph.add_edge(edge.subject, edge.object, key=edge.predicate, predicate=edge.predicate, label=label,
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
    for edge in edges:  # a CONSTRUCT result is drawn as asked, its negative links marked
        if edge.predicate in info.negations:
            edge.polarity = "denied"
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
    """Graphviz DOT: spread out by sfdp (a star or the whole graph fills a page instead of one tall
    column), nodes filled by class with a legend of class labels, labels shown and CURIEs as
    tooltips, denied links dashed and red."""
    kinds = {attrs["class"]: attrs["classLabel"] for _, attrs in graph.nodes(data=True)}
    colours = palette([attrs["class"] for _, attrs in graph.nodes(data=True)])
    legend = "".join(f'<TR><TD BGCOLOR="{colours.get(k, OTHER_COLOUR)}" WIDTH="14"> </TD><TD ALIGN="LEFT">{_html(label)}</TD></TR>'
                     for k, label in sorted(kinds.items(), key=lambda item: item[1].lower()) if k in colours)
    if any(k not in colours for k in kinds):
        legend += f'<TR><TD BGCOLOR="{OTHER_COLOUR}" WIDTH="14"> </TD><TD ALIGN="LEFT">other classes</TD></TR>'
    lines = ["digraph neurokg {", "  layout=sfdp; overlap=prism; overlap_scaling=2; sep=\"+6\"; splines=true; outputorder=edgesfirst;",
             '  fontname="Helvetica"; labelloc=t; labeljust=l;',
             f'  label=<<TABLE BORDER="0" CELLSPACING="2"><TR><TD COLSPAN="2" ALIGN="LEFT"><B>Classes</B></TD></TR>{legend}</TABLE>>;',
             '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=12, penwidth=0];',
             '  edge [fontname="Helvetica", fontsize=9, color="#8a97a6", fontcolor="#5b6776", arrowsize=0.6];']
    for node, attrs in graph.nodes(data=True):
        fill = colours.get(attrs["class"], OTHER_COLOUR)
        lines.append(f"  {quote(node)} [label={quote(attrs['label'])}, tooltip={quote(attrs['curie'] + ' (' + attrs['classLabel'] + ')')}, "
                     f'fillcolor="{fill}", fontcolor="{_ink(fill)}"];')
    for s, o, attrs in graph.edges(data=True):
        denied = attrs["polarity"] == "denied"
        lines.append(f"  {quote(s)} -> {quote(o)} [label={quote(attrs['label'])}"
                     + (', style=dashed, color="#c0392b", fontcolor="#c0392b"' if denied else "") + "];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# Colours that tell classes apart (Okabe-Ito first, then Tableau); classes past them share OTHER_COLOUR.
PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000",
           "#9467bd", "#8c564b", "#17becf", "#bcbd22"]
OTHER_COLOUR = "#c7ccd1"


def palette(keys: list[str]) -> dict[str, str]:
    """One colour per key, the most frequent keys first; past the palette, the rarest are left out
    (drawn in OTHER_COLOUR as 'other').

    >>> palette(["b", "a", "b"])
    {'b': '#0072b2', 'a': '#e69f00'}
    """
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts, key=lambda k: (-counts[k], k))
    room = len(PALETTE) if len(ranked) <= len(PALETTE) else len(PALETTE) - 1
    return {key: PALETTE[i] for i, key in enumerate(ranked[:room])}


def _ink(fill: str) -> str:
    """Black or white text, whichever reads better on `fill`."""
    r, g, b = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#ffffff"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
