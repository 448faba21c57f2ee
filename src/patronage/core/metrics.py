"""Prometheus metrics of the HTTP edge."""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from patronage.core import errors, i18n

log = logging.getLogger("patronage.metrics")

METRICS_UNAUTHORIZED = errors.define(
    "metrics.unauthorized",
    401,
    en="Send the metrics token as a bearer token.",
    vi="Hãy gửi mã truy cập số liệu dưới dạng bearer token.",
)

REQUESTS = Counter("patronage_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "patronage_http_request_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)


def observe(scope: Scope, status: int, seconds: float) -> None:
    """Count one answered request and its latency by route template (not raw path)."""
    route = _route_template(scope)
    REQUESTS.labels(scope["method"], route, str(status)).inc()
    LATENCY.labels(scope["method"], route).observe(seconds)


def _route_template(scope: Scope) -> str:
    # The router records the matched route in the scope: no second matching pass.
    route = scope.get("route")
    return str(getattr(route, "path", "unmatched"))


async def metrics_endpoint(request: Request) -> Response:
    """The figures, only for `Authorization: Bearer <PATRONAGE_METRICS_TOKEN>`: they count
    every brand's activity. With no token configured the endpoint does not exist (404)."""
    token = request.app.state.settings.metrics_token
    if token is None:
        return _error(errors.NOT_FOUND)
    expected = f"Bearer {token.get_secret_value()}".encode()
    given = request.headers.get("authorization", "").encode()
    if not hmac.compare_digest(given, expected):
        return _error(METRICS_UNAUTHORIZED, {"WWW-Authenticate": "Bearer"})
    body = generate_latest(_registry() or REGISTRY) + await _read_at_scrape(request)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


# Figures read from the database when `/metrics` is asked (`app.state.metric_readers`, given
# the app's `Database`): right whichever worker answers, with any number of workers.
MetricReader = Callable[[Any], Awaitable[list[Metric]]]


class _Read(Collector):
    def __init__(self, families: list[Metric]) -> None:
        self.families = families

    def collect(self) -> list[Metric]:
        return self.families


async def _read_at_scrape(request: Request) -> bytes:
    families: list[Metric] = []
    for read in getattr(request.app.state, "metric_readers", ()):
        try:
            families += await read(request.app.state.db)
        except Exception:
            # The other figures still answer; the database's state is `/readyz`'s to tell.
            log.warning("a metric read at scrape time failed", exc_info=True)
    if not families:
        return b""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Read(families))
    return generate_latest(registry)


def _registry() -> CollectorRegistry | None:
    # With several workers (`serve --workers N` sets PROMETHEUS_MULTIPROC_DIR), each process
    # writes its figures to that directory and any worker answers with the sum of them all.
    if not os.environ.get(MULTIPROCESS_DIR):
        return None
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry


MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"


def _error(error: errors.ErrorCode, headers: dict[str, str] | None = None) -> Response:
    body = errors.error_body(error.code, i18n.translate(error.code))
    return JSONResponse(body, status_code=error.status, headers=headers)
