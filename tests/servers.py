"""Real servers the tests start on 127.0.0.1: an SMTP server and an HTTP webhook receiver."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SmtpRecorder:
    """Keeps every message the SMTP server accepted; can answer DATA with given replies."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    replies: deque[str] = field(default_factory=deque)
    host: str = "127.0.0.1"
    port: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.replies:
            return self.replies.popleft()
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 5.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


@contextmanager
def smtp_server() -> Iterator[SmtpRecorder]:
    """An aiosmtpd server on 127.0.0.1 for the duration of the block."""
    recorder = SmtpRecorder(port=free_port())
    controller = Controller(recorder, hostname=recorder.host, port=recorder.port)
    controller.start()
    try:
        yield recorder
    finally:
        controller.stop()


@dataclass
class WebhookRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class WebhookRecorder:
    """Records POSTs; answers with queued (status, headers) pairs, then 200."""

    requests: list[WebhookRequest] = field(default_factory=list)
    responses: deque[tuple[int, dict[str, str]]] = field(default_factory=deque)
    delay_s: float = 0.0
    url: str = ""
    received: threading.Event = field(default_factory=threading.Event)

    def answer(self, *statuses: int, headers: dict[str, str] | None = None) -> None:
        self.responses.extend((status, headers or {}) for status in statuses)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[WebhookRequest]:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.requests


@contextmanager
def webhook_server() -> Iterator[WebhookRecorder]:
    """An HTTP server on 127.0.0.1 that plays an SMS gateway."""
    recorder = WebhookRecorder()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            headers = {k.lower(): v for k, v in self.headers.items()}
            recorder.requests.append(WebhookRequest(self.path, headers, body))
            recorder.received.set()
            if recorder.delay_s:
                time.sleep(recorder.delay_s)
            status, extra = recorder.responses.popleft() if recorder.responses else (200, {})
            payload = b'{"ok": true}'
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}/sms"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
