"""Schema upgrades with Alembic over the admin connection, and the app's login role.

On PostgreSQL the app logs in as its own role (the user of `PATRONAGE_DATABASE_URL`):
no superuser, no BYPASSRLS, owner of nothing, so row-level security binds it. The
upgrade runs over `PATRONAGE_DATABASE_ADMIN_URL` (the tables' owner), creates that login
role if it is missing (with the URL's password, if any) and grants it the rows only.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from patronage.core.db import Database, postgres_settings
from patronage.core.settings import Settings, to_async_url

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


async def upgrade(settings: Settings, *, admin_url: str | None = None) -> None:
    """Bring the database to the newest schema; safe to run again."""
    database = Database(settings, url=admin_url or settings.migration_database_url)
    try:
        async with database.engine.begin() as conn:
            role = await _app_login_role(conn, settings)
            if role:
                await _ensure_login_role(conn, role, _password(settings))
            await conn.run_sync(_upgrade_to_head)
            if role:
                await _grant_rows(conn, role)
                await _set_role_defaults(conn, role, postgres_settings(settings))
    finally:
        await database.dispose()


def _upgrade_to_head(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


async def _app_login_role(conn: AsyncConnection, settings: Settings) -> str | None:
    """The app's role, when it is not the admin itself (one-role set-ups grant nothing)."""
    if conn.dialect.name != "postgresql":
        return None
    role = settings.database_app_role
    admin = await conn.scalar(text("SELECT current_user"))
    return role if role and role != admin else None


def _password(settings: Settings) -> str | None:
    return make_url(to_async_url(settings.database_url)).password


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


_SAFE = "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION"


async def _ensure_login_role(conn: AsyncConnection, role: str, password: str | None) -> None:
    # Roles belong to the whole cluster: parallel upgrades of other databases may create
    # or change the same role at the same moment, so a collision is simply retried.
    name = '"' + role.replace('"', '""') + '"'
    secret = f" PASSWORD {_quoted(password)}" if password else ""
    statement = text(
        "DO $$ BEGIN "
        f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {_quoted(role)}) THEN "
        f"CREATE ROLE {name} {_SAFE}{secret}; "
        f"ELSIF EXISTS (SELECT FROM pg_roles WHERE rolname = {_quoted(role)} AND rolsuper) THEN "
        f"RAISE EXCEPTION 'the app role % is a superuser: give the app its own login role', "
        f"{_quoted(role)}; "
        f"ELSIF EXISTS (SELECT FROM pg_roles WHERE rolname = {_quoted(role)} AND (NOT rolcanlogin"
        " OR rolbypassrls OR rolcreatedb OR rolcreaterole OR rolreplication)) "
        f"OR {'true' if password else 'false'} THEN "
        f"ALTER ROLE {name} {_SAFE}{secret}; "
        "END IF; END $$"
    )
    for attempt in range(5):
        try:
            async with conn.begin_nested():
                await conn.execute(statement)
            return
        except DBAPIError as exc:
            if "superuser" in str(exc.orig) or attempt == 4:
                # Not `exc` itself: its text holds the statement, and so the password.
                raise RuntimeError(f"could not set up the app role {role!r}: {exc.orig}") from None
            await asyncio.sleep(0.2 * (attempt + 1))


async def _set_role_defaults(conn: AsyncConnection, role: str, values: dict[str, str]) -> None:
    # What the app's connections start with when nothing is sent at connect time (behind a
    # transaction pooler, which refuses startup options); in this database only.
    for name, value in values.items():
        await conn.execute(
            text(
                "DO $$ BEGIN EXECUTE format('ALTER ROLE %I IN DATABASE %I SET %I = %L', "
                f"{_quoted(role)}, current_database(), {_quoted(name)}, {_quoted(value)}); END $$"
            )
        )


async def _grant_rows(conn: AsyncConnection, role: str) -> None:
    name = '"' + role.replace('"', '""') + '"'
    for statement in (
        f"GRANT USAGE ON SCHEMA public TO {name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}",
        f"REVOKE ALL ON alembic_version FROM {name}",
    ):
        await conn.execute(text(statement))
