"""`/metrics` counts customers created by source and import rows by outcome, once committed;
no label carries personal data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from prometheus_client import REGISTRY

from patronage.core.db import Database
from patronage.directory import import_file, importing
from tests.factories import Brand, acting_for, create_customer, unique_email, vn_phone

CREATED = "patronage_customers_created_total"
IMPORT_ROWS = "patronage_import_rows_total"


def _counter(name: str, **labels: str) -> Callable[[], float]:
    return lambda: REGISTRY.get_sample_value(name, labels) or 0.0


async def test_a_customer_created_is_counted_by_its_source_and_a_refused_one_is_not(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]
) -> None:
    api, checkout = _counter(CREATED, source="api"), _counter(CREATED, source="checkout")
    before = api(), checkout()

    await create_customer(client, brand, source="checkout")
    taken = await client.post(
        "/api/v1/customers",
        json={
            "name": "Trùng Số",
            "phones": [customer["phones"][0]["number"]],
            "emails": [unique_email()],
        },
        headers=brand.cashier,
    )

    assert taken.status_code == 409
    assert (api(), checkout()) == (before[0], before[1] + 1)


async def test_an_import_counts_its_rows_by_outcome_and_a_dry_run_counts_nothing(
    db: Database, brand: Brand, customer: dict[str, Any], tmp_path: Path
) -> None:
    outcomes = {o: _counter(IMPORT_ROWS, outcome=o) for o in ("created", "matched", "rejected")}
    imported = _counter(CREATED, source="import")
    path = tmp_path / "in.csv"
    path.write_text(
        "name,phones,emails\n"
        f"Mới,{vn_phone()},{unique_email()}\n"
        f"Cũ,{customer['phones'][0]['number']},{customer['emails'][0]['address']}\n"
        f"Sai,12,{unique_email()}\n",
        encoding="utf-8",
    )
    rows = list(import_file.rows(path, import_file.read_layout(path)))
    before = {o: read() for o, read in outcomes.items()}, imported()

    async with acting_for(db, brand) as (session, merchant_id):
        await importing.import_batch(
            session, merchant_id, rows, options=importing.Options(dry_run=True)
        )
    assert ({o: read() for o, read in outcomes.items()}, imported()) == before

    async with acting_for(db, brand) as (session, merchant_id):
        await importing.import_batch(session, merchant_id, rows)
    after = {o: read() - before[0][o] for o, read in outcomes.items()}
    assert after == {"created": 1, "matched": 1, "rejected": 1}
    assert imported() == before[1] + 1
