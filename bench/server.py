"""The server under test: `patronage serve` as a subprocess on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.cpu import CpuMeter

# Generous: on a loaded machine two workers importing the app take a while.
STARTUP_TIMEOUT_S = 180.0


@dataclass(frozen=True)
class Served:
    """The running server: where it listens, and the meter of its CPU time."""

    port: int
    cpu: CpuMeter


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(
    database_url: str, *, workers: int = 2, log: Path, env: dict[str, str] | None = None
) -> Iterator[Served]:
    """Run `patronage serve --workers N` on `database_url` (with `env` added to its
    environment) until the block ends."""
    port = free_port()
    env = {
        **os.environ,
        "PATRONAGE_DATABASE_URL": database_url,
        "PATRONAGE_LOG_LEVEL": "WARNING",
        "PATRONAGE_ENV": "development",
        # As in production, messages and imports are the worker's, in a process of its own:
        # an in-process worker polling every few seconds would add its CPU to the cells and
        # its round trips to the counted requests.
        "PATRONAGE_WORKER_IN_PROCESS": "false",
        **(env or {}),
    }
    command = [
        str(Path(sys.executable).with_name("patronage")),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_until_healthy(port, process)
            yield Served(port, CpuMeter(process.pid))
        finally:
            _stop(process)


def _wait_until_healthy(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"patronage serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"patronage serve did not become ready within {STARTUP_TIMEOUT_S} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
