"""Reading a customer CSV: UTF-8 with or without BOM, comma or semicolon, named columns.

No I/O but the file: rows come out as `SourceRow`s (the file's row number, header = 1, and
the cells by documented column) for `importing` to validate. A file is a path (the command
line) or bytes (an upload kept with its import job); it is read lazily, a row at a time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from patronage.core.errors import AppError
from patronage.directory.consent.rules import EXPORT_COLUMNS as CONSENT_COLUMNS
from patronage.directory.errors import IMPORT_BAD_FILE, IMPORT_NO_NAME, IMPORT_UNKNOWN_COLUMNS

# Header (any case) → the field it fills.
COLUMNS = {
    "name": "name",
    "phone": "phones",
    "phones": "phones",
    "email": "emails",
    "emails": "emails",
    "birthday": "birthday",
    "locale": "locale",
    "note": "note",
    # Applied to the customers the import creates (never to a matched one).
    "tags": "tags",
    **{column: column for column in CONSENT_COLUMNS},
    # A deleted customer's row (an export with deleted ones): refused, never brought back.
    "deleted_at": "deleted_at",
}
# Written by `customers export`, and ignored on the way back in.
IGNORED = (
    "id",
    "account_status",
    "source",
    "created_at",
    "updated_at",
)
DELIMITERS = ",;"
SNIFF_BYTES = 64 * 1024

# Where the rows come from: a file on disk, or an uploaded file's bytes.
Source = Path | bytes


@dataclass(frozen=True)
class SourceRow:
    """One data row: where it is in the file, its cells as read, and its fields."""

    number: int
    cells: list[str]
    fields: dict[str, str]


@dataclass(frozen=True)
class Layout:
    """What the header says: the delimiter, the header cells, and each column's field."""

    delimiter: str
    header: list[str]
    fields: list[str | None]


def read_layout(path: Source) -> Layout:
    """The file's delimiter and columns; 422 when unreadable, nameless or unknown columns."""
    with _open(path) as file:
        sample = _read(file, SNIFF_BYTES)
        delimiter = _sniff(sample)
        header = next(csv.reader(sample.splitlines()[:1] or [""], delimiter=delimiter), [])
    names = [cell.strip().lower() for cell in header]
    unknown = [h for h in names if h and h not in COLUMNS and h not in IGNORED]
    if unknown:
        raise AppError(IMPORT_UNKNOWN_COLUMNS, {"columns": unknown}, columns=", ".join(unknown))
    if "name" not in names:
        raise AppError(IMPORT_NO_NAME)
    return Layout(delimiter, header, [COLUMNS.get(h) for h in names])


def rows(path: Source, layout: Layout) -> Iterator[SourceRow]:
    """The data rows in file order, blank rows skipped; 422 at a row that is not UTF-8."""
    number = 1
    with _open(path) as file:
        reader = csv.reader(file, delimiter=layout.delimiter)
        try:
            next(reader, None)
            for number, cells in enumerate(reader, start=2):
                if any(cell.strip() for cell in cells):
                    yield SourceRow(number, cells, _fields(layout, cells))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise AppError(
                IMPORT_BAD_FILE, {"row": number + 1, "reason": str(exc)}, row=number + 1
            ) from None


def count_rows(path: Source, layout: Layout) -> int:
    """How many data rows (blank ones included) the file holds, for a progress bar."""
    with _open(path) as file:
        reader = csv.reader(file, delimiter=layout.delimiter)
        try:
            return max(sum(1 for _ in reader) - 1, 0)
        except (UnicodeDecodeError, csv.Error):
            return 0  # reading the rows will say where


def _fields(layout: Layout, cells: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for field, cell in zip(layout.fields, cells, strict=False):
        if field is not None and cell.strip():
            found[field] = f"{found[field]};{cell}" if field in found else cell
    return found


def _open(path: Source) -> TextIO:
    # `utf-8-sig` drops a BOM when there is one.
    if isinstance(path, bytes):
        return io.TextIOWrapper(io.BytesIO(path), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _read(file: TextIO, size: int) -> str:
    try:
        return file.read(size)
    except UnicodeDecodeError as exc:
        raise AppError(IMPORT_BAD_FILE, {"row": 1, "reason": str(exc)}, row=1) from None


def _sniff(sample: str) -> str:
    first_line = sample.splitlines()[0] if sample else ""
    try:
        return csv.Sniffer().sniff(first_line, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","
