"""Prometheus metrics of the HTTP edge."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope

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


async def metrics_endpoint(_: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
