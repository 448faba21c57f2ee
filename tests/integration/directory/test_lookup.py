"""Lookup: one box for phones, emails and names; ranked, paged, scoped to the brand."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.dialects import postgresql

from patronage.core import tenancy
from patronage.core.db import Database
from patronage.directory import lookup, search_repository
from tests.factories import Brand, create_brand, create_customer
from tests.integration.answers import assert_error

CUSTOMERS = "/api/v1/customers"


async def _find(
    client: httpx.AsyncClient,
    brand: Brand,
    q: str | None = None,
    role: str = "cashier",
    **params: Any,
) -> list[str]:
    response = await client.get(
        CUSTOMERS, headers=brand.headers(role), params={"q": q, **params} if q else params
    )
    assert response.status_code == 200, response.text
    return [c["name"] for c in response.json()["items"]]


async def _all_pages(
    client: httpx.AsyncClient, brand: Brand, q: str | None, limit: int
) -> list[str]:
    ids: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": limit, **({"q": q} if q else {})}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get(CUSTOMERS, headers=brand.cashier, params=params)).json()
        ids += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return ids


@pytest.mark.parametrize(
    "typed",
    ["5678", "45678", "0912", "0912 345", "091-234-5678", "+8491234", "84912", "0912345678"],
)
async def test_digits_find_a_phone_by_prefix_or_trailing_digits(
    client: httpx.AsyncClient, dao_brand: Brand, typed: str
) -> None:
    assert await _find(client, dao_brand, typed) == ["Nguyễn Thị Đào"]


@pytest.mark.parametrize(
    "typed", ["dao", "ĐÀO", "Đào", "nguyen thi dao", "NGUYỄN THỊ", "thi d", "nguyen  thi"]
)
async def test_names_match_without_case_or_diacritics_by_word_prefix(
    client: httpx.AsyncClient, dao_brand: Brand, typed: str
) -> None:
    assert await _find(client, dao_brand, typed) == ["Nguyễn Thị Đào"]


@pytest.mark.parametrize("typed", ["dao@ex", "DAO@EXAMPLE.COM", "dao@"])
async def test_text_with_at_matches_email_prefixes(
    client: httpx.AsyncClient, dao_brand: Brand, typed: str
) -> None:
    assert await _find(client, dao_brand, typed) == ["Nguyễn Thị Đào"]


@pytest.mark.parametrize("typed", ["9999", "xuan", "nobody@", "!!!", "+1 555"])
async def test_nothing_matching_is_an_empty_page(
    client: httpx.AsyncClient, dao_brand: Brand, typed: str
) -> None:
    assert await _find(client, dao_brand, typed) == []


async def test_an_exact_phone_ranks_before_prefix_matches(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    await create_customer(client, brand, name="Longer Number", phones=["0912 345 670"])
    await create_customer(client, brand, name="Exact", phones=["0912345678"])
    assert (await _find(client, brand, "0912345678"))[0] == "Exact"
    assert await _find(client, brand, "091234567") == ["Longer Number", "Exact"]


async def test_names_starting_with_the_text_rank_before_later_words(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    await create_customer(client, brand, name="Nguyễn Thị Đào")
    await create_customer(client, brand, name="Đào Văn An")
    await create_customer(client, brand, name="Đào")
    assert await _find(client, brand, "dao") == ["Đào", "Đào Văn An", "Nguyễn Thị Đào"]


async def test_a_customer_matching_twice_is_listed_once(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    await create_customer(client, brand, name="Thu Thủy", phones=["0912345678", "0912345679"])
    assert await _find(client, brand, "0912") == ["Thu Thủy"]
    assert await _find(client, brand, "thu") == ["Thu Thủy"]
    page = (await client.get(CUSTOMERS, headers=brand.cashier, params={"q": "0912"})).json()
    assert [p["number"] for p in page["items"][0]["phones"]] == [
        "+84912345678",
        "+84912345679",
    ]  # each phone once, though the customer matched by both


async def test_pages_cover_every_match_once_in_order(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    for given in ("An", "Bình", "Cường", "Dũng", "Em", "Giang", "Hà"):
        await create_customer(client, brand, name=f"Nguyễn Văn {given}")
        await create_customer(client, brand, name=f"Trần Nguyễn {given}")
    everything = await _all_pages(client, brand, "nguyen", limit=100)
    paged = await _all_pages(client, brand, "nguyen", limit=3)
    assert len(everything) == 14
    assert paged == everything


async def test_a_cursor_stays_valid_when_customers_are_added(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    for given in ("Bình", "Dũng", "Giang"):
        await create_customer(client, brand, name=f"Lê {given}")
    first = (
        await client.get(CUSTOMERS, headers=brand.cashier, params={"q": "le", "limit": 2})
    ).json()
    await create_customer(client, brand, name="Lê An")
    await create_customer(client, brand, name="Lê Zung")
    second = (
        await client.get(
            CUSTOMERS,
            headers=brand.cashier,
            params={"q": "le", "limit": 10, "cursor": first["next_cursor"]},
        )
    ).json()
    assert [c["name"] for c in first["items"]] == ["Lê Bình", "Lê Dũng"]
    assert [c["name"] for c in second["items"]] == ["Lê Giang", "Lê Zung"]


async def test_without_a_query_the_newest_come_first_page_by_page(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    created = [(await create_customer(client, brand, name=f"Khách {i}"))["id"] for i in range(5)]
    assert await _all_pages(client, brand, None, limit=2) == list(reversed(created))


async def test_deleted_customers_leave_lookups_unless_an_owner_asks(
    client: httpx.AsyncClient, dao_brand: Brand
) -> None:
    found = (await client.get(CUSTOMERS, headers=dao_brand.cashier, params={"q": "dao"})).json()
    await client.delete(f"{CUSTOMERS}/{found['items'][0]['id']}", headers=dao_brand.owner)
    for typed in ("dao", "5678", "dao@ex", "0912"):
        assert await _find(client, dao_brand, typed) == []
    assert await _find(client, dao_brand, "dao", role="owner", include_deleted="true") == [
        "Nguyễn Thị Đào"
    ]
    assert "Nguyễn Thị Đào" in await _find(client, dao_brand, role="owner", include_deleted="true")
    assert "Nguyễn Thị Đào" not in await _find(client, dao_brand)


async def test_a_cashier_may_not_ask_for_deleted_customers(
    client: httpx.AsyncClient, dao_brand: Brand
) -> None:
    response = await client.get(
        CUSTOMERS, headers=dao_brand.cashier, params={"include_deleted": "true"}
    )
    assert response.status_code == 403


async def test_another_brand_finds_nothing_and_may_have_its_own_dao(
    client: httpx.AsyncClient, db: Database, dao_brand: Brand
) -> None:
    other = await create_brand(client, db)
    for typed in ("dao", "5678", "dao@ex", None):
        assert await _find(client, other, typed) == []
    await create_customer(client, other, name="Đào", phones=["0912 345 678"])
    assert await _find(client, other, "5678") == ["Đào"]
    assert await _find(client, dao_brand, "5678") == ["Nguyễn Thị Đào"]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"limit": "many"},
        {"cursor": "not-a-cursor"},
        {"cursor": "eyJ4Ijog"},
        {"q": "x" * 201},
        {"include_deleted": "maybe"},
    ],
)
async def test_bad_parameters_are_422(
    client: httpx.AsyncClient, dao_brand: Brand, params: dict[str, Any]
) -> None:
    response = await client.get(CUSTOMERS, headers=dao_brand.cashier, params=params)
    assert_error(response, 422, "request.invalid")


async def test_a_cursor_only_continues_its_own_query(
    client: httpx.AsyncClient, brand: Brand
) -> None:
    for given in ("An", "Bình"):
        await create_customer(client, brand, name=f"Lê {given}")
    first = (
        await client.get(CUSTOMERS, headers=brand.cashier, params={"q": "le", "limit": 1})
    ).json()
    elsewhere = await client.get(
        CUSTOMERS, headers=brand.cashier, params={"q": "an", "cursor": first["next_cursor"]}
    )
    assert elsewhere.status_code == 422
    assert elsewhere.json()["error"]["details"]["fields"][0]["path"] == "query.cursor"


async def test_bare_digits_also_match_the_national_number_without_its_zero(
    client: httpx.AsyncClient, dao_brand: Brand
) -> None:
    assert await _find(client, dao_brand, "345678") == ["Lê Hoàng Dũng", "Nguyễn Thị Đào"]


def _plan_nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node] + [n for child in node.get("Plans", []) for n in _plan_nodes(child)]


@pytest.mark.postgres_only
@pytest.mark.parametrize("typed", ["5678", "0912", "+8491234", "dao", "nguyen thi", "dao@ex"])
async def test_every_lookup_phase_reads_an_index_in_order_never_the_table(
    db: Database, dao_brand: Brand, typed: str
) -> None:
    merchant_id = tenancy.trusted_merchant_id(dao_brand.merchant_id)
    phases = lookup.plan(typed, region="VN")
    shapes = tuple((p.source, p.kind, p.exact, not p.exact, False) for p in phases)
    params: dict[str, Any] = {"merchant_id": merchant_id, "limit": 21}
    for slot, phase in enumerate(phases):
        params.update({f"phase_{slot}": slot, f"start_{slot}": phase.start})
        params[f"end_{slot}"] = lookup.prefix_end(phase.start)
    statement = search_repository._phases_statement(shapes, False).params(**params)
    sql = statement.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    async with db.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=merchant_id)
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            await session.execute(text(f"SET LOCAL {setting} = off"))
        plan = await session.scalar(text(f"EXPLAIN (FORMAT JSON) {sql}"))
    nodes = _plan_nodes(plan[0]["Plan"])
    assert not [n for n in nodes if n["Node Type"] == "Seq Scan"]
    limits = [n for n in nodes if n["Node Type"] == "Limit"]
    assert len(limits) == len(phases)
    for limit in limits:
        kinds = {n["Node Type"] for n in _plan_nodes(limit)}
        assert "Sort" not in kinds
        assert kinds & {"Index Scan", "Index Only Scan"}


@pytest.mark.parametrize("typed", ["\x00", "a\x00@b", "ｄａｏ", "+", "()", "@", "٠٩١٢"])
async def test_odd_queries_answer_without_error(
    client: httpx.AsyncClient, dao_brand: Brand, typed: str
) -> None:
    response = await client.get(CUSTOMERS, headers=dao_brand.cashier, params={"q": typed})
    assert response.status_code == 200
