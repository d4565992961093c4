"""Exports of the whole graph for other tools: the dataset with its named graphs (TriG, N-Quads),
OWL (Turtle, RDF/XML) whose every article fact is an axiom annotated with the article that
states it, JSON-LD with a context, a
KGX nodes/edges TSV pair whose categories and predicates are Biolink model elements (checked
against the model the `biolink-model` package ships), and drawings for visualizers (Cytoscape
JSON, GraphML, GEXF, DOT)."""

from __future__ import annotations

import csv
import functools
import json
import uuid
from importlib.resources import files
from pathlib import Path

import yaml
from rdflib import OWL, RDF, RDFS, BNode, Dataset, Graph, Namespace, URIRef

from . import vocab
from .prefixes import PREFIXES, all_prefixes
from .store import Store

SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCT = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")
_REIFICATION = (RDF.subject, RDF.predicate, RDF.object)
NEUROKG_INFORES = "infores:neurokg"  # ours, like each article's nkg:infores (data/sources.ttl)
AGENT_TYPE = "not_provided"  # the repository does not record whether a person or a program encoded the articles
EDGE_COLUMNS = ["id", "subject", "predicate", "object", "original_predicate", "primary_knowledge_source",
                "supporting_data_source", "aggregator_knowledge_source", "knowledge_level", "agent_type"]
BIOLINK = "https://w3id.org/biolink/vocab/"
DRAWINGS = {"cyjs": "neurokg.cyjs", "graphml": "neurokg.graphml", "gexf": "neurokg.gexf", "dot": "neurokg.dot"}
DATASETS = {"trig": ("neurokg.trig", "application/trig"), "nquads": ("neurokg.nq", "application/n-quads")}
FORMATS = ("owl-ttl", "owl-xml", "jsonld", "kgx", *DRAWINGS, *DATASETS)


@functools.cache
def biolink_elements() -> tuple[set[str], set[str]]:
    """(class names, slot names) of the Biolink model shipped in the biolink-model package."""
    schema = yaml.safe_load(files("biolink_model").joinpath("schema/biolink_model.yaml").read_text(encoding="utf-8"))
    as_curie = lambda name: "biolink:" + "".join(w[:1].upper() + w[1:] for w in name.split(" "))  # noqa: E731
    classes = {as_curie(name) for name in schema.get("classes", {})}
    slots = {"biolink:" + name.replace(" ", "_") for name in schema.get("slots", {})}
    return classes, slots


def asserted_graphs(store: Store) -> list[Graph]:
    """Ontology, curated terms, sources, mappings and articles (no inferred or imported graphs)."""
    dataset = Dataset()
    dataset.parse(data=store.dump("application/n-quads"), format="nquads")
    return [graph for graph in dataset.graphs()
            if "/graph/inferred/" not in str(graph.identifier) and "/graph/import/" not in str(graph.identifier)]


def asserted_graph(store: Store) -> Graph:
    """The asserted graphs merged into one graph."""
    merged = _bound(Graph())
    for graph in asserted_graphs(store):
        merged += graph
    return merged


def owl_graph(store: Store) -> Graph:
    """The asserted graphs as one OWL 2 DL ontology that keeps provenance: each triple of an article
    graph is also an owl:Axiom annotated with dct:source (the article) and, when a claim node
    qualifies it, nkg:qualifier and rdfs:seeAlso (the claim). The claims' rdf:subject, rdf:predicate
    and rdf:object stay for RDF readers (OWL tools skip them; a scoped claim's triple is not asserted)."""
    graphs = asserted_graphs(store)
    sources = {s: o for g in graphs for s, o in g.subject_objects(PROV.wasDerivedFrom)}
    merged = _bound(Graph())
    for graph in graphs:
        source = sources.get(graph.identifier)
        if source is None:  # ontology, curated terms, sources, mappings
            merged += graph
            continue
        claims = {}
        for claim in graph.subjects(RDF.type, vocab.NKG.Claim):
            fact = tuple(graph.value(claim, p) for p in _REIFICATION)
            claims.setdefault(fact, []).append(claim)
        for triple in graph:
            merged.add(triple)
            if isinstance(triple[0], BNode) or triple[1] in _REIFICATION:
                continue
            axiom = BNode()
            merged.add((axiom, RDF.type, OWL.Axiom))
            for p, o in zip((OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget), triple, strict=True):
                merged.add((axiom, p, o))
            merged.add((axiom, DCT.source, source))
            for claim in claims.get(triple, ()):
                merged.add((axiom, RDFS.seeAlso, claim))
                for qualifier in graph.objects(claim, vocab.NKG.qualifier):
                    merged.add((axiom, vocab.NKG.qualifier, qualifier))
    return merged


def _bound(graph: Graph) -> Graph:
    for prefix, iri in all_prefixes().items():
        graph.bind(prefix, iri)
    return graph


def export(store: Store, fmt: str, out: Path, types: bool = False) -> list[Path]:
    """Write the export `fmt` into folder `out`; return the files written. Drawings leave out typing
    links to class nodes unless `types`."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt in DATASETS:  # the whole dataset, every statement in its named graph
        import pyoxigraph as ox

        from .serializers import rdf

        name, media_type = DATASETS[fmt]
        quads = ox.parse(store.dump("application/n-quads"), ox.RdfFormat.N_QUADS)
        path = out / name
        path.write_bytes(rdf(quads, media_type))
        return [path]
    if fmt in DRAWINGS:  # for visualizers (Cytoscape, Gephi, yEd, Graphviz)
        from . import graph_export

        info = graph_export.node_info(store)
        drawing = graph_export.build(graph_export.drawable(graph_export.all_edges(store), info, types=types), info)
        return [_write(out / DRAWINGS[fmt], graph_export.serialize(drawing, fmt))]
    if fmt in ("owl-ttl", "owl-xml"):
        owl = owl_graph(store)
        if fmt == "owl-ttl":
            return [_write(out / "neurokg.owl.ttl", owl.serialize(format="turtle"))]
        return [_write(out / "neurokg.owl", owl.serialize(format="xml"))]  # pretty-xml drops list nodes' types
    if fmt == "kgx":
        return kgx(asserted_graphs(store), out)
    graph = asserted_graph(store)
    if fmt == "jsonld":
        context = all_prefixes()
        return [_write(out / "neurokg.jsonld", graph.serialize(format="json-ld", context=context, indent=1)),
                _write(out / "context.jsonld", json.dumps({"@context": context}, indent=1))]
    raise ValueError(f"unknown export format {fmt!r}")


def kgx(graphs: list[Graph], out: Path) -> list[Path]:
    """KGX TSV (Biolink 4), LF line endings. Nodes: id, category, name, xref (from the SSSOM mappings).
    Edges: one per subject, Biolink predicate and object (as KGX keys them), with knowledge_level,
    agent_type, and the articles that state it as knowledge sources (their nkg:infores in
    data/sources.ttl; curated terms: infores:neurokg): the first in graph order primary, any other
    in supporting_data_source, NeuroKG the aggregator. A property without a Biolink match takes that
    of the property it specializes (early symptom: has_phenotype), the most specific one stated
    kept as original_predicate."""
    from . import mappings

    merged = _bound(Graph())
    for graph in graphs:
        merged += graph
    categories = _biolink_classes(merged)
    predicates = _biolink_predicates(merged)
    classes, slots = biolink_elements()
    infores = {str(a): str(i) for a, i in merged.subject_objects(vocab.NKG.infores)}
    xrefs: dict[str, set[str]] = {}
    for m in mappings.mappings():
        if m.predicate_id in ("skos:exactMatch", "skos:closeMatch"):
            xrefs.setdefault(m.subject_id, set()).add(m.object_id)
    nodes, statements = {}, {}
    for graph in sorted(graphs, key=lambda g: str(g.identifier)):
        article = graph.value(graph.identifier, PROV.wasDerivedFrom) or merged.value(graph.identifier, PROV.wasDerivedFrom)
        source = infores.get(str(article), NEUROKG_INFORES)
        for quad_s, p, o in graph:
            s = str(quad_s)
            if not s.startswith(vocab.BASE) or "/claim/" in s or "/value/" in s or "/source/" in s:
                continue
            if p == RDF.type and str(o) in categories:
                node = nodes.setdefault(_curie(s), {"id": _curie(s), "category": set(), "name": str(merged.value(quad_s, RDFS.label) or "")})
                node["category"].add(categories[str(o)])
            elif str(p) in predicates and isinstance(o, URIRef) and str(o).startswith(vocab.BASE):
                stated = statements.setdefault((_curie(s), predicates[str(p)], _curie(str(o))), ({}, {}))
                stated[0][p] = None
                stated[1][source] = None
    edges = []
    for (subject, predicate, obj), (properties, sources) in statements.items():
        primary, *supporting = sources
        edge = {"subject": subject, "predicate": predicate, "object": obj,
                "original_predicate": _curie(str(_most_specific(merged, list(properties)))),
                "primary_knowledge_source": primary, "supporting_data_source": "|".join(supporting),
                "aggregator_knowledge_source": NEUROKG_INFORES if primary != NEUROKG_INFORES else "",
                "knowledge_level": "knowledge_assertion", "agent_type": AGENT_TYPE,
                "id": "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{subject} {predicate} {obj}"))}
        edges.append(edge)
    unknown = {c for n in nodes.values() for c in n["category"] if c not in classes} | {e["predicate"] for e in edges if e["predicate"] not in slots}
    if unknown:
        raise ValueError(f"not in the shipped Biolink model: {sorted(unknown)} (fix the alignment in ontology/neurokg.ttl)")
    edges = [e for e in edges if e["subject"] in nodes and e["object"] in nodes]
    node_path, edge_path = out / "neurokg_nodes.tsv", out / "neurokg_edges.tsv"
    with node_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "category", "name", "xref", "provided_by"])
        for node in sorted(nodes.values(), key=lambda n: n["id"]):
            writer.writerow([node["id"], "|".join(sorted(node["category"])), node["name"],
                             "|".join(sorted(xrefs.get(node["id"], ()))), NEUROKG_INFORES])
    with edge_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, EDGE_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(edges, key=lambda e: (e["subject"], e["predicate"], e["object"], e["primary_knowledge_source"])))
    return [node_path, edge_path]


def _most_specific(graph: Graph, properties: list) -> URIRef:
    """The property of `properties` that is a sub-property of the others (else the first)."""
    for prop in properties:
        if all(other in graph.transitive_objects(prop, RDFS.subPropertyOf) for other in properties):
            return prop
    return sorted(properties)[0]


def _biolink_predicates(graph: Graph) -> dict[str, str]:
    """Our property IRI -> Biolink predicate, following rdfs:subPropertyOf up to a property with a match."""
    direct = {str(p): str(o).replace(BIOLINK, "biolink:") for p, o in _matches(graph)
              if str(o).startswith(BIOLINK) and str(o)[len(BIOLINK)].islower()}
    out = {}
    for prop in set(graph.subjects(RDF.type, OWL.ObjectProperty)):
        node, seen = prop, set()
        while node is not None and str(node) not in direct and node not in seen:
            seen.add(node)
            node = graph.value(node, RDFS.subPropertyOf)
        if node is not None and str(node) in direct:
            out[str(prop)] = direct[str(node)]
    return out


def _matches(graph: Graph):
    for predicate in (SKOS.exactMatch, SKOS.closeMatch):
        yield from graph.subject_objects(predicate)


def _biolink_classes(graph: Graph) -> dict[str, str]:
    """Our class IRI -> Biolink category, following rdfs:subClassOf up to a class with a Biolink match."""
    direct = {str(s): str(o).replace(BIOLINK, "biolink:") for s, o in _matches(graph)
              if str(o).startswith(BIOLINK) and str(o)[len(BIOLINK)].isupper()}
    out = {}
    for cls in set(graph.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))):
        node, seen = cls, set()
        while node is not None and str(node) not in direct and node not in seen:
            seen.add(node)
            node = graph.value(node, URIRef(PREFIXES["rdfs"] + "subClassOf"))
        if node is not None and str(node) in direct:
            out[str(cls)] = direct[str(node)]
    return out


def _curie(iri: str) -> str:
    return "nkg:" + iri.removeprefix(vocab.BASE)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
