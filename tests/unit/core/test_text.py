"""One policy for free text: no invisible-only text, no bidi or control characters."""

from __future__ import annotations

import pytest

from patronage.core.normalize import (
    NormalizationError,
    ascii_digits,
    normalize_email,
    normalize_name,
    normalize_phone,
    normalize_time_zone,
    phone_query_digits,
)
from patronage.core.text import clean_text, required_text


@pytest.mark.parametrize(
    "invisible",
    ["\u3164", "\u3164\u3164", "\u2800", "\u00ad", "\u0301", "\u0301\u0308", " \u115f ", "\u034f"],
)
def test_a_name_of_only_invisible_characters_is_empty(invisible: str) -> None:
    with pytest.raises(NormalizationError, match=r"^name\.empty$"):
        normalize_name(invisible)


@pytest.mark.parametrize(
    "control", ["\u202a", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c", "\u200e"]
)
@pytest.mark.parametrize("kind", ["name", "sku"])
def test_bidi_controls_are_refused_in_every_one_line_field(control: str, kind: str) -> None:
    with pytest.raises(NormalizationError, match=rf"^{kind}\.control_characters$"):
        required_text(f"ab{control}c", kind=kind, max_length=64)


def test_a_note_keeps_line_breaks_but_not_bidi_controls() -> None:
    assert clean_text(" first\nsecond\t ", kind="note", max_length=100, multiline=True) == (
        "first\nsecond"
    )
    with pytest.raises(NormalizationError, match=r"^note\.control_characters$"):
        clean_text("paid\u2067 by card", kind="note", max_length=100, multiline=True)


def test_real_names_in_any_script_pass() -> None:
    for name in ("Nguyễn Thị Đào", "김민준", "محمد", "Zoë O'Brien", "李小龍"):
        assert normalize_name(name) == name


@pytest.mark.parametrize("typed", ["０９１２３４５６７８", "٠٩١٢٣٤٥٦٧٨", "۰۹۱۲۳۴۵۶۷۸"])
def test_digits_of_any_script_read_as_ascii_in_storage_and_lookup(typed: str) -> None:
    assert ascii_digits(typed) == "0912345678"
    assert normalize_phone(typed, "VN").e164 == "+84912345678"
    assert phone_query_digits(typed) == "0912345678"


@pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "Europe/Paris", "UTC", "Etc/UTC"])
def test_region_time_zones_and_utc_are_accepted(zone: str) -> None:
    assert normalize_time_zone(zone) == zone


@pytest.mark.parametrize(
    "zone", ["localtime", "Factory", "posixrules", "EST5EDT", "Etc/GMT+7", "Asia/Nowhere", ""]
)
def test_other_time_zone_names_are_refused(zone: str) -> None:
    with pytest.raises(NormalizationError, match=r"^time_zone\.invalid$"):
        normalize_time_zone(zone)


@pytest.mark.parametrize("control", ["\u2066", "\u061c", "\u202e", "\u200b"])
def test_an_email_with_a_hidden_character_is_refused(control: str) -> None:
    with pytest.raises(NormalizationError, match=r"^email\.invalid$"):
        normalize_email(f"lan{control}@example.com")
