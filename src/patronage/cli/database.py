"""`patronage db …`: schema management."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from patronage.core import migrate
from patronage.core.settings import get_settings

app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(
    admin_url: Annotated[
        str | None,
        typer.Option(
            help="The owner's connection for the migrations (default: "
            "PATRONAGE_DATABASE_ADMIN_URL, else PATRONAGE_DATABASE_URL).",
            envvar="PATRONAGE_DATABASE_ADMIN_URL",
            show_envvar=False,
        ),
    ] = None,
) -> None:
    """Create or upgrade the schema to the newest version (safe to run again); on
    PostgreSQL also create the app's login role and grant it the rows."""
    settings = get_settings()
    asyncio.run(migrate.upgrade(settings, admin_url=admin_url))
    typer.echo("database is up to date", err=True)
