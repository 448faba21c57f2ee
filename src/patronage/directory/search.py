"""Finding customers: one search box, pages of index ranges (see `lookup` for the plan)."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import paging
from patronage.core.paging import Page
from patronage.core.tenancy import MerchantId
from patronage.directory import lookup, search_repository
from patronage.directory.listing import ListedCustomer
from patronage.identity.merchants import service as merchant_service

SearchPage = Page[ListedCustomer]
_SPARE_ROWS = 4
Found = list[tuple[int, str, ListedCustomer]]


class Fetch(Protocol):
    """The next `limit` rows of each phase start (`search_repository.fetch_phases`)."""

    async def __call__(self, phases: list[search_repository.PhaseStart], *, limit: int) -> Found:
        pass


async def search_customers(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    query: str | None,
    limit: int,
    cursor: str | None,
    include_deleted: bool,
    tag_id: uuid.UUID | None = None,
) -> SearchPage:
    """One search box: phone (any form, prefix or trailing digits), email prefix, or name
    (accent-insensitive, word prefixes); without a query, the newest customers. With
    `tag_id`, only the customers carrying that tag (filtered in each scan, so pages stay
    keyset pages)."""
    if not query or not query.strip():
        scope = recent_scope(include_deleted, tag_id)
        return await _listed_page(
            session, merchant_id, RECENT, scope, limit, cursor, include_deleted, tag_id
        )
    region = ""
    if lookup.is_phone_query(query):  # only phones depend on the brand's settings
        region = (await merchant_service.get_merchant(session, merchant_id)).phone_region
    phases = lookup.plan(query, region=region)
    scope = search_scope(query, region, include_deleted, tag_id)
    start = start_of(cursor, scope, phases=len(phases))
    fetch = partial(
        search_repository.fetch_phases,
        session,
        merchant_id,
        include_deleted=include_deleted,
        tag_id=tag_id,
    )
    return page_of(await collect(fetch, phases, limit, start), limit, scope)


def search_scope(
    query: str, region: str, include_deleted: bool, tag_id: uuid.UUID | None = None
) -> str:
    """What a lookup's cursor is valid for."""
    return paging.scope_of("customers", query.strip(), region, include_deleted, *_tag(tag_id))


def recent_scope(include_deleted: bool, tag_id: uuid.UUID | None = None) -> str:
    """What a cursor of the newest customers is valid for."""
    return paging.scope_of("customers", "", include_deleted, *_tag(tag_id))


def _tag(tag_id: uuid.UUID | None) -> tuple[str, ...]:
    """A tag filter's part of a scope (none without one: the till's cursors are unchanged)."""
    return () if tag_id is None else (f"tag:{tag_id}",)


def start_of(cursor: str | None, scope: str, *, phases: int) -> lookup.Cursor | None:
    """Where a page starts: after `cursor` (422 unless it is one of `scope`), or at the top."""
    if cursor is None:
        return None
    return paging.decode_cursor(
        cursor, scope=scope, parse=partial(lookup.parse_cursor, phases=phases)
    )


def page_of(found: Found, limit: int, scope: str) -> SearchPage:
    """The page of `limit` customers out of `found` (one more says a next page exists)."""
    if len(found) <= limit:
        return SearchPage([c for _, _, c in found], None)
    phase, key, last = found[limit - 1]
    position = lookup.cursor_position(lookup.Cursor(phase, key, last.id))
    return SearchPage([c for _, _, c in found[:limit]], paging.encode_cursor(position, scope=scope))


def first_read(limit: int) -> int:
    """How many rows per phase to read for a page of `limit`: one more says whether a next
    page exists, and a few more spare a second read when a customer is met twice in a
    phase (two emails with the same start)."""
    return limit + 1 + _SPARE_ROWS


async def collect(
    fetch: Fetch, phases: list[lookup.Phase], limit: int, start: lookup.Cursor | None
) -> Found:
    """Up to `limit + 1` customers after `start`, each at its best match: reads phases in
    order, each in index order, until the page (plus one) is full."""
    found: Found = []
    frontier = frontier_of(phases, start)
    while frontier:
        wanted = first_read(limit - len(found))
        rows = await fetch(frontier, limit=wanted)
        cut = _first_cut_phase(frontier, rows, wanted)
        for index, key, customer in rows:
            if cut is not None and index > cut:
                break
            # Listed only where it matches best: once, however many ways it matches.
            if lookup.canonical_match(phases, customer) == (index, key):
                found.append((index, key, customer))
                if len(found) > limit:
                    return found
        if cut is None:
            return found
        last_key, last = next((k, c) for i, k, c in reversed(rows) if i == cut)
        frontier = [(cut, phases[cut], (last_key, last.id))] + [
            (i, phase, None) for i, phase, _ in frontier if i > cut
        ]
    return found


def frontier_of(
    phases: list[lookup.Phase], start: lookup.Cursor | None
) -> list[search_repository.PhaseStart]:
    """Where each phase's scan starts: the cursor's phase after its position, the later
    phases at their beginning."""
    first = start.phase if start else 0
    return [
        (i, phases[i], (start.key, start.customer_id) if start and i == first else None)
        for i in range(first, len(phases))
    ]


def _first_cut_phase(
    frontier: list[search_repository.PhaseStart], rows: Found, wanted: int
) -> int | None:
    """The first phase whose scan stopped at the limit (it may have more rows), if any."""
    counts = Counter(index for index, _, _ in rows)
    return next((i for i, _, _ in frontier if counts[i] >= wanted), None)


async def _listed_page(
    session: AsyncSession,
    merchant_id: MerchantId,
    key: str,
    scope: str,
    limit: int,
    cursor: str | None,
    include_deleted: bool,
    tag_id: uuid.UUID | None = None,
) -> SearchPage:
    """A page of the brand's customers in the order of `key` (`RECENT` or `BY_NAME`)."""
    start = listed_start(cursor, scope, key)
    customers = await search_repository.in_order(
        session, merchant_id, key, start, limit + 1, include_deleted, tag_id
    )
    return listed_page_of(customers, limit, scope, key)


def listed_start(cursor: str | None, scope: str, key: str) -> tuple[Any, uuid.UUID] | None:
    """Where a page in the order of `key` starts: past `cursor`'s customer, or at the top."""
    start = start_of(cursor, scope, phases=1)
    return None if start is None else (_KEYS[key][0](start.key), start.customer_id)


def listed_page_of(customers: list[ListedCustomer], limit: int, scope: str, key: str) -> SearchPage:
    """The page of `limit` customers read in the order of `key` (one more says there is more)."""
    return page_of([(0, _KEYS[key][1](c), c) for c in customers], limit, scope)


def recent_start(cursor: str | None, scope: str) -> tuple[datetime, uuid.UUID] | None:
    """Where a page of the newest customers starts: before `cursor`'s customer, or at the top."""
    return listed_start(cursor, scope, RECENT)


def recent_page_of(customers: list[ListedCustomer], limit: int, scope: str) -> SearchPage:
    return listed_page_of(customers, limit, scope, RECENT)


def parse_instant(text: str) -> datetime:
    """An aware instant, in UTC, from a cursor key; 422 naming `cursor` otherwise."""
    try:
        instant = datetime.fromisoformat(text)
        if instant.tzinfo is None:
            raise ValueError("naive")
        return instant.astimezone(UTC)
    except (ValueError, OverflowError):
        raise paging.invalid_cursor() from None


async def list_by_name(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    limit: int,
    cursor: str | None,
    include_deleted: bool,
) -> SearchPage:
    """The brand's customers in alphabetical order of their names (accents folded)."""
    scope = paging.scope_of("customers-by-name", include_deleted)
    return await _listed_page(session, merchant_id, BY_NAME, scope, limit, cursor, include_deleted)


# The listings without a query: newest first, or by name. Per key, how a cursor's key reads
# and what a customer's key is.
RECENT, BY_NAME = "created_at", "name_search"
_KEYS: dict[str, tuple[Callable[[str], Any], Callable[[ListedCustomer], str]]] = {
    RECENT: (parse_instant, lambda c: c.created_at.isoformat()),
    BY_NAME: (str, lambda c: c.name_search),
}
