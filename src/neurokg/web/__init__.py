"""The Flask app factory: `create_app(config=None, store=None)`, one blueprint per concern."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app

from ..store import Store
from ..store.embedded import EmbeddedStore

DEFAULTS: dict[str, Any] = {
    "STORE": "memory",  # memory | oxigraph:PATH | http(s) query URL of a SPARQL server
    "DATA_FILES": [],  # serve these files instead of the NeuroKG build (testing)
    "QUERY_TIMEOUT": 10.0,  # seconds, wall clock; a request may ask for less with `timeout=`
    "MAX_QUERY_BYTES": 64 * 1024,  # larger queries and updates get 413
    "MAX_RESULT_ROWS": 100_000,  # larger results are cut, with X-NeuroKG-Truncated: true
    "MAX_CONTENT_LENGTH": 64 * 1024 * 1024,  # request bodies (Graph Store uploads)
    # Admission and memory (see neurokg.server.limits for what each one means and its default)
    "QUERY_PROCESSES": 8,  # query processes per worker: queries that run at once
    "QUERY_QUEUE": 32,  # queries that may wait for one, per worker; more get 503
    "MAX_QUERIES_PER_CLIENT": 4,  # per client address, all workers together; more get 429
    "QUERY_MEMORY_MB": 1024,  # memory a query may take; past it the query gets 503
    "ALLOW_UPDATE": False,
    "UPDATE_TOKEN": None,  # bearer token required for updates when ALLOW_UPDATE
    "SERVICE_ALLOWLIST": [],  # endpoint IRI prefixes SERVICE may call; empty = SERVICE refused
    "NAV_ENDPOINTS": ["explore.contrast_page", "explore.graph_page", "explore.classes_page", "similar.similar"],  # pages linked from the header
}


class ConfigError(ValueError):
    """The configuration cannot be served safely."""


def create_app(config: Mapping[str, Any] | None = None, store: Store | None = None) -> Flask:
    """Build the app; `store` is injected (tests) or opened from config['STORE']."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("NEUROKG")
    if config:
        app.config.from_mapping(config)
    if app.config["ALLOW_UPDATE"] and not app.config["UPDATE_TOKEN"]:
        raise ConfigError("updates need a bearer token: set UPDATE_TOKEN (neurokg serve --allow-update --token ...)")
    if store is None:
        from ..dataset import open_store

        store = open_store(app.config["STORE"], data=app.config["DATA_FILES"] or None)
    app.extensions["neurokg"] = store

    from ..executor import Executor
    from ..server.limits import Limits
    from . import errors, ops

    app.extensions["neurokg.executor"] = Executor(store.reader, Limits.from_config(app.config))
    if hasattr(store, "refresh_readers"):  # a writable on-disk store: query processes open a snapshot of it
        store.refresh_readers()
    if app.config["ALLOW_UPDATE"]:
        from ..server import rehearsal

        rehearsal.warm_up(store)  # updates on disk are rehearsed in processes of a forkserver
    if not app.config["ALLOW_UPDATE"] and isinstance(store, EmbeddedStore):  # the data cannot change under us
        from .answer_cache import AnswerCache

        app.extensions["neurokg.answers"] = AnswerCache()
    errors.register(app)
    ops.install(app)
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
    "ops",
    "sparql",
    "graph_store",
    "ui",
    "contrasts",
    "entities",
    "graph",
    "explore",
    "similar",
]


def get_store() -> Store:
    """The store of the running app (like flaskr's get_db)."""
    return current_app.extensions["neurokg"]
