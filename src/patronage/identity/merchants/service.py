"""Creating brands and reading or changing their settings."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, Update
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import tenancy
from patronage.core.errors import AppError
from patronage.core.normalize import normalize_name
from patronage.core.settings import Settings
from patronage.core.tenancy import MerchantId
from patronage.identity.merchants import repository as merchant_repository
from patronage.identity.merchants.models import DEFAULT_PHONE_REGION as DEFAULT_PHONE_REGION
from patronage.identity.merchants.models import Merchant as Merchant  # the entity handed out
from patronage.identity.staff import service as staff_service
from patronage.identity.staff.errors import MERCHANT_NOT_FOUND
from patronage.identity.staff.models import OWNER


@dataclass(frozen=True)
class CreatedMerchant:
    merchant: Merchant
    owner_user_id: uuid.UUID


async def create_merchant(
    session: AsyncSession,
    settings: Settings,
    *,
    name: str,
    owner_email: str,
    owner_password: str,
    owner_name: str | None = None,
    **options: Any,
) -> CreatedMerchant:
    """A new brand with its first owner."""
    merchant = merchant_repository.add(session, Merchant(name=normalize_name(name), **options))
    await session.flush()
    merchant_id = tenancy.trusted_merchant_id(merchant.id)
    await tenancy.bind(session, merchant_id=merchant_id)
    owner = await staff_service.add_staff(
        session,
        settings,
        merchant_id,
        name=owner_name or owner_email.split("@")[0],
        email=owner_email,
        password=owner_password,
        role=OWNER,
        actor_id=None,
    )
    return CreatedMerchant(merchant, owner.user_id)


async def any_merchant_exists(session: AsyncSession) -> bool:
    """True once any brand was created (the demo seeds only an empty database)."""
    return await merchant_repository.any_exists(session)


async def get_merchant(session: AsyncSession, merchant_id: MerchantId) -> Merchant:
    """The brand the caller acts for."""
    merchant = await merchant_repository.get(session, merchant_id)
    if merchant is None or merchant.deleted_at is not None:
        raise AppError(MERCHANT_NOT_FOUND)
    return merchant


async def merchants_by_id(
    session: AsyncSession, merchant_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, Merchant]:
    """The brands among `merchant_ids` (one query), e.g. those where a customer has a profile."""
    if not merchant_ids:
        return {}
    found = await merchant_repository.get_many(session, list(merchant_ids))
    return {merchant.id: merchant for merchant in found}


async def update_merchant(
    session: AsyncSession, merchant_id: MerchantId, *, actor_id: uuid.UUID, changes: dict[str, Any]
) -> Merchant:
    """Change brand settings (name, phone region, locale, time zone, contact policy)."""
    merchant = await get_merchant(session, merchant_id)
    if "name" in changes:
        changes["name"] = normalize_name(changes["name"])
    for field, value in changes.items():
        setattr(merchant, field, value)
    merchant.updated_by = actor_id
    await session.flush()
    return merchant


@dataclass(frozen=True)
class CustomerRules:
    """What a brand's new customers are checked against (see `Merchant`)."""

    phone_region: str
    contact_policy: str
    time_zone: str
    locale: str


def customer_rules_statement() -> Select[str, str, str, str]:
    """A hot path's trip statement: the `CustomerRules` of the brand the transaction acts
    for (no row: the brand is gone)."""
    return merchant_repository.CUSTOMER_RULES


def customer_rules_of(row: Sequence[Any] | None) -> CustomerRules:
    """The rules a `customer_rules_statement` row holds; 404 when the brand is gone."""
    if row is None:
        raise AppError(MERCHANT_NOT_FOUND)
    return CustomerRules(*row)


def next_order_number_statement() -> Update:
    """`next_order_number` as a statement of a hot path's trip: answers `(number, currency)`
    for the brand the transaction acts for (no row: the brand is gone)."""
    return merchant_repository.NEXT_ORDER_NUMBER


async def next_order_number(session: AsyncSession, merchant_id: MerchantId) -> int:
    """The brand's next sale-order number (1, 2, 3…), unique and gap-free per brand."""
    number = await merchant_repository.increment_order_sequence(session, merchant_id)
    if number is None:
        raise AppError(MERCHANT_NOT_FOUND)
    return number
