"""The Flask app factory: `create_app(config=None, store=None)`, one blueprint per concern."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app

from ..store import Store

DEFAULTS: dict[str, Any] = {
    "STORE": "memory",  # memory | oxigraph:PATH | http(s) query URL of a SPARQL server
    "DATA_FILES": [],  # serve these files instead of the NeuroKG build (testing)
    "QUERY_TIMEOUT": 10.0,  # seconds, wall clock; a request may ask for less
    "MAX_QUERY_BYTES": 64 * 1024,
    "MAX_RESULT_ROWS": 100_000,
    "ALLOW_UPDATE": False,
    "UPDATE_TOKEN": None,
    "SERVICE_ALLOWLIST": [],  # endpoint IRI prefixes SERVICE may call; empty = SERVICE refused
}


def create_app(config: Mapping[str, Any] | None = None, store: Store | None = None) -> Flask:
    """Build the app; `store` is injected (tests) or opened from config['STORE']."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("NEUROKG")
    if config:
        app.config.from_mapping(config)
    if store is None:
        from ..dataset import open_store

        store = open_store(app.config["STORE"], data=app.config["DATA_FILES"] or None)
    app.extensions["neurokg"] = store

    from . import errors

    errors.register(app)
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)
    return app


def _blueprints():
    """Every blueprint, one per concern (each module exposes `bp`)."""
    from importlib import import_module

    for name in BLUEPRINTS:
        yield import_module(f"{__name__}.{name}").bp


# Modules under neurokg.web that define a blueprint `bp`; add a line per new concern.
BLUEPRINTS: list[str] = [
]


def get_store() -> Store:
    """The store of the running app (like flaskr's get_db)."""
    return current_app.extensions["neurokg"]
