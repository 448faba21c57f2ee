"""Latency summaries: percentiles, throughput, errors."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (`fraction` in 0..1) of `samples`; nan when empty."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Summary:
    """One measured cell: how many requests, how fast, how many failed."""

    count: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    concurrency: int
    first_error: str | None = None
    # CPU per request (see `bench.cpu`), where measured.
    server_cpu_ms: float | None = None
    postgres_cpu_ms: float | None = None

    @property
    def rps(self) -> float:
        return self.count / self.seconds if self.seconds > 0 else 0.0

    def with_error(self, message: str) -> Summary:
        return replace(self, first_error=message)

    def as_json(self) -> dict[str, float | int | str | None]:
        data: dict[str, float | int | str | None] = {
            "p50_ms": round(self.p50_ms, 3),
            "p99_ms": round(self.p99_ms, 3),
            "max_ms": round(self.max_ms, 3),
            "rps": round(self.rps, 1),
            "count": self.count,
            "errors": self.errors,
            "concurrency": self.concurrency,
        }
        if self.first_error:
            data["first_error"] = self.first_error
        if self.server_cpu_ms is not None and self.postgres_cpu_ms is not None:
            data["server_cpu_ms"] = round(self.server_cpu_ms, 3)
            data["postgres_cpu_ms"] = round(self.postgres_cpu_ms, 3)
        return data


def summarize(
    latencies_s: Sequence[float], *, errors: int, seconds: float, concurrency: int
) -> Summary:
    """Summary of per-request latencies (in seconds) measured over `seconds` of wall time."""
    ms = [x * 1000 for x in latencies_s]
    return Summary(
        count=len(ms),
        errors=errors,
        seconds=seconds,
        p50_ms=percentile(ms, 0.50),
        p99_ms=percentile(ms, 0.99),
        max_ms=max(ms) if ms else math.nan,
        concurrency=concurrency,
    )
