"""KGX export: a nodes/edges TSV pair whose categories and predicates are Biolink model elements,
checked against the model the `biolink-model` package ships."""

from __future__ import annotations

import csv
import functools
import uuid
from importlib.resources import files
from pathlib import Path

import yaml
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from .. import vocab
from ..prefixes import PREFIXES
from .asserted import PROV, SKOS, bound

NEUROKG_INFORES = "infores:neurokg"  # ours, like each article's nkg:infores (data/sources.ttl)
AGENT_TYPE = "not_provided"  # the repository does not record whether a person or a program encoded the articles
EDGE_COLUMNS = ["id", "subject", "predicate", "object", "original_predicate", "primary_knowledge_source",
                "supporting_data_source", "aggregator_knowledge_source", "knowledge_level", "agent_type"]
BIOLINK = "https://w3id.org/biolink/vocab/"


@functools.cache
def biolink_elements() -> tuple[set[str], set[str]]:
    """(class names, slot names) of the Biolink model shipped in the biolink-model package."""
    schema = yaml.safe_load(files("biolink_model").joinpath("schema/biolink_model.yaml").read_text(encoding="utf-8"))
    as_curie = lambda name: "biolink:" + "".join(w[:1].upper() + w[1:] for w in name.split(" "))  # noqa: E731
    classes = {as_curie(name) for name in schema.get("classes", {})}
    slots = {"biolink:" + name.replace(" ", "_") for name in schema.get("slots", {})}
    return classes, slots


def kgx(graphs: list[Graph], out: Path) -> list[Path]:
    """KGX TSV (Biolink 4), LF line endings. Nodes: id, category, name, xref (from the SSSOM mappings).
    Edges: one per subject, Biolink predicate and object (as KGX keys them), with knowledge_level,
    agent_type, and the articles that state it as knowledge sources (their nkg:infores in
    data/sources.ttl; curated terms: infores:neurokg): the first in graph order primary, any other
    in supporting_data_source, NeuroKG the aggregator. A property without a Biolink match takes that
    of the property it specializes (early symptom: has_phenotype), the most specific one stated
    kept as original_predicate."""
    from .. import mappings

    merged = bound(Graph())
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
