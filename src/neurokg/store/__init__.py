"""One `Store` interface with an embedded (pyoxigraph) and a remote (SPARQL 1.1 Protocol) implementation.

Both return pyoxigraph result objects (`QuerySolutions`, `QueryBoolean`, `QueryTriples`), so
callers never branch on the kind of store.

>>> store = get_store("memory")
>>> store.load(b'<http://ex.org/s> <http://ex.org/p> "o" .', "application/n-triples")
>>> [str(row["o"]) for row in store.query("SELECT ?o WHERE { ?s ?p ?o }")]
['"o"']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, Union

import pyoxigraph as ox

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]
Result = Union[ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples]


class StoreError(OSError):
    """The store could not answer (remote server down, timed out, refused)."""


class Store(Protocol):
    """What NeuroKG needs of a triple store."""

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> Result:
        """Evaluate a SPARQL 1.1 query; `bindings` pre-bind variables (no string formatting)."""

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Apply a SPARQL 1.1 Update."""

    def load(self, data: bytes, media_type: str, graph: str | None = None) -> None:
        """Add RDF data (all or nothing) to `graph`, or to the default graph."""

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        """Serialize one graph (or, for quad formats, the whole dataset)."""

    def graphs(self) -> list[str]:
        """IRIs of the named graphs."""

    def clear(self, graph: str | None = None) -> None:
        """Empty one graph, or everything."""

    def __len__(self) -> int:
        """Number of quads."""

    def reader(self) -> Store:
        """A handle to query from a forked child process (see neurokg.executor)."""


def get_store(spec: str = "memory") -> Store:
    """A store from its config string: `memory`, `oxigraph:PATH`, an `http(s)://` query URL
    (Oxigraph's /query, /update, /store layout), or `virtuoso+http://HOST:PORT/sparql`."""
    if spec in ("memory", "embedded"):
        from .embedded import EmbeddedStore

        return EmbeddedStore()
    if spec.startswith("oxigraph:"):
        from .embedded import EmbeddedStore

        path, _, mode = spec.removeprefix("oxigraph:").partition("?")
        return EmbeddedStore(path=path, read_only=mode == "read-only")
    if spec.startswith("virtuoso+"):
        from .remote import RemoteStore

        return RemoteStore.virtuoso(spec.removeprefix("virtuoso+"))
    if spec.startswith(("http://", "https://")):
        from .remote import RemoteStore

        return RemoteStore(spec)
    raise ValueError(f"unknown store {spec!r}: use 'memory', 'oxigraph:PATH' or an http(s) URL")
