"""`Idempotency-Key` on creation: one creation per key and brand, replays answer the same."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import insert

from patronage.core import tenancy
from patronage.core.columns import utcnow
from patronage.core.db import Database
from patronage.core.idempotency import fingerprint
from patronage.core.idempotency_models import IdempotencyRecord
from tests.factories import Brand, unique_email, vn_phone
from tests.integration.answers import assert_error

CUSTOMERS = "/api/v1/customers"


def _body() -> dict[str, Any]:
    return {"name": "Nguyễn Thị Đào", "phones": [vn_phone()], "emails": [unique_email()]}


async def _post(
    client: httpx.AsyncClient, brand: Brand, body: dict[str, Any], key: str
) -> httpx.Response:
    return await client.post(
        CUSTOMERS, headers={**brand.cashier, "Idempotency-Key": key}, json=body
    )


async def _count(client: httpx.AsyncClient, brand: Brand) -> int:
    return len((await client.get(CUSTOMERS, headers=brand.cashier)).json()["items"])


async def _store_record(
    db: Database, brand: Brand, key: str, body: dict[str, Any], *, state: str, age: timedelta
) -> None:
    async with db.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=tenancy.trusted_merchant_id(brand.merchant_id))
        await session.execute(
            insert(IdempotencyRecord).values(
                merchant_id=brand.merchant_id,
                key=key,
                fingerprint=fingerprint("POST", CUSTOMERS, "", json.dumps(body).encode()),
                state=state,
                created_at=utcnow() - age,
            )
        )


async def test_a_replay_returns_the_first_answer_without_creating_again(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    body = _body()
    first = await _post(client, brand, body, "checkout-42")
    replay = await _post(client, brand, body, "checkout-42")
    assert (first.status_code, replay.status_code) == (201, 201)
    assert replay.json() == first.json()
    assert replay.headers["etag"] == first.headers["etag"]
    assert replay.headers["location"] == first.headers["location"]
    assert replay.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert await _count(client, brand) == 1


async def test_key_order_and_whitespace_do_not_make_a_different_request(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    body = _body()
    first = await _post(client, brand, body, "k-1")
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=2)
    replay = await client.post(
        CUSTOMERS,
        headers={**brand.cashier, "Idempotency-Key": "k-1", "Content-Type": "application/json"},
        content=reordered,
    )
    assert replay.status_code == 201
    assert replay.json()["id"] == first.json()["id"]


async def test_the_same_key_with_another_body_is_422(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    await _post(client, brand, _body(), "k-2")
    other = await _post(client, brand, _body(), "k-2")
    assert_error(other, 422, "idempotency.key_reused")
    assert await _count(client, brand) == 1


async def test_a_replay_while_the_first_still_runs_is_409(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    body = _body()
    await _store_record(db, brand, "k-3", body, state="running", age=timedelta(seconds=1))
    response = await _post(client, brand, body, "k-3")
    assert_error(response, 409, "idempotency.in_progress")
    assert response.headers["retry-after"] == "1"
    assert await _count(client, brand) == 0


async def test_an_abandoned_running_key_is_taken_over(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    body = _body()
    await _store_record(db, brand, "k-4", body, state="running", age=timedelta(minutes=5))
    assert (await _post(client, brand, body, "k-4")).status_code == 201


async def test_keys_older_than_the_retention_are_forgotten(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    await _store_record(db, brand, "k-5", _body(), state="done", age=timedelta(hours=73))
    assert (await _post(client, brand, _body(), "k-5")).status_code == 201


async def test_a_failed_request_releases_its_key(client: httpx.AsyncClient, brand: Brand) -> None:
    holder = await _post(client, brand, _body(), "holder")
    body = {**_body(), "phones": [holder.json()["phones"][0]["number"]]}
    conflict = await _post(client, brand, body, "k-6")
    assert conflict.status_code == 409
    await client.delete(f"{CUSTOMERS}/{holder.json()['id']}", headers=brand.owner)
    retried = await _post(client, brand, body, "k-6")
    assert retried.status_code == 201


async def test_keys_are_scoped_to_the_brand(
    client: httpx.AsyncClient, brand: Brand, other_brand: Brand
) -> None:
    body = _body()
    a = await _post(client, brand, body, "shared-key")
    b = await _post(client, other_brand, body, "shared-key")
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.json()["id"] != b.json()["id"]
    assert "idempotent-replayed" not in b.headers


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "ключ"])
async def test_a_malformed_key_is_422(client: httpx.AsyncClient, brand: Brand, key: str) -> None:
    response = await client.post(
        CUSTOMERS,
        headers=[
            *brand.cashier.items(),
            ("Idempotency-Key", key.encode()),
        ],
        json=_body(),
    )
    assert response.status_code == 422
    assert await _count(client, brand) == 0
