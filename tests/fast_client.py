"""A Flask test client whose requests go first through the event-loop path of `neurokg serve`
(neurokg.web.fast_path), as the HTTP front sends them, and to the app only when that path passes
them on; each response says which one answered it (`served_by`). Protocol tests run their cases
through it and through the plain test client, so both paths answer the same cases alike."""

from __future__ import annotations

import asyncio

from flask.testing import EnvironBuilder, FlaskClient
from werkzeug.test import TestResponse

from neurokg.executor import Request
from neurokg.web.fast_path import FastPath


class FastPathClient(FlaskClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fast = FastPath(self.application)
        self.loop = asyncio.new_event_loop()
        self.application.extensions["neurokg.executor"].run(Request("ASK {}"), 10)  # one query process idle, as when serving

    def open(self, *args, buffered=False, follow_redirects=False, **kwargs):
        builder = EnvironBuilder(self.application, *args, **kwargs)
        try:
            environ = builder.get_environ()
        finally:
            builder.close()
        environ.setdefault("CONTENT_LENGTH", "0")
        environ["REMOTE_ADDR"] = "127.0.0.1"
        answer = self.loop.run_until_complete(self.fast(environ))
        if answer is None:
            response = super().open(*args, buffered=buffered, follow_redirects=follow_redirects, **kwargs)
            response.served_by = "blueprint"
            return response
        status, headers, body = answer
        if not isinstance(body, bytes):  # a spooled answer
            body = b"".join(body)
        response = TestResponse(body, status=status, headers=headers, request=None)
        response.served_by = "fast path"
        return response


def fast_client(app) -> FastPathClient:
    app.test_client_class = FastPathClient
    try:
        return app.test_client()
    finally:
        app.test_client_class = None
