"""Issues 7's and 14's targets: what each wants, what the run measured, whether it held."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bench.measures import WRITES, Results, cpu_over_healthz, round_trips
from bench.queries import SHAPES


@dataclass(frozen=True)
class Target:
    name: str
    wanted: str
    measured: str
    held: bool | None  # None: not measured in this run


def targets(results: Results) -> list[Target]:
    """Issues 7's and 14's targets, each with what was measured and whether it held."""
    found = [
        _worst_p99(results, "api.c1.lookup", 8.0, "every lookup p99 ≤ 8 ms at concurrency 1"),
        _worst_p99(results, "api.c4.lookup", 15.0, "every lookup p99 ≤ 15 ms at concurrency 4"),
        _throughput(results),
        _worst_of(results, _LOOKUPS, "cpu", 4.0, "every lookup: server CPU ≤ 4 × /healthz's"),
        _worst_of(results, _LOOKUPS, "trips", 1.0, "every lookup: ≤ 1 round trip"),
        _naive_factor(results, "floor", 50.0),
        _naive_factor(results, "api.c1", 10.0),
        _writes(results),
        _worst_of(
            results, WRITES, "cpu", 10.0, "every checkout write: server CPU ≤ 10 × /healthz's"
        ),
        _worst_of(results, WRITES, "trips", 2.0, "every checkout write: ≤ 2 round trips"),
        _worst_p99(
            results,
            "sqlite.api.c1.lookup",
            10.0,
            "SQLite: every lookup p99 ≤ 10 ms at concurrency 1",
        ),
    ]
    return found


_LOOKUPS = tuple(f"lookup.{shape}" for shape in SHAPES)


def _worst_of(
    results: Results, operations: tuple[str, ...], measure: str, limit: float, wanted: str
) -> Target:
    """The operation with the most server CPU (÷ /healthz's) or round trips, against `limit`."""
    read = cpu_over_healthz if measure == "cpu" else round_trips
    values = {op: read(results, op) for op in operations}
    if any(math.isnan(v) for v in values.values()):
        return Target(f"{measure}.{operations[0]}", wanted, "not measured", None)
    name, worst = max(values.items(), key=lambda kv: kv[1])
    unit = "× /healthz" if measure == "cpu" else " round trips"
    return Target(
        f"{measure}.{operations[0]}", wanted, f"worst {name}: {worst:g}{unit}", worst <= limit
    )


def _worst_p99(results: Results, prefix: str, limit: float, wanted: str) -> Target:
    cells = {s: results.operations.get(f"{prefix}.{s}") for s in SHAPES}
    measured = {s: c for s, c in cells.items() if c is not None}
    if not measured:
        return Target(prefix, wanted, "not measured", None)
    shape, worst = max(measured.items(), key=lambda kv: kv[1].p99_ms)
    errors = sum(c.errors for c in measured.values())
    held = worst.p99_ms <= limit and errors == 0 and len(measured) == len(SHAPES)
    return Target(prefix, wanted, f"worst {shape}: {worst.p99_ms:.2f} ms, {errors} errors", held)


def _throughput(results: Results) -> Target:
    wanted = "every lookup ≥ 1,000 requests/s at concurrency 8, no error"
    cells = {s: results.operations.get(f"api.c8.lookup.{s}") for s in SHAPES}
    measured = {s: c for s, c in cells.items() if c is not None}
    if not measured:
        return Target("api.c8.lookup.rps", wanted, "not measured", None)
    shape, slowest = min(measured.items(), key=lambda kv: kv[1].rps)
    errors = sum(c.errors for c in measured.values())
    held = slowest.rps >= 1000 and errors == 0
    return Target(
        "api.c8.lookup.rps", wanted, f"slowest {shape}: {slowest.rps:.0f}/s, {errors} errors", held
    )


def _naive_factor(results: Results, prefix: str, factor: float) -> Target:
    where = "at the database" if prefix == "floor" else "through the API"
    wanted = f"{where}, every lookup shape ≥ {factor:.0f}× faster at p99 than the naive design"
    pairs = {
        s: (results.p99(f"naive.lookup.{s}"), results.p99(f"{prefix}.lookup.{s}")) for s in SHAPES
    }
    if any(math.isnan(n) or math.isnan(o) for n, o in pairs.values()):
        return Target(f"naive_over_{prefix}", wanted, "not measured", None)
    shape, (naive, ours) = min(pairs.items(), key=lambda kv: kv[1][0] / kv[1][1])
    measured = f"least {shape}: {naive / ours:.0f}× ({naive:.1f} vs {ours:.2f} ms)"
    return Target(f"naive_over_{prefix}", wanted, measured, naive / ours >= factor)


def _writes(results: Results) -> Target:
    wanted = "every checkout write: p99 ≤ 15 ms at concurrency 1"
    cells = {w: results.operations.get(f"api.c1.{w}") for w in WRITES}
    if any(c is None for c in cells.values()):
        return Target("api.c1.writes", wanted, "not measured", None)
    name, worst = max(((n, c) for n, c in cells.items() if c), key=lambda kv: kv[1].p99_ms)
    errors = sum(c.errors for c in cells.values() if c)
    held = worst.p99_ms <= 15 and errors == 0
    return Target("api.c1.writes", wanted, f"worst {name}: {worst.p99_ms:.2f} ms", held)
