"""The `patronage` command line."""

from __future__ import annotations

import typer

from patronage.cli import customers, database, demo, merchant, serve, staff, worker
from patronage.cli.common import check_settings

app = typer.Typer(
    help="Patronage: brand-scoped customer profiles for point-of-sale merchants.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.callback()(check_settings)
app.add_typer(database.app, name="db")
app.add_typer(merchant.app, name="merchant")
app.add_typer(staff.app, name="staff")
app.add_typer(customers.app, name="customers")
app.command("serve")(serve.serve)
app.command("demo")(demo.demo)
app.command("worker")(worker.worker)


def main() -> None:
    app()
