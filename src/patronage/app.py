"""Builds the FastAPI application from the feature routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from patronage import __version__
from patronage.accounts.customer_auth.api import me_router, sign_in_router
from patronage.accounts.data_rights import metrics as data_rights_metrics
from patronage.accounts.data_rights.api import me_router as my_data_router
from patronage.accounts.data_rights.api import router as data_request_router
from patronage.accounts.my_consents.api import router as my_consent_router
from patronage.accounts.otp import service as otp_service
from patronage.accounts.promotion.api import router as promotion_router
from patronage.core import errors, paging
from patronage.core.db import Database
from patronage.core.http import RequestContextMiddleware, error_response, install_error_handlers
from patronage.core.logging import configure_logging
from patronage.core.metrics import metrics_endpoint
from patronage.core.schemas import ERROR_RESPONSES
from patronage.core.settings import Settings, get_settings
from patronage.directory.api import router as customer_router
from patronage.directory.consent.api import router as consent_router
from patronage.directory.export_api import router as customer_export_router
from patronage.directory.import_jobs import api as import_api
from patronage.directory.import_jobs import service as import_job_service
from patronage.directory.merge.api import router as merge_router
from patronage.directory.tags.api import router as tag_router
from patronage.identity.auth import service as auth_service
from patronage.identity.auth.api import router as auth_router
from patronage.identity.invitations.api import accept_router as invitation_accept_router
from patronage.identity.invitations.api import router as invitation_router
from patronage.identity.merchants.api import router as merchant_router
from patronage.identity.staff.api import router as staff_router
from patronage.messaging.worker import Housekeeper, Job, deliver_in_process
from patronage.reports.api import router as report_router
from patronage.sale.api import router as order_router
from patronage.web import WEB_ROUTERS
from patronage.web.dependencies import CustomerSignInRequired, SignInRequired
from patronage.web.render import error_page

WEB_STATIC = Path(__file__).parent / "web" / "static"
API_PREFIX = "/api/v1"

# What the outbox worker tidies besides the outbox, wherever it runs (in `serve` or `worker`).
HOUSEKEEPERS: dict[str, Housekeeper] = {
    "challenges": otp_service.purge,
    "sign_in_throttles": auth_service.purge_throttles,
}

# The jobs the worker runs besides delivering the outbox, wherever it runs.
JOBS: dict[str, Job] = {"imports": import_job_service.run_next}

API_ROUTERS: list[APIRouter] = [
    auth_router,
    invitation_accept_router,
    invitation_router,
    staff_router,
    merchant_router,
    customer_export_router,
    merge_router,
    import_api.router,
    customer_router,
    consent_router,
    tag_router,
    promotion_router,
    sign_in_router,
    me_router,
    my_consent_router,
    my_data_router,
    data_request_router,
    order_router,
    report_router,
]


def create_app(settings: Settings | None = None) -> FastAPI:
    """The whole service: API under /api/v1, health, metrics and docs."""
    settings = settings or get_settings()
    configure_process(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.db = Database(settings)
        try:
            await app.state.db.refuse_privileged_role()
            async with deliver_in_process(app.state.db, settings, HOUSEKEEPERS, JOBS):
                yield
        finally:
            await app.state.db.dispose()

    app = FastAPI(
        title="Patronage",
        version=__version__,
        summary="Brand-scoped customer profiles for point-of-sale merchants.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    # Figures `/metrics` reads from the database when asked (`core.metrics`).
    app.state.metric_readers = [data_rights_metrics.overdue_requests]
    install_error_handlers(app)
    # Each router straight into the app with the prefix: FastAPI builds a route's state for
    # every router it is included through, so an /api/v1 router in between built it twice.
    for router in API_ROUTERS:
        app.include_router(router, prefix=API_PREFIX, responses=ERROR_RESPONSES)
    _add_web_ui(app)
    _add_operations_routes(app)
    app.add_middleware(
        RequestContextMiddleware,
        max_body_bytes=settings.max_body_bytes,
        trusted_proxies=settings.trusted_proxies,
        body_limits={
            import_api.UPLOAD_PATH: settings.import_max_bytes + import_api.MULTIPART_ALLOWANCE
        },
    )
    return app


def configure_process(settings: Settings) -> None:
    """What an app of `settings` sets for its whole process: the key cursors are signed with,
    and the logging. `create_app` does it; an app started again later needs it again."""
    paging.use_secret(settings.secret_key.get_secret_value())
    configure_logging(settings.log_level)


def _add_web_ui(app: FastAPI) -> None:
    for router in WEB_ROUTERS:
        app.include_router(router)
    app.mount("/app/static", StaticFiles(directory=WEB_STATIC), name="static")
    app.state.html_error_page = error_page

    async def to_sign_in(request: Request, exc: Exception) -> Response:
        # After signing in, a page asked for by address opens where it was asked for.
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET" or wanted in ("/app", "/app/checkout"):
            return RedirectResponse("/app/sign-in", status_code=303)
        return RedirectResponse(f"/app/sign-in?next={quote(wanted, safe='')}", status_code=303)

    async def to_customer_sign_in(request: Request, exc: Exception) -> Response:
        return RedirectResponse("/app/account/sign-in", status_code=303)

    app.add_exception_handler(SignInRequired, to_sign_in)
    app.add_exception_handler(CustomerSignInRequired, to_customer_sign_in)

    @app.get("/", include_in_schema=False)
    async def root() -> Response:
        return RedirectResponse("/app", status_code=307)


def _add_operations_routes(app: FastAPI) -> None:
    @app.get("/healthz", tags=["operations"], include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"], include_in_schema=False)
    async def readyz(request: Request) -> Response:
        if await request.app.state.db.ping():
            return JSONResponse({"status": "ready"})
        return error_response(request, errors.UNAVAILABLE.code, 503)

    app.add_route("/metrics", metrics_endpoint, include_in_schema=False)
