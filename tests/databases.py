"""Throw-away databases for a test run: a SQLite file, and a PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

POSTGRES_ADMIN_URL = os.environ.get(
    "PATRONAGE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# The app logs in as its own role (`db upgrade` creates it; the server trusts loopback).
APP_ROLE = os.environ.get("PATRONAGE_TEST_APP_ROLE", "patronage_app")


def as_app(url: str) -> str:
    """`url` (the admin's) with the app's login role instead."""
    return make_url(url).set(username=APP_ROLE, password=None).render_as_string(False)


def as_admin(url: str) -> str:
    """`url` with the admin's user and password (from `PATRONAGE_TEST_POSTGRES_URL`)."""
    admin = make_url(POSTGRES_ADMIN_URL)
    changed = make_url(url).set(username=admin.username, password=admin.password)
    return changed.render_as_string(False)


def sqlite_url(directory: Path) -> str:
    return f"sqlite+aiosqlite:///{directory / 'patronage-test.db'}"


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped afterwards; skipped (or failed in CI) if absent."""
    name = f"patronage_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        message = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {exc}"
        if IN_CI:
            pytest.fail(message + " (CI=true: the PostgreSQL suite is mandatory)")
        pytest.skip(message + " (set PATRONAGE_TEST_POSTGRES_URL or start PostgreSQL)")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            base, _, _ = POSTGRES_ADMIN_URL.rpartition("/")
            yield f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
