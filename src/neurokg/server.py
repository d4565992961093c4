"""`neurokg serve`: the app under gunicorn (a production WSGI server), built once and forked."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
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
    with metrics_folder():
        _serve(config, host=host, port=port, workers=workers, threads=threads)


def _serve(config: dict[str, Any], *, host: str, port: int, workers: int, threads: int) -> None:
    from .web import create_app

    on_disk = str(config.get("STORE", "")).startswith("oxigraph:")
    if config.get("ALLOW_UPDATE"):
        workers = 1
    if on_disk:  # build (if empty) in a fresh process, then each worker opens the store itself:
        # RocksDB's background threads do not survive a fork, so no handle may be opened before it.
        import multiprocessing

        builder = multiprocessing.get_context("spawn").Process(target=_build_on_disk, args=(config,))
        builder.start()
        builder.join()
        if not config.get("ALLOW_UPDATE"):
            config = {**config, "STORE": config["STORE"] + "?read-only"}
        _Gunicorn(_LazyApp(config), _options(config, host, port, workers, threads, preload=False)).run()
        return
    app = create_app(config)
    with app.app_context():  # statistics for the service description, computed once before forking
        from .web import service_description

        service_description.describe("http://localhost/sparql")
    _Gunicorn(app, _options(config, host, port, workers, threads, preload=True)).run()


@contextlib.contextmanager
def metrics_folder():
    """A Prometheus multiprocess folder for the server's processes, removed when the server stops
    (folders of servers that were killed are removed at the next start)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        yield
        return
    for stale in Path(tempfile.gettempdir()).glob("neurokg-metrics-*-*"):
        pid = stale.name.split("-")[2]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(stale, ignore_errors=True)
    owner = os.getpid()
    folder = tempfile.mkdtemp(prefix=f"neurokg-metrics-{owner}-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    try:
        yield
    finally:
        if os.getpid() == owner:  # not in a worker leaving
            shutil.rmtree(folder, ignore_errors=True)
            os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)


def _build_on_disk(config: dict[str, Any]) -> None:
    from .dataset import open_store

    open_store(config["STORE"], data=config.get("DATA_FILES") or None, progress=True)


class _LazyApp:
    """A WSGI app built in each worker on its first request (for stores that cannot be forked)."""

    def __init__(self, config: dict[str, Any]) -> None:
        import threading

        self._config, self._app, self._lock = config, None, threading.Lock()

    def __call__(self, environ, start_response):
        with self._lock:
            if self._app is None:
                from .web import create_app

                self._app = create_app(self._config)
        return self._app(environ, start_response)


def _options(config: dict[str, Any], host: str, port: int, workers: int, threads: int, *, preload: bool) -> dict[str, Any]:
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "neurokg.gunicorn_worker.ThreadWorker",  # gthread, with a readable 414
        "timeout": int(float(config.get("QUERY_TIMEOUT", 10)) + 30),
        "graceful_timeout": 5,
        "accesslog": "-" if config.get("ACCESS_LOG") else None,
        "errorlog": "-",
        "loglevel": "warning",
        "preload_app": preload,
    }
