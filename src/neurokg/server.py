"""`neurokg serve`: the app under gunicorn (a production WSGI server), built once and forked."""

from __future__ import annotations

import os
import tempfile
from typing import Any

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict[str, Any]) -> None:
        self._app, self._options = app, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self):
        return self._app


def serve(config: dict[str, Any], *, host: str, port: int, workers: int, threads: int = 4) -> None:
    """Build the app in this process (data, reasoning, statistics), then fork `workers` workers.

    Updates on an in-memory store need a single worker (each worker holds its own copy), so
    --allow-update runs one worker there.
    """
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="neurokg-metrics-"))
    from .web import create_app

    if config.get("ALLOW_UPDATE"):
        workers = 1
    app = create_app(config)
    with app.app_context():  # statistics for the service description, computed once before forking
        from .web import service_description

        service_description.describe("http://localhost/sparql")
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": int(float(config.get("QUERY_TIMEOUT", 10)) + 30),
        "graceful_timeout": 5,
        "accesslog": "-" if config.get("ACCESS_LOG") else None,
        "errorlog": "-",
        "loglevel": "warning",
        "preload_app": True,
    }
    _Gunicorn(app, options).run()
