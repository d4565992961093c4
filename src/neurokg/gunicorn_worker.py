"""gunicorn's threaded worker, with a readable answer to a request line over gunicorn's limit
(`limit_request_line`, 4,094 bytes by default): a GET query that long is told to use POST."""

from __future__ import annotations

from gunicorn.http.errors import LimitRequestLine
from gunicorn.workers.gthread import ThreadWorker as _ThreadWorker

MESSAGE = (
    "The request line is longer than this server's limit of {limit} bytes. Send long SPARQL queries "
    "with POST (a form body, or Content-Type: application/sparql-query), which accepts up to 64 KiB.\n"
)


class ThreadWorker(_ThreadWorker):
    def handle_error(self, req, client, addr, exc):
        if not isinstance(exc, LimitRequestLine):
            return super().handle_error(req, client, addr, exc)
        self.log.warning("Request line too long from ip=%s: %s", (addr or ("",))[0], exc)
        body = MESSAGE.format(limit=self.cfg.limit_request_line).encode()
        head = (f"HTTP/1.1 414 URI Too Long\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        try:
            client.sendall(head + body)
        except OSError:
            self.log.debug("Failed to send the 414 message.")
