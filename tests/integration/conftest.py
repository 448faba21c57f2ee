"""Integration fixtures: every test runs against the real app on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import event

from patronage.app import configure_process, create_app
from patronage.core import migrate
from patronage.core.columns import scoped_table_names
from patronage.core.db import Database
from patronage.core.settings import Settings
from tests.databases import as_admin, as_app, postgres_database, sqlite_url
from tests.factories import Brand, create_brand, create_customer
from tests.factories.orders import open_order
from tests.servers import SmtpRecorder, smtp_server


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres_only` run on PostgreSQL only (not reported as skipped on SQLite)."""
    dropped = [
        item
        for item in items
        if item.get_closest_marker("postgres_only")
        and getattr(item, "callspec", None) is not None
        and item.callspec.params.get("database_url") == "sqlite"
    ]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item not in dropped]


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A migrated database for the whole run, one per backend."""
    if request.param == "sqlite":
        url = sqlite_url(tmp_path_factory.mktemp("sqlite"))
        asyncio.run(migrate.upgrade(make_settings(url)))
        yield url
        return
    with postgres_database() as admin_url:
        url = as_app(admin_url)
        asyncio.run(migrate.upgrade(make_settings(url)))
        yield url


@pytest.fixture
def smtp() -> Iterator[SmtpRecorder]:
    """A local SMTP server that keeps what it receives."""
    with smtp_server() as recorder:
        yield recorder


METRICS_TOKEN = "test-metrics-token"
METRICS_AUTH = {"Authorization": f"Bearer {METRICS_TOKEN}"}


def make_settings(database_url: str, **overrides: object) -> Settings:
    """Settings for tests: fast password hashing, generous throttles unless overridden."""
    values: dict[str, object] = {
        "env": "test",
        "metrics_token": METRICS_TOKEN,
        "database_url": database_url,
        "argon2_time_cost": 1,
        "argon2_memory_cost_kib": 1024,
        "database_pool_size": 5,
        "log_level": "WARNING",
        # A throttled sign-in stays throttled for the length of any test that checks it.
        "sign_in_first_delay_s": 60,
    }
    if database_url.startswith("postgresql"):
        values["database_admin_url"] = as_admin(database_url)
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
def backend(database_url: str) -> str:
    return "postgresql" if database_url.startswith("postgresql") else "sqlite"


# Apps this process built and that serve nobody now, by their settings. FastAPI builds a
# route's state on an app's first requests, the better part of a short test's time; a test
# takes an app built before for equal settings (its own Settings object, equal in every
# value), and starts it afresh all the same. An app a test changed (a route, a handler, a
# middleware, state or settings of its own) is not reused.
_IDLE_APPS: dict[str, list[FastAPI]] = defaultdict(list)


def _shape(application: FastAPI) -> tuple[object, ...]:
    return (
        [id(route) for route in application.router.routes],
        [id(middleware) for middleware in application.user_middleware],
        dict(application.exception_handlers),
        dict(application.dependency_overrides),
        set(application.state._state),
    )


def _settings_key(settings: Settings) -> str:
    values = settings.model_dump()
    return repr(
        sorted(
            (name, value.get_secret_value() if isinstance(value, SecretStr) else value)
            for name, value in values.items()
        )
    )


@asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[FastAPI]:
    """The app made from `settings`, started (its lifespan entered: a new database engine,
    its own in-process worker) for the block."""
    key = _settings_key(settings)
    idle = _IDLE_APPS[key]
    if idle:
        application = idle.pop()
        application.openapi_schema = None
        configure_process(settings)
    else:
        application = create_app(settings)
    async with application.router.lifespan_context(application):
        shape = _shape(application)
        yield application
    if _shape(application) == shape and _settings_key(application.state.settings) == key:
        idle.append(application)


@asynccontextmanager
async def http_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client that calls `app` in process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://patronage.test") as c:
        yield c


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    async with serving(settings) as application:
        _refuse_unscoped_queries(application.state.db)
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(app) as c:
        yield c


@pytest.fixture
def db(app: FastAPI) -> Database:
    return app.state.db  # type: ignore[no-any-return]


@pytest.fixture
async def brand(client: httpx.AsyncClient, db: Database) -> Brand:
    """A brand with a signed-in owner and cashier."""
    return await create_brand(client, db)


@pytest.fixture
async def other_brand(client: httpx.AsyncClient, db: Database, brand: Brand) -> Brand:
    """A second brand, with an owner and a cashier of its own, made after `brand`."""
    return await create_brand(client, db)


@pytest.fixture
async def customer(client: httpx.AsyncClient, brand: Brand) -> dict[str, Any]:
    """A customer of `brand`, "Nguyễn Thị Đào", with a fresh phone and email."""
    return await create_customer(client, brand)


@pytest.fixture
async def order(client: httpx.AsyncClient, brand: Brand) -> dict[str, Any]:
    """An open order of `brand`, coffee and bread, without a customer."""
    return await open_order(client, brand)


class UnscopedQuery(AssertionError):
    pass


# A user's own memberships are read before a brand is chosen, and a signed-in customer
# reads their own profiles across brands (RLS policy `own_rows` on both).
_ALLOWED_UNSCOPED = [
    re.compile(r"where memberships\.user_id = "),
    re.compile(r"where customers\.user_id = \S+ and customers\.deleted_at is null"),
    # An invitee (of no brand yet) finds their invitation by id (RLS policy `invitee`).
    re.compile(r"from staff_invitations where staff_invitations\.id = \S+$"),
    # The scrape of `/metrics` counts every brand's overdue data requests, as the worker
    # (RLS policy `worker_reads`).
    re.compile(r"^select count\(\*\) as count_1 from data_requests where data_requests\.status in"),
    # The worker claims the oldest waiting import job of any brand (RLS: the worker policy).
    re.compile(r"^update import_jobs set status=\S+, attempts=\(import_jobs\.attempts \+"),
]


def _refuse_unscoped_queries(database: Database) -> None:
    """Fail any statement that reads or changes a merchant-scoped table without its filter."""
    tables = scoped_table_names()

    @event.listens_for(database.engine.sync_engine, "before_cursor_execute")
    def _check(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        check_statement_is_scoped(statement, tables)


def check_statement_is_scoped(statement: str, tables: set[str]) -> None:
    """A statement naming a scoped table must compare that table's merchant_id."""
    sql = " ".join(statement.lower().split())
    if not sql.startswith(("select", "update", "delete", "with")):
        return
    if any(p.search(sql) for p in _ALLOWED_UNSCOPED):
        return
    for table in tables:
        pattern = rf"\b(?:from|join|update)\s+{table}\b(?:\s+(?:as\s+)?(\w+))?"
        for match in re.finditer(pattern, sql):
            alias = match.group(1)
            name = alias if alias and alias not in _KEYWORDS else table
            if not re.search(rf"\b{name}\.merchant_id\s*(?:=|in\b|\)\s*in\b)", sql):
                raise UnscopedQuery(f"query of {table} without a merchant filter: {statement}")


_KEYWORDS = {
    "where",
    "join",
    "on",
    "left",
    "inner",
    "outer",
    "order",
    "group",
    "limit",
    "set",
    "for",
}
