"""Data requests: filed by a customer or at the till, answered by the brand's owner.

A customer files at each brand where they have a profile (or one brand they name): every
brand answers for its own data, each on its own deadline (`rules.DUE_DAYS`). An erasure
request is done by erasing (`erase_customer`), which closes it. Services never commit; the
caller's unit of work does.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.customer_auth import service as account_service
from patronage.accounts.data_rights import repository as request_repository
from patronage.accounts.data_rights import rules
from patronage.accounts.data_rights.errors import (
    BRAND_NOT_FOUND,
    ERASE_BY_ERASING,
    ERASE_CONFIRMATION,
    NOT_FOUND,
    REASON_REQUIRED,
    REQUEST_MISMATCH,
    STATUS_INVALID,
    TEXT_INVALID,
)
from patronage.accounts.data_rights.models import DataRequest
from patronage.accounts.otp import service as otp_service
from patronage.core import idempotency, paging, tenancy
from patronage.core.columns import new_id, utcnow
from patronage.core.errors import AppError
from patronage.core.paging import Page
from patronage.core.tenancy import MerchantId
from patronage.core.text import NormalizationError, clean_text
from patronage.directory import audit, erasure
from patronage.directory import service as customer_service
from patronage.directory.errors import ERASED
from patronage.messaging import service as outbox_service

FILED, CHANGED = "data_request.filed", "data_request.changed"
ERASE_WORD = "ERASE"
QUEUE_PAGE = 50


@dataclass(frozen=True)
class Erased:
    customer_id: uuid.UUID
    erased_at: datetime | None
    erased_by: uuid.UUID | None
    request_id: uuid.UUID | None
    account_erased: bool


async def file_request(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    kind: str,
    details: str | None,
    channel: str,
    actor_id: uuid.UUID | None,
) -> DataRequest:
    """A new open request of the brand's customer, due by its kind's legal deadline; 404 for
    another brand's customer, 409 `customer.erased` once erased."""
    rules.check_kind(kind)
    text = _clean(details, field="details", max_length=rules.DETAILS_MAX)
    customer = await customer_service.get_customer(session, merchant_id, customer_id)
    if customer.erased_at is not None:
        raise AppError(ERASED)
    now = utcnow()
    request = request_repository.add(
        session,
        DataRequest(
            merchant_id=merchant_id, id=new_id(), customer_id=customer_id, kind=kind,
            status=rules.OPEN, channel=channel, details=text, due_at=rules.due_at(kind, now),
            created_at=now, updated_at=now, created_by=actor_id, updated_by=actor_id,
        ),
    )  # fmt: skip
    await _record(
        session, merchant_id, request, FILED, actor_id, {"kind": kind, "status": rules.OPEN}
    )
    await session.flush()
    return request


async def file_my_requests(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    kind: str,
    details: str | None,
    merchant_id: uuid.UUID | None = None,
) -> list[tuple[account_service.Profile, DataRequest]]:
    """The signed-in customer files at `merchant_id` (one of their brands; 404 otherwise) or
    at every brand where they have a profile: one request per brand."""
    rules.check_kind(kind)
    me = await account_service.get_me(session, user_id)
    profiles = [p for p in me.profiles if merchant_id is None or p.merchant_id == merchant_id]
    if merchant_id is not None and not profiles:
        raise AppError(BRAND_NOT_FOUND)
    filed = []
    for profile in profiles:
        # The profile is the customer's own (read under RLS `own_rows`): it proves the brand.
        brand = tenancy.trusted_merchant_id(profile.merchant_id)
        await tenancy.bind(session, merchant_id=brand, user_id=user_id)
        request = await file_request(
            session, brand, profile.customer_id, kind=kind, details=details,
            channel=rules.SELF_SERVICE, actor_id=user_id,
        )  # fmt: skip
        filed.append((profile, request))
    return filed


async def list_my_requests(
    session: AsyncSession, user_id: uuid.UUID
) -> list[tuple[account_service.Profile, DataRequest]]:
    """Every request the signed-in customer filed, brand by brand."""
    found = []
    me = await account_service.get_me(session, user_id)
    for profile in me.profiles:
        brand = tenancy.trusted_merchant_id(profile.merchant_id)
        await tenancy.bind(session, merchant_id=brand, user_id=user_id)
        found += [
            (profile, r) for r in await requests_of_customer(session, brand, profile.customer_id)
        ]
    return found


async def list_queue(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    status: str | None = None,
    limit: int = QUEUE_PAGE,
    cursor: str | None = None,
) -> Page[DataRequest]:
    """The brand's requests, the nearest deadline first; without `status` the pending ones
    (`open` and `in_progress`)."""
    statuses = rules.PENDING if status is None else (_check_status(status),)
    scope = paging.scope_of("data-requests", merchant_id, status)
    after = None
    if cursor is not None:
        after = paging.decode_cursor(cursor, scope=scope, parse=audit.instant_and_id)
    rows = await request_repository.queue(
        session, merchant_id, statuses=statuses, after=after, limit=limit + 1
    )
    return paging.page_of(
        rows, limit, scope=scope, position=lambda r: [r.due_at.isoformat(), r.id.hex]
    )


async def get_request(
    session: AsyncSession, merchant_id: MerchantId, request_id: uuid.UUID
) -> DataRequest:
    """One of the brand's requests; 404 `data_request.not_found` (also for another brand's)."""
    request = await request_repository.get(session, merchant_id, request_id)
    if request is None:
        raise AppError(NOT_FOUND)
    return request


async def requests_of_customer(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> list[DataRequest]:
    """Every request the brand's customer filed, oldest first."""
    return await request_repository.of_customer(session, merchant_id, customer_id)


async def change_status(
    session: AsyncSession,
    merchant_id: MerchantId,
    request_id: uuid.UUID,
    *,
    status: str,
    reason: str | None,
    actor_id: uuid.UUID | None,
) -> DataRequest:
    """Move a request on (open → in_progress → done, or refused with a reason); 409
    `data_request.invalid_transition` for any other step."""
    _check_status(status)
    request = await request_repository.get(session, merchant_id, request_id, lock=True)
    if request is None:
        raise AppError(NOT_FOUND)
    rules.check_transition(request.status, status)
    if status == rules.DONE and request.kind == rules.ERASE:
        raise AppError(ERASE_BY_ERASING)
    text = _clean(reason, field="reason", max_length=rules.REASON_MAX)
    if status == rules.REFUSED and not text:
        raise AppError(REASON_REQUIRED, {"field": "reason"})
    await _move(session, merchant_id, request, status, actor_id, resolution=text)
    return request


async def erase_customer(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    *,
    confirm: str,
    request_id: uuid.UUID | None,
    actor_id: uuid.UUID | None,
) -> Erased:
    """Erase the brand's customer everywhere their data is kept, and close the erasure
    request named (it must be this customer's, pending). `confirm` must be the customer's
    id or `ERASE` (422 `erasure.confirmation_mismatch`)."""
    await customer_service.get_customer(session, merchant_id, customer_id)
    if confirm.strip() not in (str(customer_id), ERASE_WORD):
        raise AppError(ERASE_CONFIRMATION, {"field": "confirm"})
    request = await _erasure_request(session, merchant_id, customer_id, request_id)
    done = await erasure.erase_customer(
        session, merchant_id, customer_id, actor_id=actor_id, request_id=request_id
    )
    await _forget_copies(session, merchant_id, done)
    if request is not None:
        await _move(session, merchant_id, request, rules.DONE, actor_id, resolution=None)
    customer = done.customer
    return Erased(customer.id, customer.erased_at, actor_id, request_id, done.account_erased)


async def _erasure_request(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    request_id: uuid.UUID | None,
) -> DataRequest | None:
    if request_id is None:
        return None
    request = await request_repository.get(session, merchant_id, request_id, lock=True)
    if request is None:
        raise AppError(NOT_FOUND)
    fits = request.customer_id == customer_id and request.kind == rules.ERASE
    if not fits or request.status not in rules.PENDING:
        raise AppError(REQUEST_MISMATCH, {"request_id": str(request_id)})
    return request


async def _forget_copies(
    session: AsyncSession, merchant_id: MerchantId, done: erasure.Erasure
) -> None:
    """The copies other features keep: codes, messages, stored answers, request texts."""
    customer = done.customer
    account = customer.user_id if done.account_erased else None
    await otp_service.forget_destinations(session, merchant_id, customer.id, account_id=account)
    await outbox_service.forget_destinations(
        session, merchant_id, done.values, also_brandless=done.account_erased
    )
    await idempotency.forget_values(
        session, merchant_id, mentioning=str(customer.id), values=done.values
    )
    await request_repository.forget_details(session, merchant_id, customer.id)


async def _move(
    session: AsyncSession,
    merchant_id: MerchantId,
    request: DataRequest,
    status: str,
    actor_id: uuid.UUID | None,
    *,
    resolution: str | None,
) -> None:
    before, now = request.status, utcnow()
    request.status, request.updated_at, request.updated_by = status, now, actor_id
    if status in (rules.DONE, rules.REFUSED):
        request.resolved_at, request.resolved_by, request.resolution = now, actor_id, resolution
    await session.flush()
    change = {"status": {"old": before, "new": status}, "kind": request.kind}
    await _record(session, merchant_id, request, CHANGED, actor_id, change)


async def _record(
    session: AsyncSession,
    merchant_id: MerchantId,
    request: DataRequest,
    action: str,
    actor_id: uuid.UUID | None,
    facts: Mapping[str, object],
) -> None:
    """The request enters the customer's audit trail (never its free text)."""
    changes: dict[str, object] = {"data_request_id": {"old": None, "new": str(request.id)}}
    for field, value in facts.items():
        changes[field] = value if isinstance(value, dict) else {"old": None, "new": value}
    await audit.record_event(
        session, merchant_id, request.customer_id, actor_id=actor_id,
        action=action, changes=changes,
    )  # fmt: skip


def _check_status(status: str) -> str:
    if status not in rules.STATUSES:
        allowed = ", ".join(rules.STATUSES)
        raise AppError(
            STATUS_INVALID, {"field": "status", "allowed": list(rules.STATUSES)}, allowed=allowed
        )
    return status


def _clean(raw: str | None, *, field: str, max_length: int) -> str | None:
    if raw is None:
        return None
    try:
        return clean_text(raw, kind=field, max_length=max_length, multiline=True) or None
    except NormalizationError:
        raise AppError(TEXT_INVALID, {"field": field}, max_length=max_length) from None
