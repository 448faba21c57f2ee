"""Staff sign-in, token authentication and sign-out."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select
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


_RACE_RETRIES = 8


@dataclass(frozen=True)
class CountedAttempt:
    """A sign-in attempt already counted against its account (and, unless the account
    signed in from there lately, its client address)."""

    account_key: str
    account_failures: int
    known_key: str
    address_key: str | None


async def reserve_sign_in(
    session: AsyncSession, settings: Settings, *, account: str, address: str
) -> CountedAttempt:
    """Count this attempt before any password is judged (429 `auth.throttled` with
    `Retry-After` while the account, or the address, must wait). Run it in a unit of work
    of its own (`core.http.own_unit_of_work`): committed at once, parallel guesses see each
    other's counts, and a refusal later keeps it."""
    account_key, address_key = throttle.account_key(account), throttle.address_key(address)
    known_key, now = throttle.known_key(account, address), utcnow()
    stored = await auth_repository.throttle_states(session, [account_key, address_key, known_key])
    recent = timedelta(days=settings.sign_in_known_address_days)
    known = throttle.recently_seen(stored.get(known_key), now, recent)
    watched = [account_key] if known else [account_key, address_key]
    waits = [throttle.retry_after(stored[key], now) for key in watched if key in stored]
    _refuse_for(max((w for w in waits if w is not None), default=None))
    account_limits, address_limits = _limits(settings)
    failures = await _reserve(session, account_key, account_limits, now)
    if not known:
        await _reserve(session, address_key, address_limits, now)
    return CountedAttempt(account_key, failures, known_key, None if known else address_key)


def _limits(settings: Settings) -> tuple[throttle.Limits, throttle.Limits]:
    window, cap, first = (
        timedelta(seconds=settings.sign_in_window_s),
        timedelta(seconds=settings.sign_in_max_delay_s),
        timedelta(seconds=settings.sign_in_first_delay_s),
    )
    return (
        throttle.Limits(settings.sign_in_max_failures, window, cap, first),
        throttle.Limits(settings.sign_in_max_failures_per_address, window, cap, first),
    )


async def _reserve(session: AsyncSession, key: str, limits: throttle.Limits, now: datetime) -> int:
    await auth_repository.ensure_throttle(session, key, now)
    for _ in range(_RACE_RETRIES):
        state = (await auth_repository.throttle_states(session, [key]))[key]
        reservation = throttle.reserve(state, limits, now)
        _refuse_for(reservation.retry_after)
        assert reservation.state is not None
        if await auth_repository.compare_and_set_throttle(
            session, key, expected=state, new=reservation.state
        ):
            return reservation.state.failures
    # That many parallel attempts on one key: refuse rather than guess.
    raise _throttled(1)


def _refuse_for(wait: int | None) -> None:
    if wait is not None:
        raise _throttled(wait)


def _throttled(wait: int) -> AppError:
    return AppError(THROTTLED, headers={"Retry-After": str(wait)}, retry_after=wait)


async def purge_throttles(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Forget sign-in counts no rule looks at any more (and addresses not signed in from
    for `PATRONAGE_SIGN_IN_KNOWN_ADDRESS_DAYS`)."""
    forgotten = timedelta(seconds=settings.sign_in_window_s + settings.sign_in_max_delay_s)
    horizon = max(forgotten, timedelta(days=settings.sign_in_known_address_days))
    return await auth_repository.purge_throttles(session, quiet_since=now - horizon, now=now)


async def sign_in_succeeded(session: AsyncSession, attempt: CountedAttempt) -> None:
    """A right password: the address gets its attempt back (and is remembered as one the
    account signs in from), and the account starts afresh unless other attempts were
    counted after this one (a burst of guesses in flight keeps its count, so no more than
    the limit of them is ever judged)."""
    await auth_repository.reset_throttle(
        session, attempt.account_key, if_failures=attempt.account_failures
    )
    if attempt.address_key is not None:
        await auth_repository.refund_throttle(session, attempt.address_key)
    await auth_repository.mark_known(session, attempt.known_key, utcnow())


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
    merchant_id: uuid.UUID | None,
) -> IssuedToken:
    """Issue a token acting for one of the user's brands."""
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
    attempt: CountedAttempt,
) -> IssuedToken:
    """The sign-in flow of every edge (API and web), once the attempt was counted
    (`reserve_sign_in`, in a unit of work of its own): verify, then issue."""
    user_id = await verify_staff_credentials(session, settings, email=email, password=password)
    if user_id is None:
        raise AppError(INVALID_CREDENTIALS)
    await sign_in_succeeded(session, attempt)
    try:
        return await open_staff_session(session, settings, user_id=user_id, merchant_id=merchant_id)
    except AppError as exc:
        # A right password is never a failure, even when choosing the brand is refused.
        exc.keep_work = True
        raise


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
    return _principal_of(row.id, row.user_id, row.kind, row.merchant_id, row.role)


def _principal_of(
    session_id: uuid.UUID,
    user_id: uuid.UUID,
    kind: str,
    merchant_id: uuid.UUID | None,
    role: str | None,
) -> Principal:
    if kind == STAFF and merchant_id is not None and role:
        return Staff(
            session_id=session_id,
            user_id=user_id,
            kind=kind,
            merchant_id=tenancy.trusted_merchant_id(merchant_id),
            role=role,
        )
    return CustomerAccount(session_id=session_id, user_id=user_id, kind=kind)


@dataclass(frozen=True)
class TokenCheck:
    """A bearer token's check as one statement of a hot path's trip (`core.trip`); on
    PostgreSQL (`binds`) it also binds the transaction to the token's merchant and user, so
    the statements sent after it in the same trip act for them."""

    statement: Select[Any]
    params: dict[str, Any]


def token_check(token: str | None, *, binds: bool) -> TokenCheck | None:
    """The check of `token`, or None when it cannot be one (missing, absurdly long)."""
    if not token or len(token) > 200:
        return None
    params = {"digest": security.token_digest(token), "now": utcnow()}
    return TokenCheck(auth_repository.token_statement(binds=binds), params)


@dataclass(frozen=True)
class Authenticated:
    principal: Principal
    phone_region: str | None  # the staff's brand's, for reading phone numbers


def authenticated(row: Sequence[Any] | None) -> Authenticated | None:
    """Who a `token_check`'s row says is calling; None for an unknown, revoked or expired
    token (no row)."""
    if row is None:
        return None
    session_id, user_id, kind, merchant_id, role, region = row[:6]
    return Authenticated(_principal_of(session_id, user_id, kind, merchant_id, role), region)


async def sign_out(session: AsyncSession, principal: Principal) -> None:
    """Revoke the caller's token."""
    await auth_repository.revoke_session(session, principal.session_id, utcnow())


async def sync_member_sessions(
    session: AsyncSession, merchant_id: tenancy.MerchantId, user_id: uuid.UUID, *, role: str | None
) -> None:
    """After a membership changed: the member's sessions at the brand take `role`, or end
    (`None`, the member was removed)."""
    await auth_repository.update_live_sessions(
        session, user_id=user_id, merchant_id=merchant_id, role=role, now=utcnow()
    )


async def revoke_other_sessions(session: AsyncSession, principal: Principal) -> None:
    """End every session of the caller's account but the one making this request."""
    await auth_repository.update_live_sessions(
        session, user_id=principal.user_id, keep_session_id=principal.session_id, now=utcnow()
    )


async def revoke_user_sessions(session: AsyncSession, user_id: uuid.UUID) -> None:
    """End every live session of the account (its person's data was erased)."""
    await auth_repository.update_live_sessions(session, user_id=user_id, now=utcnow())
