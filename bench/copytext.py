"""Rows as PostgreSQL COPY text, in the column order of the project's own table objects.

A row is a dict keyed by column name; a column it leaves out takes the model's scalar
default, and a required column with neither fails loudly, so a schema change shows up
here as an error rather than as silently wrong data.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"
_MISSING = object()


class MissingColumn(KeyError):
    """A required column the generator does not fill and the model gives no default."""


def encode(value: Any) -> str:
    """One value in COPY text format."""
    if value is None:
        return NULL
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)
    raise TypeError(f"cannot encode {type(value).__name__} for COPY")


class TableText:
    """Encodes row dicts of one table as COPY lines."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = [column.name for column in table.columns]
        self._defaults = {column.name: _scalar_default(column) for column in table.columns}

    @property
    def copy_sql(self) -> str:
        names = ", ".join(f'"{name}"' for name in self.columns)
        target = ".".join(f'"{part}"' for part in self.table.fullname.split("."))
        return f"COPY {target} ({names}) FROM STDIN"

    def line(self, row: Mapping[str, Any]) -> str:
        values = []
        for name in self.columns:
            value = row.get(name, _MISSING)
            if value is _MISSING:
                value = self._default(name)
            values.append(encode(value))
        return "\t".join(values) + "\n"

    def lines(self, rows: Iterable[Mapping[str, Any]]) -> str:
        return "".join(self.line(row) for row in rows)

    def _default(self, name: str) -> Any:
        value = self._defaults[name]
        if value is _MISSING:
            raise MissingColumn(f"{self.table.name}.{name} has no value and no default")
        return value


def _scalar_default(column: Any) -> Any:
    default = column.default
    if default is not None and getattr(default, "is_scalar", False):
        return default.arg
    if column.nullable:
        return None
    return _MISSING
