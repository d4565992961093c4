"""The query process: forked from a worker, it answers one query at a time and can be killed.

It runs its loop on a thread with a large stack (deeply nested queries and long operator chains
recurse in the parser), caps its own address space (limits.cap_address_space), and writes each
answer with the engine's own serializers into a Spool, so the reply carries the row count and
truncation before any byte goes to the client; small answers come back inside the reply, larger
ones as a temporary file. An `Update` request is tried on the process's own copy of the store
(see neurokg.server.rehearsal).

Its standard error goes to a file beside the answers (`last_words`): when the process dies, the
worker reads why. An allocation past the memory cap ends the process with the allocator's own
message ("memory allocation of N bytes failed"); any other death is a crash.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import faulthandler
import os
import resource
import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from itertools import islice
from typing import Any

import pyoxigraph as ox

from .. import formats, graph_export, serializers
from . import wire
from .limits import cap_address_space
from .spool import RowCounter, RowLimit, Spool

_PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)
STACK_BYTES = 256 * 1024 * 1024  # 15,000-term flat operator chains (inside 64 KiB) need about 40 MiB
OUT_OF_MEMORY = "memory allocation of"  # how Rust's allocator reports a failed allocation, then aborts
RESULT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


@wire.record
@dataclass
class Update:
    """A SPARQL Update to try on the process's copy of the store; `cpu_seconds` ends the process
    even if its worker is gone (a one-shot process may not be the worker's child)."""

    sparql: str
    base_iri: str | None = None
    cpu_seconds: float = 0.0


def main(conn, parent_end, open_store, max_rows: int, memory_mb: int, spool_dir: str) -> None:
    """Entry point in the forked child."""
    _tie_to_parent(parent_end)
    _keep_last_words(spool_dir)
    faulthandler.disable()  # a query stopped at its memory cap aborts: no traceback dump for it
    store = open_store()
    threading.stack_size(STACK_BYTES)
    loop = threading.Thread(target=_loop, args=(conn, store, max_rows, memory_mb, spool_dir), daemon=True)
    loop.start()
    loop.join()


def last_words_path(spool_dir: str, pid: int) -> Path:
    return Path(spool_dir) / f"stderr-{pid}"


def last_words(spool_dir: str, pid: int) -> str:
    """What a query process wrote to its standard error (the end of it), and the file removed."""
    path = last_words_path(spool_dir, pid)
    try:
        with open(path, "rb") as file:
            file.seek(max(0, path.stat().st_size - 4096))
            return file.read().decode("utf-8", "replace")
    except OSError:
        return ""
    finally:
        path.unlink(missing_ok=True)


def _keep_last_words(spool_dir: str) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(last_words_path(spool_dir, os.getpid()), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 2)
        os.close(fd)


def on_large_stack(function, *args):
    """`function(*args)` on a thread with STACK_BYTES of stack (the parser recurses per operator)."""
    outcome: list = []

    def run():
        try:
            outcome.append((True, function(*args)))
        except BaseException as error:  # noqa: BLE001 - raised again in the caller
            outcome.append((False, error))

    previous = threading.stack_size(STACK_BYTES)
    try:
        thread = threading.Thread(target=run, name="neurokg-large-stack")
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def _loop(conn, store, max_rows: int, memory_mb: int, spool_dir: str) -> None:
    cap_address_space(memory_mb)
    while True:
        try:
            request = wire.receive(conn)
        except (EOFError, OSError):
            return
        try:
            reply = rehearse(store, request) if isinstance(request, Update) else answer(store, request, max_rows, spool_dir)
        except SyntaxError as exc:
            reply = ("error", "syntax", str(exc), [])
        except formats.NotAcceptable as exc:
            reply = ("error", "not-acceptable", str(exc), exc.offered)
        except MemoryError:
            reply = ("error", "memory", "", [])
        except (OSError, ValueError, RuntimeError) as exc:
            reply = ("error", "store", f"{exc.__class__.__name__}: {exc}", [])
        wire.send(conn, (resource.getrusage(resource.RUSAGE_THREAD).ru_maxrss, reply))  # the process's peak resident KiB


def _tie_to_parent(parent_end) -> None:
    """End with the worker that forked us: close its end of the pipe (so its exit is our EOF), take
    back the default signal handlers (not the server's), and ask Linux for SIGKILL if it dies."""
    parent_end.close()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def rehearse(store, update: Update) -> tuple[str]:
    """Apply `update` to this process's own copy of the store (the worker applies it for real)."""
    if update.cpu_seconds:
        seconds = int(update.cpu_seconds) + 2
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_CPU, (seconds, resource.getrlimit(resource.RLIMIT_CPU)[1]))
    store.update(update.sparql, base_iri=update.base_iri)
    return ("updated",)


def answer(store, request, max_rows: int, spool_dir: str | None) -> tuple[Any, ...]:
    """("ok", form, media_type, truncated, body or None, path or None, size) for a request."""
    result = store.query(
        request.sparql,
        default_graph=request.default_graph,
        named_graphs=request.named_graphs,
        base_iri=request.base_iri,
    )
    spool = Spool(directory=spool_dir)
    try:
        if isinstance(result, ox.QueryBoolean):
            form, media_type = "boolean", _negotiate("solutions", request.accept, request.format)
            spool.write(serializers.boolean(media_type, bool(result)))  # CSV/TSV booleans have no W3C form
            truncated = False
        elif isinstance(result, ox.QuerySolutions):
            form, media_type = "solutions", _negotiate("solutions", request.accept, request.format)
            truncated = _solutions(result, media_type, request.compact, spool, max_rows)
        else:
            form, media_type = "graph", _negotiate("graph-or-drawing", request.accept, request.format)
            truncated = _graph(store, result, media_type, spool, max_rows)
    except BaseException:
        spool.discard()
        raise
    body, size = spool.getvalue(), spool.size()
    spool.close()
    if media_type == "application/sparql-results+xml":  # pyoxigraph writes control characters XML cannot hold
        if body is not None:
            body = serializers.xml_bytes(body)
            size = len(body)
        else:
            size = serializers.xml_safe_file(spool.path)
    return ("ok", form, media_type, truncated, body, spool.path, size)


@functools.lru_cache(maxsize=512)
def _negotiated(kind: str, accept: str | None, format_param: tuple[str, ...] | None) -> str:
    return formats.negotiate(kind, accept, format_param)


def _negotiate(kind: str, accept: str | None, format_param) -> str:
    """formats.negotiate, remembered (clients send the same few Accept headers again and again)."""
    return _negotiated(kind, accept, tuple(format_param) if isinstance(format_param, (list, tuple)) else format_param)


def _solutions(result, media_type: str, compact: bool, spool: Spool, max_rows: int) -> bool:
    if compact and media_type == "text/csv":  # CURIEs: our own writer (not a W3C format)
        variables = [v.value for v in result.variables]
        rows = [[s[v] for v in variables] for s in islice(result, max_rows + 1)]
        for chunk in serializers.curie_csv(variables, rows[:max_rows]):
            spool.write(chunk)
        return len(rows) > max_rows
    counter = RowCounter.for_media_type(media_type, spool, max_rows)
    truncated = False
    try:
        result.serialize(output=counter, format=RESULT_FORMATS[media_type])
    except RowLimit:
        truncated = True
    except OSError as error:  # pyoxigraph wraps what write() raised
        if counter.cut_at is None:
            raise
        truncated = True
    counter.finish(truncated)
    return truncated


def _graph(store, result, media_type: str, spool: Spool, max_rows: int) -> bool:
    triples = list(islice(result, max_rows)) if formats.is_drawing(media_type) else None
    if triples is not None:
        truncated = next(result, None) is not None
        spool.write(graph_export.draw(store, triples, media_type).encode())
        return truncated
    counted = islice(result, max_rows)
    rdf_format = ox.RdfFormat.from_media_type(media_type)
    if rdf_format not in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):  # prefixes, subjects together, compacted JSON-LD
        spool.write(serializers.rdf(list(counted), media_type))
        return next(result, None) is not None
    items = counted
    if rdf_format == ox.RdfFormat.N_QUADS:
        items = (ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in counted)
    ox.serialize(items, output=spool, format=rdf_format)
    return next(result, None) is not None

