"""Queries of staff invitations: always for one merchant, except finding one by its id."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.dialect import dialect_name
from patronage.core.tenancy import MerchantId
from patronage.identity.invitations.models import StaffInvitation

_OPEN = (StaffInvitation.accepted_at.is_(None), StaffInvitation.revoked_at.is_(None))


def add(session: AsyncSession, invitation: StaffInvitation) -> StaffInvitation:
    session.add(invitation)
    return invitation


async def list_open(
    session: AsyncSession, merchant_id: MerchantId, now: datetime
) -> list[StaffInvitation]:
    """The brand's invitations neither accepted, revoked nor expired, newest first."""
    result = await session.scalars(
        select(StaffInvitation)
        .where(StaffInvitation.merchant_id == merchant_id, *_OPEN, StaffInvitation.expires_at > now)
        .order_by(StaffInvitation.created_at.desc(), StaffInvitation.id)
    )
    return list(result)


async def count_sent_since(session: AsyncSession, merchant_id: MerchantId, since: datetime) -> int:
    """How many invitations the brand sent since `since`."""
    result = await session.execute(
        select(func.count())
        .select_from(StaffInvitation)
        .where(StaffInvitation.merchant_id == merchant_id, StaffInvitation.created_at > since)
    )
    return int(result.scalar_one())


async def revoke(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    actor_id: uuid.UUID,
    now: datetime,
    invitation_id: uuid.UUID | None = None,
    email: str | None = None,
) -> int:
    """Withdraw open invitations (one by id, or every one to an email); how many."""
    conditions: list[Any] = [StaffInvitation.merchant_id == merchant_id, *_OPEN]
    if invitation_id is not None:
        conditions.append(StaffInvitation.id == invitation_id)
    if email is not None:
        conditions.append(StaffInvitation.email == email)
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(StaffInvitation)
        .where(*conditions)
        .values(revoked_at=now, revoked_by=actor_id)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


async def get_for_invitee(
    session: AsyncSession, invitation_id: uuid.UUID
) -> StaffInvitation | None:
    """The one read of an invitation by id alone (its invitee belongs to no brand yet);
    on PostgreSQL row-level security lets this transaction see that invitation only."""
    if dialect_name(session) == "postgresql":
        await session.execute(
            text("SELECT set_config('app.invitation_id', :id, true)"), {"id": str(invitation_id)}
        )
    result = await session.execute(
        select(StaffInvitation)
        .where(StaffInvitation.id == invitation_id)
        .execution_options(populate_existing=True)
    )
    return result.scalar_one_or_none()


async def reserve_attempt(
    session: AsyncSession, merchant_id: MerchantId, invitation_id: uuid.UUID, *, max_attempts: int
) -> int | None:
    """Count one guess before judging it, in one conditional statement: the new count, or
    None when no guess is left (or the invitation is closed). Parallel guesses stay exact."""
    result = await session.execute(
        update(StaffInvitation)
        .where(
            StaffInvitation.merchant_id == merchant_id,
            StaffInvitation.id == invitation_id,
            StaffInvitation.attempts < max_attempts,
            *_OPEN,
        )
        .values(attempts=StaffInvitation.attempts + 1)
        .returning(StaffInvitation.attempts),
        execution_options={"synchronize_session": False},
    )
    count = result.scalar_one_or_none()
    return int(count) if count is not None else None


async def mark_accepted(
    session: AsyncSession,
    merchant_id: MerchantId,
    invitation_id: uuid.UUID,
    *,
    user_id: uuid.UUID,
    now: datetime,
) -> bool:
    """Use the invitation up; False if it was used or withdrawn meanwhile."""
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(StaffInvitation)
        .where(
            StaffInvitation.merchant_id == merchant_id,
            StaffInvitation.id == invitation_id,
            StaffInvitation.expires_at > now,
            *_OPEN,
        )
        .values(accepted_at=now, accepted_by=user_id)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
