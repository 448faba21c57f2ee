"""Brand isolation in the data layer: repositories filter, PostgreSQL RLS is the net beneath."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from patronage.core import tenancy
from patronage.core.columns import scoped_table_names
from patronage.core.db import Database
from patronage.core.settings import Settings
from tests.factories import Brand, create_brand
from tests.integration.conftest import UnscopedQuery, check_statement_is_scoped


@pytest.fixture
async def unchecked_db(settings: Settings) -> AsyncIterator[Database]:
    """The app's database role, without the test-time scope check: RLS alone guards it."""
    database = Database(settings)
    yield database
    await database.dispose()


async def test_a_token_of_brand_a_cannot_list_brand_b_staff(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    listed = await client.get("/api/v1/staff", headers=brand.owner)
    assert other_brand.owner_email not in {m["email"] for m in listed.json()["items"]}


def test_the_scope_check_refuses_a_query_without_merchant_filter() -> None:
    with pytest.raises(UnscopedQuery):
        check_statement_is_scoped(
            "SELECT customers.id, customers.merchant_id FROM customers WHERE customers.id = $1",
            scoped_table_names(),
        )
    check_statement_is_scoped(
        "SELECT customers.id FROM customers WHERE customers.merchant_id = $1 AND customers.id = $2",
        scoped_table_names(),
    )


@pytest.mark.postgres_only
async def test_the_app_role_is_neither_superuser_nor_rls_exempt(db: Database) -> None:
    async with db.unit_of_work() as session:
        row = (
            await session.execute(
                text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
            )
        ).one()
    assert tuple(row) == (False, False)


@pytest.mark.postgres_only
async def test_an_unscoped_query_sees_no_rows_of_any_brand(
    client: httpx.AsyncClient, db: Database, unchecked_db: Database
) -> None:
    await create_brand(client, db)
    async with unchecked_db.unit_of_work() as session:
        count = await session.scalar(text("SELECT count(*) FROM memberships"))
    assert count == 0


@pytest.mark.postgres_only
async def test_a_bound_transaction_sees_only_its_brand(
    client: httpx.AsyncClient, db: Database, unchecked_db: Database
) -> None:
    brand_a = await create_brand(client, db)
    await create_brand(client, db)
    async with unchecked_db.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=tenancy.trusted_merchant_id(brand_a.merchant_id))
        merchants = (
            await session.scalars(text("SELECT DISTINCT merchant_id FROM memberships"))
        ).all()
    assert merchants == [brand_a.merchant_id]


@pytest.mark.postgres_only
async def test_writing_a_row_for_another_brand_is_refused(
    client: httpx.AsyncClient, db: Database, brand: Brand, other_brand: Brand
) -> None:
    with pytest.raises(DBAPIError, match="row-level security"):
        async with db.unit_of_work() as session:
            await tenancy.bind(session, merchant_id=tenancy.trusted_merchant_id(brand.merchant_id))
            await session.execute(
                text(
                    "INSERT INTO idempotency_keys"
                    " (merchant_id, key, fingerprint, state, created_at)"
                    " VALUES (:m, 'k', 'f', 'running', now())"
                ),
                {"m": other_brand.merchant_id},
            )


@pytest.mark.postgres_only
async def test_a_pooled_connection_never_carries_a_merchant_into_the_next_transaction(
    settings: Settings,
) -> None:
    single = Database(settings.model_copy(update={"database_pool_size": 1}))
    try:
        merchant = tenancy.trusted_merchant_id(uuid.uuid4())
        async with single.unit_of_work() as session:
            await tenancy.bind(session, merchant_id=merchant)
            inside = await session.scalar(text("SELECT current_setting('app.merchant_id', true)"))
            first_pid = await session.scalar(text("SELECT pg_backend_pid()"))
        async with single.unit_of_work() as session:
            after = await session.scalar(text("SELECT current_setting('app.merchant_id', true)"))
            second_pid = await session.scalar(text("SELECT pg_backend_pid()"))
    finally:
        await single.dispose()
    assert inside == str(merchant)
    assert first_pid == second_pid
    assert after in ("", None)
