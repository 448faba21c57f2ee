"""Reading a customer CSV: encodings, delimiters, headers, blank rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from patronage.core.errors import AppError
from patronage.directory import import_file


def _file(tmp_path: Path, text: str, *, bom: bool = False) -> Path:
    path = tmp_path / "in.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def _rows(path: Path) -> list[import_file.SourceRow]:
    return list(import_file.rows(path, import_file.read_layout(path)))


def test_a_comma_file_without_bom_is_read(tmp_path: Path) -> None:
    [row] = _rows(_file(tmp_path, "name,phones\nĐào,0912345678\n"))
    assert row.fields == {"name": "Đào", "phones": "0912345678"}


def test_a_semicolon_file_with_bom_is_read(tmp_path: Path) -> None:
    path = _file(tmp_path, "name;emails\nĐào;dao@example.com\n", bom=True)
    assert import_file.read_layout(path).delimiter == ";"
    assert _rows(path)[0].fields == {"name": "Đào", "emails": "dao@example.com"}


def test_headers_are_case_insensitive_and_singular_names_work(tmp_path: Path) -> None:
    [row] = _rows(_file(tmp_path, "Name,PHONE,Email\nAn,0912345678,an@example.com\n"))
    assert set(row.fields) == {"name", "phones", "emails"}


def test_row_numbers_count_the_header_as_row_one_and_blank_rows_are_skipped(
    tmp_path: Path,
) -> None:
    rows = _rows(_file(tmp_path, "name\nAn\n\n,\nBình\n"))
    assert [(r.number, r.fields["name"]) for r in rows] == [(2, "An"), (5, "Bình")]


def test_the_columns_an_export_adds_are_ignored(tmp_path: Path) -> None:
    path = _file(tmp_path, "id,name,source,created_at\n6f1c,An,api,2026-01-01\n")
    assert _rows(path)[0].fields == {"name": "An"}


def test_a_file_without_a_name_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AppError) as raised:
        import_file.read_layout(_file(tmp_path, "phones,emails\n0912345678,a@example.com\n"))
    assert raised.value.code == "import.name_column_missing"


def test_count_rows_counts_data_rows(tmp_path: Path) -> None:
    path = _file(tmp_path, 'name,note\nAn,"two\nlines"\nBình,\n')
    assert import_file.count_rows(path, import_file.read_layout(path)) == 2
