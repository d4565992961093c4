"""Start real servers for tests: `neurokg serve` (or any command) on 127.0.0.1 with a free port,
polled for readiness and stopped on teardown."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests

NEUROKG = [sys.executable, "-m", "neurokg.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {process.stderr.read().decode()[-2000:]}")
        with contextlib.suppress(requests.ConnectionError, requests.Timeout):  # not listening yet, or still loading
            if requests.get(url, timeout=2).status_code < 500:
                return
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not come up in {timeout} s")


@contextlib.contextmanager
def running(command: list[str], health_url: str, *, env: dict | None = None, cwd: Path | None = None,
            ready_within: float = 60) -> Iterator[subprocess.Popen]:
    """Run `command` until the block ends; readiness is `health_url` answering below 500."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})},
        cwd=cwd, start_new_session=True,
    )
    try:
        wait_until_up(health_url, process, ready_within)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop a server and every process it forked."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def neurokg_server(*args: str, env: dict | None = None) -> Iterator[str]:
    """`neurokg serve ARGS` on a free port; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running([*NEUROKG, "serve", "--port", str(port), "--workers", "1", *args], f"{base}/health", env=env):
        yield base
