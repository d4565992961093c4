"""Bare granian RSGI apps for benchmarks/bench_floor.py: what Python behind granian costs with no
framework at all, and with the least possible hop to a query process. Chosen by FLOOR_APP:

- `hello`: answers a fixed body;
- `echo`: sends the request's query string to a forked child over a socket pair and answers what
  it sends back (raw os.read/os.write, no encoding, no bookkeeping): the hop alone;
- `engine`: the child evaluates the query string as SPARQL with pyoxigraph on the NeuroKG graph and
  answers pyoxigraph's SPARQL JSON: the hop and the engine, nothing else.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import unquote_plus

KIND = os.environ.get("FLOOR_APP", "hello")
JSON = [("content-type", "application/sparql-results+json")]
_ends: dict[str, socket.socket] = {}


def _child(end: socket.socket) -> None:
    store = None
    if KIND == "engine":
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=os.environ["FLOOR_DATA"], format=ox.RdfFormat.N_QUADS)
    fd = end.fileno()
    while data := os.read(fd, 1 << 16):
        if store is None:
            os.write(fd, data)
            continue
        query = unquote_plus(data.decode().partition("query=")[2]) or "ASK {}"
        try:
            answer = store.query(query, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)
        except SyntaxError as error:
            answer = str(error).encode()
        os.write(fd, answer)


def _end() -> socket.socket:
    """This worker's end (the child is forked on first use, in the worker)."""
    if "end" not in _ends:
        mine, theirs = socket.socketpair()
        if os.fork() == 0:
            try:
                mine.close()
                _child(theirs)
            finally:
                os._exit(0)
        theirs.close()
        _ends["end"] = mine
    return _ends["end"]


async def app(scope, proto):
    if scope.proto != "http":
        return
    if KIND == "hello":
        proto.response_bytes(200, JSON, b'{"head":{},"boolean":true}')
        return
    end = _end()
    os.write(end.fileno(), scope.query_string.encode() or b"-")
    proto.response_bytes(200, JSON, os.read(end.fileno(), 1 << 20))
