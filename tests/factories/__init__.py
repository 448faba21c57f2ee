"""Factories: keyword-only functions with sensible defaults."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import tenancy
from patronage.core.db import Database
from patronage.identity.merchants import service as merchant_service
from patronage.identity.staff import service as staff_service

PASSWORD = "correct-horse-battery"


@dataclass(frozen=True)
class Brand:
    """A merchant with a signed-in owner and cashier."""

    merchant_id: uuid.UUID
    owner_email: str
    cashier_email: str
    owner_token: str
    cashier_token: str

    def headers(self, role: str = "cashier", lang: str | None = None) -> dict[str, str]:
        token = self.owner_token if role == "owner" else self.cashier_token
        headers = {"Authorization": f"Bearer {token}"}
        if lang:
            headers["Accept-Language"] = lang
        return headers

    @property
    def owner(self) -> dict[str, str]:
        return self.headers("owner")

    @property
    def cashier(self) -> dict[str, str]:
        return self.headers("cashier")


@asynccontextmanager
async def acting_for(
    db: Database, brand: Brand
) -> AsyncIterator[tuple[AsyncSession, tenancy.MerchantId]]:
    """A unit of work bound to `brand`, with its merchant id, for calling services directly."""
    merchant_id = tenancy.trusted_merchant_id(brand.merchant_id)
    async with db.unit_of_work() as session:
        await tenancy.bind(session, merchant_id=merchant_id)
        yield session, merchant_id


def unique_email(prefix: str = "staff") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


async def create_merchant(
    session: AsyncSession,
    db: Database,
    *,
    owner_email: str,
    name: str = "Cà Phê Test",
    phone_region: str = "VN",
    contact_policy: str = "phone_and_email",
) -> merchant_service.CreatedMerchant:
    """A merchant and its owner (password `PASSWORD`), made by the service: no API makes brands."""
    return await merchant_service.create_merchant(
        session,
        db.settings,
        name=name,
        owner_email=owner_email,
        owner_password=PASSWORD,
        phone_region=phone_region,
        contact_policy=contact_policy,
    )


async def create_brand(
    client: httpx.AsyncClient,
    db: Database,
    *,
    name: str = "Cà Phê Test",
    phone_region: str = "VN",
    contact_policy: str = "phone_and_email",
) -> Brand:
    """A brand with an owner and a cashier, both signed in through the API."""
    owner_email, cashier_email = unique_email("owner"), unique_email("cashier")
    async with db.unit_of_work() as session:
        created = await create_merchant(
            session,
            db,
            name=name,
            owner_email=owner_email,
            phone_region=phone_region,
            contact_policy=contact_policy,
        )
        merchant_id = tenancy.trusted_merchant_id(created.merchant.id)
        await staff_service.add_staff(
            session,
            db.settings,
            merchant_id,
            name="Thu Ngân",
            email=cashier_email,
            password=PASSWORD,
            role="cashier",
            actor_id=None,
        )
    return Brand(
        merchant_id=merchant_id,
        owner_email=owner_email,
        cashier_email=cashier_email,
        owner_token=await sign_in(client, owner_email, merchant_id=merchant_id),
        cashier_token=await sign_in(client, cashier_email, merchant_id=merchant_id),
    )


async def change_brand(
    client: httpx.AsyncClient,
    brand: Brand,
    *,
    role: str = "owner",
    lang: str | None = None,
    **settings: object,
) -> httpx.Response:
    """`brand`'s owner (or `role`) changes the brand's settings: `contact_policy`, `time_zone`…"""
    return await client.patch("/api/v1/merchant", json=settings, headers=brand.headers(role, lang))


async def sign_in(
    client: httpx.AsyncClient,
    email: str,
    password: str = PASSWORD,
    *,
    merchant_id: uuid.UUID | None = None,
) -> str:
    body: dict[str, str] = {"email": email, "password": password}
    if merchant_id:
        body["merchant_id"] = str(merchant_id)
    response = await client.post("/api/v1/auth/staff/sign-in", json=body)
    assert response.status_code == 200, response.text
    return str(response.json()["token"])


_VN_MOBILE_PREFIXES = ("32", "33", "34", "35", "36", "37", "38", "39", "70", "76", "77", "78")
_VN_MOBILE_PREFIXES += ("79", "81", "82", "83", "84", "85", "86", "88", "90", "91", "93")
_VN_MOBILE_PREFIXES += ("94", "96", "97", "98")


def vn_phone() -> str:
    """A random, valid Vietnamese mobile number in national form (`09xxxxxxxx`)."""
    number = uuid.uuid4().int
    prefix = _VN_MOBILE_PREFIXES[number % len(_VN_MOBILE_PREFIXES)]
    return f"0{prefix}{(number // 100) % 10_000_000:07d}"


async def create_customer(
    client: httpx.AsyncClient,
    brand: Brand,
    *,
    name: str = "Nguyễn Thị Đào",
    phones: list[str] | None = None,
    emails: list[str] | None = None,
    role: str = "cashier",
    **fields: object,
) -> dict[str, object]:
    """A customer created through the API (fresh phone and email unless given)."""
    body: dict[str, object] = {
        "name": name,
        "phones": phones if phones is not None else [vn_phone()],
        "emails": emails if emails is not None else [unique_email("customer")],
        **fields,
    }
    response = await client.post("/api/v1/customers", headers=brand.headers(role), json=body)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]
