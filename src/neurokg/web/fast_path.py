"""SPARQL queries (GET or POST `/sparql`) answered on the HTTP front's event loop, with no thread
between the socket and the query process: the loop writes the query to an idle query process and
is woken when its answer is readable.

It is the blueprint's protocol, not a copy: the request is read by `web.protocol`, prepared,
cached and answered by `web.sparql` (`prepare`, `answered`, `http_error`), errors are written by
`web.errors.render`, counted by `Metrics.record` and given the headers of `ops.headers_for`.
Whatever it does not take on (updates, the service description, HEAD, requests over 4 KiB, and a
query that would have to wait: no free slot, a client at its cap, a write under way, no idle
query process) goes to the Flask app as before, which answers it or says why not.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask
from werkzeug.wrappers import Request

from ..executor import QUERY_ERRORS, Cancel
from . import protocol, sparql
from .errors import NeuroKGError, render
from .ops import headers_for

ROUTE = "/sparql"
LARGEST = 4 * 1024  # bytes of query string or body: larger requests are read in a request thread, so the
# SERVICE/FROM scan and the nesting check (linear, but ~0.5 us a byte) never hold the event loop long


class FastPath:
    """Callable with a WSGI environ: (status, headers, body bytes), or None for the Flask app."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.executor = app.extensions["neurokg.executor"]
        self.metrics = app.extensions["neurokg.metrics"]

    async def __call__(self, environ: dict[str, Any], cancel: Cancel | None = None):
        method = environ["REQUEST_METHOD"]
        if (environ["PATH_INFO"] != ROUTE or method not in ("GET", "POST") or int(environ["CONTENT_LENGTH"]) > LARGEST
                or len(environ["QUERY_STRING"]) > LARGEST):
            return None
        started = time.perf_counter()
        request = Request(environ)
        config = self.app.config
        try:
            try:
                operation = protocol.read(request, config["MAX_QUERY_BYTES"])
                if operation.kind != "query":
                    return None
                query = sparql.prepare(self.app, request, operation)
                answer = query.kept
                if answer is None:
                    try:
                        answer = await self.executor.run_async(query.job, query.timeout, client=request.remote_addr,
                                                               cancel=cancel)
                    except QUERY_ERRORS as error:
                        raise sparql.http_error(self.app, error, query.timeout) from None
                    if answer is None:
                        return None
            except NeuroKGError as error:
                body, content_type = render(request.accept_mimetypes, error.status, error.message, error.details)
                return self._out(request, error.status, content_type, dict(error.headers), body, started)
        except Exception:  # noqa: BLE001 - anything unexpected: the Flask app answers it again (and logs it)
            return None
        content_type, headers = sparql.answered(self.app, query, answer)
        if answer.body is None:
            headers["Content-Length"] = str(answer.size)
            return self._out(request, 200, content_type, headers, answer.wsgi_body(), started)
        return self._out(request, 200, content_type, headers, answer.body, started)

    def _out(self, request: Request, status: int, content_type: str, headers: dict[str, str], body, started: float):
        headers["Content-Type"] = content_type
        headers.update(headers_for(request.method, request.path, content_type.split(";")[0].strip()))
        self.metrics.record(ROUTE, status, time.perf_counter() - started)
        return status, list(headers.items()), body

