"""`patronage staff …`: a brand's staff."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.cli.common import emit, run_in_unit_of_work
from patronage.core import tenancy
from patronage.core.settings import Settings
from patronage.identity.merchants import service as merchant_service
from patronage.identity.staff import service as staff_service

app = typer.Typer(help="Manage a brand's staff.", no_args_is_help=True)


class Role(StrEnum):
    owner = "owner"
    cashier = "cashier"


@app.command("add")
def add(
    merchant: Annotated[uuid.UUID, typer.Option(help="The brand's id.")],
    email: Annotated[str, typer.Option(help="Email the staff member signs in with.")],
    password: Annotated[str, typer.Option(help="Their password (at least 10 characters).")],
    role: Annotated[Role, typer.Option(help="owner or cashier.")],
    name: Annotated[
        str | None, typer.Option(help="Display name (default: from the email).")
    ] = None,
) -> None:
    """Add an owner or cashier to a brand; prints JSON."""

    async def work(session: AsyncSession, settings: Settings) -> dict[str, str]:
        merchant_id = tenancy.trusted_merchant_id(merchant)
        await tenancy.bind(session, merchant_id=merchant_id)
        await merchant_service.get_merchant(session, merchant_id)
        member = await staff_service.add_staff(
            session,
            settings,
            merchant_id,
            name=name or email.split("@")[0],
            email=email,
            password=password,
            role=role.value,
            actor_id=None,
        )
        return {
            "merchant_id": str(merchant_id),
            "user_id": str(member.user_id),
            "role": member.role,
        }

    emit(run_in_unit_of_work(work))
