"""`patronage serve --workers 2`: whichever worker answers /metrics counts every worker's
requests."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from patronage.core import migrate
from tests.integration.conftest import make_settings
from tests.servers import free_port

TOKEN = "workers-metrics-token"
REQUESTS = 40
_HEALTHZ = re.compile(
    r'^patronage_http_requests_total\{[^}]*route="/healthz"[^}]*status="200"[^}]*\} (\S+)$',
    re.MULTILINE,
)


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[str]:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'workers.db'}"
    asyncio.run(migrate.upgrade(make_settings(database_url)))
    env = {
        **os.environ,
        "PATRONAGE_DATABASE_URL": database_url,
        "PATRONAGE_METRICS_TOKEN": TOKEN,
        "PATRONAGE_WORKER_IN_PROCESS": "false",
        "PATRONAGE_LOG_LEVEL": "WARNING",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    port = free_port()
    command = [sys.executable, "-m", "patronage", "serve", "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            # Time enough for an answer: a request given up on would still be counted, later.
            if httpx.get(f"{base}/healthz", timeout=10).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise TimeoutError("patronage serve did not come up")


def _healthz_count(base: str) -> float:
    # A fresh connection each time, so the answers come from either worker.
    metrics = httpx.get(f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert metrics.status_code == 200, metrics.text
    return sum(float(value) for value in _HEALTHZ.findall(metrics.text))


def test_metrics_sum_the_requests_of_every_worker(two_workers: str) -> None:
    before = _healthz_count(two_workers)
    for _ in range(REQUESTS):
        assert httpx.get(f"{two_workers}/healthz").status_code == 200
    counts = {_healthz_count(two_workers) for _ in range(6)}
    assert counts == {before + REQUESTS}


def test_every_worker_reads_the_same_overdue_count(two_workers: str) -> None:
    """The overdue data requests are read from the database at scrape time: one gauge, the
    same figure whichever worker answers (none are overdue in a fresh database)."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    answers = [httpx.get(f"{two_workers}/metrics", headers=headers).text for _ in range(6)]
    figures = {
        tuple(re.findall(r"^patronage_data_requests_overdue (\S+)$", text, re.MULTILINE))
        for text in answers
    }
    assert figures == {("0.0",)}
