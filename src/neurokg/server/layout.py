"""The store as the served processes share it.

An in-memory pyoxigraph store forked into every worker and query process is shared only until a
process reads all of it (reads touch reference counts, so each scanning process ends up with its
own copy). That is cheap for a small graph (the NeuroKG build is a few MB) and the fastest to
query, so up to `SHARED_FROM_QUADS` quads the store is built in memory before the fork. A larger
one, served read-only, is built once into a temporary on-disk store that every process opens
read-only: its pages live once, in the page cache. Counts for /health are taken once, at build.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SHARED_FROM_QUADS = 50_000  # (env NEUROKG_SHARED_FROM_QUADS) above this, a copy per process costs more than reading from disk
PRELOADED: dict[str, Any] = {}  # the in-memory store built before the fork, inherited by the workers


@contextlib.contextmanager
def prepared(config: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The config to serve with (the store spec may change); temporary folders go when the block ends."""
    folders = []
    metrics = tempfile.mkdtemp(prefix="neurokg-metrics-")
    folders.append(metrics)
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", metrics)
    spec = str(config.get("STORE", "memory"))
    try:
        if spec in ("memory", "embedded") and not config.get("ALLOW_UPDATE"):
            from ..dataset import open_store

            store = open_store("memory", data=config.get("DATA_FILES") or None, progress=True)
            if len(store) <= int(os.environ.get("NEUROKG_SHARED_FROM_QUADS", SHARED_FROM_QUADS)):
                PRELOADED["store"] = store
                config = {**config, "STORE_STATS": {"triples": len(store), "graphs": len(store.graphs())}}
                yield config
                return
            del store
            folder = tempfile.mkdtemp(prefix="neurokg-store-")
            folders.append(folder)
            stats = _build(f"oxigraph:{folder}", config.get("DATA_FILES") or None)
            config = {**config, "STORE": f"oxigraph:{folder}?read-only", "STORE_STATS": stats}
        elif spec.startswith("oxigraph:"):
            stats = _build(spec, config.get("DATA_FILES") or None)
            if not config.get("ALLOW_UPDATE"):
                config = {**config, "STORE": spec + "?read-only", "STORE_STATS": stats}
        yield config
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


def _build(spec: str, data: list[Path] | None) -> dict[str, int]:
    """Fill the on-disk store (if empty) in a fresh process, and count it there once. RocksDB's
    background threads do not survive a fork, so this process never opens the store itself."""
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(False)
    builder = ctx.Process(target=_build_in_child, args=(spec, data, send))
    builder.start()
    send.close()
    stats = receive.recv()
    builder.join()
    return stats


def _build_in_child(spec: str, data: list[Path] | None, send) -> None:
    from ..store.embedded import EmbeddedStore

    from ..dataset import building, needs_build, open_store

    path = spec.removeprefix("oxigraph:")
    build = needs_build(Path(path))  # only a new store: one emptied by DROP ALL stays empty
    store = EmbeddedStore(path)
    if build:
        with building(Path(path), store):
            memory = open_store("memory", data=data, progress=True)  # fast, then one bulk load
            with tempfile.NamedTemporaryFile(suffix=".nq") as dump:
                dump.write(memory.dump("application/n-quads"))
                dump.flush()
                del memory
                store.bulk_load(dump.name, "application/n-quads")
    send.send({"triples": len(store), "graphs": len(store.graphs())})
