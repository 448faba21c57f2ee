"""Likely duplicate profiles of a brand, a page at a time, each pair with its reasons.

Pairs come from two streams read in index order (`repository`): profiles of one folded name
whose phones end in the same digits, then those whose emails share a local part. A pair both
streams find is listed once, by the first, with both reasons. The cursor names the stream
and the position in it.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import paging
from patronage.core.paging import Page
from patronage.core.tenancy import MerchantId
from patronage.directory import repository as customer_repository
from patronage.directory.merge import repository as merge_repository
from patronage.directory.merge import rules
from patronage.directory.merge.repository import Neighbours, Position
from patronage.directory.models import Customer

Stream = Callable[..., Awaitable[list[Neighbours]]]
_STREAMS: tuple[tuple[str, Stream], ...] = (
    (rules.NAME_AND_PHONE_SUFFIX, merge_repository.phone_neighbours),
    (rules.NAME_AND_EMAIL_LOCAL_PART, merge_repository.email_neighbours),
)
_SCOPE = paging.scope_of("duplicates")


@dataclass(frozen=True)
class Pair:
    """Two active profiles of the brand that look like one person, and why."""

    first: Customer
    second: Customer
    reasons: list[str]


async def list_duplicates(
    session: AsyncSession, merchant_id: MerchantId, *, limit: int, cursor: str | None
) -> Page[Pair]:
    """A page of likely duplicate pairs, in a stable order."""
    stream, after = _decode(cursor) if cursor else (0, None)
    found: list[tuple[int, Neighbours]] = []
    while stream < len(_STREAMS) and len(found) <= limit:
        read = _STREAMS[stream][1]
        rows = await read(session, merchant_id, after=after, limit=limit + 1 - len(found))
        found += [(stream, row) for row in rows]
        if len(found) <= limit:
            stream, after = stream + 1, None
    page, more = found[:limit], len(found) > limit
    next_cursor = _encode(*_position(page[-1])) if more and page else None
    return Page(await _pairs(session, merchant_id, page), next_cursor)


def _position(found: tuple[int, Neighbours]) -> tuple[int, Position]:
    return found[0], found[1].position


async def _pairs(
    session: AsyncSession, merchant_id: MerchantId, found: list[tuple[int, Neighbours]]
) -> list[Pair]:
    """The pairs of `found` with their customers (one query), each pair once."""
    ids = {i for _, n in found for i in (n.first_id, n.second_id)}
    customers = await customer_repository.get_many(session, merchant_id, ids)
    pairs: dict[frozenset[uuid.UUID], Pair] = {}
    for stream, n in found:
        key = frozenset((n.first_id, n.second_id))
        first, second = customers[n.first_id], customers[n.second_id]
        reasons = rules.reasons(first, second)
        # A pair the phone stream lists is not listed again by the email stream.
        if key in pairs or (stream > 0 and reasons and reasons[0] != _STREAMS[stream][0]):
            continue
        pairs[key] = Pair(first, second, reasons)
    return list(pairs.values())


def _encode(stream: int, position: Position) -> str:
    key, customer_id = position
    return paging.encode_cursor([stream, key, customer_id.hex], scope=_SCOPE)


def _decode(cursor: str) -> tuple[int, Position]:
    def parse(position: list[object]) -> tuple[int, Position]:
        stream, key, customer_id = position
        if not isinstance(stream, int) or not 0 <= stream < len(_STREAMS):
            raise ValueError("stream")
        if not isinstance(key, str) or not isinstance(customer_id, str):
            raise TypeError("position")
        return stream, (key, uuid.UUID(hex=customer_id))

    return paging.decode_cursor(cursor, scope=_SCOPE, parse=parse)
