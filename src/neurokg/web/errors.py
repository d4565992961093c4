"""Domain errors mapped to HTTP status codes in one place; no stack trace ever reaches a client."""

from __future__ import annotations

import json
import logging

from flask import Flask, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger("neurokg")


class NeuroKGError(Exception):
    """Base of the errors a client can cause; `status` is the HTTP status it maps to."""

    status = 400
    headers: dict[str, str] = {}

    def __init__(self, message: str, **details) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class BadRequest(NeuroKGError):
    status = 400


class QuerySyntaxError(NeuroKGError):
    status = 400


class QueryRefused(NeuroKGError):
    """SERVICE, LOAD and other operations the endpoint never performs."""

    status = 400


class UpdateForbidden(NeuroKGError):
    status = 403


class NotFound(NeuroKGError):
    status = 404


class NotAcceptable(NeuroKGError):
    status = 406


class PayloadTooLarge(NeuroKGError):
    status = 413


class URITooLong(NeuroKGError):
    status = 414


class UnsupportedMediaType(NeuroKGError):
    status = 415


class TooManyRequests(NeuroKGError):
    """This client has its share of queries in flight."""

    status = 429
    headers = {"Retry-After": "1"}


class ServerBusy(NeuroKGError):
    """Every query process is busy and the queue is full."""

    status = 503
    headers = {"Retry-After": "1"}


class QueryTimeout(NeuroKGError):
    status = 503
    headers = {"Retry-After": "1"}


class StoreUnavailable(NeuroKGError):
    status = 503
    headers = {"Retry-After": "5"}


def register(app: Flask) -> None:
    """Answer domain and HTTP errors with a readable message, as JSON or plain text per Accept."""

    @app.errorhandler(NeuroKGError)
    def _domain(error: NeuroKGError):
        return reply(error.status, error.message, error.details, error.headers)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        return reply(error.code or 500, error.description or error.name, {}, {})

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):  # the last line of defence: log it, tell the client nothing internal
        log.exception("unexpected error on %s %s", request.method, request.path)
        return reply(500, "internal error; it has been logged", {}, {})


def reply(status: int, message: str, details: dict, headers: dict):
    """An error response: JSON when the client prefers it, else plain text."""
    body, content_type = render(request.accept_mimetypes, status, message, details)
    return body, status, {"Content-Type": content_type, **headers}


def render(accept, status: int, message: str, details: dict) -> tuple[bytes, str]:
    """The body and content type of an error answer, for a request's parsed Accept header."""
    if accept["application/json"] > accept["text/plain"] or accept["application/sparql-results+json"] > accept["text/plain"]:
        return json.dumps({"error": message, "status": status, **details}).encode() + b"\n", "application/json"
    return (message.rstrip() + "\n").encode(), "text/plain; charset=utf-8"
