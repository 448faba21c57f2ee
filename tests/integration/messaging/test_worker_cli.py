"""`patronage worker`: one pass for cron, and a graceful stop on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete

from patronage.app import create_app
from patronage.core import tenancy
from patronage.core.db import Database
from patronage.messaging import service as outbox_service
from patronage.messaging.models import OutboxMessage
from tests.factories.accounts import client_from, create_account, unique_phone
from tests.integration.conftest import make_settings
from tests.servers import WebhookRecorder, webhook_server

PATRONAGE = str(Path(sys.executable).parent / "patronage")


@pytest.fixture
def webhook() -> Iterator[WebhookRecorder]:
    with webhook_server() as recorder:
        yield recorder


@pytest.fixture
async def message_id(db: Database) -> uuid.UUID:
    async with db.unit_of_work() as session:
        await tenancy.bind_worker(session)
        await session.execute(delete(OutboxMessage))
        return await outbox_service.enqueue(
            session,
            channel="sms",
            destination="+84912345678",
            locale="en",
            subject="",
            text="123456 is your sign-in code.",
        )


def _env(database_url: str, webhook: WebhookRecorder) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PATRONAGE_")}
    env.update(
        PATRONAGE_ENV="test",
        PATRONAGE_DATABASE_URL=database_url,
        PATRONAGE_SMS_WEBHOOK_URL=webhook.url,
        PATRONAGE_WORKER_POLL_INTERVAL_S="0.2",
        PATRONAGE_LOG_LEVEL="WARNING",
    )
    return env


async def _status(db: Database, message_id: uuid.UUID) -> str:
    async with db.unit_of_work() as session:
        await tenancy.bind_worker(session)
        message = await session.get(OutboxMessage, message_id)
        assert message is not None
        return message.status


async def _run_once(env: dict[str, str]) -> dict[str, object]:
    process = await asyncio.create_subprocess_exec(
        PATRONAGE, "worker", "--once", env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    summary = json.loads(out)
    # The run's database is shared: imports other tests queued are run too, and counted.
    summary["outcomes"].pop("imports_jobs", None)
    return summary  # type: ignore[no-any-return]


async def test_worker_once_delivers_what_is_due_and_prints_a_summary(
    db: Database, database_url: str, webhook: WebhookRecorder, message_id: uuid.UUID
) -> None:
    summary = await _run_once(_env(database_url, webhook))
    assert summary == {"outcomes": {"sent": 1}}
    assert len(webhook.requests) == 1
    assert await _status(db, message_id) == "sent"


async def test_sigterm_lets_the_worker_finish_its_send_then_a_restart_sends_nothing_again(
    db: Database, database_url: str, webhook: WebhookRecorder, message_id: uuid.UUID
) -> None:
    webhook.delay_s = 1.0
    env = _env(database_url, webhook)
    process = await asyncio.create_subprocess_exec(
        PATRONAGE, "worker", env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert await asyncio.to_thread(webhook.received.wait, 30), "the worker never sent"
    process.send_signal(signal.SIGTERM)
    _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, err.decode()
    assert await _status(db, message_id) == "sent"
    assert await _run_once(env) == {"outcomes": {}}
    assert len(webhook.requests) == 1


async def test_serve_can_deliver_in_process_and_stops_with_the_app(
    database_url: str, db: Database, webhook: WebhookRecorder
) -> None:
    async with db.unit_of_work() as session:
        await tenancy.bind_worker(session)
        await session.execute(delete(OutboxMessage))
    phone = unique_phone()
    await create_account(db, phone=phone)
    settings = make_settings(
        database_url,
        worker_in_process=True,
        sms_webhook_url=webhook.url,
        worker_poll_interval_s=0.1,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app), client_from(app) as client:
        asked = await client.post("/api/v1/auth/customer/otp", json={"destination": phone})
        assert asked.status_code == 202
        assert await asyncio.to_thread(webhook.received.wait, 10)
    assert webhook.requests[0].body["to"] == phone
