"""The app works through PgBouncer in transaction pooling: every transaction is bound to its
brand, and a server connection shared by two brands never carries one into the other."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url

from patronage.core.db import Database
from tests.databases import APP_ROLE
from tests.factories import Brand, create_brand, create_customer
from tests.integration.conftest import http_client, make_settings, serving
from tests.pgbouncer import pgbouncer

pytestmark = pytest.mark.postgres_only

# Fewer server connections than the app's pool: transactions of both brands share them.
SERVER_CONNECTIONS = 2


@pytest.fixture(scope="module")
def pooler_port() -> Iterator[int]:
    with pgbouncer(users=[APP_ROLE, "postgres"], pool_size=SERVER_CONNECTIONS) as port:
        yield port


@pytest.fixture
async def pooled_app(database_url: str, pooler_port: int) -> AsyncIterator[FastAPI]:
    url = make_url(database_url).set(host="127.0.0.1", port=pooler_port)
    settings = make_settings(
        url.render_as_string(False), database_transaction_pooler=True, database_pool_size=4
    )
    async with serving(settings) as application:
        yield application


@pytest.fixture
async def pooled(pooled_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(pooled_app) as client:
        yield client


async def _names_found(client: httpx.AsyncClient, brand: Brand) -> set[str]:
    response = await client.get("/api/v1/customers", params={"q": "nguyen"}, headers=brand.cashier)
    assert response.status_code == 200, response.text
    return {item["name"] for item in response.json()["items"]}


async def test_two_brands_sharing_server_connections_each_see_only_their_own(
    pooled: httpx.AsyncClient, pooled_app: FastAPI
) -> None:
    db: Database = pooled_app.state.db
    brand_a, brand_b = await create_brand(pooled, db), await create_brand(pooled, db)
    await create_customer(pooled, brand_a, name="Nguyễn Văn An")
    await create_customer(pooled, brand_b, name="Nguyễn Thị Bình")
    # Rounds of both brands at once, well past the fifth run of each statement on each
    # connection (where a driver would start preparing it).
    for _ in range(12):
        answers = await asyncio.gather(
            *(_names_found(pooled, brand) for brand in (brand_a, brand_b, brand_a, brand_b))
        )
        assert answers == [{"Nguyễn Văn An"}, {"Nguyễn Thị Bình"}] * 2


async def test_the_connection_settings_come_from_the_app_role(pooled_app: FastAPI) -> None:
    db: Database = pooled_app.state.db
    settings = pooled_app.state.settings
    async with db.unit_of_work() as session:
        rows = await session.execute(
            text(
                "SELECT name, setting FROM pg_settings"
                " WHERE name IN ('statement_timeout', 'plan_cache_mode', 'TimeZone')"
            )
        )
    assert {name: setting for name, setting in rows} == {
        "statement_timeout": str(settings.database_statement_timeout_ms),
        "plan_cache_mode": "force_generic_plan",
        "TimeZone": "UTC",
    }
