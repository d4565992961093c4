"""OWL 2 RL closure, materialized once and cached by content hash.

owlrl is the reference reasoner. `reasonable` (Rust) is ~20x faster but applies neither property
chains (owl:propertyChainAxiom: "SMA affects the CNS" through part-of) nor the schema rules that
carry domains and ranges along the hierarchies or read subclasses off intersections. The default,
`hybrid`, runs reasonable and those missing rules (prp-spo2, scm-dom1/2, scm-rng1/2, scm-int) in
turn to a fixpoint; tests/test_reasoning.py proves it infers exactly what owlrl infers on every
article and the reasoning fixture, and benchmarks/bench_reasoning.py times all three.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

import owlrl
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal
from rdflib.collection import Collection

from .paths import CACHE_DIR

REASONERS = ("hybrid", "owlrl", "reasonable")
DEFAULT = "hybrid"

# Triples every OWL RL closure adds that say nothing about the domain.
_TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual, RDFS.Class, OWL.Class}
_TRIVIAL_CLASSES = {OWL.Thing, OWL.Nothing, RDFS.Resource}
_BUILT_IN = tuple(str(ns) for ns in (OWL, RDF, RDFS, XSD))


def closure(asserted: Graph, reasoner: str = DEFAULT) -> Graph:
    """The triples OWL 2 RL adds to `asserted` (asserted triples and trivia left out)."""
    full = {"owlrl": _owlrl, "reasonable": _reasonable, "hybrid": _hybrid}[reasoner](asserted)
    added = Graph()
    for triple in full:
        if triple not in asserted and _meaningful(triple):
            added.add(triple)
    return added


def cached_closure(asserted: Graph, key_parts: list[bytes], reasoner: str = DEFAULT) -> Graph:
    """`closure`, read from `.cache/` when the same inputs were reasoned over before."""
    digest = hashlib.sha256()
    package = "reasonable" if reasoner == "hybrid" else reasoner
    for part in [reasoner.encode(), version(package).encode(), Path(__file__).read_bytes(), *key_parts]:
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


def _hybrid(asserted: Graph) -> Graph:
    """reasonable, then the OWL 2 RL rules it lacks, in turn until neither adds a triple."""
    graph = Graph()
    for triple in asserted:
        graph.add(triple)
    while True:
        for triple in _reasonable(graph):
            graph.add(triple)
        missing = _rules_reasonable_lacks(graph)
        if not missing:
            return graph
        for triple in missing:
            graph.add(triple)


def _rules_reasonable_lacks(graph: Graph) -> set:
    """prp-spo2 (property chains), scm-dom1/2 and scm-rng1/2 (domains and ranges along the class
    and property hierarchies), scm-int (a class equivalent to an intersection is a subclass of
    each member): the triples they add that `graph` lacks."""
    new = set()
    for prop, chain_list in graph.subject_objects(OWL.propertyChainAxiom):
        chain = list(Collection(graph, chain_list))
        pairs = set(graph.subject_objects(chain[0]))
        for step in chain[1:]:
            pairs = {(x, z) for x, y in pairs for z in graph.objects(y, step)}
        new |= {(x, prop, z) for x, z in pairs}
    for relation in (RDFS.domain, RDFS.range):
        for prop, cls in list(graph.subject_objects(relation)):
            new |= {(prop, relation, sup) for sup in graph.transitive_objects(cls, RDFS.subClassOf)}
            new |= {(sub, relation, cls) for sub in graph.transitive_subjects(RDFS.subPropertyOf, prop)}
    for cls, other in graph.subject_objects(OWL.equivalentClass):
        for named, expression in ((cls, other), (other, cls)):
            for members in graph.objects(expression, OWL.intersectionOf):
                new |= {(named, RDFS.subClassOf, member) for member in Collection(graph, members)}
    return {triple for triple in new if triple not in graph}


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
