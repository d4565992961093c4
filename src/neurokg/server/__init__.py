"""The server layer, one module per concern:

- `front`: the HTTP front (granian, a Rust HTTP server, with a thin RSGI-to-WSGI bridge): reads
  headers and bodies under time limits and writes answers without holding a thread or a query slot;
  a client that disconnects cancels its query.
- `admission`: per-client cap, query slots and the bounded queue (429 / 503 with Retry-After).
- `limits`: every limit and its default.
- `query_process`, `spool`: the killable query process and how it writes an answer (the engine's
  serializers, row limit, temporary file); the pool of them is `neurokg.executor`.
- `wire`: how a worker and its query processes talk (one frame per message on a socket pair).

SPARQL queries take the event-loop path (`neurokg.web.fast_path`): the front's loop hands them to
an idle query process itself; everything else goes through the Flask app in a request thread.
- `layout`: the store as the workers share it (one read-only on-disk copy, counted once).

`serve()` (here) is what `neurokg serve` runs.
"""

from __future__ import annotations

from typing import Any


def serve(config: dict[str, Any], *, host: str, port: int, workers: int, threads: int = 32) -> None:
    """Lay out the store, then run `workers` worker processes behind the HTTP front."""
    from . import front, layout

    if config.get("ALLOW_UPDATE"):
        workers = 1  # one writer: an in-memory store is one process's, RocksDB opens read-write in one process,
        # and caches of what the data says live per process
    with layout.prepared(config) as config:
        front.run(config, host=host, port=port, workers=workers, threads=threads)
