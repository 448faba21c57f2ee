"""Schema upgrades with Alembic, plus the PostgreSQL role the application acts as."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection

from patronage.core.db import Database
from patronage.core.settings import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


async def upgrade(settings: Settings) -> None:
    """Bring the database to the newest schema; safe to run again."""
    database = Database(settings, as_app_role=False)
    try:
        async with database.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                await _ensure_app_role(conn, settings.database_app_role)
            await conn.run_sync(_upgrade_to_head)
            if conn.dialect.name == "postgresql":
                await _grant_app_role(conn, settings.database_app_role)
    finally:
        await database.dispose()


def _upgrade_to_head(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


async def _ensure_app_role(conn: AsyncConnection, role: str) -> None:
    # NOLOGIN, not a superuser, no BYPASSRLS: the operator's login role switches to it.
    await conn.execute(
        text(
            "DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
            f'CREATE ROLE "{role}" NOLOGIN NOSUPERUSER NOBYPASSRLS; '
            "END IF; END $$"
        )
    )
    await conn.execute(text(f'GRANT "{role}" TO CURRENT_USER'))


async def _grant_app_role(conn: AsyncConnection, role: str) -> None:
    for statement in (
        f'GRANT USAGE ON SCHEMA public TO "{role}"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"',
        f'REVOKE ALL ON alembic_version FROM "{role}"',
    ):
        await conn.execute(text(statement))
