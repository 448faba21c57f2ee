"""Redacting a person's values wherever a copy of them was kept (erasure)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

# What stands in place of an erased name, phone, email, note or birthday.
MARKER = "[erased]"


def redact_values(value: Any, secrets: Collection[str]) -> Any:
    """`value` (JSON-like) with every string equal to one of `secrets` replaced by the
    marker, however deep in lists and objects it sits; keys are kept."""
    if isinstance(value, str):
        return MARKER if value in secrets else value
    if isinstance(value, list):
        return [redact_values(item, secrets) for item in value]
    if isinstance(value, dict):
        return {key: redact_values(item, secrets) for key, item in value.items()}
    return value


def mark(value: Any) -> Any:
    """The marker in place of a whole value: None and empty lists stay as they are, a list
    keeps its length."""
    if value is None or value == []:
        return value
    if isinstance(value, list):
        return [MARKER for _ in value]
    return MARKER
