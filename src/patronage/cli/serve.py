"""`patronage serve`: the HTTP server."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
import uvicorn

from patronage.core.metrics import MULTIPROCESS_DIR
from patronage.core.settings import Settings, get_settings


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
) -> None:
    """Serve the API (/api/v1), docs (/docs), health and metrics."""
    proxies = forwarded_allow_ips(get_settings())
    with _shared_metrics(workers):
        uvicorn.run(
            "patronage.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            access_log=False,
            log_config=None,
            proxy_headers=bool(proxies),
            forwarded_allow_ips=proxies,
        )


def forwarded_allow_ips(settings: Settings) -> str | None:
    """Uvicorn reads `X-Forwarded-For`/`-Proto` only from `PATRONAGE_TRUSTED_PROXIES`, the
    same proxies the app trusts for client addresses; with none (None) it reads none."""
    return ",".join(settings.trusted_proxies) or None


@contextmanager
def _shared_metrics(workers: int) -> Iterator[None]:
    """Several workers keep their metrics in one directory, summed by whichever answers
    `/metrics`; a fresh one per run unless the operator names it."""
    if workers == 1 or os.environ.get(MULTIPROCESS_DIR):
        yield
        return
    directory = tempfile.mkdtemp(prefix="patronage-metrics-")
    os.environ[MULTIPROCESS_DIR] = directory
    try:
        yield
    finally:
        del os.environ[MULTIPROCESS_DIR]
        shutil.rmtree(directory, ignore_errors=True)
