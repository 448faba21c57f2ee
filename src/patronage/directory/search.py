"""Finding customers: one search box, pages of index ranges (see `lookup` for the plan)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import paging
from patronage.core.paging import Page
from patronage.core.tenancy import MerchantId
from patronage.directory import lookup, search_repository
from patronage.directory.listing import ListedCustomer
from patronage.identity.merchants import service as merchant_service

SearchPage = Page[ListedCustomer]


async def search_customers(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    query: str | None,
    limit: int,
    cursor: str | None,
    include_deleted: bool,
) -> SearchPage:
    """One search box: phone (any form, prefix or trailing digits), email prefix, or name
    (accent-insensitive, word prefixes); without a query, the newest customers."""
    if not query or not query.strip():
        return await _recent_page(session, merchant_id, limit, cursor, include_deleted)
    region = ""
    if lookup.is_phone_query(query):  # only phones depend on the brand's settings
        region = (await merchant_service.get_merchant(session, merchant_id)).phone_region
    phases = lookup.plan(query, region=region)
    scope = paging.scope_of("customers", query.strip(), region, include_deleted)
    start = _start(cursor, scope, phases=len(phases))
    found = await _Search(session, merchant_id, phases, limit, include_deleted).collect(start)
    return _page(found, limit, scope)


def _start(cursor: str | None, scope: str, *, phases: int) -> lookup.Cursor | None:
    if cursor is None:
        return None
    return paging.decode_cursor(
        cursor, scope=scope, parse=partial(lookup.parse_cursor, phases=phases)
    )


def _page(found: list[tuple[int, str, ListedCustomer]], limit: int, scope: str) -> SearchPage:
    if len(found) <= limit:
        return SearchPage([c for _, _, c in found], None)
    phase, key, last = found[limit - 1]
    position = lookup.cursor_position(lookup.Cursor(phase, key, last.id))
    return SearchPage([c for _, _, c in found[:limit]], paging.encode_cursor(position, scope=scope))


class _Search:
    """Reads phases in order, each in index order, until the page (plus one) is full."""

    def __init__(
        self,
        session: AsyncSession,
        merchant_id: MerchantId,
        phases: list[lookup.Phase],
        limit: int,
        include_deleted: bool,
    ) -> None:
        self.session, self.merchant_id = session, merchant_id
        self.phases, self.limit, self.include_deleted = phases, limit, include_deleted

    async def collect(self, start: lookup.Cursor | None) -> list[tuple[int, str, ListedCustomer]]:
        """Up to `limit + 1` customers after `start`, each at its best match."""
        found: list[tuple[int, str, ListedCustomer]] = []
        first = start.phase if start else 0
        frontier: list[search_repository.PhaseStart] = [
            (i, self.phases[i], (start.key, start.customer_id) if start and i == first else None)
            for i in range(first, len(self.phases))
        ]
        while frontier:
            wanted = self.limit + 1 - len(found)
            rows = await search_repository.fetch_phases(
                self.session,
                self.merchant_id,
                frontier,
                limit=wanted,
                include_deleted=self.include_deleted,
            )
            cut = _first_cut_phase(frontier, rows, wanted)
            for index, key, customer in rows:
                if cut is not None and index > cut:
                    break
                # Listed only where it matches best: once, however many ways it matches.
                if lookup.canonical_match(self.phases, customer) == (index, key):
                    found.append((index, key, customer))
                    if len(found) > self.limit:
                        return found
            if cut is None:
                return found
            last_key, last = next((k, c) for i, k, c in reversed(rows) if i == cut)
            frontier = [(cut, self.phases[cut], (last_key, last.id))] + [
                (i, phase, None) for i, phase, _ in frontier if i > cut
            ]
        return found


def _first_cut_phase(
    frontier: list[search_repository.PhaseStart],
    rows: list[tuple[int, str, ListedCustomer]],
    wanted: int,
) -> int | None:
    """The first phase whose scan stopped at the limit (it may have more rows), if any."""
    counts = Counter(index for index, _, _ in rows)
    return next((i for i, _, _ in frontier if counts[i] >= wanted), None)


async def _recent_page(
    session: AsyncSession,
    merchant_id: MerchantId,
    limit: int,
    cursor: str | None,
    include_deleted: bool,
) -> SearchPage:
    scope = paging.scope_of("customers", "", include_deleted)
    start = _start(cursor, scope, phases=1)
    before = None if start is None else (parse_instant(start.key), start.customer_id)
    customers = await search_repository.recent(
        session, merchant_id, before=before, limit=limit + 1, include_deleted=include_deleted
    )
    return _page([(0, c.created_at.isoformat(), c) for c in customers], limit, scope)


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
    start = _start(cursor, scope, phases=1)
    after = None if start is None else (start.key, start.customer_id)
    customers = await search_repository.by_name(
        session, merchant_id, after=after, limit=limit + 1, include_deleted=include_deleted
    )
    return _page([(0, c.name_search, c) for c in customers], limit, scope)
