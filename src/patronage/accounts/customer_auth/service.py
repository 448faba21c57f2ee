"""Customer sign-in (by one-time code or password) and the customer's own account."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.customer_auth.errors import ACCOUNT_UNAVAILABLE, INVALID_CREDENTIALS
from patronage.accounts.otp import service as otp_service
from patronage.accounts.otp.rules import SIGN_IN
from patronage.core import security
from patronage.core.errors import AppError
from patronage.core.normalize import normalize_email, normalize_phone
from patronage.core.settings import Settings
from patronage.directory import service as customer_service
from patronage.identity.auth import service as auth_service
from patronage.identity.merchants import service as merchant_service
from patronage.identity.users import service as user_service
from patronage.identity.users.kinds import ACTIVE, CUSTOMER, RETIRED
from patronage.identity.users.service import User
from patronage.messaging.channels import EMAIL, SMS


@dataclass(frozen=True)
class Destination:
    """A phone (E.164) or email (lower-cased) a code can go to."""

    channel: str
    value: str


@dataclass(frozen=True)
class Profile:
    merchant_id: uuid.UUID
    merchant_name: str
    customer_id: uuid.UUID
    name: str
    account_status: str
    locale: str
    created_at: datetime
    time_zone: str = "UTC"
    currency: str = "VND"


@dataclass(frozen=True)
class Me:
    user: User
    profiles: list[Profile]


def parse_destination(raw: str, *, region: str) -> Destination:
    """An email if it has `@`, else a phone in `region`'s national or international form."""
    if "@" in raw:
        return Destination(EMAIL, normalize_email(raw))
    return Destination(SMS, normalize_phone(raw, region).e164)


async def find_account(session: AsyncSession, destination: Destination) -> User | None:
    """The active customer account that proved this phone or email, if any."""
    if destination.channel == EMAIL:
        return await user_service.find_customer_account(session, email=destination.value)
    return await user_service.find_customer_account(session, phone=destination.value)


async def request_sign_in_code(
    session: AsyncSession, settings: Settings, *, destination: str, client_address: str
) -> otp_service.IssuedChallenge:
    """Send a sign-in code to a known account; for an unknown one, an identical decoy."""
    target = parse_destination(destination, region=settings.otp_phone_region)
    account = await find_account(session, target)
    recipient = otp_service.Recipient(
        target.channel, target.value, account.locale if account else "en"
    )
    return await otp_service.send_code(
        session,
        settings,
        recipient,
        purpose=SIGN_IN,
        user_id=account.id if account else None,
        client_address=client_address,
        deliver=account is not None,
    )


async def sign_in_with_code(
    session: AsyncSession, settings: Settings, *, challenge_id: uuid.UUID, code: str
) -> auth_service.IssuedToken:
    """A customer token for the account a right sign-in code was sent to."""
    challenge = await otp_service.verify_sign_in_code(
        session, settings, challenge_id=challenge_id, code=code
    )
    account = None
    if challenge.user_id is not None:
        account = await user_service.get_user(session, challenge.user_id)
    if account is None or not _still_owns(account, challenge.destination):
        raise AppError(ACCOUNT_UNAVAILABLE)
    return await auth_service.issue_customer_session(session, settings, user_id=account.id)


def _still_owns(account: User, destination: str | None) -> bool:
    active = account.kind == CUSTOMER and account.status == ACTIVE and not account.deleted_at
    return active and destination in (account.verified_phone, account.verified_email)


def password_sign_in_key(settings: Settings, destination: str) -> str:
    """One throttle key per account, whatever form the phone or email was typed in."""
    try:
        return parse_destination(destination, region=settings.otp_phone_region).value
    except ValueError:
        return destination.strip().lower()


async def sign_in_with_password(
    session: AsyncSession,
    settings: Settings,
    *,
    destination: str,
    password: str,
    attempt: auth_service.CountedAttempt,
) -> auth_service.IssuedToken:
    """A customer token for a phone or email and password; the attempt was counted first
    (`auth_service.reserve_sign_in` with `password_sign_in_key`)."""
    account = await _account_for_key(session, settings, destination)
    ok = await security.verify_password(
        account.password_hash if account else None, password, settings
    )
    if account is None or not ok:
        raise AppError(INVALID_CREDENTIALS)
    await auth_service.sign_in_succeeded(session, attempt)
    return await auth_service.issue_customer_session(session, settings, user_id=account.id)


async def _account_for_key(
    session: AsyncSession, settings: Settings, destination: str
) -> User | None:
    try:
        target = parse_destination(destination, region=settings.otp_phone_region)
    except ValueError:
        return None
    return await find_account(session, target)


async def get_me(session: AsyncSession, user_id: uuid.UUID) -> Me:
    """The signed-in customer's account and their profile at each brand."""
    account = await _get_account(session, user_id)
    customers = await customer_service.profiles_of_user(session, user_id)
    brands = await merchant_service.merchants_by_id(session, {c.merchant_id for c in customers})
    return Me(account, [_profile(c, brands[c.merchant_id]) for c in customers])


def _profile(customer: customer_service.Customer, merchant: merchant_service.Merchant) -> Profile:
    return Profile(
        merchant_id=merchant.id,
        merchant_name=merchant.name,
        customer_id=customer.id,
        name=customer.name,
        account_status=customer.account_status,
        locale=customer.locale,
        created_at=customer.created_at,
        time_zone=merchant.time_zone,
        currency=merchant.currency,
    )


async def set_locale(session: AsyncSession, user_id: uuid.UUID, locale: str) -> Me:
    """Change the language the customer's own messages are sent in."""
    account = await _get_account(session, user_id)
    account.locale = locale
    account.updated_by = user_id
    await session.flush()
    return await get_me(session, user_id)


async def _get_account(session: AsyncSession, user_id: uuid.UUID) -> User:
    account = await user_service.get_user(session, user_id)
    if account is None or account.kind != CUSTOMER:
        raise AppError(ACCOUNT_UNAVAILABLE)
    return account


async def get_account(session: AsyncSession, user_id: uuid.UUID) -> User:
    """A customer user by id (401 `customer_auth.account_unavailable` if there is none)."""
    return await _get_account(session, user_id)


async def prove_contact(
    session: AsyncSession,
    account: User,
    destination: Destination,
    *,
    password_hash: str | None = None,
    locale: str | None = None,
) -> User:
    """Record that the account's owner proved `destination` (after a right code); activate it.
    A password is set only on an account that has none."""
    if destination.channel == EMAIL:
        account.verified_email = destination.value
    else:
        account.verified_phone = destination.value
    if password_hash is not None and account.password_hash is None:
        account.password_hash = password_hash
    if locale is not None:
        account.locale = locale
    account.status = ACTIVE
    await session.flush()
    return account


async def retire(session: AsyncSession, account: User, *, actor_id: uuid.UUID | None) -> None:
    """Retire a captured account whose profile joined another account."""
    account.status = RETIRED
    account.updated_by = actor_id
    await session.flush()
