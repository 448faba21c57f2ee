"""Browser tests: Debian's Chromium, driven by Playwright, against a real server process."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from typer.testing import CliRunner, Result

from patronage.cli import app as cli
from patronage.core.settings import get_settings
from tests.databases import IN_CI, as_app, postgres_database
from tests.servers import SmtpRecorder, smtp_server

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
DESKTOP = {"width": 1024, "height": 768}
PHONE = {"width": 390, "height": 844}
# The two sizes a page is pictured at: a desktop till and a small phone.
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 375, "height": 812}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


@dataclass(frozen=True)
class Server:
    base_url: str
    env: dict[str, str]
    smtp: SmtpRecorder | None = None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_cli(env: dict[str, str], *args: str) -> str:
    """`patronage <args>` with the server's environment `env`, and what it printed. It runs
    in this process (a new one would spend seconds importing the app), in a thread of its
    own: the command starts an event loop, and Playwright's already runs in this thread."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        result = thread.submit(_invoke_cli, env, list(args)).result(timeout=180)
    assert result.exit_code == 0, f"patronage {' '.join(args)}: {result.output}"
    return result.stdout


def _invoke_cli(env: dict[str, str], args: list[str]) -> Result:
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(cli, args, env=env)
    finally:
        get_settings.cache_clear()


@contextmanager
def serving(
    database_url: str, smtp: SmtpRecorder | None = None, *, admin_url: str | None = None
) -> Iterator[Server]:
    """`patronage serve` on a free port over `database_url`, seeded with the demo brand;
    email goes to `smtp` when given, delivered by the server's own worker."""
    env = {
        **os.environ,
        "PATRONAGE_DATABASE_URL": database_url,
        "PATRONAGE_ENV": "test",
        "PATRONAGE_LOG_LEVEL": "WARNING",
        "PATRONAGE_ARGON2_TIME_COST": "1",
        "PATRONAGE_ARGON2_MEMORY_COST_KIB": "1024",
        "PATRONAGE_OTP_COOLDOWN_S": "1",
    }
    if admin_url is not None:
        env["PATRONAGE_DATABASE_ADMIN_URL"] = admin_url
    if smtp is not None:
        env |= {
            "PATRONAGE_SMTP_HOST": smtp.host,
            "PATRONAGE_SMTP_PORT": str(smtp.port),
            "PATRONAGE_WORKER_IN_PROCESS": "true",
            "PATRONAGE_WORKER_POLL_INTERVAL_S": "0.2",
        }
    run_cli(env, "db", "upgrade")
    run_cli(env, "demo")
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
        yield Server(base_url, env, smtp)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="package")
def mail() -> Iterator[SmtpRecorder]:
    """A real SMTP server (aiosmtpd) that keeps what the app sends."""
    with smtp_server() as recorder:
        yield recorder


@pytest.fixture(scope="package")
def server(tmp_path_factory: pytest.TempPathFactory, mail: SmtpRecorder) -> Iterator[Server]:
    """The app on a fresh SQLite database with the demo brand."""
    workdir: Path = tmp_path_factory.mktemp("browser")
    with serving(f"sqlite+aiosqlite:///{workdir / 'browser.db'}", mail) as running:
        yield running


@pytest.fixture(scope="package")
def pg_server() -> Iterator[Server]:
    """The app on a throw-away PostgreSQL database with the demo brand."""
    with (
        postgres_database() as admin_url,
        serving(as_app(admin_url), admin_url=admin_url) as running,
    ):
        yield running


def _wait_until_ready(base_url: str, timeout_s: float = 30) -> None:
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


def new_page(
    browser: Browser, server: Server, *, viewport: dict[str, int] = DESKTOP, locale: str = "en-US"
) -> Iterator[Page]:
    context = browser.new_context(base_url=server.base_url, locale=locale, viewport=viewport)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    yield from new_page(browser, server)


@pytest.fixture
def phone_page(browser: Browser, server: Server) -> Iterator[Page]:
    yield from new_page(browser, server, viewport=PHONE)


@pytest.fixture
def vi_page(browser: Browser, server: Server) -> Iterator[Page]:
    yield from new_page(browser, server, locale="vi-VN")


@pytest.fixture
def owner(page: Page) -> Page:
    """The desktop page, signed in as the demo brand's owner."""
    sign_in(page, *OWNER)
    return page


@pytest.fixture
def cashier(page: Page) -> Page:
    """The desktop page, signed in as the demo brand's cashier."""
    sign_in(page, *CASHIER)
    return page


def sign_in(page: Page, email: str, password: str) -> None:
    """Sign in through the form, as a person would."""
    page.goto("/app/sign-in")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def screenshot(page: Page, name: str) -> None:
    """Keep a picture of the page for people to look at (test-output/, not committed)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def no_horizontal_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def assert_fits(page: Page, name: str) -> None:
    """The page fits its width (nothing scrolls sideways); a picture of it is kept as `name`."""
    assert no_horizontal_scroll(page)
    screenshot(page, name)
