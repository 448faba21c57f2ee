"""The lookup at the till waits for PostgreSQL once: the token, the brand's binding and the
page travel together (counted on the wire, not assumed)."""

from __future__ import annotations

import httpx
import pytest

from patronage.core.db import Database
from tests.factories import Brand, create_brand, create_customer
from tests.integration.statements import BINDING, recorded, round_trips

pytestmark = pytest.mark.postgres_only

CUSTOMERS = "/api/v1/customers"
SHAPES = {
    "last digits of a phone": "5678",
    "a national phone prefix": "09123",
    "an international phone prefix": "+84912",
    "an email prefix": "dao@ex",
    "a word of a name": "dao",
    "a full name": "nguyen thi dao",
    "nothing matching": "zzzz",
    "no query (the newest)": "",
}


async def _lookup(client: httpx.AsyncClient, brand: Brand, q: str) -> list[str]:
    response = await client.get(CUSTOMERS, headers=brand.cashier, params={"q": q} if q else {})
    assert response.status_code == 200, response.text
    return [c["name"] for c in response.json()["items"]]


async def _counted(client: httpx.AsyncClient, db: Database, brand: Brand, q: str) -> int:
    with round_trips(db) as counted:
        await _lookup(client, brand, q)
    return counted[0]


@pytest.mark.parametrize("q", SHAPES.values(), ids=SHAPES.keys())
async def test_every_lookup_shape_is_one_round_trip(
    client: httpx.AsyncClient, db: Database, dao_brand: Brand, q: str
) -> None:
    await _lookup(client, dao_brand, q)  # the pool's connection has just been used: no ping

    assert await _counted(client, db, dao_brand, q) == 1


async def test_each_further_read_of_a_page_cut_short_is_one_round_trip(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    # Every phone of these customers ends in 678: the last-digits scan meets each customer
    # five times, so the first read comes up short of a page and is read on (the binding
    # travels with each further read).
    for n in range(3):
        phones = [f"0{prefix}0 00{n} 678" for prefix in ("90", "91", "93", "94", "97")]
        await create_customer(client, brand, name=f"Khách {n}", phones=phones)
    await _lookup(client, brand, "678")
    with round_trips(db) as counted, recorded(db, ignoring=BINDING) as statements:
        response = await client.get(
            CUSTOMERS, headers=brand.cashier, params={"q": "678", "limit": 2}
        )

    assert response.status_code == 200
    assert len(response.json()["items"]) == 2
    _token, *reads = statements
    assert len(reads) > 1
    assert counted[0] == len(reads)


async def test_a_brand_reading_phones_in_another_region_pays_one_more_round_trip_once(
    client: httpx.AsyncClient, db: Database
) -> None:
    brand = await create_brand(client, db, phone_region="TH")
    # Created by the owner: the cashier's token has not been seen here yet.
    await create_customer(client, brand, name="Somchai", phones=["081 234 5678"], role="owner")

    first = await _counted(client, db, brand, "0812345678")
    again = await _counted(client, db, brand, "0812345678")

    assert (first, again) == (2, 1)
    assert await _lookup(client, brand, "0812345678") == ["Somchai"]


async def test_a_refused_token_is_one_round_trip_and_reads_no_customer(
    client: httpx.AsyncClient, db: Database, brand: Brand
) -> None:
    with round_trips(db) as counted:
        response = await client.get(
            CUSTOMERS, headers={"Authorization": "Bearer not-a-token"}, params={"q": "dao"}
        )

    assert response.status_code == 401
    assert counted[0] == 1
