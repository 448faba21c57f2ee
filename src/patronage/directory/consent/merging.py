"""Consent through a merge of duplicate profiles: the history stays, answers are added.

A merge never rewrites evidence. Where the merged-away profile's current answer for a
purpose is newer than the surviving profile's (or the survivor has none), the survivor gets
a new record repeating it — same status and wording version, method `merge`, by the owner
who merged — and the source keeps its own history untouched. Undoing the merge adds, for
each purpose whose current answer is still that copy, a record with method `merge_undone`
restoring the survivor's earlier answer; a survivor that had none gets `withdrawn`, since
nothing proves it consented itself. An answer recorded after the merge is left as it is.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.tenancy import MerchantId
from patronage.directory.consent import repository as consent_repository
from patronage.directory.consent import rules
from patronage.directory.consent.models import CustomerConsent
from patronage.directory.consent.service import append_record, next_record


@dataclass(frozen=True)
class Carried:
    """A purpose's answer the survivor takes from the merged-away profile."""

    purpose: str
    status: str
    previous_status: str | None


async def carried_over(
    session: AsyncSession, merchant_id: MerchantId, *, survivor_id: uuid.UUID, source_id: uuid.UUID
) -> list[Carried]:
    """The answers a merge of `source_id` into `survivor_id` would copy, in purpose order."""
    pairs = await _current(session, merchant_id, survivor_id, source_id)
    return [
        Carried(purpose, source.status, survivor.status if survivor else None)
        for purpose, survivor, source in pairs
    ]


async def copy_for_merge(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    survivor_id: uuid.UUID,
    source_id: uuid.UUID,
    actor_id: uuid.UUID | None,
) -> list[dict[str, Any]]:
    """Add the carried answers to the survivor; what undo needs to know of each copy."""
    copied = []
    for purpose, survivor, source in await _current(session, merchant_id, survivor_id, source_id):
        record = next_record(
            survivor, merchant_id, survivor_id, purpose, status=source.status,
            method=rules.MERGE, wording_version=source.wording_version,
            actor_kind=rules.STAFF, actor_id=actor_id,
        )  # fmt: skip
        await append_record(session, record)
        copied.append(
            {
                "purpose": purpose,
                "record_id": str(record.id),
                "from_record_id": str(source.id),
                "previous_status": survivor.status if survivor else None,
                "previous_wording_version": survivor.wording_version if survivor else None,
            }
        )
    return copied


async def revert_merge_copies(
    session: AsyncSession,
    merchant_id: MerchantId,
    survivor_id: uuid.UUID,
    copies: list[dict[str, Any]],
    *,
    actor_id: uuid.UUID | None,
) -> list[str]:
    """Restore the survivor's earlier answers where a copy is still current; the purposes."""
    reverted = []
    for copy in copies:
        purpose = copy["purpose"]
        latest = await consent_repository.latest(session, merchant_id, survivor_id, purpose)
        if latest is None or str(latest.id) != copy["record_id"]:
            continue  # answered again since the merge: that answer stands
        record = next_record(
            latest, merchant_id, survivor_id, purpose,
            status=copy["previous_status"] or rules.WITHDRAWN, method=rules.MERGE_UNDONE,
            wording_version=copy["previous_wording_version"] or latest.wording_version,
            actor_kind=rules.STAFF, actor_id=actor_id,
        )  # fmt: skip
        await append_record(session, record)
        reverted.append(purpose)
    return reverted


async def _current(
    session: AsyncSession, merchant_id: MerchantId, survivor_id: uuid.UUID, source_id: uuid.UUID
) -> list[tuple[str, CustomerConsent | None, CustomerConsent]]:
    """(purpose, survivor's current record, source's newer one) for each purpose to carry."""
    records = await consent_repository.current_of(session, merchant_id, [survivor_id, source_id])
    survivor = {r.purpose: r for r in records if r.customer_id == survivor_id}
    source = {r.purpose: r for r in records if r.customer_id == source_id}
    return [
        (purpose, survivor.get(purpose), source[purpose])
        for purpose in rules.PURPOSES
        if purpose in source and _newer(source[purpose], survivor.get(purpose))
    ]


def _newer(source: CustomerConsent, survivor: CustomerConsent | None) -> bool:
    if survivor is None:
        return True
    return source.recorded_at > survivor.recorded_at and source.status != survivor.status
