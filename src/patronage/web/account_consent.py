"""The customer's own marketing consent on their account page: per brand and purpose, the
wording in the page's language, and their answer recorded as their own (`self_service`)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.accounts.my_consents import service as my_consent_service
from patronage.core import i18n
from patronage.identity.auth.dependencies import DbSession
from patronage.web import consent_panel
from patronage.web.dependencies import CustomerCsrfChecked, WebCustomer
from patronage.web.session import apply_language

router = APIRouter(prefix="/app/account", include_in_schema=False)


async def brand_panels(
    request: Request, session: AsyncSession, user_id: uuid.UUID
) -> list[tuple[my_consent_service.BrandConsents, list[consent_panel.ConsentRow]]]:
    """Each brand of the customer with its consent rows, worded in the page's language."""
    apply_language(request)
    lang = i18n.current_lang.get()
    brands = await my_consent_service.list_my_consents(session, user_id)
    return [(b, consent_panel.rows_of(b.current, lang=lang, brand=b.merchant_name)) for b in brands]


@router.post("/consents/{purpose}", dependencies=[CustomerCsrfChecked])
async def answer(
    purpose: str,
    customer: WebCustomer,
    session: DbSession,
    merchant_id: Annotated[uuid.UUID, Form()],
    status: Annotated[str, Form(max_length=32)],
    wording_version: Annotated[str, Form(max_length=200)],
) -> Response:
    """Grant or withdraw one purpose at one brand, with the version of the wording shown."""
    await my_consent_service.set_my_consent(
        session, customer.user_id, purpose, status=status,
        wording_version=wording_version, merchant_id=merchant_id,
    )  # fmt: skip
    return RedirectResponse("/app/account?done=consent#consent-heading", status_code=303)
