"""Cursors are opaque and tamper-evident, and one answer refuses every bad one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patronage.core import paging
from patronage.core.errors import AppError
from patronage.core.settings import get_settings


def _int(position: object) -> int:
    if type(position) is not int:
        raise ValueError("not a number")
    return position


@given(st.integers(0, 2**62), st.text(max_size=20))
def test_a_cursor_gives_back_its_position(number: int, scope: str) -> None:
    token = paging.encode_cursor(number, scope=scope)
    assert token.isascii()
    assert paging.decode_cursor(token, scope=scope, parse=_int) == number


def _refusal(token: str, *, scope: str = "orders") -> AppError:
    with pytest.raises(AppError) as caught:
        paging.decode_cursor(token, scope=scope, parse=_int)
    return caught.value


def test_a_refused_cursor_is_422_naming_the_cursor_field() -> None:
    error = _refusal("garbage")
    assert error.status == 422
    assert error.details["fields"][0] == {
        "path": "query.cursor",
        "type": "cursor.invalid",
        "message": "This cursor does not continue this list; start again without it.",
    }


def test_a_cursor_of_another_list_is_refused() -> None:
    assert _refusal(paging.encode_cursor(7, scope="events"), scope="orders").status == 422


def test_a_changed_position_is_refused() -> None:
    body, _, mac = paging.encode_cursor(7, scope="orders").partition(".")
    forged = paging.encode_cursor(8, scope="orders").partition(".")[0]
    assert forged != body
    assert _refusal(f"{forged}.{mac}").status == 422


def test_a_cursor_signed_with_another_secret_is_refused() -> None:
    paging.use_secret("another secret of at least thirty-two characters")
    token = paging.encode_cursor(7, scope="orders")
    paging.use_secret("a" * 40)
    try:
        assert _refusal(token).status == 422
    finally:
        paging.use_secret(get_settings().secret_key.get_secret_value())


@given(st.text(max_size=80))
def test_garbage_is_refused_never_crashing(token: str) -> None:
    assert _refusal(token).status == 422


def test_a_position_the_list_cannot_read_is_refused() -> None:
    assert _refusal(paging.encode_cursor("seven", scope="orders")).status == 422
