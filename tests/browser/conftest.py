"""Browser tests: Debian's Chromium, driven by Playwright, against a real server process."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.databases import IN_CI

CHROMIUM = os.environ.get("PATRONAGE_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
OWNER = ("owner@example.com", "demo-owner-2026")
CASHIER = ("cashier@example.com", "demo-cashier-2026")


@dataclass(frozen=True)
class Server:
    base_url: str
    env: dict[str, str]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "patronage", *args],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`patronage serve` on a free port with a fresh SQLite database and the demo brand."""
    workdir: Path = tmp_path_factory.mktemp("browser")
    env = {
        **os.environ,
        "PATRONAGE_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'browser.db'}",
        "PATRONAGE_ENV": "test",
        "PATRONAGE_LOG_LEVEL": "WARNING",
        "PATRONAGE_ARGON2_TIME_COST": "1",
        "PATRONAGE_ARGON2_MEMORY_COST_KIB": "1024",
    }
    _cli(env, "db", "upgrade")
    _cli(env, "demo")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "patronage", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base_url)
        yield Server(base_url, env)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_ready(base_url: str, timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not become ready")


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message + " — CI=true: the browser suite is mandatory")
        pytest.skip(message)
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(base_url=server.base_url, locale="en-US")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def sign_in(page: Page, email: str, password: str) -> None:
    """Sign in through the form, as a person would."""
    page.goto("/app/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
