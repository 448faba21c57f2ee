"""`INSERT … ON CONFLICT` for whichever database the session talks to."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.dialect import dialect_name


def insert_for(session: AsyncSession, table: Any) -> Any:
    """A dialect-specific insert (it has `on_conflict_do_nothing/_update`)."""
    if dialect_name(session) == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
