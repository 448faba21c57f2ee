"""Prometheus counters behind the PRD's monitoring: how many sales carry a customer."""

from __future__ import annotations

from prometheus_client import Counter

ORDERS_COMPLETED = Counter(
    "patronage_orders_completed_total",
    "Sale orders completed, by whether they carry a customer (all brands)",
    ["with_customer"],
)


def order_completed(*, with_customer: bool) -> None:
    """Count a completed order for the attachment rate."""
    ORDERS_COMPLETED.labels("true" if with_customer else "false").inc()
