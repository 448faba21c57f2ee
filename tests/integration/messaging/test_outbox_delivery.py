"""The outbox worker delivers email over real SMTP and SMS to a real webhook, once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import delete, update

from patronage.core import tenancy
from patronage.core.columns import utcnow
from patronage.core.db import Database
from patronage.core.settings import Settings
from patronage.messaging import service as outbox_service
from patronage.messaging.models import OutboxMessage
from patronage.messaging.senders import senders_from_settings
from patronage.messaging.worker import Worker
from tests.servers import SmtpRecorder, WebhookRecorder, webhook_server


@pytest.fixture(autouse=True)
async def empty_outbox(db: Database) -> None:
    """Other tests leave messages in the shared database; start from none."""
    async with db.unit_of_work() as session:
        await tenancy.bind_worker(session)
        await session.execute(delete(OutboxMessage))


@pytest.fixture
def webhook() -> Iterator[WebhookRecorder]:
    with webhook_server() as recorder:
        yield recorder


@pytest.fixture
def delivery_settings(db: Database, smtp: SmtpRecorder, webhook: WebhookRecorder) -> Settings:
    return db.settings.model_copy(
        update={
            "smtp_host": smtp.host,
            "smtp_port": smtp.port,
            "smtp_from": "Cà Phê A <no-reply@caphe-a.vn>",
            "sms_webhook_url": webhook.url,
            "sms_webhook_secret": SecretStr("gateway-secret"),
            "outbox_backoff_base_s": 0.0,
            "outbox_backoff_max_s": 0.0,
            "outbox_max_attempts": 3,
        }
    )


@pytest.fixture
async def worker(db: Database, delivery_settings: Settings) -> AsyncIterator[Worker]:
    runner = Worker(db, delivery_settings, senders_from_settings(delivery_settings))
    yield runner
    await runner.aclose()


async def _enqueue(db: Database, channel: str = "sms", **overrides: Any) -> uuid.UUID:
    values: dict[str, Any] = {
        "channel": channel,
        "destination": "+84912345678" if channel == "sms" else "dao@example.com",
        "locale": "vi",
        "subject": "Mã xác minh",
        "text": "123456 là mã xác minh của bạn.",
        "html": "<p>123456</p>" if channel == "email" else None,
    }
    values.update(overrides)
    async with db.unit_of_work() as session:
        await tenancy.bind_worker(session)
        return await outbox_service.enqueue(session, **values)


async def _message(db: Database, message_id: uuid.UUID) -> OutboxMessage:
    async with db.unit_of_work() as session:
        await tenancy.bind_worker(session)
        message = await session.get(OutboxMessage, message_id)
        assert message is not None
        return message


async def _after_one_pass(
    db: Database, worker: Worker, channel: str, **message: Any
) -> OutboxMessage:
    """A message queued on `channel`, as it stands after one pass of `worker`."""
    message_id = await _enqueue(db, channel, **message)
    await worker.run_pass()
    return await _message(db, message_id)


async def test_an_email_goes_out_over_smtp_as_text_and_html(
    db: Database, worker: Worker, smtp: SmtpRecorder
) -> None:
    message_id = await _enqueue(db, "email")
    report = await worker.run_pass()
    assert report.delivered == 1
    [received] = smtp.wait_for(1)
    assert received["To"] == "dao@example.com"
    assert received["Subject"] == "Mã xác minh"
    assert received["Content-Language"] == "vi"
    assert received["Message-ID"] == f"<{message_id}@caphe-a.vn>"
    text = received.get_body(("plain",))
    html = received.get_body(("html",))
    assert text is not None and "123456" in text.get_content()
    assert html is not None and "<p>123456</p>" in html.get_content()


async def test_an_sms_is_posted_to_the_webhook_with_its_secret_and_a_key(
    db: Database, worker: Worker, webhook: WebhookRecorder
) -> None:
    message_id = await _enqueue(db, "sms")
    await worker.run_pass()
    [request] = webhook.wait_for(1)
    assert request.body == {
        "to": "+84912345678",
        "text": "123456 là mã xác minh của bạn.",
        "locale": "vi",
    }
    assert request.headers["authorization"] == "Bearer gateway-secret"
    assert request.headers["idempotency-key"] == str(message_id)


async def test_a_sent_message_is_marked_sent_and_its_code_wiped(
    db: Database, worker: Worker
) -> None:
    message = await _after_one_pass(db, worker, "email")
    assert message.status == "sent"
    assert message.sent_at is not None and message.attempts == 1
    assert message.body_text is None and message.body_html is None


async def test_a_temporary_smtp_refusal_is_retried_until_delivered(
    db: Database, worker: Worker, smtp: SmtpRecorder
) -> None:
    smtp.replies.append("451 4.3.0 Try again later")
    message_id = await _enqueue(db, "email")
    await worker.run_pass()
    assert len(smtp.wait_for(1)) == 1
    message = await _message(db, message_id)
    assert (message.status, message.attempts) == ("sent", 2)


async def test_a_permanent_smtp_refusal_fails_without_retrying(
    db: Database, worker: Worker, smtp: SmtpRecorder
) -> None:
    smtp.replies.append("550 5.1.1 No such mailbox")
    message = await _after_one_pass(db, worker, "email")
    assert (message.status, message.attempts) == ("failed", 1)
    assert message.last_error is not None and "550" in message.last_error
    assert smtp.messages == []


async def test_an_unreachable_smtp_server_is_retried_then_given_up(
    db: Database, delivery_settings: Settings
) -> None:
    from tests.servers import free_port

    settings = delivery_settings.model_copy(update={"smtp_port": free_port()})
    runner = Worker(db, settings, senders_from_settings(settings))
    message = await _after_one_pass(db, runner, "email")
    assert (message.status, message.attempts) == ("failed", 3)
    assert message.last_error is not None and message.last_error.startswith("smtp")


async def test_a_webhook_server_error_is_retried_later_with_backoff(
    db: Database, delivery_settings: Settings, webhook: WebhookRecorder
) -> None:
    settings = delivery_settings.model_copy(
        update={"outbox_backoff_base_s": 30.0, "outbox_backoff_max_s": 300.0}
    )
    runner = Worker(db, settings, senders_from_settings(settings))
    webhook.answer(503)
    message = await _after_one_pass(db, runner, "sms")
    assert message.status == "pending" and message.last_error == "sms webhook answered 503"
    assert utcnow() + timedelta(seconds=14) < message.next_attempt_at
    await runner.run_pass()
    assert len(webhook.requests) == 1
    await runner.aclose()


async def test_a_gateways_retry_after_delays_the_next_attempt(
    db: Database, delivery_settings: Settings, webhook: WebhookRecorder
) -> None:
    settings = delivery_settings.model_copy(update={"outbox_backoff_max_s": 3600.0})
    runner = Worker(db, settings, senders_from_settings(settings))
    webhook.answer(429, headers={"Retry-After": "120"})
    message = await _after_one_pass(db, runner, "sms")
    assert utcnow() + timedelta(seconds=100) < message.next_attempt_at
    await runner.aclose()


@pytest.mark.parametrize(
    ("statuses", "tries"),
    [((400,), 1), ((500, 502, 503, 504), 3)],
    ids=["a-client-error-fails-at-once", "server-errors-are-tried-max-attempts-times"],
)
async def test_a_failing_webhook_is_given_up(
    db: Database,
    worker: Worker,
    webhook: WebhookRecorder,
    statuses: tuple[int, ...],
    tries: int,
) -> None:
    webhook.answer(*statuses)
    message = await _after_one_pass(db, worker, "sms")
    assert (message.status, message.attempts) == ("failed", tries)
    assert len(webhook.requests) == tries


async def test_a_message_whose_code_expired_is_not_delivered(
    db: Database, worker: Worker, webhook: WebhookRecorder
) -> None:
    message = await _after_one_pass(db, worker, "sms", expires_at=utcnow() - timedelta(seconds=1))
    assert (message.status, message.last_error) == ("failed", "expired before delivery")
    assert message.body_text is None
    assert webhook.requests == []


async def _left_by_a_vanished_worker(
    db: Database, settings: Settings, *, hand_over: bool
) -> uuid.UUID:
    """An SMS a worker claimed (and maybe started sending), then died: its lease ran out."""
    message_id = await _enqueue(db, "sms")
    async with db.unit_of_work() as session:
        await tenancy.bind_worker(session)
        [claimed] = await outbox_service.claim(session, settings, worker_id="dead", now=utcnow())
    if hand_over:
        async with db.unit_of_work() as session:
            await tenancy.bind_worker(session)
            assert await outbox_service.start_sending(
                session, claimed, worker_id="dead", now=utcnow()
            )
    async with db.unit_of_work() as session:
        await tenancy.bind_worker(session)
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == claimed.message.id)
            .values(lease_until=utcnow() - timedelta(seconds=1))
        )
    return message_id


async def test_a_claim_left_by_a_vanished_worker_is_delivered_once(
    db: Database, delivery_settings: Settings, worker: Worker, webhook: WebhookRecorder
) -> None:
    message_id = await _left_by_a_vanished_worker(db, delivery_settings, hand_over=False)
    await worker.run_pass()
    await worker.run_pass()
    assert len(webhook.wait_for(1)) == 1
    assert (await _message(db, message_id)).status == "sent"


async def test_a_message_a_worker_died_while_sending_is_never_sent_again(
    db: Database, delivery_settings: Settings, worker: Worker, webhook: WebhookRecorder
) -> None:
    message_id = await _left_by_a_vanished_worker(db, delivery_settings, hand_over=True)
    await worker.run_pass()
    message = await _message(db, message_id)
    assert message.status == "failed"
    assert message.last_error is not None and message.last_error.startswith("outcome unknown")
    assert webhook.requests == []


async def test_a_claim_whose_lease_ran_out_is_not_handed_to_a_sender(
    db: Database, delivery_settings: Settings, webhook: WebhookRecorder
) -> None:
    message_id = await _enqueue(db, "sms")
    async with db.unit_of_work() as session:
        await tenancy.bind_worker(session)
        [claimed] = await outbox_service.claim(
            session, delivery_settings, worker_id="slow", now=utcnow()
        )
    late = claimed.lease_until + timedelta(seconds=1)
    async with db.unit_of_work() as session:
        await tenancy.bind_worker(session)
        assert not await outbox_service.start_sending(session, claimed, worker_id="slow", now=late)
    assert (await _message(db, message_id)).status == "pending"


async def test_two_workers_at_once_deliver_every_message_exactly_once(
    db: Database, delivery_settings: Settings, webhook: WebhookRecorder
) -> None:
    ids = {str(await _enqueue(db, "sms", destination=f"+8491234{n:04d}")) for n in range(30)}
    settings = delivery_settings.model_copy(update={"outbox_batch_size": 4})
    first = Worker(db, settings, senders_from_settings(settings))
    second = Worker(db, settings, senders_from_settings(settings))
    reports = await asyncio.gather(first.run_pass(), second.run_pass())
    keys = [r.headers["idempotency-key"] for r in webhook.wait_for(30)]
    assert sorted(keys) == sorted(ids)
    assert sum(r.delivered for r in reports) == 30
    await first.aclose()
    await second.aclose()
