"""Updates run under the same time limit and memory cap as queries: each is first tried
(rehearsed) in a one-shot killable process on that process's own copy of the store, and applied
to the served store only once it completed there.

Why a rehearsal and not the write itself in the child: the store every query process reads is the
worker's (queries are forked from it, or open a snapshot of it), and a child cannot hand its
changes back cheaply (pyoxigraph reports no change set; sending the whole dataset back costs a
pass over the store per write). So the child proves, on the same data, that the update finishes
within the limits: a runaway one (an INSERT over a cross product, a parser crash) is stopped there
with a 503 naming the limit, and the served store is never touched (no partial write). The worker
then applies the update in one transaction, on a thread with a large stack, with no query in
flight (Executor.exclusive); it does the same work the rehearsal just finished within the limits
(UUID(), RAND() or NOW() may give other values, never other costs worth noting).

Writes are serialized from the rehearsal to the end of the write (Executor.writing), so the copy a
rehearsal sees is the state the write is applied to; queries keep running during a rehearsal.

- In-memory store: the rehearsal process is forked from the worker; the fork is its copy
  (copy-on-write: pages are copied only as the update touches them).
- On-disk store: the worker holds the store read-write and, after every write, a snapshot for
  query processes (EmbeddedStore.refresh_readers). The rehearsal gets its own copy of that
  snapshot (its immutable .sst files hard-linked, the rest copied: cheap), opened read-write in a
  process started from a clean forkserver (RocksDB's threads and locks do not survive a fork of
  a process that has a database open).
- Remote stores enforce their own limits: no rehearsal.

What a write costs on top of the update itself: one fork (memory), or one forkserver process, a
linked copy and a RocksDB open (disk: 0.1-0.3 s measured on the shared 2-core machine).
"""

from __future__ import annotations

import functools
import multiprocessing as mp
import os
import shutil
import tempfile
from pathlib import Path

from ..store.embedded import EmbeddedStore

_FORKSERVER = mp.get_context("forkserver")
_FORKSERVER.set_forkserver_preload(["neurokg.server.query_process", "neurokg.store.embedded"])


def warm_up(store) -> None:
    """Start the forkserver now (a fresh interpreter: about a second) if `store` will need it."""
    if isinstance(store, EmbeddedStore) and store.path and not store.read_only:
        from multiprocessing import forkserver

        forkserver.ensure_running()


def rehearse(store, executor, update, deadline: float, cancel=None) -> None:
    """Try `update` (query_process.Update) on a copy of `store` under the executor's limits."""
    if not isinstance(store, EmbeddedStore):
        return
    if not store.path:
        executor.rehearse(update, deadline, store.reader, cancel=cancel)
        return
    store.refresh_readers()  # a no-op unless the store changed since the last snapshot
    snapshot = Path(store._snapshot[1])  # noqa: SLF001 - see server-notes: a public name is requested
    copy = Path(tempfile.mkdtemp(prefix="rehearsal-", dir=snapshot.parent))
    try:
        linked_copy(snapshot, copy)
        opener = functools.partial(_open_copy, str(copy), store.union_default_graph)
        executor.rehearse(update, deadline, opener, context=_FORKSERVER, cancel=cancel)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def linked_copy(source: Path, target: Path) -> None:
    """A RocksDB folder copied as its checkpoints are: table files (never changed once written)
    hard-linked, the manifest, logs and options copied (an open database appends to them)."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        (os.link if entry.suffix == ".sst" else shutil.copy2)(entry, target / entry.name)


def _open_copy(folder: str, union_default_graph: bool) -> EmbeddedStore:
    return EmbeddedStore(folder, union_default_graph=union_default_graph)
