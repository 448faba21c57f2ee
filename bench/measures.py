"""The run's measured operations, and the figures derived from them (ratios, costs)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bench.queries import SHAPES
from bench.stats import Summary

WRITES = ("create_customer", "open_order", "attach", "order_change", "complete")


@dataclass
class Results:
    """Every measured operation of one run, by name (`api.c1.lookup.last4`, `floor.…`)."""

    machine: dict[str, Any]
    sizes: dict[str, Any]
    operations: dict[str, Summary] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def add(self, name: str, summary: Summary) -> Summary:
        self.operations[name] = summary
        return summary

    def p99(self, name: str) -> float:
        found = self.operations.get(name)
        return found.p99_ms if found else math.nan


def ratios(results: Results) -> dict[str, dict[str, float]]:
    """Per lookup shape: API p99 ÷ floor p99, naive p99 ÷ API p99, naive p99 ÷ floor p99."""
    out: dict[str, dict[str, float]] = {}
    for shape in SHAPES:
        api, floor = results.p99(f"api.c1.lookup.{shape}"), results.p99(f"floor.lookup.{shape}")
        naive = results.p99(f"naive.lookup.{shape}")
        out[shape] = {
            "api_p99_over_floor_p99": _ratio(api, floor),
            "naive_p99_over_api_p99": _ratio(naive, api),
            "naive_p99_over_floor_p99": _ratio(naive, floor),
            "api_c1_p99_over_healthz_c1_p99": _ratio(api, results.p99("api.c1.healthz")),
            "api_c4_p99_over_healthz_c4_p99": _ratio(
                results.p99(f"api.c4.lookup.{shape}"), results.p99("api.c4.healthz")
            ),
            "server_cpu_over_healthz": cpu_over_healthz(results, f"lookup.{shape}"),
        }
    for write in WRITES:
        out[write] = {"server_cpu_over_healthz": cpu_over_healthz(results, write)}
    return out


def cpu_over_healthz(results: Results, operation: str, prefix: str = "api.c1") -> float:
    """Server CPU per request of `operation` ÷ that of `/healthz`, both at concurrency 1 in
    this run: what the request costs beyond the stack's own cost of answering at all."""
    found, base = (
        results.operations.get(f"{prefix}.{operation}"),
        results.operations.get(f"{prefix}.healthz"),
    )
    if found is None or base is None or not found.server_cpu_ms or not base.server_cpu_ms:
        return math.nan
    return _ratio(found.server_cpu_ms, base.server_cpu_ms)


def round_trips(results: Results, operation: str) -> float:
    """Round trips to PostgreSQL per request of `operation`, counted on the wire."""
    value = results.notes.get("round_trips_per_request", {}).get(operation)
    return math.nan if value is None else float(value)


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b and not math.isnan(a) and not math.isnan(b) else math.nan
