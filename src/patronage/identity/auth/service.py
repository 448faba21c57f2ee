"""Staff sign-in, token authentication and sign-out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import security, tenancy
from patronage.core.columns import utcnow
from patronage.core.errors import AppError
from patronage.core.settings import Settings
from patronage.identity.auth import repository as auth_repository
from patronage.identity.auth import throttle
from patronage.identity.auth.errors import (
    INVALID_CREDENTIALS,
    MERCHANT_REQUIRED,
    NO_MEMBERSHIP,
    THROTTLED,
)
from patronage.identity.auth.models import AuthSession
from patronage.identity.auth.principal import CustomerAccount, Principal, Staff
from patronage.identity.merchants import repository as merchant_repository
from patronage.identity.staff import repository as staff_repository
from patronage.identity.staff.models import Membership
from patronage.identity.users import repository as user_repository
from patronage.identity.users.kinds import STAFF


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime
    principal: Principal


async def ensure_not_throttled(session: AsyncSession, *, email: str, address: str) -> None:
    """Refuse (429) while the account or the client address is locked out."""
    keys = [throttle.account_key(email), throttle.address_key(address)]
    now = utcnow()
    wait = throttle.retry_after_seconds(
        await auth_repository.locked_throttles(session, keys, now), now
    )
    if wait is not None:
        raise AppError(THROTTLED, headers={"Retry-After": str(wait)}, retry_after=wait)


async def record_failed_sign_in(
    session: AsyncSession, settings: Settings, *, email: str, address: str
) -> None:
    """Count a failure against the account and the address."""
    now = utcnow()
    window, lockout = (
        timedelta(seconds=settings.sign_in_window_s),
        timedelta(seconds=settings.sign_in_lockout_s),
    )
    for key, max_failures in (
        (throttle.account_key(email), settings.sign_in_max_failures),
        (throttle.address_key(address), settings.sign_in_max_failures_per_address),
    ):
        row = await auth_repository.lock_throttle_row(session, key, now)
        throttle.register_failure(row, throttle.Limits(max_failures, window, lockout), now)
    await session.flush()


async def verify_staff_credentials(
    session: AsyncSession, settings: Settings, *, email: str, password: str
) -> uuid.UUID | None:
    """The staff user's id when email and password match; the same cost either way."""
    user = await user_repository.get_staff_by_email(session, email)
    ok = await security.verify_password(user.password_hash if user else None, password, settings)
    return user.id if ok and user and user.deleted_at is None else None


async def open_staff_session(
    session: AsyncSession,
    settings: Settings,
    *,
    user_id: uuid.UUID,
    email: str,
    merchant_id: uuid.UUID | None,
) -> IssuedToken:
    """Issue a token acting for one of the user's brands."""
    await auth_repository.clear_throttle(session, throttle.account_key(email))
    membership = await _choose_membership(session, user_id, merchant_id)
    merchant = tenancy.trusted_merchant_id(membership.merchant_id)
    return await _issue(
        session,
        user_id=user_id,
        kind=STAFF,
        merchant_id=merchant,
        role=membership.role,
        ttl=timedelta(hours=settings.staff_session_ttl_hours),
    )


async def _choose_membership(
    session: AsyncSession, user_id: uuid.UUID, merchant_id: uuid.UUID | None
) -> Membership:
    await tenancy.bind(session, merchant_id=None, user_id=user_id)
    memberships = await staff_repository.memberships_of_user(session, user_id)
    if merchant_id is not None:
        for membership in memberships:
            if membership.merchant_id == merchant_id:
                return membership
        raise AppError(NO_MEMBERSHIP)
    if len(memberships) == 1:
        return memberships[0]
    if not memberships:
        raise AppError(NO_MEMBERSHIP)
    merchants = await merchant_repository.get_many(session, [m.merchant_id for m in memberships])
    raise AppError(
        MERCHANT_REQUIRED,
        {"merchants": [{"id": str(m.id), "name": m.name} for m in merchants]},
    )


async def issue_customer_session(
    session: AsyncSession, settings: Settings, *, user_id: uuid.UUID
) -> IssuedToken:
    """Issue a token for a promoted customer's own account."""
    return await _issue(
        session,
        user_id=user_id,
        kind="customer",
        merchant_id=None,
        role=None,
        ttl=timedelta(days=settings.customer_session_ttl_days),
    )


async def _issue(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    kind: str,
    merchant_id: tenancy.MerchantId | None,
    role: str | None,
    ttl: timedelta,
) -> IssuedToken:
    token = security.new_token()
    now = utcnow()
    row = auth_repository.add_session(
        session,
        AuthSession(
            token_digest=security.token_digest(token),
            user_id=user_id,
            kind=kind,
            merchant_id=merchant_id,
            role=role,
            created_at=now,
            expires_at=now + ttl,
        ),
    )
    await session.flush()
    return IssuedToken(token, row.expires_at, _principal(row))


async def sign_in_staff(
    session: AsyncSession,
    settings: Settings,
    *,
    email: str,
    password: str,
    merchant_id: uuid.UUID | None,
    address: str,
) -> IssuedToken:
    """The sign-in flow of every edge (API and web): throttle, verify, count failures, issue."""
    await ensure_not_throttled(session, email=email, address=address)
    user_id = await verify_staff_credentials(session, settings, email=email, password=password)
    if user_id is None:
        await record_failed_sign_in(session, settings, email=email, address=address)
        raise AppError(INVALID_CREDENTIALS, keep_work=True)
    return await open_staff_session(
        session, settings, user_id=user_id, email=email, merchant_id=merchant_id
    )


async def authenticate(session: AsyncSession, token: str) -> Principal | None:
    """The principal behind a bearer token, or None if unknown, revoked or expired; the
    session then acts for it (its merchant, if staff) in this and later transactions."""
    if not token or len(token) > 200:
        return None
    row = await auth_repository.get_live_session(session, security.token_digest(token), utcnow())
    if row is None:
        return None
    principal = _principal(row)
    merchant = principal.merchant_id if isinstance(principal, Staff) else None
    tenancy.remember(session, merchant_id=merchant, user_id=principal.user_id)
    return principal


def _principal(row: AuthSession) -> Principal:
    if row.kind == STAFF and row.merchant_id is not None and row.role:
        return Staff(
            session_id=row.id,
            user_id=row.user_id,
            kind=row.kind,
            merchant_id=tenancy.trusted_merchant_id(row.merchant_id),
            role=row.role,
        )
    return CustomerAccount(session_id=row.id, user_id=row.user_id, kind=row.kind)


async def sign_out(session: AsyncSession, principal: Principal) -> None:
    """Revoke the caller's token."""
    await auth_repository.revoke_session(session, principal.session_id, utcnow())
