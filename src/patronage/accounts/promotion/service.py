"""Promoting a captured customer to a sign-in account by one-time code, and the merge path.

The merge path joins a profile to an account that already proved the same phone or email
(the same person promoted at another brand) — only after this code proved ownership too,
never by matching contacts alone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.customer_auth import service as account_service
from patronage.accounts.customer_auth.service import Destination
from patronage.accounts.otp import service as otp_service
from patronage.accounts.otp.models import OtpChallenge
from patronage.accounts.otp.rules import PROMOTE
from patronage.accounts.promotion.errors import (
    ACCOUNT_CONFLICT,
    ALREADY_VERIFIED,
    NO_CONTACT,
    PASSWORD_EXISTS,
    WEAK_PASSWORD,
)
from patronage.core import security
from patronage.core.errors import AppError
from patronage.core.settings import Settings
from patronage.directory import audit as customer_audit
from patronage.directory import service as customer_service
from patronage.directory.errors import DELETED
from patronage.directory.service import Customer
from patronage.identity.auth.principal import Staff
from patronage.identity.merchants import service as merchant_service
from patronage.identity.users.service import User
from patronage.messaging.channels import EMAIL, mask_destination

STARTED = "promotion.started"
SUCCEEDED = "promotion.succeeded"
MERGED = "promotion.merged"
CAPTURED, INVITED, ACTIVE = "captured", "invited", "active"


@dataclass(frozen=True)
class Promotion:
    """The outcome of a right code: the profile, its account, and whether it joined one."""

    customer: Customer
    user: User
    merged: bool


async def start_promotion(
    session: AsyncSession, settings: Settings, staff: Staff, customer_id: uuid.UUID, *, channel: str
) -> otp_service.IssuedChallenge:
    """Send a code to the customer's contact on record; the customer becomes `invited`."""
    customer = await _live_customer(session, staff, customer_id)
    destination = _contact_on_record(customer, channel)
    account = await account_service.get_account(session, customer.user_id)
    if customer.account_status == ACTIVE and _has_proved(account, destination):
        raise AppError(ALREADY_VERIFIED, channel=channel)
    merchant = await merchant_service.get_merchant(session, staff.merchant_id)
    issued = await otp_service.send_code(
        session,
        settings,
        otp_service.Recipient(channel, destination.value, customer.locale, merchant.name),
        purpose=PROMOTE,
        merchant_id=staff.merchant_id,
        customer_id=customer.id,
        user_id=customer.user_id,
    )
    if customer.account_status == CAPTURED:
        await _set_account(session, staff, customer, customer.user_id, INVITED)
    await _record(
        session,
        staff,
        customer.id,
        STARTED,
        channel=channel,
        destination_masked=issued.destination_masked,
        challenge_id=str(issued.id),
    )
    return issued


async def _set_account(
    session: AsyncSession, staff: Staff, customer: Customer, user_id: uuid.UUID, status: str
) -> Customer:
    """Link the profile to `user_id`'s account in `status`, by the staff member."""
    return await customer_service.set_account(
        session,
        staff.merchant_id,
        customer.id,
        user_id=user_id,
        account_status=status,
        actor_id=staff.user_id,
    )


async def _live_customer(session: AsyncSession, staff: Staff, customer_id: uuid.UUID) -> Customer:
    customer = await customer_service.get_customer(session, staff.merchant_id, customer_id)
    await customer_service.check_not_merged(session, staff.merchant_id, customer)
    if customer.deleted_at is not None:
        raise AppError(DELETED)
    return customer


def _contact_on_record(customer: Customer, channel: str) -> Destination:
    contact = customer.primary_email if channel == EMAIL else customer.primary_phone
    if contact is None:
        raise AppError(NO_CONTACT, {"channel": channel}, channel=channel)
    return Destination(channel, contact.value)


def _has_proved(account: User, destination: Destination) -> bool:
    proved = account.verified_email if destination.channel == EMAIL else account.verified_phone
    return proved == destination.value


async def verify_promotion(
    session: AsyncSession,
    settings: Settings,
    staff: Staff,
    customer_id: uuid.UUID,
    *,
    challenge_id: uuid.UUID,
    code: str,
    password: str | None = None,
) -> Promotion:
    """Check the code; the profile's account gains the proved contact (or joins the owner's)."""
    customer = await _live_customer(session, staff, customer_id)
    _check_password(settings, password)
    challenge = await otp_service.verify_promotion_code(
        session,
        settings,
        staff.merchant_id,
        customer_id=customer.id,
        challenge_id=challenge_id,
        code=code,
    )
    password_hash = await security.hash_password(password, settings) if password else None
    account, merged = await _settle_account(session, staff, customer, challenge, password_hash)
    customer = await _set_account(session, staff, customer, account.id, ACTIVE)
    await _record(
        session,
        staff,
        customer.id,
        SUCCEEDED,
        channel=challenge.channel,
        merged=merged,
        user_id=str(account.id),
    )
    return Promotion(customer, account, merged)


def _check_password(settings: Settings, password: str | None) -> None:
    if password is None:
        return
    weakness = security.password_weakness(password, min_length=settings.password_min_length)
    if weakness:
        raise AppError(
            WEAK_PASSWORD,
            security.weakness_details(weakness),
            min_length=settings.password_min_length,
        )


async def _settle_account(
    session: AsyncSession,
    staff: Staff,
    customer: Customer,
    challenge: OtpChallenge,
    password_hash: str | None,
) -> tuple[User, bool]:
    """The account the profile ends with, and whether it is another (existing) one."""
    assert challenge.destination is not None
    destination = Destination(challenge.channel, challenge.destination)
    current = await account_service.get_account(session, customer.user_id)
    current_id = current.id
    owner = await account_service.find_account(session, destination)
    if owner is None or owner.id == current_id:
        try:
            async with session.begin_nested():
                return await _prove(session, current, customer, destination, password_hash), False
        except IntegrityError:
            # Someone proved the same contact a moment ago: that account is the owner.
            # (The rolled-back savepoint expired `current`; load it again, off the event loop.)
            current = await account_service.get_account(session, current_id)
            owner = await account_service.find_account(session, destination)
            if owner is None:
                raise
    return await _merge(session, staff, customer, current, owner, destination, password_hash), True


async def _prove(
    session: AsyncSession,
    account: User,
    customer: Customer,
    destination: Destination,
    password_hash: str | None,
) -> User:
    first_proof = account.verified_email is None and account.verified_phone is None
    _refuse_replacing_password(account, password_hash)
    return await account_service.prove_contact(
        session,
        account,
        destination,
        password_hash=password_hash,
        locale=customer.locale if first_proof else None,
    )


async def _merge(
    session: AsyncSession,
    staff: Staff,
    customer: Customer,
    current: User,
    owner: User,
    destination: Destination,
    password_hash: str | None,
) -> User:
    """Join the profile to the owner's account and retire its unused captured account."""
    if current.verified_email or current.verified_phone:
        # Two accounts that each proved something: joining them is not a till-side decision.
        raise AppError(ACCOUNT_CONFLICT)
    _refuse_replacing_password(owner, password_hash)
    owner = await account_service.prove_contact(
        session, owner, destination, password_hash=password_hash
    )
    await account_service.retire(session, current, actor_id=staff.user_id)
    await _record(
        session,
        staff,
        customer.id,
        MERGED,
        user_id={"old": str(current.id), "new": str(owner.id)},
        destination_masked=mask_destination(destination.channel, destination.value),
    )
    return owner


def _refuse_replacing_password(account: User, password_hash: str | None) -> None:
    # A till may give a password only to an account that has none: an existing one is
    # changed by its owner alone (`PUT /me/password`).
    if password_hash is not None and account.password_hash is not None:
        raise AppError(PASSWORD_EXISTS)


async def _record(
    session: AsyncSession, staff: Staff, customer_id: uuid.UUID, action: str, **changes: object
) -> None:
    # Events show `{old, new}` per field, like every other customer event.
    shaped = {
        field: value if isinstance(value, dict) else {"old": None, "new": value}
        for field, value in changes.items()
    }
    await customer_audit.record_event(
        session,
        staff.merchant_id,
        customer_id,
        actor_id=staff.user_id,
        action=action,
        changes=shaped,
    )
