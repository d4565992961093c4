"""OWL 2 RL closure, materialized once and cached by content hash.

owlrl is the reference reasoner and the default. `reasonable` (Rust) is ~20x faster but does not
apply property chains (owl:propertyChainAxiom), so it misses e.g. "SMA affects the CNS" through
part-of; tests/test_reasoning.py documents the difference and benchmarks/bench_reasoning.py the times.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

import owlrl
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal

from .paths import CACHE_DIR

REASONERS = ("owlrl", "reasonable")

# Triples every OWL RL closure adds that say nothing about the domain.
_TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class}
_TRIVIAL_CLASSES = {OWL.Thing, OWL.Nothing, RDFS.Resource}
_BUILT_IN = tuple(str(ns) for ns in (OWL, RDF, RDFS, XSD))


def closure(asserted: Graph, reasoner: str = "owlrl") -> Graph:
    """The triples OWL 2 RL adds to `asserted` (asserted triples and trivia left out)."""
    full = _owlrl(asserted) if reasoner == "owlrl" else _reasonable(asserted)
    added = Graph()
    for triple in full:
        if triple not in asserted and _meaningful(triple):
            added.add(triple)
    return added


def cached_closure(asserted: Graph, key_parts: list[bytes], reasoner: str = "owlrl") -> Graph:
    """`closure`, read from `.cache/` when the same inputs were reasoned over before."""
    digest = hashlib.sha256()
    for part in [reasoner.encode(), version(reasoner).encode(), Path(__file__).read_bytes(), *key_parts]:
        digest.update(hashlib.sha256(part).digest())
    path = CACHE_DIR / "inferred" / f"{digest.hexdigest()}.nt"
    if path.is_file():
        return Graph().parse(path, format="nt")
    added = closure(asserted, reasoner)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    added.serialize(tmp, format="nt", encoding="utf-8")
    tmp.replace(path)
    return added


def _owlrl(asserted: Graph) -> Graph:
    graph = Graph()
    for triple in asserted:
        graph.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    return graph


def _reasonable(asserted: Graph) -> Graph:
    import reasonable

    reasoner = reasonable.PyReasoner()
    reasoner.from_graph(asserted)
    graph = Graph()
    for s, p, o in reasoner.reason():
        if isinstance(o, Literal) and o.datatype == XSD.string:  # same RDF 1.1 term as a plain literal
            o = Literal(str(o), lang=o.language)
        graph.add((s, p, o))
    return graph


def _meaningful(triple) -> bool:
    s, p, o = triple
    if isinstance(s, Literal | BNode) or isinstance(o, BNode) or str(s).startswith(_BUILT_IN):
        return False
    if p in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith, RDFS.domain, RDFS.range) and (
        s in _TRIVIAL_CLASSES or o in _TRIVIAL_CLASSES
    ):
        return False
    if p in (OWL.sameAs, OWL.equivalentClass, OWL.equivalentProperty, RDFS.subClassOf, RDFS.subPropertyOf) and s == o:
        return False
    if p == RDF.type and o in _TRIVIAL_TYPES:
        return False
    return not (p == RDF.type and isinstance(s, BNode))
