"""Prometheus counters of the directory's stewardship: customers created, import rows,
erasures.

Counted once the work is committed (`core.db.after_commit`); labels carry no personal data.
"""

from __future__ import annotations

from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.db import after_commit

CUSTOMERS_CREATED = Counter(
    "patronage_customers_created_total",
    "Customers created, by source: checkout, api, web, import (all brands)",
    ["source"],
)
IMPORT_ROWS = Counter(
    "patronage_import_rows_total",
    "Rows of customer imports, by outcome: created, matched (an existing customer), rejected",
    ["outcome"],
)

CUSTOMERS_ERASED = Counter(
    "patronage_customer_erasures_total",
    "Customer profiles whose personal data was erased (all brands)",
)


def customer_erased(session: AsyncSession) -> None:
    """Count one erasure once `session`'s work is committed."""
    after_commit(session, CUSTOMERS_ERASED.inc)


def customers_created(session: AsyncSession, source: str, count: int = 1) -> None:
    """Count `count` customers from `source` once `session`'s work is committed."""
    if count:
        after_commit(session, lambda: count_created(source, count))


def count_created(source: str, count: int = 1) -> None:
    """Count `count` customers from `source`, committed already (a hot path's trip)."""
    CUSTOMERS_CREATED.labels(source).inc(count)


def import_rows(session: AsyncSession, *, created: int, matched: int, rejected: int) -> None:
    """Count an import batch's rows once `session`'s work is committed."""

    def count() -> None:
        for outcome, rows in (("created", created), ("matched", matched), ("rejected", rejected)):
            if rows:
                IMPORT_ROWS.labels(outcome).inc(rows)

    after_commit(session, count)
