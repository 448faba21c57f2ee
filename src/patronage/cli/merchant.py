"""`patronage merchant …`: brands."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.cli.common import emit, run_in_unit_of_work
from patronage.core.settings import Settings
from patronage.identity.merchants import service as merchant_service

app = typer.Typer(help="Manage brands (merchants).", no_args_is_help=True)


@app.command("create")
def create(
    name: Annotated[str, typer.Option(help="The brand's name.")],
    owner_email: Annotated[str, typer.Option(help="Email the first owner signs in with.")],
    owner_password: Annotated[
        str, typer.Option(help="The owner's password (at least 10 characters, hard to guess).")
    ],
    phone_region: Annotated[str, typer.Option(help="Default phone region.")] = "VN",
    locale: Annotated[str, typer.Option(help="Default locale: vi or en.")] = "vi",
) -> None:
    """Create a brand and its first owner; prints JSON with the ids."""

    async def work(session: AsyncSession, settings: Settings) -> dict[str, str]:
        created = await merchant_service.create_merchant(
            session,
            settings,
            name=name,
            owner_email=owner_email,
            owner_password=owner_password,
            phone_region=phone_region.upper(),
            locale=locale,
        )
        return {
            "merchant_id": str(created.merchant.id),
            "owner_user_id": str(created.owner_user_id),
        }

    emit(run_in_unit_of_work(work))
