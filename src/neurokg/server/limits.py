"""Every limit the server enforces, with its default and where it comes from, in one place.

Defaults are sized for the project machine (2 cores, 24 GB): 2 workers x 8 query processes x a
1 GiB cap stays well inside RAM even if every process hits its cap at once.
"""

from __future__ import annotations

import contextlib
import resource
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Limits:
    query_seconds: float = 10.0  # wall clock per query: parsing, evaluation and serialization
    max_rows: int = 100_000  # larger answers are cut, and say so
    query_memory_mb: int = 1024  # address space a query may add to its query process
    query_processes: int = 8  # killable query processes per worker (queries that run at once)
    queue: int = 32  # queries that may wait for a free query process, per worker
    per_client: int = 4  # queries one client address may have running or waiting, all workers together
    grown_mb: int = 256  # a query process whose resident memory grew by more is replaced
    header_seconds: float = 10.0  # to send the request line and headers
    body_seconds: float = 30.0  # to send the body

    @classmethod
    def from_config(cls, config: Any) -> Limits:
        return cls(
            query_seconds=float(config.get("QUERY_TIMEOUT", cls.query_seconds)),
            max_rows=int(config.get("MAX_RESULT_ROWS", cls.max_rows)),
            query_memory_mb=int(config.get("QUERY_MEMORY_MB", cls.query_memory_mb)),
            query_processes=int(config.get("QUERY_PROCESSES", cls.query_processes)),
            queue=int(config.get("QUERY_QUEUE", cls.queue)),
            per_client=int(config.get("MAX_QUERIES_PER_CLIENT", cls.per_client)),
            header_seconds=float(config.get("HEADER_TIMEOUT", cls.header_seconds)),
            body_seconds=float(config.get("BODY_TIMEOUT", cls.body_seconds)),
        )


def cap_address_space(extra_mb: int) -> None:
    """Let this process map at most `extra_mb` more than it has now (a query process, after fork
    and opening its store): past it allocations fail and the process ends, reported as a 503."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    current = pages * resource.getpagesize()
    limit = current + extra_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))

