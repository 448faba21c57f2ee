"""`patronage demo`: a demo brand to try the service with."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.cli.common import fail, run_in_unit_of_work
from patronage.core import tenancy
from patronage.core.settings import Settings, get_settings
from patronage.identity.merchants import repository as merchant_repository
from patronage.identity.merchants import service as merchant_service
from patronage.identity.staff import service as staff_service

DEMO_BRAND = "Cà Phê Sương Sớm (demo)"
DEMO_OWNER = ("owner@example.com", "demo-owner-2026")
DEMO_CASHIER = ("cashier@example.com", "demo-cashier-2026")


def demo(
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Seed only when the database has no brand yet.")
    ] = False,
) -> None:
    """Seed a demo brand with an owner, a cashier and Vietnamese customers."""
    if get_settings().env == "production":
        fail("demo.refused", "the demo brand is not seeded in production")

    async def work(session: AsyncSession, settings: Settings) -> bool:
        if if_empty and await merchant_repository.any_exists(session):
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
        await staff_service.add_staff(
            session,
            settings,
            merchant_id,
            name="Thu ngân",
            email=DEMO_CASHIER[0],
            password=DEMO_CASHIER[1],
            role="cashier",
            actor_id=created.owner_user_id,
        )
        return True

    seeded = run_in_unit_of_work(work)
    typer.echo("Demo brand seeded." if seeded else "Database already has a brand; not seeding.")
    typer.echo(f"  owner:   {DEMO_OWNER[0]} / {DEMO_OWNER[1]}")
    typer.echo(f"  cashier: {DEMO_CASHIER[0]} / {DEMO_CASHIER[1]}")
