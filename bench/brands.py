"""The brands of the data set and their staff, created through the project's own services."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from bench.rows import Brand
from patronage.core import tenancy
from patronage.core.db import Database
from patronage.core.settings import Settings
from patronage.identity.merchants import service as merchant_service
from patronage.identity.staff import service as staff_service

PASSWORD = "bench-only-password-42"
CASHIER_EMAIL = "cashier@bench.example.com"


@dataclass(frozen=True)
class Staff:
    """Who the measured requests act as: the big brand's cashier and owner."""

    cashier_email: str
    owner_email: str
    password: str


def owner_email(index: int) -> str:
    return f"owner{index}@bench.example.com"


def loader_settings(database_url: str) -> Settings:
    """Settings for creating the data set: cheap password hashing (nobody attacks it)."""
    return Settings(
        database_url=database_url,
        env="development",
        argon2_time_cost=1,
        argon2_memory_cost_kib=1024,
        log_level="WARNING",
    )


async def create_brands(database_url: str, count: int) -> tuple[list[Brand], Staff]:
    """`count` brands, each with an owner; the first (the big one) also gets a cashier."""
    settings = loader_settings(database_url)
    database = Database(settings)
    brands: list[Brand] = []
    try:
        async with database.unit_of_work() as session:
            for index in range(count):
                created = await merchant_service.create_merchant(
                    session,
                    settings,
                    name=f"Chuỗi cà phê {index:03d}" if index else "Chuỗi cà phê lớn",
                    owner_email=owner_email(index),
                    owner_password=PASSWORD,
                )
                merchant = created.merchant
                brands.append(Brand(merchant.id, merchant.phone_region, merchant.currency))
            big = tenancy.trusted_merchant_id(brands[0].merchant_id)
            await tenancy.bind(session, merchant_id=big)
            await staff_service.add_staff(
                session,
                settings,
                big,
                name="Thu Ngân",
                email=CASHIER_EMAIL,
                password=PASSWORD,
                role="cashier",
                actor_id=None,
            )
    finally:
        await database.dispose()
    return brands, Staff(CASHIER_EMAIL, owner_email(0), PASSWORD)


def brand_from_json(data: dict[str, str]) -> Brand:
    return Brand(uuid.UUID(data["merchant_id"]), data["phone_region"], data["currency"])


def brand_to_json(brand: Brand) -> dict[str, str]:
    return {
        "merchant_id": str(brand.merchant_id),
        "phone_region": brand.phone_region,
        "currency": brand.currency,
    }
