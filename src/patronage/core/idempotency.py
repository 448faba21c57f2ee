"""Idempotent creation: a POST sent again with the same `Idempotency-Key` acts only once.

Use it in any handler that creates something (`POST /customers`, `POST /orders`, …)::

    from patronage.core.idempotency import Idempotency, Outcome

    @router.post("", status_code=201, response_model=OrderOut)
    async def create_order(
        body: OrderIn, staff: StaffUser, session: DbSession, idempotency: Idempotency
    ) -> Response:
        async def create() -> Outcome:
            order = await order_service.create_order(session, staff.merchant_id, ...)
            return Outcome.of(OrderOut.model_validate(order), status=201)

        return await idempotency.run(session, staff.merchant_id, create)

`Idempotency` is a FastAPI dependency: it reads the optional `Idempotency-Key` header
(1–255 visible ASCII characters, else 422) and fingerprints the request (method, path, query
and the JSON body in canonical form). `run(session, merchant_id, produce)`:

- without a key, awaits `produce()` and answers its `Outcome`;
- with a new key (scoped per brand), first records the key as *running* in a short
  transaction of its own (so concurrent repeats see it at once), then awaits `produce()` and
  stores its status, body and headers in the request's transaction, beside the work — the
  answer is kept exactly when the work is;
- with a key whose answer is stored, answers it again (same status, body and headers, plus
  `Idempotent-Replayed: true`) without calling `produce()`;
- with a key used for a different request (fingerprint differs): 422 `idempotency.key_reused`;
- with a key whose first request is still running: 409 `idempotency.in_progress`
  (`Retry-After: 1`);
- when `produce()` raises (a 4xx domain error, anything), the request's unit of work rolls
  the work back and then releases the key (again in a transaction of its own), so the client
  may retry it; the error propagates unchanged.

Answers are kept `PATRONAGE_IDEMPOTENCY_TTL_HOURS` (≥ 72 h); older records are purged as new
keys are claimed. A *running* record older than `stale_after`
(`PATRONAGE_IDEMPOTENCY_STALE_AFTER_S`: a crashed process) is taken over by the next
attempt. Call `run()` before writing anything else in the request.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Text, cast, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import tenancy
from patronage.core.columns import utcnow
from patronage.core.db import Database, after_rollback
from patronage.core.errors import AppError, define
from patronage.core.idempotency_models import DONE, RUNNING, IdempotencyRecord
from patronage.core.redaction import redact_values
from patronage.core.tenancy import MerchantId
from patronage.core.upsert import insert_for

KEY_REUSED = define(
    "idempotency.key_reused",
    422,
    en="This Idempotency-Key was already used for a different request.",
    vi="Idempotency-Key này đã được dùng cho một yêu cầu khác.",
)
IN_PROGRESS = define(
    "idempotency.in_progress",
    409,
    en="A request with this Idempotency-Key is still being processed; retry in a moment.",
    vi="Một yêu cầu với Idempotency-Key này vẫn đang được xử lý; vui lòng thử lại sau giây lát.",
)

DEFAULT_STALE_AFTER = timedelta(seconds=60)
REPLAYED_HEADER = "Idempotent-Replayed"


@dataclass(frozen=True)
class Outcome:
    """What a creating handler answers: status, JSON body, extra headers."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, model: BaseModel, *, status: int = 201, headers: dict[str, str] | None = None
    ) -> Outcome:
        """An outcome whose body is a response schema."""
        return cls(status, model.model_dump(mode="json"), dict(headers or {}))

    def response(self, *, replayed: bool = False) -> JSONResponse:
        """The outcome as an HTTP response."""
        headers = dict(self.headers)
        if replayed:
            headers[REPLAYED_HEADER] = "true"
        return JSONResponse(self.body, status_code=self.status, headers=headers)


@dataclass(frozen=True)
class IdempotentRequest:
    """A request that may carry an `Idempotency-Key`, with its fingerprint."""

    key: str | None
    fingerprint: str
    ttl: timedelta
    database: Database
    stale_after: timedelta = DEFAULT_STALE_AFTER

    async def run(
        self,
        session: AsyncSession,
        merchant_id: MerchantId,
        produce: Callable[[], Awaitable[Outcome]],
    ) -> JSONResponse:
        """Answer with `produce()`'s outcome, at most once per key (see the module doc)."""
        if self.key is None:
            return (await produce()).response()
        key = self.key
        async with self._own_transaction(merchant_id) as claiming:
            stored = await self._claim(claiming, merchant_id, key)
        if stored is not None:
            return stored.response(replayed=True)

        async def release() -> None:
            async with self._own_transaction(merchant_id) as releasing:
                await _release(releasing, merchant_id, key, self.fingerprint)

        after_rollback(session, release)
        outcome = await produce()
        await _store(session, merchant_id, key, outcome)
        return outcome.response()

    @asynccontextmanager
    async def _own_transaction(self, merchant_id: MerchantId) -> AsyncIterator[AsyncSession]:
        async with self.database.unit_of_work() as session:
            tenancy.remember(session, merchant_id=merchant_id)
            yield session

    async def _claim(
        self, session: AsyncSession, merchant_id: MerchantId, key: str
    ) -> Outcome | None:
        """Own the key (None) or return the stored answer; raise when it cannot be used."""
        now = utcnow()
        await _purge(session, merchant_id, before=now - self.ttl)
        if not await _insert(session, merchant_id, key, self.fingerprint, now):
            record = await _get(session, merchant_id, key)
            if record is None or not self._can_take_over(record, now):
                return self._existing_answer(record)
            if not await _take_over(session, record, self.fingerprint, now):
                raise AppError(IN_PROGRESS, headers={"Retry-After": "1"})
        return None

    def _can_take_over(self, record: IdempotencyRecord, now: datetime) -> bool:
        expired = record.created_at < now - self.ttl
        abandoned = record.state == RUNNING and record.created_at < now - self.stale_after
        return expired or abandoned

    def _existing_answer(self, record: IdempotencyRecord | None) -> Outcome:
        if record is None:  # released between our insert and our read: a retry will do
            raise AppError(IN_PROGRESS, headers={"Retry-After": "1"})
        if record.fingerprint != self.fingerprint:
            raise AppError(KEY_REUSED)
        if record.state != DONE or record.response_status is None:
            raise AppError(IN_PROGRESS, headers={"Retry-After": "1"})
        return Outcome(record.response_status, record.response_body, record.response_headers or {})


def fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    """A digest of what makes two requests the same: method, path, query and JSON body."""
    digest = hashlib.sha256()
    for part in (method.upper(), path, query):
        digest.update(part.encode() + b"\n")
    digest.update(_canonical_body(body))
    return digest.hexdigest()


def _canonical_body(body: bytes) -> bytes:
    # Key order and whitespace do not make a request different.
    try:
        parsed = json.loads(body) if body else None
        return json.dumps(parsed, sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, RecursionError):
        return body


async def idempotent_request(
    request: Request,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=255,
            pattern=r"^[\x21-\x7e]+$",
            description="Send the same key again to get the first answer instead of a "
            "second creation (kept at least 72 hours, per brand).",
        ),
    ] = None,
) -> IdempotentRequest:
    """The FastAPI dependency behind `Idempotency`."""
    print_ = ""
    if idempotency_key is not None:
        body = await request.body()
        print_ = fingerprint(request.method, request.url.path, request.url.query, body)
    settings = request.app.state.settings
    return IdempotentRequest(
        key=idempotency_key,
        fingerprint=print_,
        ttl=timedelta(hours=settings.idempotency_ttl_hours),
        database=request.app.state.db,
        stale_after=timedelta(seconds=settings.idempotency_stale_after_s),
    )


Idempotency = Annotated[IdempotentRequest, Depends(idempotent_request)]


async def _insert(
    session: AsyncSession, merchant_id: MerchantId, key: str, fingerprint: str, now: datetime
) -> bool:
    statement = (
        insert_for(session, IdempotencyRecord)
        .values(merchant_id=merchant_id, key=key, fingerprint=fingerprint, state=RUNNING)
        .values(created_at=now)
        .on_conflict_do_nothing(index_elements=["merchant_id", "key"])
        .returning(IdempotencyRecord.key)
    )
    # RETURNING, not rowcount: drivers do not agree on rowcount after ON CONFLICT.
    return (await session.execute(statement)).first() is not None


async def _get(
    session: AsyncSession, merchant_id: MerchantId, key: str
) -> IdempotencyRecord | None:
    result = await session.execute(
        select(IdempotencyRecord)
        .where(IdempotencyRecord.merchant_id == merchant_id, IdempotencyRecord.key == key)
        .execution_options(populate_existing=True)
    )
    return result.scalar_one_or_none()


async def _take_over(
    session: AsyncSession, record: IdempotencyRecord, fingerprint: str, now: datetime
) -> bool:
    # Conditional on the attempt we read: of two concurrent takers, one wins.
    result = await session.execute(
        update(IdempotencyRecord)
        .where(
            IdempotencyRecord.merchant_id == record.merchant_id,
            IdempotencyRecord.key == record.key,
            IdempotencyRecord.created_at == record.created_at,
        )
        .values(
            fingerprint=fingerprint,
            state=RUNNING,
            response_status=None,
            response_body=None,
            response_headers=None,
            created_at=now,
        )
        .returning(IdempotencyRecord.key)
        .execution_options(synchronize_session=False)
    )
    return result.first() is not None


async def _store(
    session: AsyncSession, merchant_id: MerchantId, key: str, outcome: Outcome
) -> None:
    await session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.merchant_id == merchant_id, IdempotencyRecord.key == key)
        .values(
            state=DONE,
            response_status=outcome.status,
            response_body=outcome.body,
            response_headers=outcome.headers,
        )
        .execution_options(synchronize_session=False)
    )
    # Constraint failures surface here, while the key can still be released.
    await session.flush()


async def _release(
    session: AsyncSession, merchant_id: MerchantId, key: str, fingerprint: str
) -> None:
    # Should this fail, the record goes stale and is taken over by the next attempt.
    await session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.merchant_id == merchant_id,
            IdempotencyRecord.key == key,
            IdempotencyRecord.fingerprint == fingerprint,
            IdempotencyRecord.state == RUNNING,
        )
    )


async def _purge(session: AsyncSession, merchant_id: MerchantId, *, before: datetime) -> None:
    await session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.merchant_id == merchant_id,
            IdempotencyRecord.created_at < before,
        )
    )


async def forget_values(
    session: AsyncSession, merchant_id: MerchantId, *, mentioning: str, values: Collection[str]
) -> None:
    """Erasure: the brand's stored answers that mention `mentioning` (a customer's id) keep
    none of `values`; a replay answers with the markers in their place."""
    result = await session.execute(
        select(IdempotencyRecord).where(
            IdempotencyRecord.merchant_id == merchant_id,
            cast(IdempotencyRecord.response_body, Text).contains(mentioning),
        )
    )
    for record in result.scalars():
        record.response_body = redact_values(record.response_body, values)
