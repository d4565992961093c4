"""The executor pool: queries run in killable query processes forked from the worker, under
admission control (neurokg.server.admission), a wall-clock limit and a memory cap.

pyoxigraph cannot be interrupted from another thread, so a query past its limit is stopped by
killing its process (SIGKILL); the slot is given to the next query at once and a fresh process is
forked when one is needed. A query process answers into a spool (see neurokg.server.spool), so the
slot is free again before the answer is written to a (possibly slow) client. A process that ran a
long query, grew past `grown_mb`, or saw older data is replaced. A process that dies says why
(query_process.last_words): past its memory cap it is MemoryLimit, otherwise QueryCrashed.

Writes (`writing`, `rehearse`, `exclusive`): one at a time; each is first tried in a one-shot
process under the same limits (neurokg.server.rehearsal), then applied with no query in flight.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import math
import multiprocessing as mp
import os
import select
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .server import query_process, wire
from .server.query_process import Update
from .server.admission import Admission, Busy, ClientTable, TooManyForClient
from .server.limits import Limits
from .store import Store

__all__ = ["QUERY_ERRORS", "Answer", "Busy", "Cancel", "ClientGone", "Executor", "MemoryLimit", "QueryCrashed",
           "QueryFailed", "QueryTimeout", "Request", "SpooledBody", "TooManyForClient", "Update"]

_FORK = mp.get_context("fork")
CHUNK = 64 * 1024
NICE_AFTER = 0.2  # seconds: a query still running then yields the CPU to shorter ones (nice 19)
WRITE_WAIT = 6  # a write waits for earlier ones at most this many time limits (then 503)
WAIT_IN_PLACE_MS = 1  # an event loop waits this long for an answer before it serves other requests meanwhile


class QueryTimeout(Exception):
    """The query ran past its wall-clock limit and was stopped."""


class QueryFailed(Exception):
    """The engine refused the query; `kind` is 'syntax', 'not-acceptable' or 'store'."""

    def __init__(self, kind: str, message: str, offered: list[str] | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.offered = offered or []


class MemoryLimit(Exception):
    """The query needed more memory than its cap and was stopped."""


class ClientGone(Exception):
    """The client disconnected; its query was stopped."""


class QueryCrashed(Exception):
    """The query process died for another reason than its limits (a crash, or killed from outside)."""

    def __init__(self, exitcode: int | None) -> None:
        self.signal = _signal_name(exitcode)
        self.crashed = exitcode is not None and -exitcode in CRASH_SIGNALS
        verb = "crashed" if self.crashed else "was stopped"
        super().__init__(f"the query process {verb} ({self.signal})")


CRASH_SIGNALS = {signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGILL, signal.SIGFPE}


def _signal_name(exitcode: int | None) -> str:
    if exitcode is None or exitcode >= 0:
        return f"exit status {exitcode}"
    try:
        return signal.Signals(-exitcode).name
    except ValueError:
        return f"signal {-exitcode}"


QUERY_ERRORS = (TooManyForClient, Busy, MemoryLimit, ClientGone, QueryTimeout, QueryCrashed, QueryFailed)  # what run() raises


@wire.record
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
    """A complete answer: in `body` when small, else in `file` (already unlinked), `size` bytes."""

    form: str  # 'solutions', 'boolean' or 'graph'
    media_type: str
    truncated: bool
    body: bytes | None = field(default=None, repr=False)
    file: BinaryIO | None = field(default=None, repr=False)
    size: int = 0

    @property
    def chunks(self) -> Iterator[bytes]:
        if self.body is not None:
            yield self.body
            return
        try:
            while chunk := self.file.read(CHUNK):
                yield chunk
        finally:
            self.file.close()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()

    def wsgi_body(self) -> bytes | SpooledBody:
        """What a WSGI response carries: the bytes, or the spooled file (the HTTP front sends it
        without holding a thread; any other server iterates it)."""
        return self.body if self.body is not None else SpooledBody(self.file, self.size)


class SpooledBody:
    """An answer in an open (unlinked) temporary file, iterated in chunks and closed after."""

    def __init__(self, file: BinaryIO, size: int) -> None:
        self.file, self.size = file, size

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.file.read(CHUNK):
            yield chunk

    def close(self) -> None:
        self.file.close()


class Cancel:
    """Set by the HTTP front when the client disconnects; stops the query bound to it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.fired = False
        self._callbacks: list[Callable[[], None]] = []

    def fire(self) -> None:
        with self._lock:
            self.fired, callbacks = True, list(self._callbacks)
        for callback in callbacks:
            callback()

    @contextlib.contextmanager
    def bound(self, callback: Callable[[], None]) -> Iterator[None]:
        with self._lock:
            self._callbacks.append(callback)
            fired = self.fired
        if fired:
            callback()
        try:
            yield
        finally:
            with self._lock:
                self._callbacks.remove(callback)


class QueryProcess:
    """One forked child and its end of the wire (neurokg.server.wire)."""

    def __init__(self, open_store: Callable[[], Store], limits: Limits, spool_dir: str, generation: int,
                 context=_FORK) -> None:
        self.spool_dir = spool_dir
        parent, child = wire.pair()
        self.process = context.Process(
            target=query_process.main,
            args=(child, parent, open_store, limits.max_rows, limits.query_memory_mb, spool_dir),
            daemon=True,
        )
        self.process.start()
        child.close()
        self.conn, self.generation = parent, generation
        self._poll = select.poll()
        self._poll.register(parent, select.POLLIN)
        self.niced, self.base_kb, self.peak_kb = False, 0, 0
        self.killed = False
        self.yields = True  # niced after NICE_AFTER (not a write's rehearsal: writes hold the store)

    def ask(self, request: Request, deadline: float, cancel: Cancel | None):
        """The child's reply, or QueryTimeout / ClientGone / MemoryLimit / QueryFailed."""
        try:
            wire.send(self.conn, request)
        except OSError:  # it died while idle
            return self._died(cancel)
        with cancel.bound(self.kill) if cancel else contextlib.nullcontext():
            while True:
                left = deadline - time.monotonic()
                wait = max(0.0, left if self.niced else min(left, NICE_AFTER))
                try:
                    if self._poll.poll(math.ceil(wait * 1000)):
                        return self.received(wire.receive(self.conn))
                except (EOFError, OSError):
                    return self._died(cancel)
                if time.monotonic() >= deadline:
                    raise QueryTimeout
                self.nice()

    def received(self, message):
        """The reply inside a message from the child (which also says its peak memory)."""
        self.peak_kb, reply = message
        self.base_kb = self.base_kb or self.peak_kb
        return reply

    def nice(self) -> None:
        """A long query: let short ones go first (not a write's rehearsal: writes hold the store).
        Linux keeps a nice value per thread, and the query runs on the child's loop thread, not
        its main one: every thread of the child is reniced."""
        if self.yields and not self.niced:
            try:
                threads = [int(tid) for tid in os.listdir(f"/proc/{self.process.pid}/task")]
            except OSError:
                threads = [self.process.pid]
            for tid in threads:
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, tid, 19)
        self.niced = True

    async def ask_async(self, request: Request, deadline: float, cancel: Cancel | None):
        """As `ask`, on an event loop. A point query is answered in a fraction of a millisecond, so
        the loop first waits for it in place (up to WAIT_IN_PLACE: no callback, no second wake-up);
        a longer one is read when the socket becomes readable, and the loop serves others meanwhile."""
        try:
            wire.send(self.conn, request)  # one frame, within the socket's buffer: does not block
            if self._poll.poll(WAIT_IN_PLACE_MS):
                return self.received(wire.receive(self.conn))
        except (EOFError, OSError):
            return self._died(cancel)
        loop = asyncio.get_running_loop()
        reply = loop.create_future()
        frames = wire.Frames()

        def readable() -> None:
            try:
                data = self.conn.recv(wire.BUFFER)
            except OSError:
                data = b""
            if reply.done():
                return
            if not data:
                reply.set_exception(EOFError())
            elif messages := frames.feed(data):
                reply.set_result(messages[0])

        def tick() -> None:
            if reply.done():
                return
            if time.monotonic() >= deadline:
                reply.set_exception(QueryTimeout())
                return
            self.nice()
            timers.append(loop.call_at(loop.time() + deadline - time.monotonic(), tick))

        fd = self.conn.fileno()
        loop.add_reader(fd, readable)
        timers = [loop.call_at(loop.time() + min(NICE_AFTER, deadline - time.monotonic()), tick)]
        try:
            with cancel.bound(self.kill) if cancel else contextlib.nullcontext():
                try:
                    return self.received(await reply)
                except EOFError:
                    return self._died(cancel)
        finally:
            loop.remove_reader(fd)
            for timer in timers:
                timer.cancel()

    def _died(self, cancel: Cancel | None):
        self.process.join(5)
        if cancel and cancel.fired:
            raise ClientGone
        words = query_process.last_words(self.spool_dir, self.process.pid)
        if query_process.OUT_OF_MEMORY in words:  # the allocator failed at the cap, then aborted
            raise MemoryLimit
        if words.strip():
            print(f"neurokg: query process {self.process.pid} died ({_signal_name(self.process.exitcode)}):\n"
                  f"{words.rstrip()}", file=sys.stderr, flush=True)
        raise QueryCrashed(self.process.exitcode)

    def kill(self) -> None:
        self.killed = True  # a client's cancel may land just after its answer: never reuse this process
        with contextlib.suppress(OSError, AttributeError):
            self.process.kill()

    def close(self) -> None:
        self.kill()
        self.process.join()
        self.conn.close()
        for left in Path(self.spool_dir).glob(f"answer-{self.process.pid}-*"):  # an answer cut short
            left.unlink(missing_ok=True)
        query_process.last_words_path(self.spool_dir, self.process.pid).unlink(missing_ok=True)


class Executor:
    """A pool of query processes for one worker (at most `limits.query_processes` at once)."""

    def __init__(self, open_store: Callable[[], Store], limits: Limits | None = None, *,
                 clients: ClientTable | None = None, max_rows: int | None = None) -> None:
        limits = limits or Limits()
        if max_rows is not None:
            limits = Limits(**{**limits.__dict__, "max_rows": max_rows})
        self.limits = limits
        self._open_store = open_store
        self._admission = Admission(limits.query_processes, limits.queue, limits.per_client, clients)
        self._idle: list[QueryProcess] = []
        self._busy: set[QueryProcess] = set()
        self._lock = threading.Lock()
        self._generation = 0
        self._spool_dir: str | None = None
        self._spool_lock = threading.Lock()
        self._gate = threading.Condition()  # queries share it; a write holds it alone (exclusive)
        self._reading_now, self._writing = 0, False
        self._writer = threading.Lock()  # one write at a time, from its rehearsal to its end

    def run(self, request: Request, timeout: float, *, client: str | None = None, cancel: Cancel | None = None) -> Answer:
        """Answer `request` within `timeout` seconds, or raise (see the exception classes)."""
        deadline = time.monotonic() + timeout
        with self._admission.admit(client, deadline), self._reading(deadline):
            process = self._checkout()
            try:
                reply = process.ask(request, deadline, cancel)
            except BaseException:
                self._busy.discard(process)
                process.close()
                raise
            try:  # open the spooled answer first: checking in a grown process removes its files
                return _answer(reply)
            finally:
                self._checkin(process)

    async def run_async(self, request: Request, timeout: float, *, client: str | None = None,
                        cancel: Cancel | None = None) -> Answer | None:
        """As `run`, awaited on an event loop with no thread in between, when it can start at once:
        a slot is free with nobody queued, no write is on, a query process is idle. Else None (the
        caller then takes `run`, which waits in the queue)."""
        deadline = time.monotonic() + timeout
        if not self._admission.try_admit(client):
            return None
        try:
            with self._gate:
                if self._writing:
                    return None
                self._reading_now += 1
            try:
                process = self._checkout(idle_only=True)
                if process is None:
                    return None
                try:
                    reply = await process.ask_async(request, deadline, cancel)
                except BaseException:
                    self._busy.discard(process)
                    process.close()
                    raise
                try:  # as in `run`: the answer is opened before a grown process is let go
                    return _answer(reply)
                finally:
                    self._checkin(process)
            finally:
                with self._gate:
                    self._reading_now -= 1
                    self._gate.notify_all()
        finally:
            self._admission.release(client)

    @contextlib.contextmanager
    def writing(self, timeout: float) -> Iterator[float]:
        """One write at a time: hold the block (waiting for earlier writes at most WRITE_WAIT time
        limits); yields the deadline of this write, `timeout` from when its turn came."""
        if not self._writer.acquire(timeout=max(0.0, timeout) * WRITE_WAIT):
            raise Busy(f"earlier writes held the store for {WRITE_WAIT} times the time limit of {timeout:g} s")
        try:
            yield time.monotonic() + timeout
        finally:
            self._writer.release()

    def rehearse(self, update: Update, deadline: float, open_store: Callable[[], Store], *, context=_FORK,
                 cancel: Cancel | None = None) -> None:
        """Apply `update` in a one-shot process on its own copy of the store, under the time limit
        and memory cap (call it inside `writing`, while queries still run); raise as `run` does."""
        update = Update(update.sparql, update.base_iri, cpu_seconds=max(0.0, deadline - time.monotonic()))
        left = deadline - time.monotonic()
        process = QueryProcess(open_store, self.limits, self._spool(), self._generation, context)
        deadline = time.monotonic() + left  # starting the process is not the update's time
        process.yields = False
        try:
            reply = process.ask(update, deadline, cancel)
        finally:
            process.close()
        if reply[0] == "error":
            _answer(reply)

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the block (a write to the store) until no query runs, keep new ones waiting while
        it runs, and replace every query process: the next query sees the write."""
        with self._gate:
            while self._writing:
                self._gate.wait()
            self._writing = True
            while self._reading_now:
                self._gate.wait()
        try:
            self.restart()
            yield
        finally:
            with self._gate:
                self._writing = False
                self._gate.notify_all()

    @contextlib.contextmanager
    def _reading(self, deadline: float) -> Iterator[None]:
        with self._gate:
            while self._writing:
                if not self._gate.wait(max(0.0, deadline - time.monotonic())) and time.monotonic() >= deadline:
                    raise QueryTimeout
            self._reading_now += 1
        try:
            yield
        finally:
            with self._gate:
                self._reading_now -= 1
                self._gate.notify_all()

    def restart(self) -> None:
        """After a write: every process forked before it is replaced (idle ones now, busy ones when done)."""
        with self._lock:
            self._generation += 1
            idle, self._idle = self._idle, []
        for process in idle:
            process.close()

    def close(self) -> None:
        self.restart()
        with self._spool_lock:  # a later query (an executor reused after close) makes a new folder
            folder, self._spool_dir = self._spool_dir, None
        if folder:
            shutil.rmtree(folder, ignore_errors=True)

    def processes(self, *, busy: bool = False) -> list[int]:
        """Process ids of the query processes (only those running a query with `busy`)."""
        with self._lock:
            return [p.process.pid for p in self._busy] + ([] if busy else [p.process.pid for p in self._idle])

    def _checkout(self, *, idle_only: bool = False) -> QueryProcess | None:
        """An idle query process, else a new one (None with `idle_only`: forking takes milliseconds)."""
        with self._lock:
            while self._idle:
                process = self._idle.pop()
                if process.process.is_alive() and not process.killed:
                    self._busy.add(process)
                    return process
                process.close()
            if idle_only:
                return None
            process = QueryProcess(self._open_store, self.limits, self._spool(), self._generation)
            self._busy.add(process)
            return process

    def _spool(self) -> str:
        with self._spool_lock:
            if self._spool_dir is None:
                self._spool_dir = tempfile.mkdtemp(prefix="neurokg-answers-")
                atexit.register(shutil.rmtree, self._spool_dir, True)
            return self._spool_dir

    def _checkin(self, process: QueryProcess) -> None:
        grown = process.peak_kb > process.base_kb + self.limits.grown_mb * 1024
        with self._lock:
            self._busy.discard(process)
            if not (process.niced or grown or process.killed or process.generation != self._generation):
                self._idle.append(process)
                return
        process.close()


def _answer(reply) -> Answer:
    if reply[0] == "error":
        _, kind, message, offered = reply
        if kind == "memory":
            raise MemoryLimit
        raise QueryFailed(kind, message, offered)
    _, form, media_type, truncated, body, path, size = reply
    if body is not None:
        return Answer(form, media_type, truncated, body=body, size=size)
    file = open(path, "rb")  # noqa: SIM115 - closed by whoever writes it out
    os.unlink(path)  # the open file lives on; nothing is left behind if this worker dies
    return Answer(form, media_type, truncated, file=file, size=size)
