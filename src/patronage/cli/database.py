"""`patronage db …`: schema management."""

from __future__ import annotations

import asyncio

import typer

from patronage.core import migrate
from patronage.core.settings import get_settings

app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Create or upgrade the schema to the newest version (safe to run again)."""
    settings = get_settings()
    asyncio.run(migrate.upgrade(settings))
    typer.echo("database is up to date", err=True)
