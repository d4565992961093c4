"""Ontology-shaped synthetic graphs for benchmarks: a class tree, object properties with
domains, ranges, inverses and a transitive part-of, individuals typed and linked."""

from __future__ import annotations

import random

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace

EX = Namespace("https://example.org/bench/")


def ontology_graph(triples: int, seed: int = 7) -> Graph:
    """About `triples` triples of ontology-shaped data (deterministic for a seed)."""
    rng = random.Random(seed)
    g = Graph()
    classes = [EX[f"C{i}"] for i in range(max(10, triples // 40))]
    for i, cls in enumerate(classes):
        g.add((cls, RDF.type, OWL.Class))
        g.add((cls, RDFS.label, Literal(f"class {i}")))
        if i:
            g.add((cls, RDFS.subClassOf, classes[rng.randrange(i)]))
    props = [EX[f"p{i}"] for i in range(20)]
    for i, prop in enumerate(props):
        g.add((prop, RDF.type, OWL.ObjectProperty))
        g.add((prop, RDFS.domain, rng.choice(classes)))
        g.add((prop, RDFS.range, rng.choice(classes)))
        if i % 5 == 0:
            g.add((prop, OWL.inverseOf, EX[f"inv{i}"]))
    g.add((EX.partOf, RDF.type, OWL.TransitiveProperty))
    individuals = [EX[f"x{i}"] for i in range(max(10, triples // 8))]
    while len(g) < triples:
        x = rng.choice(individuals)
        g.add((x, RDF.type, rng.choice(classes)))
        g.add((x, rng.choice(props), rng.choice(individuals)))
        if rng.random() < 0.1:
            g.add((x, EX.partOf, rng.choice(individuals)))
    return g
