"""Domain errors mapped to HTTP status codes in one place."""

from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException


class NeuroKGError(Exception):
    """Base of the errors a client can cause; `status` is the HTTP status it maps to."""

    status = 400

    def __init__(self, message: str, **details) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


def register(app: Flask) -> None:
    """Answer domain and HTTP errors with a readable message, as JSON or plain text per Accept."""

    @app.errorhandler(NeuroKGError)
    def _domain(error: NeuroKGError):
        return _reply(error.status, error.message, error.details)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        return _reply(error.code or 500, error.description or error.name, {})


def _reply(status: int, message: str, details: dict):
    best = request.accept_mimetypes.best_match(["text/plain", "application/json"], default="text/plain")
    if best == "application/json" and request.accept_mimetypes["application/json"] > request.accept_mimetypes["text/plain"]:
        body = jsonify({"error": message, "status": status, **details})
        body.status_code = status
        return body
    return message.rstrip() + "\n", status, {"Content-Type": "text/plain; charset=utf-8"}
