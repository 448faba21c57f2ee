"""The web UI: server-rendered pages over the same services as the API."""

from __future__ import annotations

from fastapi import APIRouter

from patronage.web import (
    account,
    backoffice,
    checkout,
    customers,
    picker,
    profile,
    promotion,
    routes,
    staff,
)

WEB_ROUTERS: list[APIRouter] = [
    routes.router,
    account.router,
    picker.router,
    checkout.router,
    customers.router,
    profile.router,
    backoffice.router,
    staff.router,
    promotion.router,
]
