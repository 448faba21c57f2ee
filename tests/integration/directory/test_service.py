"""The customer service functions other features call (orders, promotion, reports)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text, update

from patronage.core.db import Database
from patronage.core.errors import AppError
from patronage.core.settings import Settings
from patronage.directory import audit as customer_audit
from patronage.directory import figures as customer_figures
from patronage.directory import service as customer_service
from patronage.directory.models import Customer
from tests.factories import Brand, acting_for, create_customer
from tests.integration.statements import BINDING, recorded


async def test_get_customer_loads_contacts_and_can_refuse_deleted_ones(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    created = await create_customer(client, brand)
    await client.delete(f"/api/v1/customers/{created['id']}", headers=brand.owner)
    async with acting_for(db, brand) as (session, merchant_id):
        customer = await customer_service.get_customer(
            session, merchant_id, uuid.UUID(created["id"])
        )
        assert customer.primary_phone is not None
        with pytest.raises(AppError) as raised:
            await customer_service.get_customer(
                session, merchant_id, customer.id, include_deleted=False
            )
    assert raised.value.code == "customer.not_found"


async def test_summaries_take_one_query_whatever_the_number_of_ids(
    client: httpx.AsyncClient, db: Database, brand: Brand, other_brand: Brand
) -> None:
    mine = [await create_customer(client, brand, name=f"Khách {i}") for i in range(5)]
    foreign = await create_customer(client, other_brand)
    ids = [uuid.UUID(c["id"]) for c in [*mine, foreign]] + [uuid.uuid4()]
    async with acting_for(db, brand) as (session, merchant_id):
        with recorded(db, ignoring=BINDING) as statements:
            found = await customer_service.summaries(session, merchant_id, ids)
    assert len(statements) == 1
    assert set(found) == {uuid.UUID(c["id"]) for c in mine}
    first = found[uuid.UUID(mine[0]["id"])]
    assert first.phone == mine[0]["phones"][0]["number"]
    assert first.phone_display == mine[0]["phones"][0]["display"]
    assert first.email == mine[0]["emails"][0]["address"]
    assert (first.account_status, first.deleted_at) == ("captured", None)


async def test_set_account_links_a_user_and_records_an_event(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    created = await create_customer(client, brand)
    user_id = uuid.UUID(created["user_id"])
    async with acting_for(db, brand) as (session, merchant_id):
        customer = await customer_service.set_account(
            session,
            merchant_id,
            uuid.UUID(created["id"]),
            user_id=user_id,
            account_status="active",
            actor_id=None,
        )
        assert (customer.account_status, customer.version) == ("active", 2)
    events = await client.get(f"/api/v1/customers/{created['id']}/events", headers=brand.cashier)
    latest = events.json()["items"][0]
    assert latest["action"] == "customer.account_changed"
    assert latest["changes"] == {"account_status": {"old": "captured", "new": "active"}}


async def test_event_counts_count_actions_within_the_window(
    client: httpx.AsyncClient, db: Database, brand: Brand, customer: dict[str, Any]
) -> None:
    customer_id = uuid.UUID(customer["id"])
    async with acting_for(db, brand) as (session, merchant_id):
        for action in ("promotion.started", "promotion.started", "promotion.succeeded"):
            await customer_audit.record_event(
                session, merchant_id, customer_id, actor_id=None, action=action, changes={}
            )
    now = datetime.now(UTC)
    async with acting_for(db, brand) as (session, merchant_id):
        counts = await customer_figures.event_counts(
            session,
            merchant_id,
            actions=["promotion.started", "promotion.succeeded", "promotion.failed"],
            start=now - timedelta(hours=1),
            end=now + timedelta(hours=1),
        )
        earlier = await customer_figures.event_counts(
            session,
            merchant_id,
            actions=["promotion.started"],
            start=now - timedelta(days=2),
            end=now - timedelta(days=1),
        )
    assert counts == {"promotion.started": 2, "promotion.succeeded": 1, "promotion.failed": 0}
    assert earlier == {"promotion.started": 0}


async def test_creation_counts_group_by_local_day_and_source(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    late_evening = await create_customer(client, brand, source="api")
    after_midnight = await create_customer(client, brand, source="checkout")
    also_after = await create_customer(client, brand, source="checkout")
    moves = {
        late_evening["id"]: datetime(2026, 3, 1, 16, 30, tzinfo=UTC),  # 23:30 in Hồ Chí Minh
        after_midnight["id"]: datetime(2026, 3, 1, 17, 30, tzinfo=UTC),  # 00:30 next day
        also_after["id"]: datetime(2026, 3, 2, 1, 5, tzinfo=UTC),
    }
    async with acting_for(db, brand) as (session, merchant_id):
        for customer_id, instant in moves.items():
            await session.execute(
                update(Customer)
                .where(Customer.merchant_id == merchant_id, Customer.id == uuid.UUID(customer_id))
                .values(created_at=instant)
            )
    async with acting_for(db, brand) as (session, merchant_id):
        counts = await customer_figures.creation_counts(
            session,
            merchant_id,
            start=datetime(2026, 2, 28, 17, 0, tzinfo=UTC),
            end=datetime(2026, 3, 3, 17, 0, tzinfo=UTC),
            tz="Asia/Ho_Chi_Minh",
        )
    assert counts == [(date(2026, 3, 1), "api", 1), (date(2026, 3, 2), "checkout", 2)]


@pytest.mark.postgres_only
async def test_row_level_security_hides_every_customer_table_from_an_unbound_transaction(
    client: httpx.AsyncClient, brand: Brand, settings: Settings
) -> None:
    await create_customer(client, brand)
    unchecked = Database(settings)
    try:
        async with unchecked.unit_of_work() as session:
            counts = {
                table: await session.scalar(text(f"SELECT count(*) FROM {table}"))
                for table in (
                    "customers",
                    "customer_contacts",
                    "customer_name_terms",
                    "customer_events",
                    "idempotency_keys",
                )
            }
    finally:
        await unchecked.dispose()
    assert set(counts.values()) == {0}
