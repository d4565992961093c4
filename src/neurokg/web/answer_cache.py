"""Answers to repeated queries, kept per worker while the data cannot change: only on an embedded
store served read-only (no --allow-update), since a write in another worker or another program
writing to a remote store would go unseen; keys carry the store's write count, so a load in the
same process (tests, imports) is seen too. `Cache-Control: no-cache` on a request skips it."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class Cached:
    body: bytes
    media_type: str
    truncated: bool


class AnswerCache:
    """Least-recently-used answers, bounded in count and bytes."""

    def __init__(self, max_entries: int = 2048, max_bytes: int = 64 * 1024 * 1024, max_answer: int = 512 * 1024) -> None:
        self._entries: OrderedDict[tuple, Cached] = OrderedDict()
        self._lock = threading.Lock()
        self.max_entries, self.max_bytes, self.max_answer = max_entries, max_bytes, max_answer
        self._bytes = 0

    def get(self, key: tuple) -> Cached | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple, answer: Cached) -> None:
        if len(answer.body) > self.max_answer:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = answer
            self._bytes += len(answer.body)
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)
