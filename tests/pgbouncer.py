"""A private PgBouncer in transaction pooling, in front of the test PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from bench import pgbouncer as runner
from sqlalchemy.engine import make_url

from tests.databases import IN_CI, POSTGRES_ADMIN_URL


@contextmanager
def pgbouncer(*, users: list[str], pool_size: int) -> Iterator[int]:
    """PgBouncer listening on a free 127.0.0.1 port (yielded), `pool_size` server
    connections per database and user; skipped (failed in CI) when not installed."""
    if runner.binary() is None:
        message = "PgBouncer is not installed (apt-get install pgbouncer)"
        if IN_CI:
            pytest.fail(message + " and CI=true")
        pytest.skip(message)
    server = make_url(POSTGRES_ADMIN_URL)
    with runner.pgbouncer(
        host=server.host or "127.0.0.1",
        port=server.port or 5432,
        users=users,
        pool_size=pool_size,
    ) as port:
        yield port
