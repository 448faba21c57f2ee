"""Inviting staff by email and accepting an invitation with its code.

No request of one brand ever checks another account's password: an invitee who already
has a staff account accepts while signed in as that account.
"""

from __future__ import annotations

import hmac
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import locks, security, tenancy
from patronage.core.columns import utcnow
from patronage.core.errors import AppError
from patronage.core.settings import Settings
from patronage.core.tenancy import MerchantId
from patronage.identity.auth.principal import Principal, Staff
from patronage.identity.invitations import messages, rules
from patronage.identity.invitations import repository as invitation_repository
from patronage.identity.invitations.errors import (
    DEAD,
    EXPIRED,
    NOT_FOUND,
    PASSWORD_REQUIRED,
    SIGN_IN_REQUIRED,
    TOO_MANY,
    UNAVAILABLE,
    WRONG_CODE,
    WrongInvitationCode,
)
from patronage.identity.invitations.models import StaffInvitation
from patronage.identity.merchants import service as merchant_service
from patronage.identity.staff import service as staff_service
from patronage.identity.staff.errors import ALREADY_MEMBER
from patronage.identity.users.service import User
from patronage.messaging import service as outbox_service

log = logging.getLogger(__name__)
EMAIL = "email"
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Accepted:
    merchant_id: uuid.UUID
    user_id: uuid.UUID
    role: str


async def invite(
    session: AsyncSession,
    settings: Settings,
    owner: Staff,
    *,
    email: str,
    name: str,
    role: str,
    locale: str | None = None,
) -> StaffInvitation:
    """Send an invitation (replacing any open one to the same email); the answer is the
    same whether or not the email has an account."""
    merchant = await merchant_service.get_merchant(session, owner.merchant_id)
    account = await staff_service.get_staff_user(session, email)
    if account is not None and await staff_service.is_member(
        session, owner.merchant_id, account.id
    ):
        raise AppError(ALREADY_MEMBER)
    now = utcnow()
    await _within_daily_limit(session, settings, owner.merchant_id, now)
    await invitation_repository.revoke(
        session, owner.merchant_id, email=email, actor_id=owner.user_id, now=now
    )
    code = rules.new_code()
    invitation = StaffInvitation(
        id=uuid.uuid4(),
        merchant_id=owner.merchant_id,
        email=email,
        name=name,
        role=role,
        locale=account.locale if account else (locale or merchant.locale),
        created_at=now,
        created_by=owner.user_id,
        expires_at=now + timedelta(hours=settings.invitation_ttl_hours),
    )
    invitation.code_digest = _digest(settings, invitation.id, code)
    invitation_repository.add(session, invitation)
    await session.flush()
    await _send(session, settings, invitation, code, brand=merchant.name)
    log.info("staff.invited", extra={"invitation": str(invitation.id), "role": role})
    return invitation


async def _within_daily_limit(
    session: AsyncSession, settings: Settings, merchant_id: MerchantId, now: datetime
) -> None:
    # Invitations are emails to any address: a brand may not turn the service into a
    # mass mailer. One count at a time per brand keeps the limit exact.
    await locks.serialise(session, f"staff.invitations:{merchant_id}")
    sent = await invitation_repository.count_sent_since(session, merchant_id, now - _DAY)
    if sent >= settings.invitation_max_per_day:
        raise AppError(TOO_MANY, headers={"Retry-After": "3600"})


def _digest(settings: Settings, invitation_id: uuid.UUID, code: str) -> str:
    return security.token_digest(rules.digest_input(invitation_id, code), settings)


async def _send(
    session: AsyncSession, settings: Settings, invitation: StaffInvitation, code: str, *, brand: str
) -> None:
    rendered = messages.render(
        locale=invitation.locale,
        brand=brand,
        role=invitation.role,
        invitation_id=invitation.id,
        code=rules.display_code(code),
        hours=settings.invitation_ttl_hours,
    )
    await outbox_service.enqueue(
        session,
        channel=EMAIL,
        destination=invitation.email,
        locale=invitation.locale,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        merchant_id=invitation.merchant_id,
        expires_at=invitation.expires_at,
    )


async def list_open(session: AsyncSession, merchant_id: MerchantId) -> list[StaffInvitation]:
    """The brand's invitations still waiting for their invitee."""
    return await invitation_repository.list_open(session, merchant_id, utcnow())


async def revoke(session: AsyncSession, owner: Staff, invitation_id: uuid.UUID) -> None:
    """Withdraw an open invitation (404 if there is none)."""
    count = await invitation_repository.revoke(
        session,
        owner.merchant_id,
        invitation_id=invitation_id,
        actor_id=owner.user_id,
        now=utcnow(),
    )
    if count == 0:
        raise AppError(NOT_FOUND)


async def accept(
    session: AsyncSession,
    settings: Settings,
    *,
    invitation_id: uuid.UUID,
    code: str,
    password: str | None,
    caller: Principal | None,
) -> Accepted:
    """Join the brand with a right code: as the signed-in existing account, or as a new
    account with its own password. Wrong codes are counted (the edge commits them)."""
    invitation = await _check_code(session, settings, invitation_id, code)
    merchant_id = tenancy.trusted_merchant_id(invitation.merchant_id)
    user = await _invitee_account(session, settings, invitation, password, caller)
    await tenancy.bind(session, merchant_id=merchant_id, user_id=user.id)
    if not await invitation_repository.mark_accepted(
        session, merchant_id, invitation.id, user_id=user.id, now=utcnow()
    ):
        raise AppError(UNAVAILABLE)
    member = await staff_service.attach(
        session, merchant_id, user, role=invitation.role, actor_id=invitation.created_by
    )
    log.info("staff.invitation_accepted", extra={"invitation": str(invitation.id)})
    return Accepted(merchant_id, member.user_id, member.role)


async def _check_code(
    session: AsyncSession, settings: Settings, invitation_id: uuid.UUID, code: str
) -> StaffInvitation:
    invitation = await invitation_repository.get_for_invitee(session, invitation_id)
    if invitation is None:
        raise AppError(NOT_FOUND)
    maximum = settings.invitation_max_attempts
    merchant_id = tenancy.trusted_merchant_id(invitation.merchant_id)
    reserved = await invitation_repository.reserve_attempt(
        session, merchant_id, invitation.id, max_attempts=maximum
    )
    if reserved is None:
        # No guess left, or closed meanwhile: never judged.
        current = await invitation_repository.get_for_invitee(session, invitation_id)
        closed = current is None or current.accepted_at or current.revoked_at
        raise AppError(UNAVAILABLE if closed else DEAD)
    state = rules.InvitationState(
        invitation.expires_at, reserved - 1, invitation.accepted_at, invitation.revoked_at
    )
    matches = hmac.compare_digest(invitation.code_digest, _digest(settings, invitation.id, code))
    verdict = rules.judge(state, matches=matches, now=utcnow(), max_attempts=maximum)
    if verdict is rules.Verdict.WRONG:
        left = max(0, maximum - reserved)
        raise WrongInvitationCode(WRONG_CODE, {"attempts_left": left}, attempts_left=left)
    refusal = {
        rules.Verdict.EXPIRED: EXPIRED,
        rules.Verdict.UNAVAILABLE: UNAVAILABLE,
        rules.Verdict.DEAD: DEAD,
    }
    if verdict in refusal:
        raise AppError(refusal[verdict])
    return invitation


async def _invitee_account(
    session: AsyncSession,
    settings: Settings,
    invitation: StaffInvitation,
    password: str | None,
    caller: Principal | None,
) -> User:
    account = await staff_service.get_staff_user(session, invitation.email)
    if account is not None:
        # Only the account itself may accept: its password is never asked for here.
        if caller is None or caller.user_id != account.id:
            raise AppError(SIGN_IN_REQUIRED)
        return account
    if password is None:
        raise AppError(PASSWORD_REQUIRED)
    return await staff_service.create_staff_user(
        session, settings, name=invitation.name, email=invitation.email, password=password
    )
