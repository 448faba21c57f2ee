"""`patronage serve`: the HTTP server."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from patronage.core.settings import Settings, get_settings


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
) -> None:
    """Serve the API (/api/v1), docs (/docs), health and metrics."""
    proxies = forwarded_allow_ips(get_settings())
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
