"""The run's results: `bench/results/latest.json`, the targets, and a printed table."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

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


def to_json(results: Results) -> dict[str, Any]:
    return {
        "started_at": results.started_at,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": results.machine,
        "sizes": results.sizes,
        "notes": results.notes,
        "operations": {name: s.as_json() for name, s in results.operations.items()},
        "ratios": ratios(results),
        "targets": {
            t.name: {"target": t.wanted, "measured": t.measured, "held": t.held}
            for t in targets(results)
        },
    }


def write(results: Results, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = _without_nan(to_json(results))
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n")


def _without_nan(value: Any) -> Any:
    """JSON has no NaN: what was not measured is null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _without_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nan(v) for v in value]
    return value


def print_tables(results: Results, console: Console) -> None:
    """The lookup table, the writes, and the targets."""
    console.print(lookup_table(results))
    console.print(other_table(results))
    console.print(pooled_table(results))
    console.print(target_table(results))


def _cell(results: Results, name: str) -> str:
    found = results.operations.get(name)
    if found is None:
        return "—"
    text = f"{found.p50_ms:.2f} / {found.p99_ms:.2f}"
    return text + (f" ({found.errors} err)" if found.errors else "")


def _rps(results: Results, name: str) -> str:
    found = results.operations.get(name)
    return f"{found.rps:,.0f}" if found else "—"


def _cpu(results: Results, name: str) -> str:
    found = results.operations.get(name)
    if found is None or found.server_cpu_ms is None or found.postgres_cpu_ms is None:
        return "—"
    return f"{found.server_cpu_ms:.2f} / {found.postgres_cpu_ms:.2f}"


CPU_COLUMN = "CPU ms/request c=1: server / PostgreSQL"
COST_COLUMNS = ("server CPU ÷ /healthz", "round trips")


def _costs(results: Results, operation: str) -> tuple[str, str]:
    return (
        _fmt_ratio(cpu_over_healthz(results, operation)),
        _fmt_count(round_trips(results, operation)),
    )


def _fmt_count(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:g}"


def lookup_table(results: Results) -> Table:
    table = Table(title="Lookups on the big brand: p50 / p99 ms (requests/s at c=8)")
    for column in ("shape", "API c=1", "API c=4", "API c=8", "rps c=8", "floor", "naive",
                   "API÷floor", "naive÷API", "SQLite c=1", CPU_COLUMN, *COST_COLUMNS):  # fmt: skip
        table.add_column(column, justify="right" if column != "shape" else "left")
    shape_ratios = ratios(results)
    for shape in ("healthz", *SHAPES):
        op = "healthz" if shape == "healthz" else f"lookup.{shape}"
        r = shape_ratios.get(shape, {})
        table.add_row(
            shape,
            _cell(results, f"api.c1.{op}"),
            _cell(results, f"api.c4.{op}"),
            _cell(results, f"api.c8.{op}"),
            _rps(results, f"api.c8.{op}"),
            _cell(results, f"floor.{op}"),
            _cell(results, f"naive.{op}"),
            _fmt_ratio(r.get("api_p99_over_floor_p99")),
            _fmt_ratio(r.get("naive_p99_over_api_p99")),
            _cell(results, f"sqlite.api.c1.{op}"),
            _cpu(results, f"api.c1.{op}"),
            *(_costs(results, op) if op != "healthz" else ("1.0×", "0")),
        )
    return table


def _fmt_ratio(value: float | None) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:,.1f}×"


def other_table(results: Results) -> Table:
    table = Table(title="Checkout writes at concurrency 1: p50 / p99 ms")
    table.add_column("operation")
    table.add_column("p50 / p99", justify="right")
    table.add_column("requests/s", justify="right")
    table.add_column(CPU_COLUMN, justify="right")
    for column in COST_COLUMNS:
        table.add_column(column, justify="right")
    for name in WRITES:
        op = f"api.c1.{name}"
        table.add_row(
            name, _cell(results, op), _rps(results, op), _cpu(results, op), *_costs(results, name)
        )
    return table


def pooled_table(results: Results) -> Table:
    table = Table(title="Lookups through PgBouncer (transaction pooling): p50 / p99 ms")
    for column in ("shape", "c=1", "c=8", "rps c=8", CPU_COLUMN, COST_COLUMNS[0]):
        table.add_column(column, justify="right" if column != "shape" else "left")
    for shape in ("healthz", *SHAPES):
        op = "healthz" if shape == "healthz" else f"lookup.{shape}"
        table.add_row(
            shape,
            _cell(results, f"pgbouncer.api.c1.{op}"),
            _cell(results, f"pgbouncer.api.c8.{op}"),
            _rps(results, f"pgbouncer.api.c8.{op}"),
            _cpu(results, f"pgbouncer.api.c1.{op}"),
            _fmt_ratio(cpu_over_healthz(results, op, "pgbouncer.api.c1")),
        )
    return table


def target_table(results: Results) -> Table:
    table = Table(title="Targets")
    for column in ("target", "measured", "held"):
        table.add_column(column)
    for target in targets(results):
        held = {True: "[green]yes[/]", False: "[red]NO[/]", None: "—"}[target.held]
        table.add_row(target.wanted, target.measured, held)
    return table


def markdown(results: Results) -> str:
    """The README's tables for this run (GitHub Markdown)."""
    sizes = results.sizes
    lines = [
        f"Run of {results.started_at[:10]}: {sizes['customers']:,} customers in "
        f"{sizes['brands']} brands, {sizes['big_brand_customers']:,} in the measured brand, "
        f"≈{sizes['orders_per_customer']:g} orders per customer; SQLite: "
        f"{sizes['sqlite_customers']:,} customers in one brand. "
        f"{results.machine.get('cores')} cores ({results.machine.get('cpu')}), "
        f"PostgreSQL {results.machine.get('postgres', '?')}. Milliseconds p50 / p99.",
        "",
    ]
    lines += _markdown_table(lookup_table(results))
    lines += ["", *_markdown_table(other_table(results))]
    lines += ["", *_markdown_table(pooled_table(results))]
    lines += ["", *_markdown_table(target_table(results))]
    return "\n".join(lines) + "\n"


def _markdown_table(table: Table) -> list[str]:
    headers = [str(column.header) for column in table.columns]
    cells = [[str(c) for c in column.cells] for column in table.columns]
    rows = [[_plain(col[i]) for col in cells] for i in range(len(cells[0]) if cells else 0)]
    out = [f"**{table.title}**", "", "| " + " | ".join(headers) + " |"]
    out.append("|" + "|".join(" --- " for _ in headers) + "|")
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _plain(cell: str) -> str:
    return cell.replace("[green]", "").replace("[red]", "").replace("[/]", "").replace("|", "\\|")
