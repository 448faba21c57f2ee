"""What every command shares: running a service in one unit of work, and errors."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.db import Database
from patronage.core.errors import AppError
from patronage.core.normalize import NormalizationError
from patronage.core.settings import Settings, describe_errors, get_settings

T = TypeVar("T")


def run_in_unit_of_work(work: Callable[[AsyncSession, Settings], Awaitable[T]]) -> T:
    """Run `work` in one transaction; domain errors exit non-zero with their message."""

    async def _in_unit_of_work(database: Database, settings: Settings) -> T:
        async with database.unit_of_work() as session:
            return await work(session, settings)

    try:
        return run_with_database(_in_unit_of_work)
    except NormalizationError as exc:
        fail(exc.code, f"invalid input: {exc.code}", {})


def check_settings() -> None:
    """Read the settings before any command; a refusal names the settings, never their values."""
    try:
        get_settings()
    except ValidationError as exc:
        fail(
            "settings.invalid", "The configuration is invalid.", {"settings": describe_errors(exc)}
        )


def run_with_database(work: Callable[[Database, Settings], Awaitable[T]]) -> T:
    """Run `work`, which opens units of work of its own (one per batch); domain errors exit
    non-zero with their message."""

    async def _run() -> T:
        settings = get_settings()
        database = Database(settings)
        try:
            return await work(database, settings)
        finally:
            await database.dispose()

    try:
        return asyncio.run(_run())
    except AppError as exc:
        fail(exc.code, exc.message("en"), exc.details)


def fail(code: str, message: str, details: dict[str, Any] | None = None) -> NoReturn:
    """Print an error as one JSON line on stderr and exit with status 1."""
    error = {"error": {"code": code, "message": message, "details": details or {}}}
    print(json.dumps(error, ensure_ascii=False, default=str), file=sys.stderr)
    raise typer.Exit(1)


def emit(payload: dict[str, Any]) -> None:
    """Print a result as one JSON line on stdout."""
    print(json.dumps(payload, ensure_ascii=False, default=str))
