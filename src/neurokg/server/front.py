"""The HTTP front: granian (a Rust HTTP server) speaks HTTP and keeps every connection on its
event loop; a thin RSGI-to-WSGI bridge hands the Flask app a request whose body is already read.

What this buys over a thread-per-connection WSGI server:
- headers must arrive within `header_seconds` (granian) and the body within `body_seconds`
  (here, asynchronously): slowloris and slow uploads hold no thread and no query slot;
- answers go out from the event loop: a spooled answer is read from its file chunk by chunk as
  the client takes it, so a slow reader holds neither a thread nor a query slot;
- a client that disconnects while its query runs cancels the query (its process is killed).
"""

from __future__ import annotations

import asyncio
import io
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..executor import Cancel, SpooledBody
from .limits import Limits

WATCH_AFTER = 0.05  # seconds: requests still running then are watched for a client disconnect
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class Front:
    """An RSGI application around a WSGI one. `fast` (web.fast_path), when given, is tried first on
    the event loop; what it does not answer goes to the WSGI app in a request thread."""

    def __init__(self, wsgi_app, *, threads: int, body_seconds: float, fast=None) -> None:
        self.app, self.body_seconds, self.fast = wsgi_app, body_seconds, fast
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="neurokg-request")  # long-lived threads
        self.base = {
            "wsgi.version": (1, 0), "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": True,
            "wsgi.run_once": False, "wsgi.input_terminated": True, "SCRIPT_NAME": "", "SERVER_SOFTWARE": "neurokg",
        }

    async def __call__(self, scope, proto) -> None:
        if scope.proto != "http":
            return
        try:
            body = await self._body(scope, proto)
        except TimeoutError:
            proto.response_bytes(408, [("content-type", "text/plain; charset=utf-8"), ("connection", "close")],
                                 f"the request body did not arrive within {self.body_seconds:g} s\n".encode())
            return
        except Exception:  # noqa: BLE001 - the client went away while sending
            return
        environ = self._environ(scope, body)
        cancel = environ["neurokg.cancel"] = Cancel()
        loop = asyncio.get_running_loop()
        if self.fast is not None:
            watch = _Watch(proto, cancel, loop)
            try:
                response = await self.fast(environ, cancel)
            finally:
                watch.stop()
            if cancel.fired:
                _close(response)
                return
            if response is not None:
                await self._send(proto, *response)
                return
            environ["wsgi.input"].seek(0)
        work = loop.run_in_executor(self.pool, _call, self.app, environ)
        done, _ = await asyncio.wait({work}, timeout=WATCH_AFTER)
        if not done:
            watch = asyncio.ensure_future(proto.client_disconnect())
            done, _ = await asyncio.wait({work, watch}, return_when=asyncio.FIRST_COMPLETED)
            if work not in done:
                cancel.fire()
                _close(await work)
                return
            watch.cancel()
        await self._send(proto, *work.result())

    async def _send(self, proto, status: int, headers, content) -> None:
        if isinstance(content, SpooledBody):
            await self._send_file(proto, status, headers, content)
        else:
            proto.response_bytes(status, headers, content)

    async def _body(self, scope, proto) -> bytes:
        headers = scope.headers
        if scope.method not in BODY_METHODS and "content-length" not in headers and "transfer-encoding" not in headers:
            return b""
        return await asyncio.wait_for(proto(), self.body_seconds)

    @staticmethod
    async def _send_file(proto, status: int, headers, content: SpooledBody) -> None:
        try:
            transport = proto.response_stream(status, headers)
            while chunk := content.file.read(256 * 1024):
                await transport.send_bytes(chunk)  # waits while the client is slow to read
        except Exception:  # noqa: BLE001, S110 - the client went away mid-answer
            pass
        finally:
            content.close()

    def _environ(self, scope, body: bytes) -> dict[str, Any]:
        host, _, port = scope.server.rpartition(":")
        client = scope.client.rpartition(":")[0].strip("[]") if ":" in scope.client else scope.client
        environ = {
            **self.base,
            "REQUEST_METHOD": scope.method, "PATH_INFO": scope.path, "QUERY_STRING": scope.query_string,
            "SERVER_NAME": host, "SERVER_PORT": port, "SERVER_PROTOCOL": f"HTTP/{scope.http_version}",
            "REMOTE_ADDR": client, "wsgi.url_scheme": scope.scheme, "wsgi.input": io.BytesIO(body),
            "CONTENT_LENGTH": str(len(body)),
        }
        for key, value in scope.headers.items():
            name = key.upper().replace("-", "_")
            if name == "CONTENT_TYPE":
                environ["CONTENT_TYPE"] = value
            elif name not in ("CONTENT_LENGTH", "TRANSFER_ENCODING"):
                name = "HTTP_" + name
                environ[name] = f"{environ[name]}, {value}" if name in environ else value
        return environ


def _call(app, environ):
    """Run the WSGI app in a request thread: (status, headers, bytes or SpooledBody)."""
    captured: list = []

    def start_response(status, headers, exc_info=None):
        captured[:] = [int(status[:3]), [(str(k), str(v)) for k, v in headers]]

    result = app(environ, start_response)
    if isinstance(result, SpooledBody):
        return captured[0], captured[1], result
    try:
        content = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close:
            close()
    return captured[0], captured[1], content


def _close(response) -> None:
    if response is not None and isinstance(response[2], SpooledBody):
        response[2].close()


class _Watch:
    """Fires `cancel` if the client disconnects while its request is still running after WATCH_AFTER."""

    def __init__(self, proto, cancel: Cancel, loop) -> None:
        self.proto, self.cancel, self.task = proto, cancel, None
        self.timer = loop.call_later(WATCH_AFTER, self._start)

    def _start(self) -> None:
        self.task = asyncio.ensure_future(self.proto.client_disconnect())
        self.task.add_done_callback(lambda task: task.cancelled() or self.cancel.fire())

    def stop(self) -> None:
        self.timer.cancel()
        if self.task is not None:
            self.task.cancel()


def run(config: dict[str, Any], *, host: str, port: int, workers: int, threads: int) -> None:
    """Serve `config` with `workers` granian worker processes (forked; each builds its app)."""
    from granian.constants import HTTPModes, Interfaces, Loops
    from granian.http import HTTP1Settings
    from granian.log import LogLevels
    from granian.server import Server

    from .admission import shared_table

    shared_table()  # made before the fork: every worker counts a client's queries in the same table
    limits = Limits.from_config(config)

    def load(*_):
        from ..web import create_app
        from .layout import PRELOADED

        from ..web.fast_path import FastPath

        app = create_app(config, store=PRELOADED.get("store"))
        return Front(app, threads=threads, body_seconds=limits.body_seconds, fast=FastPath(app))

    server = Server(
        "neurokg", address=host, port=port, interface=Interfaces.RSGI, workers=workers, http=HTTPModes.http1,
        loop=Loops.uvloop if _has("uvloop") else Loops.asyncio, websockets=False,
        http1_settings=HTTP1Settings(header_read_timeout=int(limits.header_seconds * 1000)),
        log_level=LogLevels.warning, log_access=bool(config.get("ACCESS_LOG")), respawn_failed_workers=True, respawn_interval=0.5,
        workers_kill_timeout=5,
    )
    server.serve(target_loader=load, wrap_loader=False)


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None
