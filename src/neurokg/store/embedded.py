"""The embedded store: pyoxigraph in memory or on disk.

The default graph of a query is the RDF merge of all graphs: each triple once, however many graphs
hold it. pyoxigraph 0.5 evaluates its own union default graph as a bag (a triple in three graphs
matches three times; Oxigraph issue 1919), so the store keeps a deduplicated copy of every triple
in a hidden graph, `SET_GRAPH`, and queries that name no dataset read it as their default graph,
with every other graph as their named graphs (so `GRAPH ?g` never sees the copy). Every write goes
through this class and keeps the copy in step; updates never see it.

>>> store = EmbeddedStore()
>>> for g in ("http://ex.org/g1", "http://ex.org/g2"):
...     store.load(b'<http://ex.org/s> <http://ex.org/p> "o" .', "application/n-triples", g)
>>> [int(r["n"].value) for r in store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")]
[1]
>>> [int(r["n"].value) for r in store.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")]
[2]
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox

from ..vocab import SET_GRAPH
from . import Result, Term, merge, set_copy

_SET = set_copy.SET
_SYNC = set_copy.FULL_SYNC  # a pass over the store: add what any graph gained, remove what none holds


class EmbeddedStore:
    """pyoxigraph in-process; the default graph is the merge of all graphs unless one is named."""

    def __init__(self, path: str | None = None, *, union_default_graph: bool = True, read_only: bool = False) -> None:
        self.path = path
        self.union_default_graph = union_default_graph
        self.generation = 0  # counts writes through this object: answers kept for an older one are stale
        self.read_only = bool(path and read_only)
        self._snapshot: tuple[int, str] | None = None  # (generation, folder) query processes open
        self._scratch: tuple[tuple, ox.Store] | None = None  # the merge of a several-graph default graph
        if path and read_only:
            self._store = ox.Store.read_only(path)
        else:
            self._store = ox.Store(path) if path else ox.Store()
        missing = union_default_graph and not self._store.contains_named_graph(_SET) and self._has_quads()
        if missing and not read_only:
            self._store.update(_SYNC)  # a store written before the copy existed
        self._legacy_union = missing and read_only  # read-only and never synced: the engine's (bag) union

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        base_iri: str | None = None,
    ) -> Result:
        own_dataset = default_graph is not None or _has_from(sparql)
        substitutions = {ox.Variable(k): v for k, v in bindings.items()} if bindings else None
        scratch = self._merged(sparql, default_graph, named_graphs, base_iri) if own_dataset else None
        if scratch is not None:
            return scratch[0].query(sparql, default_graph=[merge.MERGED], named_graphs=scratch[1],
                                    substitutions=substitutions, base_iri=base_iri)
        default = [ox.NamedNode(g) for g in default_graph] if default_graph else None
        named = [ox.NamedNode(g) for g in named_graphs] if named_graphs else None
        if named is None and (default is not None or not own_dataset) and _reads_any_graph(sparql):
            named = self._named_graphs()  # only GRAPH ?var could see the copy: hide it
        if self.union_default_graph and not own_dataset and not self._legacy_union:
            default = [_SET]
        return self._store.query(
            sparql,
            use_default_graph_as_union=self._legacy_union and not own_dataset,
            default_graph=default,
            named_graphs=named,
            substitutions=substitutions,
            base_iri=base_iri,
        )

    def _merged(self, sparql, default_graph, named_graphs, base_iri) -> tuple[ox.Store, list[ox.NamedNode]] | None:
        """For a dataset whose default graph is several graphs: a scratch store holding their
        merge, and its named graphs (none unless the query or the protocol names some, as in
        SPARQL 1.1 §13.2 and the Protocol's §2.1.4). None for one graph or none."""
        if default_graph is not None:
            default, named = default_graph, named_graphs or []
        else:
            default, named = merge.query_dataset(sparql, base_iri)
            named = named_graphs if named_graphs is not None else named
        if len(default) < 2:  # named more than once is several too (pyoxigraph counts it twice)
            return None
        default, named = list(dict.fromkeys(default)), list(dict.fromkeys(named))
        key = (self.generation, tuple(default), tuple(named))
        if self._scratch is None or self._scratch[0] != key:
            self._scratch = (key, merge.merged_store(self._store, default, named))
        return self._scratch[1], [ox.NamedNode(g) for g in named]

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Apply `sparql` and bring the deduplicated copy in step, in one transaction: only the
        triples the update touched are checked when it is made of `INSERT DATA`, `DELETE DATA`,
        `DROP`/`CLEAR GRAPH` and `CREATE` (see `set_copy`), else a pass over the store follows it.
        The copy is dropped first when the update could read it (a `GRAPH ?var` pattern)."""
        self.generation += 1
        if not self.union_default_graph:
            self._store.update(merge.with_merged_using(sparql) if "USING" in sparql.upper() else sparql, base_iri=base_iri)
            return
        original, (start, separator) = sparql, _shape(sparql)
        reads_any_graph = _reads_any_graph(sparql)
        cheap = None if reads_any_graph else set_copy.plan(sparql, base_iri)
        if cheap is None and "USING" in sparql.upper():
            sparql = merge.with_merged_using(sparql)  # several USING graphs: their merge
        if cheap is not None:
            sparql, sync = cheap
            separator = _shape(sparql)[1] if sync else ""
        elif reads_any_graph:  # hidden from the user's operations: dropped first, rebuilt after
            sparql, sync = f"{sparql[:start]}DROP SILENT GRAPH <{SET_GRAPH}> ;\n{sparql[start:]}", _SYNC
        else:
            sync = _SYNC
        try:
            self._store.update(f"{sparql}\n{separator}{sync}", base_iri=base_iri)
        except SyntaxError:
            ox.Store().update(original, base_iri=base_iri)  # the user's own error, at the user's own line
            raise

    def load(self, data: bytes, media_type: str, graph: str | None = None) -> None:
        """Add `data` to `graph` (quad formats: to their own graphs) and to the copy: one load, so
        one transaction on disk."""
        fmt = ox.RdfFormat.from_media_type(media_type)
        target = None if fmt in _QUAD_FORMATS else ox.NamedNode(graph) if graph else ox.DefaultGraph()
        self.generation += 1
        if not self.union_default_graph:
            self._store.load(data, fmt, to_graph=target)
            return
        doubled, checked = set_copy.doubled(data, fmt, target)
        self._store.load(doubled, ox.RdfFormat.N_QUADS, lenient=checked)

    def bulk_load(self, path: str, media_type: str, graph: str | None = None) -> None:
        """Load a large file without holding it in memory (not transactional: callers rebuild a
        load cut short, see `dataset.building`)."""
        fmt = ox.RdfFormat.from_media_type(media_type)
        target = None if fmt in _QUAD_FORMATS else ox.NamedNode(graph) if graph else ox.DefaultGraph()
        self.generation += 1
        if not self.union_default_graph:
            self._store.bulk_load(path=path, format=fmt, to_graph=target)
            return
        with tempfile.NamedTemporaryFile(suffix=".nq", dir=Path(path).parent) as doubled:
            for batch in set_copy.batches(ox.parse(path=path, format=fmt)):
                doubled.write(set_copy.with_copy(batch, target))
            doubled.flush()
            self._store.bulk_load(path=doubled.name, format=ox.RdfFormat.N_QUADS, lenient=True)

    def dump(self, media_type: str, graph: str | None = None) -> bytes:
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt in _QUAD_FORMATS:
            quads = (q for g in [ox.DefaultGraph(), *self._named_graphs()] for q in self._store.quads_for_pattern(None, None, None, g))
            return ox.serialize(quads, format=fmt)
        return self._store.dump(format=fmt, from_graph=ox.NamedNode(graph) if graph else ox.DefaultGraph())

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._named_graphs() if isinstance(g, ox.NamedNode))

    def clear(self, graph: str | None = None) -> None:
        self.generation += 1
        if graph is None:
            self._store.clear()
        elif not self.union_default_graph:
            self._store.clear_graph(ox.NamedNode(graph))
        else:
            self.update(f"CLEAR SILENT GRAPH <{graph}>")

    def flush(self) -> None:
        """Make writes durable (on-disk stores)."""
        if self.path:
            self._store.flush()

    def __len__(self) -> int:
        """Quads in the store's graphs (the deduplicated copy not counted)."""
        copy = next(iter(self._store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{SET_GRAPH}> {{ ?s ?p ?o }} }}")))
        return len(self._store) - int(copy["n"].value)

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

    def _named_graphs(self) -> list[ox.NamedNode | ox.BlankNode]:
        return [g for g in self._store.named_graphs() if g != _SET]

    def _has_quads(self) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, None)), None) is not None


_QUAD_FORMATS = {ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG}
_OPERATIONS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "ADD", "MOVE", "COPY", "WITH"}


def _readers_folder(path: str) -> Path:
    """Where the snapshots of the store at `path` go: beside it, on the same file system."""
    store = Path(path).resolve()
    return store.with_name(f".{store.name}.readers")


def _has_from(sparql: str) -> bool:
    """Does the query name its own dataset (FROM / FROM NAMED)? Then the union default is off."""
    from ..query_guard import keywords

    return "FROM" in sparql.upper() and "FROM" in keywords(sparql)


def _reads_any_graph(sparql: str) -> bool:
    """Does the query or update match graphs by variable (`GRAPH ?g`), so that it would see the copy?"""
    from ..query_guard import tokens

    if "GRAPH" not in sparql.upper():
        return False
    previous = None
    for kind, text, _, _ in tokens(sparql):
        if kind == "var" and previous == "GRAPH":
            return True
        previous = text.upper() if kind == "word" else None
    return False


def _shape(sparql: str) -> tuple[int, str]:
    """Where the first operation starts (after the prologue), and the ';' to put between the update
    and ours (none when it already ends with one or holds no operation)."""
    from ..query_guard import tokens

    last, start = None, None
    for kind, text, depth, offset in tokens(sparql):
        last = text
        if start is None and kind == "word" and depth == 0 and text.upper() in _OPERATIONS:
            start = offset
    return (len(sparql), "") if start is None else (start, "" if last == ";" else ";\n")
