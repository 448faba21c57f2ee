"""The web UI: server-rendered pages over the same services as the API."""

from __future__ import annotations

from fastapi import APIRouter

from patronage.web import (
    account,
    account_consent,
    backoffice,
    checkout,
    customers,
    data_rights,
    duplicates,
    picker,
    profile,
    profile_consent,
    promotion,
    routes,
    staff,
    tags,
)

WEB_ROUTERS: list[APIRouter] = [
    routes.router,
    account.router,
    account_consent.router,
    picker.router,
    checkout.router,
    customers.router,
    profile.router,
    profile_consent.router,
    backoffice.router,
    staff.router,
    promotion.router,
    tags.router,
    duplicates.router,
    data_rights.router,
]
