"""Dumps of the dataset (TriG, N-Quads: every statement in its named graph) and of the asserted
graph as JSON-LD with its context."""

from __future__ import annotations

import json
from pathlib import Path

from ..prefixes import all_prefixes
from ..store import Store
from .asserted import asserted_graph, write

DATASETS = {"trig": ("neurokg.trig", "application/trig"), "nquads": ("neurokg.nq", "application/n-quads")}


def dataset(store: Store, fmt: str, out: Path) -> list[Path]:
    """The whole dataset, every statement in its named graph."""
    import pyoxigraph as ox

    from ..serializers import rdf

    name, media_type = DATASETS[fmt]
    quads = ox.parse(store.dump("application/n-quads"), ox.RdfFormat.N_QUADS)
    path = out / name
    path.write_bytes(rdf(quads, media_type))
    return [path]


def jsonld(store: Store, out: Path) -> list[Path]:
    """The asserted graph as JSON-LD, and its context on its own."""
    context = all_prefixes()
    graph = asserted_graph(store)
    return [write(out / "neurokg.jsonld", graph.serialize(format="json-ld", context=context, indent=1)),
            write(out / "context.jsonld", json.dumps({"@context": context}, indent=1))]
