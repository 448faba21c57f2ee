"""A customer changes their own password, proving the current one or a fresh code."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.customer_auth import service as account_service
from patronage.accounts.customer_auth.errors import CODE_NOT_YOURS, WEAK_PASSWORD, WRONG_PASSWORD
from patronage.accounts.otp import service as otp_service
from patronage.core import security
from patronage.core.errors import AppError
from patronage.core.settings import Settings
from patronage.identity.auth import service as auth_service
from patronage.identity.auth.principal import CustomerAccount
from patronage.identity.users.service import User


async def reserve_password_proof(
    session: AsyncSession, settings: Settings, customer: CustomerAccount, *, client_address: str
) -> auth_service.CountedAttempt:
    """Count a guess at the current password before it is judged (429 while throttled)."""
    return await auth_service.reserve_sign_in(
        session, settings, account=proof_key(customer.user_id), address=client_address
    )


async def change_password(
    session: AsyncSession,
    settings: Settings,
    customer: CustomerAccount,
    *,
    new_password: str,
    current_password: str | None = None,
    challenge_id: uuid.UUID | None = None,
    code: str | None = None,
    attempt: auth_service.CountedAttempt | None = None,
) -> None:
    """Set a new password after proof (a current password's guess must already be counted
    by `reserve_password_proof`); every other session of the account ends."""
    account = await account_service.get_account(session, customer.user_id)
    _check_strength(settings, new_password, account)
    if current_password is not None:
        assert attempt is not None
        await _prove_password(session, settings, account, current_password, attempt)
    else:
        assert challenge_id is not None and code is not None
        await _prove_code(session, settings, account, challenge_id, code)
    account.password_hash = await security.hash_password(new_password, settings)
    account.updated_by = account.id
    await session.flush()
    await auth_service.revoke_other_sessions(session, customer)


def _check_strength(settings: Settings, password: str, account: User) -> None:
    minimum = settings.password_min_length
    email = account.verified_email
    weakness = security.password_weakness(password, min_length=minimum, email=email)
    if weakness:
        raise AppError(WEAK_PASSWORD, {"reason": weakness}, min_length=minimum)


async def _prove_password(
    session: AsyncSession,
    settings: Settings,
    account: User,
    password: str,
    attempt: auth_service.CountedAttempt,
) -> None:
    # The attempt was counted by `reserve_password_proof` (and committed) before this.
    if not await security.verify_password(account.password_hash, password, settings):
        raise AppError(WRONG_PASSWORD)
    await auth_service.sign_in_succeeded(session, attempt)


def proof_key(user_id: uuid.UUID) -> str:
    """The throttle key of guesses at an account's current password."""
    return f"user:{user_id}"


async def _prove_code(
    session: AsyncSession, settings: Settings, account: User, challenge_id: uuid.UUID, code: str
) -> None:
    # A sign-in code sent to one of the account's own contacts (`POST /auth/customer/otp`).
    challenge = await otp_service.verify_sign_in_code(
        session, settings, challenge_id=challenge_id, code=code
    )
    owned = challenge.destination in (account.verified_phone, account.verified_email)
    if challenge.user_id != account.id or not owned:
        raise AppError(CODE_NOT_YOURS)
