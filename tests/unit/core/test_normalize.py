"""Phone, email, name and search-text normalisation (property-based where it matters)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patronage.core.normalize import (
    NormalizationError,
    fold,
    normalize_email,
    normalize_name,
    normalize_phone,
)

# Vietnamese mobile prefixes (after the trunk 0) that are valid for every subscriber number.
MOBILE_PREFIXES = ["32", "35", "39", "70", "77", "79", "81", "85", "86", "90", "91", "96", "98"]

mobile_numbers = st.tuples(
    st.sampled_from(MOBILE_PREFIXES), st.integers(min_value=0, max_value=9_999_999)
).map(lambda t: f"{t[0]}{t[1]:07d}")
separators = st.sampled_from(["", " ", "-", ".", "  "])


def _split(digits: str, sizes: tuple[int, ...], sep: str) -> str:
    parts, start = [], 0
    for size in sizes:
        parts.append(digits[start : start + size])
        start += size
    parts.append(digits[start:])
    return sep.join(p for p in parts if p)


@given(mobile_numbers, separators, st.sampled_from([(3, 3), (4, 3), (2, 4), (3, 4, 1)]))
def test_every_written_form_of_a_mobile_number_has_one_e164(
    national: str, sep: str, grouping: tuple[int, ...]
) -> None:
    e164 = "+84" + national
    forms = [
        "0" + _split(national, grouping, sep),
        "+84" + sep + _split(national, grouping, sep),
        "84" + national,
        f"(0{national[:2]}) {national[2:5]}-{national[5:]}",
        " 0" + national + " ",
        "0084" + national,
    ]
    for form in forms:
        assert normalize_phone(form, "VN").e164 == e164, form


@given(mobile_numbers)
def test_the_display_form_is_national_and_normalises_back(national: str) -> None:
    phone = normalize_phone("0" + national, "VN")
    assert phone.display.startswith("0")
    assert normalize_phone(phone.display, "VN") == phone


@given(st.text(alphabet="0123456789", min_size=1, max_size=5))
def test_too_short_numbers_are_invalid(digits: str) -> None:
    with pytest.raises(NormalizationError):
        normalize_phone(digits, "VN")


@pytest.mark.parametrize(
    "raw", ["", "   ", "abc", "0912 345 678 ext 5", "+" + "9" * 40, "09123\x00"]
)
def test_garbage_is_not_a_phone(raw: str) -> None:
    with pytest.raises(NormalizationError):
        normalize_phone(raw, "VN")


def test_a_foreign_number_keeps_its_country_and_shows_internationally() -> None:
    phone = normalize_phone("+65 8123 4567", "VN")
    assert phone.e164 == "+6581234567"
    assert phone.display.startswith("+65")


# ---------------------------------------------------------------- emails and names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Dao@Example.COM", "dao@example.com"), ("  lan@example.vn ", "lan@example.vn")],
)
def test_emails_are_trimmed_and_lower_cased(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


@pytest.mark.parametrize("raw", ["", "no-at-sign", "a@", "@b.vn", "a b@c.vn", "x" * 250 + "@b.vn"])
def test_invalid_emails_are_refused(raw: str) -> None:
    with pytest.raises(NormalizationError):
        normalize_email(raw)


@given(st.lists(st.sampled_from(["Nguyễn", "Thị", "Đào", "Văn", "An"]), min_size=1, max_size=4))
def test_names_are_trimmed_and_spaces_collapsed(words: list[str]) -> None:
    messy = "  " + "   ".join(words) + "  "
    assert normalize_name(messy) == " ".join(words)


# ---------------------------------------------------------------- folding for search

VIETNAMESE_VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]  # huyền sắc ngã hỏi nặng


@st.composite
def vietnamese_words(draw: st.DrawFn) -> tuple[str, str]:
    """A Vietnamese-looking word with random tone marks and case, and its plain form."""
    plain, written = "", ""
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            letter = draw(st.sampled_from("bcdđghklmnpqrstvx"))
            plain += "d" if letter == "đ" else letter
            written += letter
        else:
            vowel = draw(st.sampled_from(VIETNAMESE_VOWELS))
            plain += unicodedata.normalize("NFKD", vowel)[0]
            written += unicodedata.normalize("NFC", vowel + draw(st.sampled_from(TONES)))
    if draw(st.booleans()):
        written = written.upper()
    return written, plain


@given(st.lists(vietnamese_words(), min_size=1, max_size=4))
def test_folding_drops_tones_case_and_the_d_stroke(words: list[tuple[str, str]]) -> None:
    written = " ".join(w for w, _ in words)
    assert fold(written) == " ".join(p for _, p in words)
    assert fold(unicodedata.normalize("NFD", written)) == fold(written)


@pytest.mark.parametrize(
    "typed", ["Nguyễn Thị Đào", "NGUYỄN THỊ ĐÀO", "nguyen thi dao", "Nguyen  Thi Dao"]
)
def test_every_way_of_typing_dao_folds_alike(typed: str) -> None:
    assert fold(typed) == "nguyen thi dao"


@given(st.text(max_size=50))
def test_folded_text_is_plain_ascii_and_stable(text: str) -> None:
    folded = fold(text)
    assert folded.isascii()
    assert fold(folded) == folded
