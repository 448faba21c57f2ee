"""The lookup at the till in one round trip: the caller's token, the binding to its brand
and the first page travel together (`core.trip`), without the ORM session.

The same plan, statements and paging as `search` (which the web pages and the CLI use);
only the way the statements reach the database differs. A phone number is read in the
brand's region, which arrives with the token: it is remembered per token in this process,
and guessed before that, so only a brand with another region pays a second round trip, on
a token's first phone lookup here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncEngine

from patronage.core.errors import AppError
from patronage.core.trip import Row, trip
from patronage.directory import lookup, search_repository, token_regions
from patronage.directory.search import (
    Found,
    SearchPage,
    collect,
    first_read,
    frontier_of,
    page_of,
    recent_page_of,
    recent_scope,
    recent_start,
    search_scope,
    start_of,
)
from patronage.identity.auth import service as auth_service
from patronage.identity.auth import trip_staff
from patronage.identity.auth.principal import Staff


@dataclass(frozen=True)
class TillSearch:
    staff: Staff
    page: SearchPage


Query = tuple[Select[Any], dict[str, Any]]


async def search(
    engine: AsyncEngine, token: str | None, *, query: str | None, limit: int, cursor: str | None
) -> TillSearch:
    """Who asks (401/403 first, as every request) and the page `search.search_customers`
    would answer for `query`, in one round trip to PostgreSQL."""
    check = trip_staff.check_of(engine, token)
    digest, text = check.params["digest"], (query or "").strip()
    # A phone is read in the brand's region, which comes with the token: until this process
    # has seen the token, guess the usual one and check the guess when the answer comes.
    region = ""
    if text and lookup.is_phone_query(text):
        region = token_regions.guess(digest)
    try:
        plan = _plan(text, region, limit, cursor)
    except AppError:
        await _authenticate(engine, check)  # who asks is answered before what is asked
        if region and token_regions.guess(digest) != region:  # read in a wrong region
            return await search(engine, token, query=query, limit=limit, cursor=cursor)
        raise
    staff, actual_region, rows = await _first_page(engine, check, plan.first)
    if region and actual_region != region:  # a wrong guess: ask again in the right region
        return await search(engine, token, query=query, limit=limit, cursor=cursor)
    return TillSearch(staff, await plan.page(engine, staff, rows))


@dataclass(frozen=True)
class _Plan:
    """The first statement of a lookup, and how its rows (and any more) make the page."""

    first: Query | None  # None: nothing to read (a query that can match nobody)
    page: Callable[[AsyncEngine, Staff, list[Row]], Awaitable[SearchPage]]


def _plan(text: str, region: str, limit: int, cursor: str | None) -> _Plan:
    if not text:
        scope = recent_scope(False)
        first = search_repository.recent_query(
            before=recent_start(cursor, scope), limit=limit + 1, include_deleted=False
        )

        async def recent(engine: AsyncEngine, staff: Staff, rows: list[Row]) -> SearchPage:
            return recent_page_of(search_repository.listed_in(rows), limit, scope)

        return _Plan(first, recent)
    phases = lookup.plan(text, region=region)
    scope = search_scope(text, region, False)
    start = start_of(cursor, scope, phases=len(phases))
    frontier = frontier_of(phases, start)

    async def found(engine: AsyncEngine, staff: Staff, rows: list[Row]) -> SearchPage:
        first = [search_repository.found_in(rows)]

        async def fetch(phases: list[search_repository.PhaseStart], *, limit: int) -> Found:
            if first:  # the first page's rows came with the token
                return first.pop()
            statement = search_repository.phases_query(phases, limit=limit, include_deleted=False)
            return search_repository.found_in(await _more(engine, staff, statement))

        return page_of(await collect(fetch, phases, limit, start), limit, scope)

    if not frontier:
        return _Plan(None, found)
    first = search_repository.phases_query(frontier, limit=first_read(limit), include_deleted=False)
    return _Plan(first, found)


async def _first_page(
    engine: AsyncEngine, check: auth_service.TokenCheck, first: Query | None
) -> tuple[Staff, str, list[Row]]:
    digest = check.params["digest"]
    async with trip(engine) as sent:
        token = await trip_staff.send_check(sent, check)
        page = None if first is None else await sent.send(*first)
    staff = _staff(digest, await token.first())
    return staff, token_regions.guess(digest), [] if page is None else await page.all()


async def _more(engine: AsyncEngine, staff: Staff, statement: Query) -> list[Row]:
    """Rows past the first page's (a phase cut short): one more trip, bound to the brand."""
    async with trip(engine) as sent:
        await sent.act_for(staff.merchant_id, staff.user_id)
        rows = await sent.send(*statement)
    return await rows.all()


async def _authenticate(engine: AsyncEngine, check: auth_service.TokenCheck) -> Staff:
    return _staff(check.params["digest"], await trip_staff.check_alone(engine, check))


def _staff(digest: str, row: Row | None) -> Staff:
    """The staff a token check's row names (401/403 otherwise); its region remembered."""
    staff, region = trip_staff.staff_in(row)
    token_regions.remember(digest, region)
    return staff
