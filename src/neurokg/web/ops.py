"""Operations: `/health`, `/metrics` (Prometheus text), CORS for reads, security headers."""

from __future__ import annotations

import os
import time

from flask import Blueprint, Flask, Response, g, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

from . import get_store

bp = Blueprint("ops", __name__)

CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'"


class Metrics:
    """Request counts by route and status, latency, timeouts and rejected queries."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("neurokg_requests", "HTTP requests", ["route", "status"], registry=self.registry)
        self.latency = Histogram("neurokg_request_seconds", "Request latency", ["route"], registry=self.registry,
                                 buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        self.timeouts = Counter("neurokg_query_timeouts", "Queries stopped at their time limit", registry=self.registry)
        self.rejected = Counter("neurokg_rejected_queries", "Queries refused (4xx)", ["reason"], registry=self.registry)

    def timeout(self) -> None:
        self.timeouts.inc()

    def record(self, route: str, status: int, seconds: float) -> None:
        """One answered request."""
        self.requests.labels(route, str(status)).inc()
        self.latency.labels(route).observe(seconds)
        if 400 <= status < 500 and route == "/sparql":
            self.rejected.labels(str(status)).inc()

    def exposition(self) -> bytes:
        directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        if directory:  # gunicorn workers: add up every process's samples
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry, path=directory)
            return generate_latest(registry)
        return generate_latest(self.registry)


@bp.route("/health")
def health():
    return jsonify({"status": "ok", **statistics()})


REMOTE_SECONDS = 30.0  # a remote store may change behind our back: its counts are kept this long


def statistics() -> dict[str, int]:
    """Quads and named graphs, counted once per write (never per request): taken when the served
    store was built (`STORE_STATS`), else when this store's write count last changed."""
    from flask import current_app

    fixed = current_app.config.get("STORE_STATS")
    if fixed:
        return dict(fixed)
    store = get_store()
    generation = getattr(store, "generation", None)
    key = generation if generation is not None else int(time.monotonic() // REMOTE_SECONDS)
    kept = current_app.extensions.get("neurokg.stats")
    if kept is None or kept[0] != (id(store), key):
        kept = ((id(store), key), {"triples": len(store), "graphs": len(store.graphs())})
        current_app.extensions["neurokg.stats"] = kept
    return dict(kept[1])


@bp.route("/metrics")
def metrics():
    from flask import current_app

    return Response(current_app.extensions["neurokg.metrics"].exposition(), content_type=CONTENT_TYPE_LATEST)


def install(app: Flask) -> None:
    """Time and count every request; add CORS (reads, no credentials) and security headers."""
    app.extensions["neurokg.metrics"] = Metrics()

    @app.before_request
    def _start():
        g.started = time.perf_counter()

    @app.after_request
    def _finish(response: Response):
        route = request.url_rule.rule if request.url_rule else "unmatched"
        app.extensions["neurokg.metrics"].record(route, response.status_code, time.perf_counter() - g.get("started", time.perf_counter()))
        response.headers.update(headers_for(request.method, request.path, response.mimetype))
        return response


READ_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
    "Access-Control-Expose-Headers": "X-NeuroKG-Truncated, X-NeuroKG-Row-Limit",
}
HTML_HEADERS = {"Content-Security-Policy": CSP, "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


def headers_for(method: str, path: str, mimetype: str) -> dict[str, str]:
    """What every answer carries: nosniff; CORS for reads (not the Graph Store); CSP and framing
    rules for HTML."""
    headers = {"X-Content-Type-Options": "nosniff"}
    if method in ("GET", "HEAD", "POST", "OPTIONS") and not path.startswith("/store"):
        headers.update(READ_HEADERS)
    if mimetype == "text/html":
        headers.update(HTML_HEADERS)
    return headers
