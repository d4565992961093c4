"""Servers for the benchmarks, all on 127.0.0.1 with free ports, stopped when the block ends:
NeuroKG (gunicorn), the rdflib baseline, a trivial Flask route, and Oxigraph's own server."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from http_server import free_port, running, stop  # noqa: E402, F401

BIN = Path(sys.executable).parent


@contextlib.contextmanager
def neurokg(workers: int = 2, *args: str):
    port = free_port()
    command = [str(BIN / "neurokg"), "serve", "--port", str(port), "--workers", str(workers), *args]
    with running(command, f"http://127.0.0.1:{port}/health", ready_within=300) as process:
        yield f"http://127.0.0.1:{port}", process


@contextlib.contextmanager
def gunicorn_app(module: str, workers: int = 2, env: dict | None = None):
    port = free_port()
    command = [str(BIN / "gunicorn"), "-w", str(workers), "-k", "gthread", "--threads", "4", "-b", f"127.0.0.1:{port}",
               "--chdir", str(ROOT / "benchmarks"), "--timeout", "600", f"{module}:app"]
    with running(command, f"http://127.0.0.1:{port}/health", env=env, ready_within=900) as process:  # rdflib parses 1M+ quads slowly
        yield f"http://127.0.0.1:{port}", process


@contextlib.contextmanager
def floor(kind: str, workers: int, nquads: Path):
    """A bare granian RSGI app of benchmarks/floor_app.py (`hello`, `echo` or `engine`)."""
    port = free_port()
    command = [str(BIN / "granian"), "--interface", "rsgi", "--workers", str(workers), "--loop", "uvloop",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "floor_app:app"]
    env = {"FLOOR_APP": kind, "FLOOR_DATA": str(nquads)}
    with running(command, f"http://127.0.0.1:{port}/", env=env, cwd=ROOT / "benchmarks") as process:
        yield f"http://127.0.0.1:{port}", process


@contextlib.contextmanager
def oxigraph(nquads: Path):
    """`oxigraph serve-read-only` on a store loaded from `nquads` (default graph = union)."""
    with tempfile.TemporaryDirectory(prefix="neurokg-bench-ox-") as location:
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", location, "--file", str(nquads)], check=True,
                       capture_output=True)
        port = free_port()
        command = [str(BIN / "oxigraph"), "serve-read-only", "--location", location, "--bind", f"127.0.0.1:{port}",
                   "--union-default-graph"]
        with running(command, f"http://127.0.0.1:{port}/") as process:
            yield f"http://127.0.0.1:{port}", process


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and its children, in MB."""
    total = 0
    for p in [pid, *_children(pid)]:
        with contextlib.suppress(FileNotFoundError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
    return total / 1024


def _children(pid: int) -> list[int]:
    out = []
    with contextlib.suppress(FileNotFoundError):
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            out += [int(child), *_children(int(child))]
    return out
