"""Order rules without a database: totals, status changes, cursors, line cleaning."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patronage.core.errors import AppError
from patronage.core.normalize import NormalizationError
from patronage.sale import rules
from patronage.sale.rules import CustomerChange, LineDraft
from patronage.sale.schemas import clean_note, clean_sku

ALICE, BOB = uuid.uuid4(), uuid.uuid4()


def test_totals_sum_quantity_times_unit_price() -> None:
    lines = [LineDraft("CF-01", "Cà phê sữa", 2, 29_000), LineDraft("BM-01", "Bánh mì", 1, 25_000)]
    assert rules.compute_totals(lines) == rules.Totals(subtotal=83_000, total=83_000)


def test_no_lines_cost_nothing() -> None:
    assert rules.compute_totals([]) == rules.Totals(0, 0)


def test_the_largest_order_fits_in_a_64_bit_integer() -> None:
    line = LineDraft("X", "X", rules.MAX_QUANTITY, rules.MAX_UNIT_PRICE)
    assert rules.compute_totals([line] * rules.MAX_LINES).total < 2**63


@given(st.lists(st.tuples(st.integers(1, 10_000), st.integers(0, 10**12)), max_size=50))
def test_total_is_the_sum_of_line_totals(pairs: list[tuple[int, int]]) -> None:
    lines = [LineDraft("S", "N", q, p) for q, p in pairs]
    assert rules.compute_totals(lines).total == sum(q * p for q, p in pairs)


def test_an_open_order_attaches_replaces_and_detaches() -> None:
    def change(current: uuid.UUID | None, requested: uuid.UUID | None) -> CustomerChange:
        return rules.customer_change(
            status="open", current=current, requested=requested, by_owner=False
        )

    assert change(None, ALICE) is CustomerChange.ATTACH
    assert change(ALICE, BOB) is CustomerChange.ATTACH
    assert change(ALICE, None) is CustomerChange.DETACH
    assert change(ALICE, ALICE) is CustomerChange.NONE


@pytest.mark.parametrize("status", ["completed", "voided"])
def test_a_cashier_cannot_change_the_customer_of_a_closed_order(status: str) -> None:
    with pytest.raises(AppError) as caught:
        rules.customer_change(status=status, current=None, requested=ALICE, by_owner=False)
    assert caught.value.code == "order.closed"


def test_an_owner_may_attach_a_customer_to_a_completed_order_without_one() -> None:
    change = rules.customer_change(status="completed", current=None, requested=ALICE, by_owner=True)
    assert change is CustomerChange.ATTACH_LATE


@pytest.mark.parametrize(
    ("status", "current", "requested"),
    [("completed", ALICE, BOB), ("completed", ALICE, None), ("voided", None, ALICE)],
)
def test_an_owner_cannot_replace_detach_or_touch_voided(
    status: str, current: uuid.UUID | None, requested: uuid.UUID | None
) -> None:
    with pytest.raises(AppError):
        rules.customer_change(status=status, current=current, requested=requested, by_owner=True)


def test_asking_a_closed_order_for_its_own_customer_changes_nothing() -> None:
    change = rules.customer_change(
        status="completed", current=ALICE, requested=ALICE, by_owner=False
    )
    assert change is CustomerChange.NONE


def test_an_empty_order_cannot_be_completed() -> None:
    with pytest.raises(AppError) as caught:
        rules.ensure_completable("open", 0)
    assert caught.value.code == "order.empty"


def test_order_closed_names_the_status_in_both_languages() -> None:
    error = rules.closed_error("voided")
    assert "voided" in error.message("en")
    assert "huỷ" in error.message("vi")


def test_a_sku_is_trimmed() -> None:
    assert clean_sku("  CF-01 ") == "CF-01"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [("   ", "sku.empty"), ("A\x00B", "sku.control_characters"), ("X" * 65, "sku.too_long")],
)
def test_bad_skus_are_refused(raw: str, reason: str) -> None:
    with pytest.raises(NormalizationError) as caught:
        clean_sku(raw)
    assert caught.value.code == reason


def test_a_note_keeps_line_breaks_and_refuses_nul() -> None:
    assert clean_note(" giao trước 9h\nkhông đường ") == "giao trước 9h\nkhông đường"
    assert clean_note("   ") is None
    with pytest.raises(NormalizationError):
        clean_note("a\x00b")
