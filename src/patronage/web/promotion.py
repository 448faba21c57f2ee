"""Promotion at the till: send the customer a code by SMS or email, type the code they read
out, and their profile becomes a sign-in account. Every refusal is said in words."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.otp.errors import WrongCode
from patronage.accounts.promotion import service as promotion_service
from patronage.accounts.promotion.errors import WEAK_PASSWORD
from patronage.core import i18n
from patronage.core.db import savepoint
from patronage.core.errors import AppError
from patronage.directory import service as customer_service
from patronage.identity.auth.dependencies import DbSession
from patronage.identity.auth.principal import Staff
from patronage.messaging.channels import EMAIL, SMS, mask_destination
from patronage.web import render
from patronage.web.dependencies import CsrfChecked, WebStaff

router = APIRouter(prefix="/app/customers", include_in_schema=False)


@router.get("/{customer_id:uuid}/promotion")
async def promotion_page(
    request: Request, customer_id: uuid.UUID, staff: WebStaff, session: DbSession
) -> Response:
    """Choose where the code goes: the customer's phone or email on record (masked)."""
    return await _render(request, session, staff, customer_id)


async def _render(
    request: Request,
    session: AsyncSession,
    staff: Staff,
    customer_id: uuid.UUID,
    *,
    status: int = 200,
    **extra: Any,
) -> Response:
    customer = await customer_service.get_customer(session, staff.merchant_id, customer_id)
    phone, email = customer.primary_phone, customer.primary_email
    channels = [
        (SMS, mask_destination(SMS, phone.value) if phone else None),
        (EMAIL, mask_destination(EMAIL, email.value) if email else None),
    ]
    context = {"customer": customer, "channels": channels, **extra}
    return await render.staff_page(
        request, session, staff, "customers/promotion.html", context, status=status
    )


@router.post("/{customer_id:uuid}/promotion", dependencies=[CsrfChecked])
async def send_code(
    request: Request,
    customer_id: uuid.UUID,
    staff: WebStaff,
    session: DbSession,
    channel: Annotated[str, Form(pattern="^(sms|email)$")] = EMAIL,
) -> Response:
    """Send a one-time code; the page then asks for it."""
    try:
        async with savepoint(session):
            issued = await promotion_service.start_promotion(
                session, request.app.state.settings, staff, customer_id, channel=channel
            )
    except AppError as exc:
        return await _render(
            request, session, staff, customer_id, status=exc.status, error=refusal(exc, channel)
        )
    challenge = {
        "id": issued.id, "channel": issued.channel,
        "masked": issued.destination_masked, "expires_at": issued.expires_at,
    }  # fmt: skip
    return await _render(request, session, staff, customer_id, challenge=challenge, sent=True)


@router.post("/{customer_id:uuid}/promotion/verify", dependencies=[CsrfChecked])
async def verify(
    request: Request,
    customer_id: uuid.UUID,
    staff: WebStaff,
    session: DbSession,
    challenge_id: Annotated[uuid.UUID, Form()],
    channel: Annotated[str, Form(pattern="^(sms|email)$")],
    masked: Annotated[str, Form(max_length=320)],
    expires_at: Annotated[datetime, Form()],
    code: Annotated[str, Form(max_length=20)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
) -> Response:
    """Check the code the customer read out (and set the password they chose, if any)."""
    challenge = {"id": challenge_id, "channel": channel, "masked": masked, "expires_at": expires_at}
    try:
        async with savepoint(session):  # a wrong guess is kept (it counts)
            promoted = await promotion_service.verify_promotion(
                session, request.app.state.settings, staff, customer_id,
                challenge_id=challenge_id, code=code.strip(), password=password or None,
            )  # fmt: skip
    except AppError as exc:
        wrong = isinstance(exc, WrongCode)
        weak = exc.error == WEAK_PASSWORD
        return await _render(
            request, session, staff, customer_id, status=exc.status,
            challenge=challenge if wrong or weak else None,
            code_error=None if weak else refusal(exc, channel),
            password_error=exc.message() if weak else None,
            attempts_left=exc.details.get("attempts_left") if wrong else None,
        )  # fmt: skip
    done = "merged" if promoted.merged else "promoted"
    return RedirectResponse(f"/app/customers/{customer_id}?done={done}", status_code=303)


def refusal(exc: AppError, channel: str) -> str:
    """The refusal in the cashier's words (the channel named as people say it)."""
    key = f"web.refusal.{exc.code}"
    if i18n.has_message(key):
        return i18n.translate(key, channel=i18n.translate(f"web.channel.{channel}"), **exc.params)
    return exc.message()
