"""CPU time per request, of the server under test and of PostgreSQL, read from /proc.

Latency on a shared 2-core machine says how long a request waited; CPU time says what it
cost, which is what bounds throughput when the server, PostgreSQL and the load generator
share the cores. Linux only: elsewhere nothing is measured.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path

from bench.stats import Summary

_PROC = Path("/proc")
_TICK_S = 1 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.01


@dataclass(frozen=True)
class _Process:
    pid: int
    parent: int
    name: str
    cpu_s: float


def _processes() -> list[_Process]:
    found = []
    for entry in _PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        # After the name: state, ppid, … utime and stime are the 12th and 13th fields.
        cpu = (int(fields[11]) + int(fields[12])) * _TICK_S
        found.append(_Process(int(entry.name), int(fields[1]), name, cpu))
    return found


@dataclass(frozen=True)
class CpuMeter:
    """Reads the CPU seconds used so far by the server's process tree and by PostgreSQL."""

    server_pid: int

    @staticmethod
    def available() -> bool:
        return (_PROC / "self" / "stat").exists()

    def read(self) -> tuple[float, float]:
        processes = _processes()
        children: dict[int, list[_Process]] = {}
        for process in processes:
            children.setdefault(process.parent, []).append(process)
        server, stack = 0.0, [p for p in processes if p.pid == self.server_pid]
        while stack:
            process = stack.pop()
            server += process.cpu_s
            stack += children.get(process.pid, [])
        postgres = sum(p.cpu_s for p in processes if p.name == "postgres")
        return server, postgres


async def measured(meter: CpuMeter | None, cell: Callable[[], Awaitable[Summary]]) -> Summary:
    """Run `cell`; its summary carries the CPU milliseconds per request it cost."""
    if meter is None or not CpuMeter.available():
        return await cell()
    server_before, postgres_before = meter.read()
    summary = await cell()
    server_after, postgres_after = meter.read()
    requests = summary.count + summary.errors
    if not requests:
        return summary
    return replace(
        summary,
        server_cpu_ms=(server_after - server_before) * 1000 / requests,
        postgres_cpu_ms=(postgres_after - postgres_before) * 1000 / requests,
    )
