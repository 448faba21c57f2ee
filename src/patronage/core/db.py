"""The async engine, sessions, and the unit of work owned by each edge."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from patronage.core.dialect import dialect_name
from patronage.core.errors import AppError
from patronage.core.settings import Settings, to_async_url

log = logging.getLogger("patronage.db")


class PrivilegedRoleError(RuntimeError):
    """The app logged in to PostgreSQL as a role that could escape row-level security."""


def make_engine(settings: Settings, *, url: str | None = None) -> AsyncEngine:
    """An engine for `url` (default: the app's database, as its login role).

    Its errors never carry the statement's parameters (`hide_parameters`): they are logged
    when the database fails under a request, and parameters hold phones, emails and digests.
    """
    url = to_async_url(url or settings.database_url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return _postgres_engine(settings, url)


def _sqlite_engine(url: str) -> AsyncEngine:
    path = url.split(":///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": 15}, hide_parameters=True)

    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_conn: DBAPIConnection, _: ConnectionPoolEntry) -> None:
        cursor = dbapi_conn.cursor()
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            "synchronous=FULL",
            "busy_timeout=15000",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    return engine


def postgres_settings(settings: Settings) -> dict[str, str]:
    """The server settings every application connection works with.

    Generic plans: psycopg prepares a statement on its fifth run, and from then on
    PostgreSQL would still plan it anew for every run whose custom plan it estimates
    cheaper — for a lookup over row-level-secured tables, 1–4 ms of planning for well
    under 1 ms of work. Every hot statement is a btree range or key lookup whose best
    plan does not depend on the values, so plan once per connection.
    """
    return {
        "statement_timeout": str(settings.database_statement_timeout_ms),
        "timezone": "UTC",
        "plan_cache_mode": "force_generic_plan",
    }


def postgres_options(settings: Settings) -> str:
    """`postgres_settings` as libpq's `options` startup parameter."""
    return " ".join(f"-c {name}={value}" for name, value in postgres_settings(settings).items())


def _connect_args(settings: Settings) -> dict[str, Any]:
    args: dict[str, Any] = {"connect_timeout": settings.database_connect_timeout_s}
    if settings.database_transaction_pooler:
        # A transaction pooler hands each transaction whichever server connection is free:
        # a statement prepared on one is unknown on the next (PgBouncer before 1.21), and it
        # refuses startup options. The app role's defaults, set by `db upgrade`, carry the
        # settings instead; every statement is planned as it runs.
        args["prepare_threshold"] = None
    else:
        args["options"] = postgres_options(settings)
    return args


def _postgres_engine(settings: Settings, url: str) -> AsyncEngine:
    engine = create_async_engine(
        url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_pool_size,
        pool_recycle=1800,
        # The connection used last is the one handed out next: it has just proved alive (no
        # ping), and the ones kept for peaks are left idle, not woken in turn.
        pool_use_lifo=True,
        connect_args=_connect_args(settings),
        hide_parameters=True,
    )
    _ping_after_idle(engine, settings.database_ping_after_idle_s)
    return engine


def _ping_after_idle(engine: AsyncEngine, idle_s: float) -> None:
    # A connection that has sat in the pool may have been closed under it (a database
    # restart, a proxy's idle timeout): ping it before use. One in steady use has just
    # proved alive, and a ping per checkout would be a round trip on every request.
    @event.listens_for(engine.sync_engine, "checkin")
    def _checked_in(_: DBAPIConnection, record: ConnectionPoolEntry) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _checked_out(dbapi_conn: DBAPIConnection, record: ConnectionPoolEntry, _: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < idle_s:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:
            # The pool drops this connection and checks out another (a fresh one if needed).
            raise DisconnectionError(str(exc)) from exc


# What would let the login role step out of row-level security: being a superuser,
# having BYPASSRLS, or being (or being able to become) a superuser or a table's owner.
_ESCAPES = text(
    "SELECT r.rolsuper OR r.rolbypassrls"
    " OR EXISTS (SELECT 1 FROM pg_roles s WHERE (s.rolsuper OR s.rolbypassrls)"
    "   AND s.oid <> r.oid AND pg_has_role(r.oid, s.oid, 'MEMBER'))"
    " OR EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"
    "   AND c.relkind IN ('r', 'p') AND pg_has_role(r.oid, c.relowner, 'MEMBER'))"
    " FROM pg_roles r WHERE r.rolname = current_user"
)


_AFTER_ROLLBACK = "uow.after_rollback"
_AFTER_COMMIT = "uow.after_commit"


def after_commit(session: AsyncSession, callback: Callable[[], None]) -> None:
    """Run `callback` once the unit of work owning `session` has committed its work (e.g.
    to count in a metric what is now true); never when it rolls back."""
    session.info.setdefault(_AFTER_COMMIT, []).append(callback)


def _run_after_commit(session: AsyncSession) -> None:
    for callback in session.info.pop(_AFTER_COMMIT, []):
        callback()


def after_rollback(session: AsyncSession, callback: Callable[[], Awaitable[None]]) -> None:
    """Run `callback` once the unit of work owning `session` has rolled back its work (e.g.
    to release a claim that was committed in a transaction of its own)."""
    session.info.setdefault(_AFTER_ROLLBACK, []).append(callback)


async def _run_after_rollback(session: AsyncSession) -> None:
    for callback in session.info.pop(_AFTER_ROLLBACK, []):
        try:
            await callback()
        except Exception:
            # The error that caused the rollback is the one to answer with.
            log.warning("a step after a rollback failed", exc_info=True)


@asynccontextmanager
async def savepoint(session: AsyncSession) -> AsyncIterator[None]:
    """One step of the unit of work undone on its own when it raises (a SAVEPOINT), so the
    edge can still answer in the same unit of work (a web form shown again with the reason).
    An error that asks to keep its work (`AppError.keep_work`, a counted wrong guess) keeps
    it. The error goes on to the caller."""
    await _write_first_on_sqlite(session)
    nested = await session.begin_nested()
    try:
        yield
    except BaseException as exc:
        if isinstance(exc, AppError) and exc.keep_work:
            await nested.commit()
        else:
            await nested.rollback()
        raise
    await nested.commit()


async def _write_first_on_sqlite(session: AsyncSession) -> None:
    # SQLite begins a transaction lazily at the first write, but a SAVEPOINT begins it at
    # once: its reads would then take a snapshot, and a write after another connection's
    # commit fails at once ("database is locked") instead of waiting. Take the write lock
    # first, as the lazy transaction would have.
    if dialect_name(session) != "sqlite":
        return
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    if not raw.driver_connection.in_transaction:  # type: ignore[union-attr]
        await connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """Engine plus session factory; one per process."""

    def __init__(self, settings: Settings, *, url: str | None = None) -> None:
        self.settings = settings
        self.engine = make_engine(settings, url=url)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed on success and rolled back on any error,
        except an error that asks to keep it (`AppError.keep_work`): that work is committed,
        then the error goes on. The one place that commits or rolls back."""
        async with self.sessionmaker() as session:
            try:
                yield session
                await session.commit()
            except BaseException as exc:
                if isinstance(exc, AppError) and exc.keep_work:
                    await session.commit()
                    _run_after_commit(session)
                    raise
                session.info.pop(_AFTER_COMMIT, None)
                await session.rollback()
                await _run_after_rollback(session)
                raise
            _run_after_commit(session)

    async def ping(self) -> bool:
        """True when the database answers a trivial query."""
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def refuse_privileged_role(self) -> None:
        """On PostgreSQL, raise `PrivilegedRoleError` when the login role could escape
        row-level security; a database not reachable yet is left to `/readyz`."""
        if self.engine.dialect.name != "postgresql":
            return
        try:
            async with self.engine.connect() as conn:
                escapes = await conn.scalar(_ESCAPES)
        except OperationalError:
            log.warning("database not reachable at start-up; role not checked yet")
            return
        if escapes:
            raise PrivilegedRoleError(
                f"the app logs in to PostgreSQL as {self.settings.database_app_role!r}, a "
                "superuser, a table owner or a role that bypasses row-level security: set "
                "PATRONAGE_DATABASE_URL to the app's login role and PATRONAGE_DATABASE_ADMIN_URL "
                "to the owner (see the README's production set-up)"
            )

    async def dispose(self) -> None:
        await self.engine.dispose()
