"""Serialising work on a key until the transaction ends, on PostgreSQL and SQLite alike."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.dialect import dialect_name

_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
# A write that changes nothing: on SQLite it still takes the database's write lock.
_SQLITE_WRITE_LOCK = text("UPDATE alembic_version SET version_num = version_num WHERE 0")


async def serialise(session: AsyncSession, *keys: str) -> None:
    """Hold a lock on each key, in the order given, until the transaction ends: whatever is
    counted or checked afterwards under these keys stays exact under parallel requests.

    Callers that lock several keys must always lock them in the same order of kinds
    (e.g. a destination before a client address) so two transactions never wait on each other.
    """
    if dialect_name(session) == "postgresql":
        for key in keys:
            await session.execute(_ADVISORY_LOCK, {"key": key})
        return
    # SQLite has one writer: holding the write lock serialises every key at once, and the
    # reads that follow see everything that committed before.
    await session.execute(_SQLITE_WRITE_LOCK)
