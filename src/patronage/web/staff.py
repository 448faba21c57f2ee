"""The owners' staff page: members and their roles, invitations sent, removing a member."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from patronage.core import i18n
from patronage.core.errors import AppError
from patronage.core.normalize import NormalizationError
from patronage.identity.auth.dependencies import DbSession
from patronage.identity.auth.principal import Staff
from patronage.identity.invitations import service as invitation_service
from patronage.identity.staff import service as staff_service
from patronage.web import render
from patronage.web.dependencies import CsrfChecked, WebOwner
from patronage.web.forms import submit

router = APIRouter(prefix="/app/staff", include_in_schema=False)
ROLES = ("cashier", "owner")
NOTICES = ("invited", "revoked", "role_changed", "removed")


@router.get("")
async def staff_page(request: Request, owner: WebOwner, session: DbSession) -> Response:
    """Who works for the brand, in which role, and who is invited."""
    done = request.query_params.get("done", "")
    notice = i18n.translate(f"web.staff_notice.{done}") if done in NOTICES else None
    return await _page(request, owner, session, notice=notice)


async def _page(
    request: Request, owner: Staff, session: DbSession, *, status: int = 200, **extra: Any
) -> Response:
    context = {
        "members": await staff_service.list_staff(session, owner.merchant_id),
        "invitations": await invitation_service.list_open(session, owner.merchant_id),
        "roles": ROLES,
        "form": extra.pop("form", {"role": "cashier"}),
        "error": extra.pop("error", None),
        **extra,
    }
    return await render.staff_page(
        request, session, owner, "backoffice/staff.html", context, status=status
    )


@router.post("/invitations", dependencies=[CsrfChecked])
async def invite(
    request: Request,
    owner: WebOwner,
    session: DbSession,
    email: Annotated[str, Form(max_length=254)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=16)] = "cashier",
) -> Response:
    """Invite someone by email; the invitation goes out in their language."""
    form = {"email": email, "name": name, "role": role}
    if role not in ROLES:
        return await _refused(request, owner, session, form, i18n.translate("web.role_invalid"))
    return await submit(
        session,
        lambda: invitation_service.invite(
            session, request.app.state.settings, owner, email=email, name=name, role=role
        ),
        done="/app/staff?done=invited",
        refused=lambda exc: _refused(request, owner, session, form, _message(exc), _status(exc)),
        errors=(AppError, NormalizationError),
    )


@router.post("/invitations/{invitation_id}/revoke", dependencies=[CsrfChecked])
async def revoke(
    request: Request, invitation_id: uuid.UUID, owner: WebOwner, session: DbSession
) -> Response:
    """Withdraw an invitation: its code stops working."""
    await invitation_service.revoke(session, owner, invitation_id)
    return RedirectResponse("/app/staff?done=revoked", status_code=303)


@router.post("/{user_id}/role", dependencies=[CsrfChecked])
async def change_role(
    request: Request,
    user_id: uuid.UUID,
    owner: WebOwner,
    session: DbSession,
    role: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    """Make a member an owner or a cashier (never leaving the brand without an owner)."""
    if role not in ROLES:
        return await _refused(request, owner, session, {}, i18n.translate("web.role_invalid"))
    return await submit(
        session,
        lambda: staff_service.change_role(
            session, owner.merchant_id, user_id, role=role, actor_id=owner.user_id
        ),
        done="/app/staff?done=role_changed",
        refused=lambda exc: _refused(request, owner, session, {}, _message(exc), _status(exc)),
    )


@router.post("/{user_id}/remove", dependencies=[CsrfChecked])
async def remove(
    request: Request, user_id: uuid.UUID, owner: WebOwner, session: DbSession
) -> Response:
    """Take a member off the brand; their sessions here end."""
    return await submit(
        session,
        lambda: staff_service.remove(session, owner.merchant_id, user_id, actor_id=owner.user_id),
        done="/app/staff?done=removed",
        refused=lambda exc: _refused(request, owner, session, {}, _message(exc), _status(exc)),
    )


async def _refused(
    request: Request,
    owner: Staff,
    session: DbSession,
    form: dict[str, str],
    message: str,
    status: int = 422,
) -> Response:
    shown = form or {"role": "cashier"}
    return await _page(request, owner, session, status=status, error=message, form=shown)


def _message(exc: AppError | NormalizationError) -> str:
    return exc.message() if isinstance(exc, AppError) else i18n.translate(f"field.{exc.code}")


def _status(exc: AppError | NormalizationError) -> int:
    return exc.status if isinstance(exc, AppError) else 422
