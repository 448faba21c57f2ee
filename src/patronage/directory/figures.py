"""What reports count of the directory: events by action, customers created per day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.dialect import dialect_name
from patronage.core.tenancy import MerchantId
from patronage.directory import audit_repository
from patronage.directory.models import SOURCES as SOURCES  # the sources reports break down by

# How many events of each of `actions` the brand had in [start, end) (0 included).
event_counts = audit_repository.count_events


async def creation_counts(
    session: AsyncSession, merchant_id: MerchantId, *, start: datetime, end: datetime, tz: str
) -> list[tuple[date, str, int]]:
    """Customers created in [start, end), as (local day in `tz`, source, count), sorted."""
    zone = ZoneInfo(tz)
    rows = await audit_repository.count_created(session, merchant_id, start=start, end=end, tz=tz)
    totals: dict[tuple[date, str], int] = {}
    for bucket, source, count in rows:
        day = _local_day(bucket, zone, postgres=dialect_name(session) == "postgresql")
        totals[(day, source)] = totals.get((day, source), 0) + count
    return sorted((day, source, count) for (day, source), count in totals.items())


def _local_day(bucket: Any, zone: ZoneInfo, *, postgres: bool) -> date:
    if postgres:
        return bucket if isinstance(bucket, date) else date.fromisoformat(str(bucket))
    instant = datetime.strptime(str(bucket), "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    return instant.astimezone(zone).date()
