"""The wire between a worker and its query processes: one frame per message on a Unix socket pair,
written with one `send` and read with `recv`, no helper thread and no queue in between.

A frame is a 5-byte header (payload length, kind) and a payload. Queries and answers, made of
None, bool, int, str, bytes and lists or tuples of them, travel as `marshal` data (written in C,
no code runs on load); anything else falls back to pickle. A `Request`-like dataclass travels as
the tuple of its fields and is rebuilt on the other side.

>>> a, b = pair()
>>> send(a, ("ok", b"body", None, [1, "x"])); receive(b)
('ok', b'body', None, [1, 'x'])
>>> send(b, {1, 2}); receive(a)
{1, 2}
"""

from __future__ import annotations

import dataclasses
import marshal
import pickle
import socket
import struct

HEADER = struct.Struct("!IB")  # payload length, kind
PLAIN, RECORD, PICKLED = 0, 1, 2  # marshal data; a dataclass as its fields; pickle
BUFFER = 1024 * 1024  # socket buffers: a small answer (neurokg.server.spool.SMALL) is sent in one go
_RECORDS: dict[str, type] = {}


def pair() -> tuple[socket.socket, socket.socket]:
    """Two connected ends (the worker's, the query process's)."""
    ends = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    for end in ends:
        end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, BUFFER)
        end.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, BUFFER)
    return ends


def record(cls: type) -> type:
    """Class decorator: instances of this dataclass travel as the tuple of their fields."""
    _RECORDS[cls.__name__] = cls
    cls._wire_fields = tuple(f.name for f in dataclasses.fields(cls))
    return cls


def encode(message) -> bytes:
    """The frame for one message."""
    fields = getattr(type(message), "_wire_fields", None)
    try:
        if fields is not None:
            kind, payload = RECORD, marshal.dumps((type(message).__name__, tuple(getattr(message, f) for f in fields)))
        else:
            kind, payload = PLAIN, marshal.dumps(message)
    except ValueError:  # a type marshal does not write
        kind, payload = PICKLED, pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(payload), kind) + payload


def decode(kind: int, payload: bytes):
    if kind == PLAIN:
        return marshal.loads(payload)
    if kind == RECORD:
        name, values = marshal.loads(payload)
        return _RECORDS[name](*values)
    return pickle.loads(payload)  # noqa: S301 - only ever from our own forked process


def send(end: socket.socket, message) -> None:
    end.sendall(encode(message))


def receive(end: socket.socket):
    """The next message; EOFError if the other end closed (or died mid-frame)."""
    head = end.recv(BUFFER)
    if len(head) < HEADER.size:
        head += _exactly(end, HEADER.size - len(head))
    length, kind = HEADER.unpack_from(head)
    payload = head[HEADER.size:]
    if len(payload) < length:
        payload += _exactly(end, length - len(payload))
    return decode(kind, payload)


def _exactly(end: socket.socket, size: int) -> bytes:
    data = end.recv(size, socket.MSG_WAITALL)
    if len(data) < size:
        raise EOFError("the other end closed")
    return data


class Frames:
    """Reassembles frames from bytes read without blocking (the HTTP front's event loop)."""

    def __init__(self) -> None:
        self._data = bytearray()

    def feed(self, data: bytes) -> list:
        """The messages completed by `data`."""
        self._data += data
        out = []
        while len(self._data) >= HEADER.size:
            length, kind = HEADER.unpack_from(self._data)
            end = HEADER.size + length
            if len(self._data) < end:
                break
            out.append(decode(kind, bytes(self._data[HEADER.size:end])))
            del self._data[:end]
        return out
