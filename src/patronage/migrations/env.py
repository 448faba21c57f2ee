"""Alembic environment: runs on the connection handed over by `patronage.core.migrate`."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from patronage.models import Base

config = context.config
connection: Connection | None = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `patronage db upgrade`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
