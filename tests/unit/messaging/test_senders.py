"""Choosing senders, and the email a sender builds."""

from __future__ import annotations

import uuid

import pytest

from patronage.core.settings import Settings
from patronage.messaging.senders import (
    ConsoleSender,
    DeliveryError,
    Outgoing,
    SmsWebhookSender,
    SmtpSender,
    UnconfiguredSender,
    senders_from_settings,
)

SECRET = "x" * 40
MESSAGE = Outgoing(
    id=uuid.UUID(int=1),
    channel="email",
    destination="dao@example.com",
    locale="vi",
    subject="Mã xác minh",
    text="482913",
    html="<p>482913</p>",
)


def test_nothing_configured_means_the_console_for_both_channels() -> None:
    senders = senders_from_settings(Settings(env="test"))
    assert isinstance(senders["email"], ConsoleSender)
    assert isinstance(senders["sms"], ConsoleSender)


async def test_production_never_falls_back_to_logging_codes() -> None:
    settings = Settings(env="production", secret_key=SECRET, otp_secret=SECRET)  # type: ignore[arg-type]
    senders = senders_from_settings(settings)
    assert isinstance(senders["sms"], UnconfiguredSender)
    with pytest.raises(DeliveryError) as refused:
        await senders["sms"].send(MESSAGE)
    assert refused.value.permanent


async def test_configured_channels_get_smtp_and_the_webhook() -> None:
    settings = Settings(env="test", smtp_host="127.0.0.1", sms_webhook_url="http://127.0.0.1:9/sms")
    senders = senders_from_settings(settings)
    assert isinstance(senders["email"], SmtpSender)
    assert isinstance(senders["sms"], SmsWebhookSender)
    await senders["sms"].aclose()


def test_the_email_has_text_html_language_and_a_stable_message_id() -> None:
    sender = SmtpSender(Settings(env="test", smtp_host="h", smtp_from="Cà Phê <a@caphe.vn>"))
    email = sender.build(MESSAGE)
    assert email["Message-ID"] == f"<{MESSAGE.id}@caphe.vn>"
    assert email["Content-Language"] == "vi"
    assert email.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in email.iter_parts()] == ["text/plain", "text/html"]


def test_only_development_delivers_in_process_by_default() -> None:
    assert Settings(env="development").runs_worker_in_process
    assert not Settings(env="test").runs_worker_in_process
    assert not Settings(env="test", worker_in_process=False).runs_worker_in_process
