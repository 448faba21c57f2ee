"""The customer's own consent answers across brands; recorded as `self_service`, by them.

A customer belongs to no brand: each of their profiles (read under RLS `own_rows`) proves
its brand, and the transaction is bound to that brand before its consent is read or added.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.customer_auth import service as account_service
from patronage.core import tenancy
from patronage.core.errors import AppError
from patronage.directory.consent import rules
from patronage.directory.consent import service as consent_service
from patronage.directory.consent.errors import BRAND_NOT_FOUND


@dataclass(frozen=True)
class BrandConsents:
    merchant_id: uuid.UUID
    merchant_name: str
    customer_id: uuid.UUID
    current: list[consent_service.ConsentState]


async def list_my_consents(
    session: AsyncSession, user_id: uuid.UUID, *, merchant_id: uuid.UUID | None = None
) -> list[BrandConsents]:
    """The current answer per purpose at each brand (or at `merchant_id` only)."""
    found = []
    for profile in await _profiles(session, user_id, merchant_id):
        brand = await _act_for(session, profile, user_id)
        current = await consent_service.current_consents(session, brand, profile.customer_id)
        found.append(_brand(profile, current))
    return found


async def set_my_consent(
    session: AsyncSession,
    user_id: uuid.UUID,
    purpose: str,
    *,
    status: str,
    wording_version: str,
    merchant_id: uuid.UUID | None = None,
) -> list[BrandConsents]:
    """Grant or withdraw `purpose` at one brand, or at every brand; 404 when the customer
    has no profile at `merchant_id`."""
    rules.check_purpose(purpose)
    rules.check_status(status)
    rules.check_wording_version(wording_version)
    for profile in await _profiles(session, user_id, merchant_id):
        brand = await _act_for(session, profile, user_id)
        await consent_service.record_consent(
            session, brand, profile.customer_id, purpose, status=status,
            method=rules.SELF_SERVICE, wording_version=wording_version,
            actor_kind=rules.CUSTOMER, actor_id=user_id,
        )  # fmt: skip
    return await list_my_consents(session, user_id, merchant_id=merchant_id)


async def _profiles(
    session: AsyncSession, user_id: uuid.UUID, merchant_id: uuid.UUID | None
) -> list[account_service.Profile]:
    me = await account_service.get_me(session, user_id)
    if merchant_id is None:
        return me.profiles
    chosen = [p for p in me.profiles if p.merchant_id == merchant_id]
    if not chosen:
        raise AppError(BRAND_NOT_FOUND)
    return chosen


async def _act_for(
    session: AsyncSession, profile: account_service.Profile, user_id: uuid.UUID
) -> tenancy.MerchantId:
    # The profile is the customer's own (read under RLS `own_rows`): it proves the brand.
    brand = tenancy.trusted_merchant_id(profile.merchant_id)
    await tenancy.bind(session, merchant_id=brand, user_id=user_id)
    return brand


def _brand(
    profile: account_service.Profile, current: list[consent_service.ConsentState]
) -> BrandConsents:
    return BrandConsents(profile.merchant_id, profile.merchant_name, profile.customer_id, current)
