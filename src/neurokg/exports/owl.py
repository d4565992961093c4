"""OWL export: the asserted graphs as one OWL 2 DL ontology whose every article fact is an axiom
annotated with the article that states it."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, BNode, Graph

from .. import vocab
from ..store import Store
from .asserted import DCT, PROV, asserted_graphs, bound

_REIFICATION = (RDF.subject, RDF.predicate, RDF.object)


def owl_graph(store: Store) -> Graph:
    """The asserted graphs as one OWL 2 DL ontology that keeps provenance: each triple of an article
    graph is also an owl:Axiom annotated with dct:source (the article) and, when a claim node
    qualifies it, nkg:qualifier and rdfs:seeAlso (the claim). The claims' rdf:subject, rdf:predicate
    and rdf:object stay for RDF readers (OWL tools skip them; a scoped claim's triple is not asserted)."""
    graphs = asserted_graphs(store)
    sources = {s: o for g in graphs for s, o in g.subject_objects(PROV.wasDerivedFrom)}
    merged = bound(Graph())
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
