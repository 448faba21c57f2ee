"""Health, readiness, metrics and the API description."""

from __future__ import annotations

import httpx
import pytest

from patronage.app import create_app
from patronage.core.settings import Settings
from tests.integration.answers import assert_error
from tests.integration.conftest import METRICS_AUTH


async def test_healthz_answers_while_the_process_runs(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.json() == {"status": "ok"}


async def test_readyz_answers_when_the_database_is_reachable(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200


@pytest.mark.postgres_only
async def test_readyz_is_503_when_the_database_is_not(settings: Settings) -> None:
    broken = settings.model_copy(
        update={
            "database_url": "postgresql://nobody@127.0.0.1:1/none",
            "database_connect_timeout_s": 1,
        }
    )
    app = create_app(broken)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            response = await c.get("/readyz", headers={"Accept-Language": "vi"})
    assert_error(response, 503, "service.unavailable")


async def test_metrics_count_requests_by_route(client: httpx.AsyncClient) -> None:
    await client.get("/healthz")
    body = (await client.get("/metrics", headers=METRICS_AUTH)).text
    assert 'patronage_http_requests_total{method="GET",route="/healthz",status="200"}' in body


async def test_the_openapi_document_and_docs_are_served(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert "/api/v1/auth/staff/sign-in" in spec["paths"]
    assert (await client.get("/docs")).status_code == 200
