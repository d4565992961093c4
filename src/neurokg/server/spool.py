"""Where a query process writes an answer: in memory while small, then in a temporary file, so a
large answer never sits in RAM and is complete (row count, truncation, errors known) before the
first header goes out. Row counters read the engine's own serialization (pyoxigraph's writers) and
stop it at the row limit, cutting the output at a row boundary and closing it well-formed.

>>> spool = Spool()
>>> counter = RowCounter.for_media_type("text/tab-separated-values", spool, max_rows=1)
>>> counter.write(b"?s\\n<a>\\n<b>\\n")
Traceback (most recent call last):
...
neurokg.server.spool.RowLimit: 1
>>> counter.finish(truncated=True); spool.getvalue()
b'?s\\n<a>\\n'
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile

SMALL = 64 * 1024  # answers up to this size travel back inside the reply message
DEFER_UP_TO = 1024 * 1024  # row limits up to this are checked from the byte count first (RowCounter)


class RowLimit(Exception):
    """Raised from write() when the answer reaches its row limit: the engine stops serializing."""


class Spool(io.RawIOBase):
    """A binary sink that moves from a BytesIO to a temporary file in `directory` past `max_memory`."""

    def __init__(self, max_memory: int = SMALL, directory: str | None = None) -> None:
        self._buffer: io.BytesIO | None = io.BytesIO()
        self._file = None
        self.path: str | None = None
        self.max_memory, self.directory = max_memory, directory

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self._buffer is not None:
            self._buffer.write(data)
            if self._buffer.tell() > self.max_memory:
                fd, self.path = tempfile.mkstemp(prefix=f"answer-{os.getpid()}-", dir=self.directory)
                self._file = os.fdopen(fd, "w+b")
                self._file.write(self._buffer.getbuffer())
                self._buffer = None
            return len(data)
        return self._file.write(data)

    def truncate_to(self, size: int) -> None:
        (self._buffer or self._file).truncate(size)
        (self._buffer or self._file).seek(size)

    def size(self) -> int:
        return (self._buffer or self._file).tell()

    def getvalue(self) -> bytes | None:
        """The answer when it stayed in memory (None once it moved to a file)."""
        return None if self._buffer is None else self._buffer.getvalue()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()

    def discard(self) -> None:
        self.close()
        if self.path:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)


class RowCounter(io.RawIOBase):
    """Counts rows in the serialized stream on its way to `sink`. When row `max_rows` + 1 begins it
    remembers where and raises RowLimit; `finish` then cuts there and closes the document.
    Subclasses find the offsets where a row may begin (`candidates`); one counts once a byte
    follows it (a separator at the very end starts nothing). Every row takes at least one byte, so
    an answer of at most `max_rows` bytes cannot reach the limit: its bytes are read only if its
    row count is asked for (`rows`)."""

    FOOTER = b""

    def __init__(self, sink: Spool, max_rows: int) -> None:
        self.sink, self.max_rows = sink, max_rows
        self._rows = 0
        self.written = 0  # bytes read so far
        self.cut_at: int | None = None
        self._pending: list[int] = []
        self._unread: list[bytes] | None = [] if max_rows <= DEFER_UP_TO else None
        self._unread_size = 0

    @staticmethod
    def for_media_type(media_type: str, sink: Spool, max_rows: int) -> RowCounter:
        return _COUNTERS[media_type](sink, max_rows)

    @property
    def rows(self) -> int:
        """Rows seen so far (the answer's rows once the engine is done)."""
        self._read_unread()
        return self._rows

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self.cut_at is not None:  # the engine flushes what it still holds: past the cut, dropped
            return len(data)
        data = bytes(data)
        self.sink.write(data)
        if self._unread is not None:
            self._unread.append(data)
            self._unread_size += len(data)
            if self._unread_size <= self.max_rows:
                return len(data)
            self._read_unread()
        else:
            self._read(data)
        return len(data)

    def _read_unread(self) -> None:
        if self._unread is not None:
            data, self._unread = b"".join(self._unread), None
            self._read(data)

    def _read(self, data: bytes) -> None:
        found = self._pending + self.candidates(data, self.written)
        self.written += len(data)
        self._pending = [p for p in found if p >= self.written]
        for start in (p for p in found if p < self.written):
            if self._rows == self.max_rows:
                self.cut_at = start
                raise RowLimit(self.max_rows)
            self._rows += 1

    def finish(self, truncated: bool) -> None:
        """After the engine stopped at the limit: drop what follows the last whole row, close it."""
        if truncated and self.cut_at is not None:
            self.sink.truncate_to(self.cut_at)
            self.sink.write(self.FOOTER)

    def candidates(self, data: bytes, offset: int) -> list[int]:
        """Absolute offsets in the stream (data starts at `offset`) where a row may begin."""
        raise NotImplementedError


class _TsvRows(RowCounter):
    """TSV: a header line, then one line per row (newlines inside literals are escaped)."""

    def candidates(self, data, offset):
        return [offset + m.end() for m in re.finditer(rb"\n", data)]


class _CsvRows(RowCounter):
    """CSV: a CRLF outside quotes ends a line (quotes inside fields are doubled, so parity holds)."""

    def __init__(self, sink, max_rows):
        super().__init__(sink, max_rows)
        self._quoted, self._cr = False, False

    def candidates(self, data, offset):
        ends, i, n = [], 0, len(data)
        if self._cr and data[:1] == b"\n":
            ends.append(offset + 1)
        if not self._quoted and b'"' not in data:
            ends += [offset + m.end() for m in re.finditer(rb"\r\n", data)]
            i = n
        while i < n:
            if self._quoted:
                j = data.find(b'"', i)
                if j < 0:
                    break
                self._quoted, i = False, j + 1
                continue
            q, c = data.find(b'"', i), data.find(b"\r\n", i)
            if c >= 0 and (q < 0 or c < q):
                ends.append(offset + c + 2)
                i = c + 2
            elif q >= 0:
                self._quoted, i = True, q + 1
            else:
                break
        self._cr = not self._quoted and data.endswith(b"\r")
        return ends


class _XmlRows(RowCounter):
    """SPARQL XML: each row is a <result> element (character data never holds a raw '<')."""

    FOOTER = b"</results></sparql>"

    def __init__(self, sink, max_rows):
        super().__init__(sink, max_rows)
        self._tail = b""

    def candidates(self, data, offset):
        window, base = self._tail + data, offset - len(self._tail)
        self._tail = window[-7:]
        return [base + m.start() for m in re.finditer(rb"<result>", window) if base + m.start() + 8 > offset]


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_COMPLETE = re.compile(rb'(?:[^"]|"(?:[^"\\]|\\.)*")*', re.S)  # the longest prefix with no open string
_ROW = re.compile(rb"(?:\[|\},)\{")


class _JsonRows(RowCounter):
    """SPARQL JSON as pyoxigraph writes it (compact): outside strings, a row begins at the '{' of
    '[{' (only the bindings array holds objects) and of '},{' (between rows; terms within a row are
    followed by ',"'). A string split across writes is carried to the next one. A row after the
    first begins at the comma before it, so a cut leaves no trailing comma."""

    FOOTER = b"]}}"

    def __init__(self, sink, max_rows):
        super().__init__(sink, max_rows)
        self._carry = b""  # an unfinished string from the previous write
        self._last = b""  # the two structural bytes before it

    def candidates(self, data, offset):
        window, base = self._carry + data, offset - len(self._carry)
        done = _COMPLETE.match(window).end()
        self._carry = window[done:]
        found, position = [], 0
        for m in [*_STRING.finditer(window, 0, done), None]:
            end = m.start() if m else done
            gap, gap_base = self._last + window[position:end], base + position - len(self._last)
            # a row begins at its '{', or at the ',' before it (so a cut leaves no trailing comma)
            found += [gap_base + r.start() + 1 for r in _ROW.finditer(gap) if gap_base + r.end() - 1 >= offset]
            self._last = gap[-2:] if m is None else b""
            if m is not None:
                position = m.end()
        return found


_COUNTERS = {
    "application/sparql-results+json": _JsonRows,
    "application/sparql-results+xml": _XmlRows,
    "text/csv": _CsvRows,
    "text/tab-separated-values": _TsvRows,
}
