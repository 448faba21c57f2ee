"""The run's results: `bench/results/latest.json`, the targets, and a printed table."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.measures import WRITES as WRITES
from bench.measures import Results as Results
from bench.measures import cpu_over_healthz, ratios, round_trips
from bench.queries import SHAPES
from bench.targets import targets


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
