"""Queries with a real wall-clock limit: each worker runs its queries in a forked child process.

pyoxigraph cannot be interrupted from another thread, so a query past its limit is stopped by
killing the child (SIGKILL) and forking a fresh one; the next request is answered at once. The
child negotiates the format once it knows the query form, fetches at most `max_rows` + 1 rows (to
know whether the answer is cut) and streams the serialized result back in chunks.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox

from . import formats, graph_export, serializers
from .store import Store

_FORK = mp.get_context("fork")
_PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h)
BATCH_BYTES = 64 * 1024  # the child sends messages in batches of about this size: one pipe write for a small answer


class QueryTimeout(Exception):
    """The query ran past its wall-clock limit and was stopped."""


class QueryFailed(Exception):
    """The engine refused the query; `kind` is 'syntax', 'not-acceptable' or 'store'."""

    def __init__(self, kind: str, message: str, offered: list[str] | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.offered = offered or []


@dataclass
class Request:
    sparql: str
    accept: str | None = None
    format: str | None = None
    default_graph: list[str] | None = None
    named_graphs: list[str] | None = None
    base_iri: str | None = None
    compact: bool = False  # CURIEs instead of IRIs in CSV


@dataclass
class Answer:
    form: str  # 'solutions', 'boolean' or 'graph'
    media_type: str
    truncated: bool
    rows: int
    chunks: Iterator[bytes] = field(repr=False)
    body: bytes | None = field(default=None, repr=False)  # the whole answer, when it came at once


class Executor:
    """One child process that answers queries against `open_store()`; restarted on timeout."""

    def __init__(self, open_store: Callable[[], Store], *, max_rows: int) -> None:
        self._open_store = open_store
        self._max_rows = max_rows
        self._lock = threading.Lock()
        self._process = None
        self._conn = None
        self._pending: deque = deque()  # messages of the last batch not yet read

    def restart(self) -> None:
        """Kill the child (if any); the next query forks a fresh one that sees the current data."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._conn.close()
        self._process = self._conn = None
        self._pending.clear()

    @contextlib.contextmanager
    def exclusive(self):
        """Wait for the query in flight, hold off new ones while the block writes the store, and
        make the next query see the write (a fresh query process)."""
        with self._lock:
            self.restart()
            yield

    def _ensure_child(self) -> None:
        if self._process is None or not self._process.is_alive():
            parent, child = _FORK.Pipe()
            self._process = _FORK.Process(target=_serve, args=(child, parent, self._open_store, self._max_rows), daemon=True)
            self._process.start()
            child.close()
            self._conn = parent

    def run(self, request: Request, timeout: float) -> Answer:
        """Answer `request`, or raise QueryTimeout / QueryFailed. Chunks must be consumed in full."""
        deadline = time.monotonic() + timeout
        self._lock.acquire()
        try:
            self._ensure_child()
            self._conn.send(request)
            message = self._receive(deadline)
        except BaseException:
            self._lock.release()
            raise
        if message[0] == "error":
            self._lock.release()
            raise QueryFailed(*message[1:])
        _, form, media_type, truncated, rows = message
        if self._pending and self._pending[-1][0] == "end":  # the whole answer came in one batch
            body = b"".join(m[1] for m in self._pending if m[0] == "chunk")
            self._pending.clear()
            self._lock.release()
            return Answer(form, media_type, truncated, rows, iter([body]), body)
        return Answer(form, media_type, truncated, rows, self._stream(deadline))

    def _receive(self, deadline: float):
        if self._pending:
            return self._pending.popleft()
        try:
            if self._conn.poll(max(0.0, deadline - time.monotonic())):
                self._pending.extend(self._conn.recv())
                return self._pending.popleft()
        except (EOFError, OSError):
            self.restart()
            raise QueryFailed("store", "the query process ended unexpectedly") from None
        self.restart()
        raise QueryTimeout

    def _stream(self, deadline: float) -> Iterator[bytes]:
        finished = False
        try:
            while True:
                message = self._receive(deadline)
                if message[0] == "end":
                    finished = True
                    return
                if message[0] == "error":
                    return  # headers are sent: cut the body short rather than pass the error off as data
                yield message[1]
        except QueryTimeout:
            return
        finally:
            if not finished:
                self.restart()  # the client went away or time ran out mid-stream
            self._lock.release()


def _serve(conn, parent_end, open_store: Callable[[], Store], max_rows: int) -> None:
    """Child process loop: one request at a time, answered as a header message then chunks."""
    _tie_to_parent(parent_end)
    store = open_store()
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        try:
            batch, size = [], 0
            for message in _answer(store, request, max_rows):
                batch.append(message)
                size += len(message[1]) if message[0] == "chunk" else 0
                if message[0] == "end" or size >= BATCH_BYTES:
                    conn.send(batch)
                    batch, size = [], 0
        except SyntaxError as exc:
            conn.send([("error", "syntax", str(exc))])
        except formats.NotAcceptable as exc:
            conn.send([("error", "not-acceptable", str(exc), exc.offered)])
        except (OSError, ValueError, RuntimeError) as exc:
            conn.send([("error", "store", f"{exc.__class__.__name__}: {exc}")])


def _tie_to_parent(parent_end) -> None:
    """End with the worker that forked us: close its end of the pipe (so its exit is our EOF), take
    back the default signal handlers (not gunicorn's), and ask Linux for SIGKILL if it dies."""
    parent_end.close()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _answer(store: Store, request: Request, max_rows: int):
    result = store.query(
        request.sparql,
        default_graph=request.default_graph,
        named_graphs=request.named_graphs,
        base_iri=request.base_iri,
    )
    if isinstance(result, ox.QueryBoolean):
        media_type = formats.negotiate("solutions", request.accept, request.format)
        yield ("meta", "boolean", media_type, False, 1)
        yield ("chunk", serializers.boolean(media_type, bool(result)))
    elif isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        media_type = formats.negotiate("solutions", request.accept, request.format)
        rows = [[solution[v] for v in variables] for solution in islice(result, max_rows + 1)]
        truncated = len(rows) > max_rows
        rows = rows[:max_rows]
        yield ("meta", "solutions", media_type, truncated, len(rows))
        for chunk in serializers.solutions(media_type, variables, rows, compact=request.compact):
            yield ("chunk", chunk)
    else:
        media_type = formats.negotiate("graph-or-drawing", request.accept, request.format)
        triples = list(islice(result, max_rows + 1))
        truncated = len(triples) > max_rows
        if formats.is_drawing(media_type):
            drawing = graph_export.draw(store, triples[:max_rows], media_type).encode()
            yield ("meta", "graph", media_type, truncated, min(len(triples), max_rows))
            yield ("chunk", drawing)
            yield ("end",)
            return
        yield ("meta", "graph", media_type, truncated, min(len(triples), max_rows))
        yield ("chunk", serializers.rdf(triples[:max_rows], media_type))
    yield ("end",)
