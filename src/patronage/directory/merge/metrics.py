"""Prometheus counter of merges: counted once the work is committed; no personal data."""

from __future__ import annotations

from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.db import after_commit

CUSTOMER_MERGES = Counter(
    "patronage_customer_merges_total",
    "Merges of duplicate customer profiles, by outcome: merged, undone (all brands)",
    ["outcome"],
)


def merges(session: AsyncSession, outcome: str) -> None:
    """Count one merge `outcome` (`merged`, `undone`) once `session`'s work is committed."""
    after_commit(session, lambda: CUSTOMER_MERGES.labels(outcome).inc())
