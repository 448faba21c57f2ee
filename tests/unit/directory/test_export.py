"""The exported row shape, shared by the API and the command line."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from patronage.directory import export
from patronage.directory.listing import ListedContact, ListedCustomer

WHEN = datetime(2026, 11, 25, 9, 12, 3, 511000, tzinfo=UTC)


def _customer(*contacts: ListedContact) -> ListedCustomer:
    return ListedCustomer(
        id=uuid.UUID(int=1),
        name="Nguyễn Thị Đào",
        name_search="nguyen thi dao",
        birthday=date(1990, 4, 30),
        locale="vi",
        note=None,
        user_id=uuid.UUID(int=2),
        account_status="captured",
        source="import",
        created_at=WHEN,
        updated_at=WHEN,
        deleted_at=None,
        created_by=None,
        updated_by=None,
        deleted_by=None,
        merged_into=None,
        version=1,
        contacts=list(contacts),
    )


def _phone(value: str, position: int, *, primary: bool = False) -> ListedContact:
    return ListedContact("phone", value, value, primary, position, None)


def test_a_record_has_the_documented_columns_in_order() -> None:
    assert list(export.record_of(_customer())) == list(export.COLUMNS)


def test_the_primary_phone_comes_first() -> None:
    customer = _customer(_phone("+84912345678", 0), _phone("+84987654321", 1, primary=True))
    assert export.record_of(customer)["phones"] == ["+84987654321", "+84912345678"]


def test_csv_cells_join_lists_with_semicolons_and_leave_nothing_empty() -> None:
    customer = _customer(_phone("+84912345678", 0, primary=True), _phone("+84987654321", 1))
    cells = dict(zip(export.COLUMNS, export.csv_cells(export.record_of(customer)), strict=True))
    assert cells["phones"] == "+84912345678;+84987654321"
    assert (cells["emails"], cells["note"], cells["deleted_at"]) == ("", "", "")
    assert cells["created_at"] == "2026-11-25T09:12:03.511000Z"


def test_the_filename_carries_the_date() -> None:
    assert export.filename("csv", date(2026, 12, 1)) == "customers-2026-12-01.csv"
