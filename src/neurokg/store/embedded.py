"""The embedded store: pyoxigraph in memory or on disk."""

from __future__ import annotations

import atexit
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from . import Result, Term


class EmbeddedStore:
    """pyoxigraph in-process; the default graph is the union of all graphs unless one is named."""

    def __init__(self, path: str | None = None, *, union_default_graph: bool = True, read_only: bool = False) -> None:
        self.path = path
        self.union_default_graph = union_default_graph
        self.generation = 0  # counts writes through this object: answers kept for an older one are stale
        self.read_only = bool(path and read_only)
        self._snapshot: tuple[int, str] | None = None  # (generation, folder) query processes open
        if path and read_only:
            self._store = ox.Store.read_only(path)
        else:
            self._store = ox.Store(path) if path else ox.Store()

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> Result:
        return self._store.query(
            sparql,
            use_default_graph_as_union=self.union_default_graph and default_graph is None and not _has_from(sparql),
            default_graph=[ox.NamedNode(g) for g in default_graph] if default_graph else None,
            named_graphs=[ox.NamedNode(g) for g in named_graphs] if named_graphs else None,
            substitutions={ox.Variable(k): v for k, v in bindings.items()} if bindings else None,
            base_iri=base_iri,
        )

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        self.generation += 1
        self._store.update(sparql, base_iri=base_iri)

    def load(self, data: bytes, media_type: str, graph: str | None = None) -> None:
        fmt = ox.RdfFormat.from_media_type(media_type)
        target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        self.generation += 1
        self._store.load(data, fmt, to_graph=None if fmt in _QUAD_FORMATS else target)

    def bulk_load(self, path: str, media_type: str, graph: str | None = None) -> None:
        """Load a large file without holding it in memory (not transactional)."""
        fmt = ox.RdfFormat.from_media_type(media_type)
        target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        self.generation += 1
        self._store.bulk_load(path=path, format=fmt, to_graph=None if fmt in _QUAD_FORMATS else target)

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt in _QUAD_FORMATS:
            return self._store.dump(format=fmt)
        return self._store.dump(format=fmt, from_graph=ox.NamedNode(graph) if graph else ox.DefaultGraph())

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def clear(self, graph: str | None = None) -> None:
        self.generation += 1
        if graph is None:
            self._store.clear()
        else:
            self._store.clear_graph(ox.NamedNode(graph))

    def flush(self) -> None:
        """Make writes durable (on-disk stores)."""
        if self.path:
            self._store.flush()

    def __len__(self) -> int:
        return len(self._store)

    def reader(self) -> EmbeddedStore:
        """In memory: this store, inherited by the forked child. On disk: a read-only handle of
        its own, on the store itself when it is served read-only, else on the snapshot
        `refresh_readers()` took after the last write (a read-only handle on a database another
        handle writes or compacts is undefined behaviour in RocksDB)."""
        if not self.path:
            return self
        folder = self._snapshot[1] if self._snapshot else self.path
        return EmbeddedStore(folder, union_default_graph=self.union_default_graph, read_only=True)

    def refresh_readers(self) -> None:
        """On a writable on-disk store: flush, and take a snapshot (hard links, via RocksDB's
        checkpoints) for query processes to open, if the store changed since the last one; older
        snapshots are removed. Call it in the writing process, with no query process alive."""
        if not self.path or self.read_only or (self._snapshot and self._snapshot[0] == self.generation):
            return
        self._store.flush()
        folder = _readers_folder(self.path)
        if self._snapshot is None:  # a fresh start: what an earlier run left is stale
            shutil.rmtree(folder, ignore_errors=True)
            atexit.register(shutil.rmtree, folder, True)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{os.getpid()}-{self.generation}"
        shutil.rmtree(target, ignore_errors=True)
        self._store.backup(str(target))
        old, self._snapshot = self._snapshot, (self.generation, str(target))
        if old and old[1] != str(target):
            shutil.rmtree(old[1], ignore_errors=True)


_QUAD_FORMATS = {ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG}


def _readers_folder(path: str) -> Path:
    """Where the snapshots of the store at `path` go: beside it, on the same file system."""
    store = Path(path).resolve()
    return store.with_name(f".{store.name}.readers")


def _has_from(sparql: str) -> bool:
    """Does the query name its own dataset (FROM / FROM NAMED)? Then the union default is off."""
    from ..query_guard import keywords

    return "FROM" in sparql.upper() and "FROM" in keywords(sparql)
