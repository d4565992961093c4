"""Namespaces and the IRIs of NeuroKG's own graphs."""

from rdflib import Namespace

BASE = "https://w3id.org/neurokg/"
NKG = Namespace(BASE)
CLAIM = Namespace(BASE + "claim/")
VALUE = Namespace(BASE + "value/")
SOURCE = Namespace(BASE + "source/")
GRAPH = Namespace(BASE + "graph/")

ONTOLOGY_GRAPH = GRAPH["ontology"]
ENTITIES_GRAPH = GRAPH["entities"]
SOURCES_GRAPH = GRAPH["sources"]
MAPPINGS_GRAPH = GRAPH["mappings"]
CONFLICTS_GRAPH = GRAPH["conflicts"]
INFERRED_PREFIX = BASE + "graph/inferred/"
CURATED_INFERRED_GRAPH = INFERRED_PREFIX + "curated"  # what ontology + curated terms entail alone
# The embedded store's hidden, deduplicated copy of every triple: the default graph of a query.
SET_GRAPH = "urn:x-neurokg:default-graph"


def article_graph(slug: str) -> str:
    """IRI of the named graph that holds one article's claims.

    >>> article_graph("ms-vs-als-msnt")
    'https://w3id.org/neurokg/graph/ms-vs-als-msnt'
    """
    return str(GRAPH[slug])


def inferred_graph(slug: str) -> str:
    """IRI of the named graph that holds what reasoning adds to one article's claims."""
    return INFERRED_PREFIX + slug
