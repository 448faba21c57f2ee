"""Faults: the server killed under write load, and PostgreSQL stopped under load.

(a) `patronage serve` (a real process on PostgreSQL) gets SIGKILL while tills write
customers with an `Idempotency-Key` and retry what was not answered; afterwards the database
holds every acknowledged write exactly once. (b) A private PostgreSQL cluster (never the
shared one) is stopped under load: answers are 503 with `Retry-After`, `/readyz` is 503, and
within 5 s of PostgreSQL's return the same app answers again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import pytest
from fastapi import FastAPI

from patronage.app import create_app
from patronage.core import migrate
from patronage.core.db import Database
from patronage.core.logging import JsonFormatter
from tests.databases import APP_ROLE, as_admin
from tests.factories import PASSWORD, create_merchant, unique_email
from tests.factories.accounts import unique_phone
from tests.integration.conftest import make_settings
from tests.processes import PrivatePostgres, ServeProcess, private_postgres, serve_process

WRITES = 30
TILLS = 4
KILL_AFTER = (WRITES // 2,)  # acknowledged writes before each SIGKILL
RECOVERY_LIMIT_S = 5.0


async def _create_brand(database_url: str) -> tuple[uuid.UUID, str]:
    """A brand and its owner, made by the service (no API creates brands)."""
    email = unique_email("fault-owner")
    db = Database(make_settings(database_url))
    try:
        async with db.unit_of_work() as session:
            created = await create_merchant(session, db, name="Cà Phê Sự Cố", owner_email=email)
    finally:
        await db.dispose()
    return created.merchant.id, email


def _server_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "PATRONAGE_DATABASE_URL": database_url,
        "PATRONAGE_ENV": "test",
        "PATRONAGE_LOG_LEVEL": "WARNING",
        "PATRONAGE_ARGON2_TIME_COST": "1",
        "PATRONAGE_ARGON2_MEMORY_COST_KIB": "1024",
        "PATRONAGE_DATABASE_POOL_SIZE": str(TILLS),
        # A key left running by the killed process is taken over by its retry after this.
        "PATRONAGE_IDEMPOTENCY_STALE_AFTER_S": "2",
    }


@dataclass
class Ledger:
    """What the tills were told: acknowledged writes, and how the rest went."""

    acknowledged: dict[int, str] = field(default_factory=dict)
    outcomes: Counter[str] = field(default_factory=Counter)


async def _till(
    client: httpx.AsyncClient, queue: asyncio.Queue[int], ledger: Ledger, run: str
) -> None:
    """Writes customers one by one; retries each (same key, same body) until acknowledged."""
    while not queue.empty():
        index = queue.get_nowait()
        body = {
            "name": f"Khách Sự Cố {index}",
            "phones": [unique_phone()],
            "emails": [unique_email(f"fault-{index}")],
        }
        headers = {"Idempotency-Key": f"{run}-{index}"}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                answer = await client.post("/api/v1/customers", json=body, headers=headers)
            except httpx.TransportError as exc:  # the server died under the request
                ledger.outcomes[type(exc).__name__] += 1
                await asyncio.sleep(0.1)
                continue
            ledger.outcomes[str(answer.status_code)] += 1
            if answer.status_code == 201:
                ledger.acknowledged[index] = answer.json()["id"]
                break
            assert answer.status_code in (409, 503), answer.text
            await asyncio.sleep(min(float(answer.headers.get("retry-after", "1")), 0.2))
        else:
            raise AssertionError(f"write {index} was never acknowledged: {ledger.outcomes}")


async def _killer(server: ServeProcess, ledger: Ledger) -> int:
    kills = 0
    for threshold in KILL_AFTER:
        while len(ledger.acknowledged) < threshold:  # noqa: ASYNC110 - polls the tills' ledger
            await asyncio.sleep(0.005)
        server.kill()
        kills += 1
        await asyncio.to_thread(server.start)
    return kills


def _rows(database_url: str, merchant_id: uuid.UUID) -> dict[str, list[str]]:
    """Customer ids by name, read as the admin (no row-level security in the way)."""
    url = as_admin(database_url).replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT name, id::text FROM customers WHERE merchant_id = %s", (merchant_id,)
        ).fetchall()
    found: dict[str, list[str]] = {}
    for name, customer_id in rows:
        found.setdefault(name, []).append(customer_id)
    return found


@pytest.mark.postgres_only
async def test_a_killed_server_loses_no_acknowledged_write_and_duplicates_none(
    database_url: str, tmp_path: Path
) -> None:
    merchant_id, owner_email = await _create_brand(database_url)
    ledger = Ledger()
    started = time.monotonic()
    with serve_process(_server_env(database_url), tmp_path / "serve.log") as server:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=10) as client:
            signed_in = await client.post(
                "/api/v1/auth/staff/sign-in", json={"email": owner_email, "password": PASSWORD}
            )
            client.headers["Authorization"] = f"Bearer {signed_in.json()['token']}"
            queue: asyncio.Queue[int] = asyncio.Queue()
            for index in range(WRITES):
                queue.put_nowait(index)
            run = uuid.uuid4().hex[:8]
            tills = [_till(client, queue, ledger, run) for _ in range(TILLS)]
            kills, *_ = await asyncio.gather(_killer(server, ledger), *tills)
    rows = _rows(database_url, merchant_id)

    lost = [
        i for i, cid in ledger.acknowledged.items() if cid not in rows.get(f"Khách Sự Cố {i}", [])
    ]
    duplicated = {name: ids for name, ids in rows.items() if len(ids) > 1}
    print(
        f"faults: {WRITES} writes, {kills} SIGKILLs, outcomes {dict(ledger.outcomes)},"
        f" lost {len(lost)}, duplicated {len(duplicated)}, {time.monotonic() - started:.1f} s"
    )
    assert kills == len(KILL_AFTER)
    assert len(ledger.acknowledged) == WRITES
    assert lost == []
    assert duplicated == {}
    assert len(rows) == WRITES


@dataclass
class Load:
    """Tills writing and reading without pause; every answer kept with its time."""

    answers: list[tuple[float, str, int, str | None]] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    contacts: set[str] = field(default_factory=set)
    without_request_id: int = 0

    def between(self, start: float, end: float) -> list[tuple[float, str, int, str | None]]:
        return [a for a in self.answers if start <= a[0] <= end]


async def _load(client: httpx.AsyncClient, load: Load) -> None:
    while not load.stop.is_set():
        body = {"name": "Khách Mất Điện", "phones": [unique_phone()], "emails": [unique_email()]}
        load.contacts |= {*body["phones"], *body["emails"]}
        for kind, request in (
            ("write", client.post("/api/v1/customers", json=body)),
            ("read", client.get("/api/v1/customers", params={"q": "khach"})),
        ):
            answer = await request
            load.answers.append(
                (time.monotonic(), kind, answer.status_code, answer.headers.get("retry-after"))
            )
            if "x-request-id" not in answer.headers:
                load.without_request_id += 1
        await asyncio.sleep(0.01)


async def _until_ready(client: httpx.AsyncClient, limit_s: float) -> float:
    """Seconds until `/readyz` and a write both answer again (bounded by `limit_s` × 3)."""
    started = time.monotonic()
    while time.monotonic() - started < 3 * limit_s:
        ready = await client.get("/readyz")
        if ready.status_code == 200:
            body = {"name": "Khách Trở Lại", "phones": [unique_phone()], "emails": [unique_email()]}
            if (await client.post("/api/v1/customers", json=body)).status_code == 201:
                return time.monotonic() - started
        await asyncio.sleep(0.05)
    raise AssertionError(f"the app did not recover within {3 * limit_s} s")


@contextlib.asynccontextmanager
async def _app_on(cluster: PrivatePostgres) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The app on a migrated database of the private cluster, with a signed-in cashier."""
    # The app logs in as its own role; `make_settings` migrates as the cluster's admin.
    url = f"postgresql+psycopg://{APP_ROLE}@127.0.0.1:{cluster.port}/patronage"
    with psycopg.connect(cluster.admin_url, autocommit=True) as admin:
        admin.execute("CREATE DATABASE patronage")
    await migrate.upgrade(make_settings(url))
    _, owner_email = await _create_brand(url)
    app = create_app(make_settings(url, database_connect_timeout_s=1))
    async with app.router.lifespan_context(app):
        # As a server would: an error the app answered is not raised into the client too.
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://patronage.test") as c:
            signed_in = await c.post(
                "/api/v1/auth/staff/sign-in", json={"email": owner_email, "password": PASSWORD}
            )
            c.headers["Authorization"] = f"Bearer {signed_in.json()['token']}"
            yield app, c


@pytest.fixture
def cluster() -> Iterator[PrivatePostgres]:
    with private_postgres() as running:
        yield running


async def test_postgres_down_gives_503_with_retry_after_and_the_app_recovers_within_5_s(
    cluster: PrivatePostgres, caplog: pytest.LogCaptureFixture
) -> None:
    async with _app_on(cluster) as (_app, client):
        logging.getLogger().addHandler(caplog.handler)  # the app replaced the root's handlers
        load = Load()
        tills = [asyncio.create_task(_load(client, load)) for _ in range(2)]
        try:
            await asyncio.sleep(0.5)
            stopping = time.monotonic()
            await asyncio.to_thread(cluster.stop, "fast")
            stopped = time.monotonic()
            await asyncio.sleep(1.5)
            readyz_down = await client.get("/readyz")
            down_until = time.monotonic()
            await asyncio.to_thread(cluster.start)
            recovery_s = await _until_ready(client, RECOVERY_LIMIT_S)
            await asyncio.sleep(0.5)
        finally:
            load.stop.set()
            await asyncio.gather(*tills, return_exceptions=True)
            logging.getLogger().removeHandler(caplog.handler)
    before = load.between(0, stopping)
    down = load.between(stopped, down_until)
    after = load.between(time.monotonic() - 0.4, time.monotonic())
    print(
        f"faults: PostgreSQL down {down_until - stopped:.1f} s, {len(down)} answers while down"
        f" ({dict(Counter(a[2] for a in down))}), recovered in {recovery_s:.2f} s"
    )
    assert before and {a[2] for a in before} <= {200, 201}
    assert down and {a[2] for a in down} == {503}
    assert all(a[3] and int(a[3]) > 0 for a in down), "every 503 says when to retry"
    assert readyz_down.status_code == 503
    assert load.without_request_id == 0, "every answer, a 503 included, carries X-Request-Id"
    assert recovery_s <= RECOVERY_LIMIT_S
    assert after and {a[2] for a in after} <= {200, 201}
    logged = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert "database unavailable" in logged
    assert not [c for c in load.contacts if c in logged], "failed statements log no parameters"
