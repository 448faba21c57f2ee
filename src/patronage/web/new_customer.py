"""The short form for a new customer (a name, one phone, one email), on the customer list
and at the till: its fields and the creation, defined once."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.directory import service as customer_service
from patronage.identity.auth.principal import Staff

Name = Annotated[str, Form(max_length=1000)]
Phone = Annotated[str, Form(max_length=64)]
Email = Annotated[str, Form(max_length=320)]


def typed(name: str, phone: str, email: str) -> dict[str, str]:
    """What was typed, to show again when the form is refused."""
    return {"name": name, "phone": phone, "email": email}


async def create(
    session: AsyncSession, staff: Staff, typed: dict[str, str], *, source: str
) -> customer_service.Customer:
    """Create the customer typed into the form (an empty phone or email is none)."""
    phone, email = typed["phone"], typed["email"]
    return await customer_service.create_customer(
        session,
        staff.merchant_id,
        actor_id=staff.user_id,
        name=typed["name"],
        phones=[phone] if phone.strip() else [],
        emails=[email] if email.strip() else [],
        source=source,
    )
