"""The benchmark's CPU meter: what a cell burns is charged to its requests."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from bench.cpu import CpuMeter, measured
from bench.stats import Summary, summarize

pytestmark = pytest.mark.skipif(not CpuMeter.available(), reason="needs Linux /proc")


def _burn(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


async def test_the_cpu_a_cell_burns_is_charged_per_request() -> None:
    async def cell() -> Summary:
        _burn(0.3)
        return summarize([0.001] * 10, errors=0, seconds=0.3, concurrency=1)

    summary = await measured(CpuMeter(os.getpid()), cell)

    assert summary.server_cpu_ms is not None and summary.postgres_cpu_ms is not None
    assert 20 <= summary.server_cpu_ms <= 60  # 300 ms over 10 requests, at tick resolution
    assert summary.as_json()["server_cpu_ms"] == round(summary.server_cpu_ms, 3)


def test_a_server_is_charged_for_its_worker_processes() -> None:
    burn = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import subprocess, sys; subprocess.run([sys.executable, '-c', {burn!r}])",
        ]
    )
    meter = CpuMeter(parent.pid)
    time.sleep(0.2)  # the child is running by now
    seen = 0.0
    while parent.poll() is None:
        seen = max(seen, meter.read()[0])
        time.sleep(0.02)
    assert seen >= 0.1


async def test_without_a_meter_nothing_is_charged() -> None:
    async def cell() -> Summary:
        return summarize([0.001], errors=0, seconds=0.01, concurrency=1)

    summary = await measured(None, cell)

    assert summary.server_cpu_ms is None
    assert "server_cpu_ms" not in summary.as_json()
