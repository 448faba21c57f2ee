"""`patronage demo`: a demo brand to try the service with."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from typing import Annotated

import typer
from faker import Faker
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.cli.common import fail, run_in_unit_of_work
from patronage.cli.demo_orders import seed_dao, seed_orders
from patronage.core import tenancy
from patronage.core.columns import utcnow
from patronage.core.normalize import fold
from patronage.core.settings import Settings, get_settings
from patronage.core.tenancy import MerchantId
from patronage.directory import service as customer_service
from patronage.identity.merchants import service as merchant_service
from patronage.identity.staff import service as staff_service

DEMO_BRAND = "Cà Phê Sương Sớm (demo)"
DEMO_OWNER = ("owner@example.com", "demo-owner-2026")
DEMO_CASHIER = ("cashier@example.com", "demo-cashier-2026")
DEMO_CUSTOMERS = 150

# Mobile prefixes in use in Vietnam (Viettel, MobiFone, VinaPhone, Vietnamobile), after the 0.
_MOBILE_PREFIXES = (
    *("32", "33", "34", "35", "36", "37", "38", "39", "96", "97", "98"),  # Viettel
    *("70", "76", "77", "78", "79", "90", "93"),  # MobiFone
    *("81", "82", "83", "84", "85", "88", "91", "94"),  # VinaPhone
    *("56", "58"),  # Vietnamobile
)
# Surnames with their rough share of the population (Nguyễn is about 4 in 10).
_SURNAMES = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9, "Phạm": 7, "Hoàng": 5, "Huỳnh": 4, "Phan": 4,
    "Vũ": 4, "Võ": 3, "Đặng": 2, "Bùi": 2, "Đỗ": 1.5, "Hồ": 1.5, "Ngô": 1.3, "Dương": 1,
    "Lý": 0.5, "Đào": 1, "Đinh": 1, "Mai": 0.5, "Trương": 1,
}  # fmt: skip
_MIDDLE_FEMALE = ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bảo", "Hoài")
_MIDDLE_MALE = ("Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Công", "Gia")
_EMAIL_DOMAINS = ("example.com", "example.vn", "example.net")
_NOTES = (
    "Khách quen, thích cà phê sữa đá ít đường.",
    "Hay mua bánh mì buổi sáng.",
    "Dị ứng sữa bò, dùng sữa hạt.",
    "Thường đặt mang đi lúc 7 giờ.",
    "Regular; prefers oat milk.",
)
_SOURCES = ("checkout",) * 14 + ("web",) * 3 + ("api",) * 2 + ("import",)


def demo(
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Seed only when the database has no brand yet.")
    ] = False,
) -> None:
    """Seed a demo brand with an owner, a cashier, Vietnamese customers and a month of sales."""
    if get_settings().env == "production":
        fail("demo.refused", "the demo brand is not seeded in production")

    async def work(session: AsyncSession, settings: Settings) -> bool:
        if if_empty and await merchant_service.any_merchant_exists(session):
            return False
        created = await merchant_service.create_merchant(
            session,
            settings,
            name=DEMO_BRAND,
            owner_email=DEMO_OWNER[0],
            owner_password=DEMO_OWNER[1],
            owner_name="Chủ quán",
        )
        merchant_id = tenancy.trusted_merchant_id(created.merchant.id)
        cashier = await staff_service.add_staff(
            session,
            settings,
            merchant_id,
            name="Thu ngân",
            email=DEMO_CASHIER[0],
            password=DEMO_CASHIER[1],
            role="cashier",
            actor_id=created.owner_user_id,
        )
        await seed_customers(session, merchant_id, actor_id=cashier.user_id)
        dao = await seed_dao(session, merchant_id, actor_id=cashier.user_id)
        await seed_orders(session, merchant_id, cashier_id=cashier.user_id, regulars=[dao])
        return True

    seeded = run_in_unit_of_work(work)
    typer.echo("Demo brand seeded." if seeded else "Database already has a brand; not seeding.")
    typer.echo(f"  owner:   {DEMO_OWNER[0]} / {DEMO_OWNER[1]}")
    typer.echo(f"  cashier: {DEMO_CASHIER[0]} / {DEMO_CASHIER[1]}")


async def seed_customers(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    actor_id: uuid.UUID,
    count: int = DEMO_CUSTOMERS,
    seed: int = 2026,
) -> int:
    """Create `count` realistic Vietnamese customers (the same ones for the same seed)."""
    rng = random.Random(seed)
    fake = Faker("vi_VN")
    fake.seed_instance(seed)
    phones: set[str] = set()
    for index in range(count):
        await _one_customer(session, merchant_id, actor_id, rng, fake, index=index, used=phones)
    return count


async def _one_customer(
    session: AsyncSession,
    merchant_id: MerchantId,
    actor_id: uuid.UUID,
    rng: random.Random,
    fake: Faker,
    *,
    index: int,
    used: set[str],
) -> None:
    female = rng.random() < 0.55
    given = fake.first_name_female() if female else fake.first_name_male()
    surname = rng.choices(list(_SURNAMES), weights=list(_SURNAMES.values()))[0]
    middle = rng.choice(_MIDDLE_FEMALE if female else _MIDDLE_MALE)
    if middle == given:
        middle = "Thị" if female else "Văn"
    phones = [_mobile(rng, used) for _ in range(2 if rng.random() < 0.08 else 1)]
    email = f"{fold(given)}.{fold(surname)}{index}@{rng.choice(_EMAIL_DOMAINS)}".replace(" ", "")
    await customer_service.create_customer(
        session,
        merchant_id,
        actor_id=actor_id,
        name=f"{surname} {middle} {given}",
        phones=phones,
        emails=[email],
        birthday=_birthday(rng) if rng.random() < 0.6 else None,
        locale="en" if rng.random() < 0.05 else "vi",
        note=rng.choice(_NOTES) if rng.random() < 0.1 else None,
        source=rng.choice(_SOURCES),
        created_at=utcnow() - timedelta(minutes=rng.randrange(90 * 24 * 60)),
    )


def _mobile(rng: random.Random, used: set[str]) -> str:
    """A mobile number not drawn before (emails are unique by their index)."""
    while (national := rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10_000_000):07d}") in used:
        pass
    used.add(national)
    return f"0{national[:3]} {national[3:6]} {national[6:]}"


def _birthday(rng: random.Random) -> date:
    return date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 58))
