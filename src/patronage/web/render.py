"""Jinja2 rendering with the request's language."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from patronage.core import i18n
from patronage.web import messages

__all__ = ["messages"]  # imported for its catalog entries

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["t"] = lambda key, **params: i18n.translate(key, **params)
templates.env.globals["lang"] = lambda: i18n.current_lang.get()


def _local(instant: datetime, zone: str) -> str:
    """An instant as the brand's wall-clock time."""
    return instant.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


templates.env.filters["local"] = _local


def page(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """Render a page of the web UI."""
    return templates.TemplateResponse(request, template, context or {}, status_code=status)


def error_page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    """The web UI's rendering of any error."""
    response = page(request, "error.html", {"message": message}, status=status)
    if headers:
        response.headers.update(headers)
    return response
