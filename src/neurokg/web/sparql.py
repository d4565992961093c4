"""`/sparql`: the SPARQL 1.1 Protocol endpoint (queries, updates when enabled, service description)."""

from __future__ import annotations

import contextlib
import hmac
from dataclasses import dataclass

from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.wrappers import Request as WerkzeugRequest

from .. import executor as ex
from .. import contrast, formats, query_guard
from ..server import rehearsal
from ..server.query_process import on_large_stack
from ..store import Store, StoreError
from . import get_store, protocol, service_description
from .answer_cache import Cached
from .errors import (
    BadRequest,
    NotAcceptable,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    NeuroKGError,
    ServerBusy,
    StoreUnavailable,
    TooManyRequests,
    UpdateForbidden,
)

bp = Blueprint("sparql", __name__)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    operation = protocol.read(request, current_app.config["MAX_QUERY_BYTES"])
    if operation.kind == "description":
        return service_description.response()
    if operation.kind == "update":
        return run_update(operation)
    return run_query(operation)


def run_query(operation: protocol.Operation) -> Response:
    """Evaluate a query in the executor under its time limit and send the answer."""
    query = prepare(current_app, request, operation)
    answer = query.kept or execute(query.job, query.timeout)
    content_type, headers = answered(current_app, query, answer)
    if answer.body is not None:  # a whole body goes out with its length
        return Response(answer.body, content_type=content_type, headers=headers)
    headers["Content-Length"] = str(answer.size)  # spooled: the HTTP front sends the file
    return Response(answer.wsgi_body(), content_type=content_type, headers=headers, direct_passthrough=True)


@dataclass
class Query:
    """A query read from a request, ready for the executor (or answered from the cache: `kept`)."""

    job: ex.Request
    timeout: float
    key: tuple | None  # its answer cache key (None: no cache on this store)
    kept: Cached | None  # the cached answer


def prepare(app: Flask, req: WerkzeugRequest, operation: protocol.Operation) -> Query:
    """What the blueprint and the event-loop path (web.fast_path) both do before running a query:
    its time limit, the SERVICE/FROM guard, the executor request, the answer cache lookup."""
    timeout = protocol.timeout(req.values.get("timeout"), float(app.config["QUERY_TIMEOUT"]))  # 400 even when cached
    guard(operation.text, app.config["SERVICE_ALLOWLIST"])
    job = ex.Request(
        operation.text,
        accept=req.headers.get("Accept"),
        format=formats.requested(req.values) or None,
        default_graph=operation.default_graphs or None,
        named_graphs=operation.named_graphs or None,
        base_iri=req.base_url,
        compact=req.values.get("curies", "").lower() in ("1", "true", "yes"),
    )
    cache = app.extensions.get("neurokg.answers")  # embedded read-only stores only
    key = _cache_key(app.extensions["neurokg"], job) if cache else None
    kept = cache.get(key) if cache and "no-cache" not in req.headers.get("Cache-Control", "") else None
    return Query(job, timeout, key, kept)


def answered(app: Flask, query: Query, answer: ex.Answer | Cached) -> tuple[str, dict[str, str]]:
    """Keep a fresh answer in the cache; its content type and headers."""
    cache = app.extensions.get("neurokg.answers")
    if cache and query.kept is None and answer.body is not None:
        cache.put(query.key, Cached(answer.body, answer.media_type, answer.truncated))
    headers = {"Vary": "Accept", "X-NeuroKG-Cache": "hit" if query.kept else "miss"} if cache else {"Vary": "Accept"}
    if answer.truncated:
        headers["X-NeuroKG-Truncated"] = "true"
        headers["X-NeuroKG-Row-Limit"] = str(app.config["MAX_RESULT_ROWS"])
    if query.job.format:
        headers["Content-Disposition"] = f'inline; filename="results.{formats.extension(answer.media_type)}"'
    return _content_type(answer.media_type), headers


def _cache_key(store: Store, job: ex.Request) -> tuple:
    return (store.generation, job.sparql, job.accept, job.format, tuple(job.default_graph or ()),
            tuple(job.named_graphs or ()), job.base_iri, job.compact)


def guard(query: str, allowlist: list[str]) -> None:
    """400 for what the endpoint never does for a query (SERVICE outside the allow-list)."""
    try:
        query_guard.check_query(query, allowlist)
    except query_guard.Refused as refused:
        raise QueryRefused(str(refused)) from None


def execute(job: ex.Request, timeout: float | None = None) -> ex.Answer:
    """Run one query through the app's executor, mapping its failures to HTTP errors."""
    timeout = timeout or _timeout()
    executor = current_app.extensions["neurokg.executor"]
    try:
        return executor.run(job, timeout, client=request.remote_addr, cancel=request.environ.get("neurokg.cancel"))
    except ex.QUERY_ERRORS as error:
        raise http_error(current_app, error, timeout) from None


def http_error(app: Flask, error: Exception, timeout: float, what: str = "query") -> NeuroKGError | None:
    """The HTTP error for a query (or an update's rehearsal) the executor could not finish; None
    for an update the engine refused (applying it raises the same error, mapped by the write)."""
    unchanged = "; the store is unchanged" if what == "update" else ""
    if isinstance(error, ex.TooManyForClient):
        return TooManyRequests(str(error))
    if isinstance(error, ex.Busy):
        return ServerBusy(f"the endpoint is busy: {error}; retry shortly")
    if isinstance(error, ex.MemoryLimit):
        return StoreUnavailable(f"the {what} needed more than its memory limit of "
                                f"{app.extensions['neurokg.executor'].limits.query_memory_mb} MiB and was stopped{unchanged}")
    if isinstance(error, ex.ClientGone):
        return StoreUnavailable(f"the client disconnected; its {what} was stopped{unchanged}")
    if isinstance(error, ex.QueryTimeout):
        app.extensions["neurokg.metrics"].timeout()
        return QueryTimeout(f"the {what} ran past its time limit of {timeout:g} s and was stopped{unchanged}")
    if isinstance(error, ex.QueryCrashed):
        crashed = StoreUnavailable(f"{error}{unchanged}; the endpoint goes on answering")
        if error.crashed:  # a bug, not a load the client may retry into
            crashed.status, crashed.headers = 500, {}
        return crashed
    if error.kind == "syntax":
        return QuerySyntaxError(f"malformed SPARQL{' Update' if what == 'update' else ''}: {error}")
    if error.kind == "not-acceptable":
        return NotAcceptable(str(error), offered=error.offered)
    if what == "update":
        return None
    return StoreUnavailable(f"the store could not answer: {error}")


def run_update(operation: protocol.Operation) -> Response:
    """Apply a SPARQL 1.1 Update (only with --allow-update and the bearer token)."""
    require_update_permission()
    try:
        query_guard.check_update(operation.text)
        text = query_guard.with_using(query_guard.without_silent_loads(operation.text), operation.default_graphs,
                                      operation.named_graphs)
    except query_guard.Refused as refused:
        raise QueryRefused(str(refused)) from None
    try:
        write(text, base_iri=request.base_url)
    except SyntaxError as error:
        raise QuerySyntaxError(f"malformed SPARQL Update: {error}") from None
    except StoreError as error:
        raise StoreUnavailable(str(error)) from None
    return Response(status=204)


def write(update: str, base_iri: str | None = None) -> None:
    """Apply one SPARQL Update to the store: one write at a time, first tried under the query time
    limit and memory cap in a killable process (neurokg.server.rehearsal: a runaway update gets
    503 and changes nothing), then applied with no query in flight; answer only once it is
    durable and everything computed from the data before it is forgotten."""
    store, executor, timeout = get_store(), current_app.extensions["neurokg.executor"], _timeout()
    job = ex.Update(update, base_iri)
    with contextlib.ExitStack() as one_writer:
        try:
            deadline = one_writer.enter_context(executor.writing(timeout))
            rehearsal.rehearse(store, executor, job, deadline, request.environ.get("neurokg.cancel"))
        except ex.QUERY_ERRORS as error:
            refused = http_error(current_app, error, timeout, "update")
            if refused is not None:
                raise refused from None
        with executor.exclusive():
            try:
                on_large_stack(lambda: store.update(update, base_iri=base_iri))
            except (RuntimeError, ValueError) as refused:  # e.g. CREATE of a graph that exists
                raise BadRequest(f"the update was refused: {refused}; the store is unchanged") from None
            written(store)


def require_update_permission() -> None:
    """403 unless updates are enabled and the request carries the bearer token."""
    config = current_app.config
    if not config["ALLOW_UPDATE"]:
        raise UpdateForbidden("updates are disabled on this endpoint (start it with --allow-update and a token)")
    sent = request.headers.get("Authorization", "")
    expected = f"Bearer {config['UPDATE_TOKEN']}"
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        raise UpdateForbidden("updates need the endpoint's bearer token in the Authorization header")


def written(store: Store) -> None:
    """After a write: make it durable, give query processes a view of it, and forget every cache
    of what the data said (answers, contrasts, service description, graph labels)."""
    flush = getattr(store, "flush", None)
    if flush:
        flush()
    refresh = getattr(store, "refresh_readers", None)
    if refresh:
        refresh()
    service_description.invalidate()
    contrast.invalidate(store)
    for cache in CACHES:
        current_app.extensions.pop(cache, None)


CACHES = ["neurokg.node-info"]  # app.extensions entries computed from the data (web.graph's labels)


def _timeout() -> float:
    return protocol.timeout(request.values.get("timeout"), float(current_app.config["QUERY_TIMEOUT"]))


def _content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") or "json" in media_type or "xml" in media_type else media_type
