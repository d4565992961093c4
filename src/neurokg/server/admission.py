"""Who may run a query now: a per-client cap (by address, shared by every worker), a fixed number
of query slots per worker and a bounded queue in front of them. A client over its cap gets 429, a
full queue (or a wait past the query's time limit) 503; both with Retry-After.
"""

from __future__ import annotations

import contextlib
import multiprocessing
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
    """Queries in flight per client address, in shared memory so every forked worker sees them."""

    def __init__(self) -> None:
        self._counts = multiprocessing.RawArray("i", BUCKETS)
        self._lock = multiprocessing.Lock()

    def enter(self, client: str, cap: int) -> bool:
        bucket = zlib.crc32(client.encode()) % BUCKETS
        with self._lock:
            if self._counts[bucket] >= cap:
                return False
            self._counts[bucket] += 1
            return True

    def leave(self, client: str) -> None:
        bucket = zlib.crc32(client.encode()) % BUCKETS
        with self._lock:
            self._counts[bucket] = max(0, self._counts[bucket] - 1)

    def count(self, client: str) -> int:
        return self._counts[zlib.crc32(client.encode()) % BUCKETS]


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
