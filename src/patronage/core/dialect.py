"""Which database a session talks to."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


def dialect_name(session: AsyncSession) -> str:
    """`postgresql` or `sqlite`."""
    return session.get_bind().dialect.name


async def plan_with_values(session: AsyncSession) -> None:
    """Until the transaction ends, plan each statement for its values (PostgreSQL).

    App connections use generic plans (`db.postgres_options`), right for the hot paths. A bulk
    step is different: a generic plan of `value = ANY($1)` cannot hash a 2,000-value array and
    compares every row with each value, and while a brand is being loaded its statistics lag
    behind. Planned with the values, the same statement takes milliseconds.
    """
    if dialect_name(session) == "postgresql":
        await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
