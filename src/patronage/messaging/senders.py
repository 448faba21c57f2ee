"""Senders: the console (the default), SMTP and an SMS webhook."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Protocol

import aiosmtplib
import httpx

from patronage.core.settings import Settings
from patronage.messaging.channels import EMAIL, SMS, mask_destination

log = logging.getLogger("patronage.outbox")
console_log = logging.getLogger("patronage.outbox.console")

_RETRYABLE_HTTP = {408, 425, 429}


@dataclass(frozen=True)
class Outgoing:
    """A message as a sender sees it."""

    id: uuid.UUID
    channel: str
    destination: str
    locale: str
    subject: str
    text: str
    html: str | None = None


class DeliveryError(Exception):
    """A failed delivery; `permanent` ones are not retried."""

    def __init__(
        self, reason: str, *, permanent: bool = False, retry_after_s: float | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason[:500]
        self.permanent = permanent
        self.retry_after_s = retry_after_s


class Sender(Protocol):
    name: str

    async def send(self, message: Outgoing) -> None: ...

    async def aclose(self) -> None: ...


class ConsoleSender:
    """Writes the message to the log: the embedded default, with nothing installed."""

    name = "console"

    async def send(self, message: Outgoing) -> None:
        console_log.info(
            "message for %s: %s",
            mask_destination(message.channel, message.destination),
            message.text,
            extra={"message_id": str(message.id), "channel": message.channel},
        )

    async def aclose(self) -> None:
        return None


class UnconfiguredSender:
    """A production channel nobody configured: fail loudly rather than log codes."""

    name = "unconfigured"

    def __init__(self, channel: str) -> None:
        self.channel = channel

    async def send(self, message: Outgoing) -> None:
        raise DeliveryError(f"no sender configured for {self.channel}", permanent=True)

    async def aclose(self) -> None:
        return None


class SmtpSender:
    """Email through an SMTP server: plain text plus HTML, in the recipient's language."""

    name = "smtp"

    def __init__(self, settings: Settings) -> None:
        assert settings.smtp_host
        self.settings = settings
        self.sender = settings.smtp_from

    async def send(self, message: Outgoing) -> None:
        s = self.settings
        try:
            await aiosmtplib.send(
                self.build(message),
                hostname=s.smtp_host,
                port=s.smtp_port,
                username=s.smtp_user,
                password=s.smtp_password.get_secret_value() if s.smtp_password else None,
                use_tls=s.smtp_tls,
                start_tls=s.smtp_starttls,
                timeout=s.smtp_timeout_s,
            )
        except aiosmtplib.SMTPResponseException as exc:
            raise DeliveryError(
                f"smtp {exc.code}: {exc.message}", permanent=500 <= exc.code < 600
            ) from exc
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [r.code for r in exc.recipients]
            permanent = all(500 <= code < 600 for code in codes)
            raise DeliveryError(f"smtp recipient refused {codes}", permanent=permanent) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"smtp: {type(exc).__name__}: {exc}") from exc

    def build(self, message: Outgoing) -> EmailMessage:
        """The MIME message: text/plain with an HTML alternative; a stable Message-ID."""
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.destination
        email["Subject"] = message.subject
        email["Date"] = formatdate(localtime=False)
        email["Message-ID"] = f"<{message.id}@{_domain_of(self.sender)}>"
        email.set_content(message.text)
        if message.html:
            email.add_alternative(message.html, subtype="html")
        # After the bodies: setting content drops every Content-* header.
        email["Content-Language"] = message.locale
        return email

    async def aclose(self) -> None:
        return None


def _domain_of(sender: str) -> str:
    address = parseaddr(sender)[1]
    try:
        return Address(addr_spec=address).domain or "patronage.local"
    except (ValueError, IndexError):
        return "patronage.local"


class SmsWebhookSender:
    """POSTs `{to, text, locale}` to an SMS gateway or a Zalo ZNS bridge."""

    name = "sms_webhook"

    def __init__(self, settings: Settings) -> None:
        assert settings.sms_webhook_url
        self.url = settings.sms_webhook_url
        headers = {"User-Agent": "patronage-outbox"}
        if settings.sms_webhook_secret:
            headers["Authorization"] = f"Bearer {settings.sms_webhook_secret.get_secret_value()}"
        self.client = httpx.AsyncClient(
            headers=headers, timeout=settings.sms_webhook_timeout_s, follow_redirects=False
        )

    async def send(self, message: Outgoing) -> None:
        body = {"to": message.destination, "text": message.text, "locale": message.locale}
        try:
            # The gateway may drop a repeat of the same key (a retry after a lost answer).
            response = await self.client.post(
                self.url, json=body, headers={"Idempotency-Key": str(message.id)}
            )
        except httpx.HTTPError as exc:
            raise DeliveryError(f"sms webhook: {type(exc).__name__}") from exc
        _raise_for_status(response)

    async def aclose(self) -> None:
        await self.client.aclose()


def _raise_for_status(response: httpx.Response) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    retryable = status in _RETRYABLE_HTTP or status >= 500
    raise DeliveryError(
        f"sms webhook answered {status}",
        permanent=not retryable,
        retry_after_s=_retry_after(response) if retryable else None,
    )


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None


def senders_from_settings(settings: Settings) -> dict[str, Sender]:
    """The sender of each channel: configured ones, else the console outside production."""
    fallback: dict[str, Sender] = {
        channel: UnconfiguredSender(channel) if settings.env == "production" else ConsoleSender()
        for channel in (EMAIL, SMS)
    }
    if settings.smtp_host:
        fallback[EMAIL] = SmtpSender(settings)
    if settings.sms_webhook_url:
        fallback[SMS] = SmsWebhookSender(settings)
    return fallback
