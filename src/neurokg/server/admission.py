"""Who may run a query now: a per-client cap (by address, shared by every worker), a fixed number
of query slots per worker and a bounded queue in front of them. A client over its cap gets 429, a
full queue (or a wait past the query's time limit) 503; both with Retry-After.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import threading
import time
import zlib
from collections.abc import Iterator

BUCKETS = 4096  # client addresses hash into this many counters (a collision shares one cap)


class TooManyForClient(Exception):
    """This client already has its share of queries running or waiting."""


class Busy(Exception):
    """Every query process is busy and the queue is full, or no slot freed in time."""


class ClientTable:
    """Queries in flight per client address, in shared memory so every forked worker sees them.

    Each worker counts in a row of its own (owned by its pid), and a client's count is the sum of
    the rows: when a worker dies with queries in flight, its row is cleared as soon as a client
    reaches its cap (a dead owner's counts never hold a client back). Processes past ROWS share
    one spare row that is never cleared."""

    ROWS = 16

    def __init__(self) -> None:
        self._counts = multiprocessing.RawArray("i", (self.ROWS + 1) * BUCKETS)
        self._owners = multiprocessing.RawArray("i", self.ROWS)
        self._lock = multiprocessing.Lock()
        self._row: tuple[int, int] | None = None  # (pid, row) of this process

    def enter(self, client: str, cap: int) -> bool:
        bucket = zlib.crc32(client.encode()) % BUCKETS
        with self._lock:
            if self._total(bucket) >= cap:
                self._reap()
                if self._total(bucket) >= cap:
                    return False
            self._counts[self._mine() * BUCKETS + bucket] += 1
            return True

    def leave(self, client: str) -> None:
        bucket = zlib.crc32(client.encode()) % BUCKETS
        with self._lock:
            cell = self._mine() * BUCKETS + bucket
            self._counts[cell] = max(0, self._counts[cell] - 1)

    def count(self, client: str) -> int:
        return self._total(zlib.crc32(client.encode()) % BUCKETS)

    def _total(self, bucket: int) -> int:
        return sum(self._counts[row * BUCKETS + bucket] for row in range(self.ROWS + 1))

    def _mine(self) -> int:
        """This process's row (claimed on first use; under the lock)."""
        pid = os.getpid()
        if self._row and self._row[0] == pid and self._owners[self._row[1]] == pid:
            return self._row[1]
        for row in range(self.ROWS):
            if self._owners[row] in (0, pid) or not _alive(self._owners[row]):
                if self._owners[row] != pid:
                    self._clear(row)
                    self._owners[row] = pid
                self._row = (pid, row)
                return row
        return self.ROWS

    def _reap(self) -> None:
        for row in range(self.ROWS):
            owner = self._owners[row]
            if owner and not _alive(owner):
                self._clear(row)
                self._owners[row] = 0

    def _clear(self, row: int) -> None:
        ctypes.memset(ctypes.addressof(self._counts) + row * BUCKETS * ctypes.sizeof(ctypes.c_int), 0,
                      BUCKETS * ctypes.sizeof(ctypes.c_int))


def _alive(pid: int) -> bool:
    """Is `pid` a running process (not gone, not a zombie)?"""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except (OSError, IndexError):
        return False


_SHARED: ClientTable | None = None


def shared_table() -> ClientTable:
    """The process's client table; made before the server forks its workers, it is theirs too."""
    global _SHARED
    if _SHARED is None:
        _SHARED = ClientTable()
    return _SHARED


class Admission:
    """Slots and queue of one worker, and the shared per-client cap."""

    def __init__(self, slots: int, queue: int, per_client: int, clients: ClientTable | None = None) -> None:
        self.slots, self.queue, self.per_client = slots, queue, per_client
        self.clients = clients or shared_table()
        self._free, self._waiting = slots, 0
        self._cond = threading.Condition()

    @contextlib.contextmanager
    def admit(self, client: str | None, deadline: float) -> Iterator[None]:
        """Hold a query slot for the block; raise TooManyForClient or Busy instead of waiting forever."""
        if client and not self.clients.enter(client, self.per_client):
            raise TooManyForClient(f"this client already has {self.per_client} queries running or waiting; the limit per client is {self.per_client}")
        try:
            self._take(deadline)
        except BaseException:
            if client:
                self.clients.leave(client)
            raise
        try:
            yield
        finally:
            self.release(client)

    def try_admit(self, client: str | None) -> bool:
        """Take a slot only if that needs no wait (one is free and nobody queues) and the client is
        under its cap; else False (the caller then goes through `admit`). `release` gives it back."""
        with self._cond:
            if self._free == 0 or self._waiting:
                return False
            if client and not self.clients.enter(client, self.per_client):
                return False
            self._free -= 1
            return True

    def release(self, client: str | None) -> None:
        with self._cond:
            self._free += 1
            self._cond.notify()
        if client:
            self.clients.leave(client)

    def _take(self, deadline: float) -> None:
        with self._cond:
            if self._free == 0 and self._waiting >= self.queue:
                raise Busy(f"all {self.slots} query processes are busy and {self._waiting} queries are waiting")
            self._waiting += 1
            try:
                while self._free == 0:
                    left = deadline - time.monotonic()
                    if left <= 0 or not self._cond.wait(left) and self._free == 0:
                        raise Busy(f"no query process became free within the query's time limit ({self.slots} busy)")
                self._free -= 1
            finally:
                self._waiting -= 1

    def in_use(self) -> int:
        return self.slots - self._free
