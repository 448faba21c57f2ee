"""Rows as PostgreSQL COPY text, in the column order of the project's own table objects.

A row is a dict keyed by column name; a column it leaves out takes the model's scalar
default, and a required column with neither fails loudly, so a schema change shows up
here as an error rather than as silently wrong data. Each column's converter is chosen
once from its SQL type: the load encodes millions of values.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Integer, Table, Uuid
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from sqlalchemy.types import TypeDecorator

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"
_MISSING = object()

Converter = Callable[[Any], str]


class MissingColumn(KeyError):
    """A required column the generator does not fill and the model gives no default."""


_text: Converter = operator.methodcaller("translate", _ESCAPES)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)


def _converter(column: Column[Any]) -> Converter:
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    # C-level callables where possible: a million customers make ~100 million values.
    if isinstance(kind, Uuid):
        return operator.attrgetter("hex")
    if isinstance(kind, Boolean):
        return lambda value: "t" if value else "f"
    if isinstance(kind, Integer):
        return str
    if isinstance(kind, DateTime):
        return datetime.isoformat
    if isinstance(kind, Date):
        return date.isoformat
    if isinstance(kind, JSON):
        return _json
    return _text


class TableText:
    """Encodes row dicts of one table as COPY lines."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = [column.name for column in table.columns]
        self._spec = [
            (column.name, _scalar_default(column), _converter(column)) for column in table.columns
        ]
        self._required = [name for name, default, _ in self._spec if default is _MISSING]

    @property
    def copy_sql(self) -> str:
        names = ", ".join(f'"{name}"' for name in self.columns)
        target = ".".join(f'"{part}"' for part in self.table.fullname.split("."))
        return f"COPY {target} ({names}) FROM STDIN"

    def lines(self, rows: Sequence[Mapping[str, Any]]) -> str:
        """COPY text of `rows` (all made by the same code, so they share their keys)."""
        if not rows:
            return ""
        missing = [name for name in self._required if name not in rows[0]]
        if missing:
            raise MissingColumn(f"{self.table.name}: no value and no default for {missing}")
        spec = self._spec
        return "".join(
            "\t".join(
                [
                    NULL if (value := row.get(name, default)) is None else convert(value)
                    for name, default, convert in spec
                ]
            )
            + "\n"
            for row in rows
        )


def _scalar_default(column: Column[Any]) -> Any:
    default = column.default
    if isinstance(default, ScalarElementColumnDefault):
        return default.arg
    if column.nullable:
        return None
    return _MISSING
