"""The naive design many POS systems ship: `ILIKE '%q%'` over name, phone and email.

Its table holds the same customers as the application's, in a schema of its own, with
nothing but a primary key: no folded name, no phone forms, no lookup index.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, MetaData, String, Table, Uuid

SCHEMA = "naive"

metadata = MetaData(schema=SCHEMA)
customers = Table(
    "customers",
    metadata,
    Column("merchant_id", Uuid, primary_key=True),
    Column("id", Uuid, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("phone", String(32), nullable=False),
    Column("email", String(254)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

QUERY = (
    "SELECT id, name, phone, email FROM naive.customers"
    " WHERE merchant_id = %(merchant_id)s"
    " AND (name ILIKE %(pattern)s OR phone ILIKE %(pattern)s OR email ILIKE %(pattern)s)"
    " ORDER BY name LIMIT %(limit)s"
)


def pattern(typed: str) -> str:
    """What the naive design searches for: the text as typed, anywhere in the field."""
    escaped = typed.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
