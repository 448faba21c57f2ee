"""Counting what a piece of work sends to the database: the one harness every test uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from patronage.core.db import Database

# What binds a transaction to its brand or opens it: not the work being counted.
BINDING = ("select set_config", "begin")


@contextmanager
def recorded(db: Database, *, ignoring: tuple[str, ...] = ()) -> Iterator[list[str]]:
    """Every statement sent inside the block, but those starting (lower case) with `ignoring`."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().lower().startswith(ignoring or ("\0",)):
            statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)
