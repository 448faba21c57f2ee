"""The benchmark loads the rows the application itself writes."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
from bench.people import person
from bench.rows import Brand, Row, customer_rows, order_rows
from sqlalchemy import select
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from patronage.core import tenancy
from patronage.core.columns import Base
from patronage.core.db import Database
from tests.factories import create_brand

# Columns that differ between any two writes of the same customer.
VOLATILE = {"merchant_id", "id", "customer_id", "user_id", "order_id", "created_at", "updated_at",
            "source", "created_by", "updated_by"}  # fmt: skip


async def stored_rows(db: Database, table: str, merchant_id: uuid.UUID, **where: Any) -> list[Row]:
    """The rows of `table` the application wrote, without their volatile columns."""
    source = Base.metadata.tables[table]
    query = select(source).where(source.c.merchant_id == merchant_id)
    for name, value in where.items():
        query = query.where(source.c[name] == value)
    async with db.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=tenancy.trusted_merchant_id(merchant_id))
        rows = (await session.execute(query)).mappings().all()
    return sorted((_stable(dict(r)) for r in rows), key=repr)


def generated_rows(table: str, rows: list[Row]) -> list[Row]:
    """Generated rows as the database holds them: model defaults filled in."""
    columns = Base.metadata.tables[table].columns
    filled = [
        {c.name: row[c.name] if c.name in row else _default(c.default) for c in columns}
        for row in rows
    ]
    return sorted((_stable(r) for r in filled), key=repr)


def _default(default: Any) -> Any:
    return default.arg if isinstance(default, ScalarElementColumnDefault) else None


def _stable(row: Row) -> Row:
    return {k: v for k, v in row.items() if k not in VOLATILE}


async def test_generated_customer_rows_equal_those_the_service_writes(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    someone = person(1234, random.Random(5))
    body = {
        "name": someone.name,
        "phones": list(someone.phones),
        "emails": list(someone.emails),
        "birthday": someone.birthday.isoformat() if someone.birthday else None,
        "locale": someone.locale,
    }
    response = await client.post("/api/v1/customers", json=body, headers=brand.cashier)
    assert response.status_code == 201, response.text
    customer_id = uuid.UUID(response.json()["id"])

    generated = customer_rows(someone, Brand(brand.merchant_id, "VN", "VND"), random.Random(1))
    mid = brand.merchant_id
    assert await stored_rows(db, "customers", mid, id=customer_id) == generated_rows(
        "customers", generated["customers"]
    )
    for table in ("customer_contacts", "customer_name_terms"):
        stored = await stored_rows(db, table, mid, customer_id=customer_id)
        assert stored == generated_rows(table, generated[table]), table


async def test_generated_order_rows_carry_the_totals_and_lines_the_service_computes(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db)
    created_at = datetime(2026, 1, 2, tzinfo=UTC)
    for seed in range(5):
        generated = order_rows(
            Brand(brand.merchant_id, "VN", "VND"), 1, created_at, None, random.Random(seed)
        )
        lines = [
            {k: line[k] for k in ("sku", "name", "quantity", "unit_price")}
            for line in generated["sale_order_lines"]
        ]
        response = await client.post("/api/v1/orders", json={"lines": lines}, headers=brand.cashier)
        assert response.status_code == 201, response.text
        order_id = uuid.UUID(response.json()["id"])

        [stored] = await stored_rows(db, "sale_orders", brand.merchant_id, id=order_id)
        [order] = generated["sale_orders"]
        assert {k: stored[k] for k in ("subtotal", "total", "currency")} == {
            k: order[k] for k in ("subtotal", "total", "currency")
        }
        stored_lines = await stored_rows(
            db, "sale_order_lines", brand.merchant_id, order_id=order_id
        )
        assert stored_lines == generated_rows("sale_order_lines", generated["sale_order_lines"])
