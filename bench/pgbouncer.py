"""A private PgBouncer in transaction pooling, in front of a PostgreSQL server (the bench's
pooled cell and the test of the app behind a transaction pooler both run one)."""

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


def binary() -> str | None:
    """Where PgBouncer is installed, if it is."""
    found = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    return found if os.path.exists(found) else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def pgbouncer(*, host: str, port: int, users: list[str], pool_size: int) -> Iterator[int]:
    """PgBouncer in front of `host:port`, listening on a free 127.0.0.1 port (yielded), with
    `pool_size` server connections per database and user."""
    program = binary()
    if program is None:
        raise FileNotFoundError("PgBouncer is not installed (apt-get install pgbouncer)")
    with tempfile.TemporaryDirectory(prefix="patronage-pgbouncer-") as name:
        directory, listen = Path(name), _free_port()
        (directory / "users.txt").write_text("".join(f'"{user}" ""\n' for user in users))
        config = directory / "pgbouncer.ini"
        config.write_text(
            _CONFIG.format(
                host=host,
                port=port,
                listen=listen,
                users=directory / "users.txt",
                pool=pool_size,
                log=directory / "pgbouncer.log",
                pid=directory / "pgbouncer.pid",
            )
        )
        command = [program, str(config)]
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
