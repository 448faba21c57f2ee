"""A private PgBouncer in transaction pooling, in front of the test PostgreSQL server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.databases import IN_CI, POSTGRES_ADMIN_URL
from tests.servers import free_port

_CONFIG = """\
[databases]
* = host={host} port={port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = trust
auth_file = {users}
pool_mode = transaction
default_pool_size = {pool}
max_client_conn = 200
logfile = {log}
pidfile = {pid}
"""


@contextmanager
def pgbouncer(*, users: list[str], pool_size: int) -> Iterator[int]:
    """PgBouncer listening on a free 127.0.0.1 port (yielded), `pool_size` server
    connections per database and user; skipped (failed in CI) when not installed."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not os.path.exists(binary):
        message = "PgBouncer is not installed (apt-get install pgbouncer)"
        if IN_CI:
            pytest.fail(message + " and CI=true")
        pytest.skip(message)
    with tempfile.TemporaryDirectory(prefix="patronage-pgbouncer-") as name:
        yield from _run(binary, Path(name), users=users, pool_size=pool_size)


def _run(binary: str, directory: Path, *, users: list[str], pool_size: int) -> Iterator[int]:
    server = make_url(POSTGRES_ADMIN_URL)
    listen = free_port()
    (directory / "users.txt").write_text("".join(f'"{user}" ""\n' for user in users))
    config = directory / "pgbouncer.ini"
    config.write_text(
        _CONFIG.format(
            host=server.host or "127.0.0.1",
            port=server.port or 5432,
            listen=listen,
            users=directory / "users.txt",
            pool=pool_size,
            log=directory / "pgbouncer.log",
            pid=directory / "pgbouncer.pid",
        )
    )
    command = [binary, str(config)]
    if os.geteuid() == 0:  # PgBouncer refuses to run as root
        directory.chmod(0o755)
        shutil.chown(directory, "postgres")
        command = ["runuser", "-u", "postgres", "--", *command]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(listen, process)
        yield listen
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"PgBouncer stopped: {process.stderr.read().decode()}")  # type: ignore[union-attr]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("PgBouncer did not start listening")
