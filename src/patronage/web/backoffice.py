"""The owners' back office: the attribution report and brand settings."""

from __future__ import annotations

import zoneinfo
from datetime import date, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import phonenumbers
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from patronage.core import i18n
from patronage.core.columns import utcnow
from patronage.core.errors import AppError
from patronage.identity.auth.dependencies import DbSession
from patronage.identity.auth.principal import Staff
from patronage.identity.merchants import service as merchant_service
from patronage.identity.merchants.schemas import MerchantPatch
from patronage.identity.merchants.service import Merchant
from patronage.reports import service as report_service
from patronage.web import chart, render
from patronage.web.dependencies import CsrfChecked, WebOwner
from patronage.web.forms import field_errors

router = APIRouter(prefix="/app", include_in_schema=False)
POLICIES = ("phone_and_email", "phone", "phone_or_email")
PRESETS = (7, 30, 90)


@router.get("/reports")
async def report(
    request: Request,
    owner: WebOwner,
    session: DbSession,
    first: Annotated[str, Query(alias="from", max_length=10)] = "",
    last: Annotated[str, Query(alias="to", max_length=10)] = "",
) -> Response:
    """Customers captured per day and source, attachment and promotion rates of a period."""
    merchant = await merchant_service.get_merchant(session, owner.merchant_id)
    context: dict[str, Any] = {"first": first, "last": last}
    try:
        found = await report_service.customer_report(
            session, owner.merchant_id, first_day=_day(first), last_day=_day(last)
        )
    except (AppError, ValueError) as exc:
        message = exc.message() if isinstance(exc, AppError) else i18n.translate("web.bad_date")
        context["error"] = message
        return await render.staff_page(
            request, session, owner, "backoffice/report.html", context, merchant=merchant,
            status=422,
        )  # fmt: skip
    days = [(d.day, d.by_source) for d in found.days]
    today = utcnow().astimezone(ZoneInfo(merchant.time_zone)).date()
    context |= {
        "presets": [
            (n, (today - timedelta(days=n - 1)).isoformat(), today.isoformat()) for n in PRESETS
        ],
        "report": found,
        "chart": chart.stacked_days(days),
        "colours": chart.COLOURS,
        "first": found.period.first.isoformat(),
        "last": found.period.last.isoformat(),
    }
    return await render.staff_page(
        request, session, owner, "backoffice/report.html", context, merchant=merchant
    )


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


@router.get("/settings")
async def settings_form(request: Request, owner: WebOwner, session: DbSession) -> Response:
    """The brand's settings."""
    merchant = await merchant_service.get_merchant(session, owner.merchant_id)
    form = {
        "phone_region": merchant.phone_region, "locale": merchant.locale,
        "time_zone": merchant.time_zone, "contact_policy": merchant.contact_policy,
    }  # fmt: skip
    done = request.query_params.get("done") == "saved"
    return await _settings_page(request, session, owner, merchant, form, notice=done)


async def _settings_page(
    request: Request,
    session: DbSession,
    owner: Staff,
    merchant: Merchant,
    form: dict[str, str],
    **extra: Any,
) -> Response:
    context = {
        "form": form,
        "errors": extra.pop("errors", {}),
        "regions": sorted(phonenumbers.SUPPORTED_REGIONS),
        "zones": sorted(zoneinfo.available_timezones()),
        "policies": POLICIES,
        "notice": i18n.translate("web.notice.saved") if extra.pop("notice", False) else None,
    }
    return await render.staff_page(
        request, session, owner, "backoffice/settings.html", context, merchant=merchant,
        status=extra.get("status", 200),
    )  # fmt: skip


@router.post("/settings", dependencies=[CsrfChecked])
async def save_settings(
    request: Request,
    owner: WebOwner,
    session: DbSession,
    phone_region: Annotated[str, Form(max_length=8)] = "",
    locale: Annotated[str, Form(max_length=5)] = "",
    time_zone: Annotated[str, Form(max_length=64)] = "",
    contact_policy: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Change the brand's settings; a bad value is named next to its field."""
    form = {
        "phone_region": phone_region, "locale": locale,
        "time_zone": time_zone, "contact_policy": contact_policy,
    }  # fmt: skip
    try:
        changes = MerchantPatch.model_validate(form).model_dump(exclude_none=True)
    except ValidationError as exc:
        merchant = await merchant_service.get_merchant(session, owner.merchant_id)
        return await _settings_page(
            request, session, owner, merchant, form, errors=field_errors(exc), status=422
        )
    await merchant_service.update_merchant(
        session, owner.merchant_id, actor_id=owner.user_id, changes=changes
    )
    return RedirectResponse("/app/settings?done=saved", status_code=303)
