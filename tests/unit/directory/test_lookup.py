"""The lookup plan, matching and cursors, without a database."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patronage.core.normalize import fold
from patronage.directory import lookup
from patronage.directory.lookup import Cursor, Phase
from patronage.directory.models import EMAIL, PHONE, Customer, CustomerContact


def _customer(name: str, phones: list[str] = (), emails: list[str] = ()) -> Customer:  # type: ignore[assignment]
    contacts = [
        CustomerContact(kind=PHONE, value=p, search_reversed=lookup.reversed_digits(p))
        for p in phones
    ] + [CustomerContact(kind=EMAIL, value=e) for e in emails]
    return Customer(id=uuid.uuid4(), name=name, name_search=fold(name), contacts=contacts)


DAO = _customer("Nguyễn Thị Đào", ["+84912345678"], ["dao@example.com"])


def _matches(query: str, customer: Customer = DAO) -> bool:
    phases = lookup.plan(query, region="VN")
    return lookup.canonical_match(phases, customer) is not None


@pytest.mark.parametrize(
    "query",
    ["5678", "0912", "+8491234", "84912", "0912 345 678", "dao", "ĐÀO", "thi d", "dao@ex"],
)
def test_the_cashiers_ways_of_finding_dao_all_match(query: str) -> None:
    assert _matches(query)


@pytest.mark.parametrize("query", ["1234", "+849999", "van", "lan@", "dao@x", "hi dao", "guyen"])
def test_unrelated_text_does_not_match(query: str) -> None:
    assert not _matches(query)


def test_a_phone_query_plans_exact_then_prefixes_then_trailing_digits() -> None:
    phases = lookup.plan("0912 345 678", region="VN")
    assert [(p.source, p.start, p.exact) for p in phases] == [
        ("contact", "+84912345678", True),
        ("contact", "+84912345678", False),
        ("reversed", "8765432190", False),
    ]


def test_bare_digits_are_tried_as_international_and_as_national() -> None:
    phases = lookup.plan("912", region="VN")
    assert [p.start for p in phases] == ["+912", "+84912", "219"]


def test_a_plus_means_international_only() -> None:
    phases = lookup.plan("+8491", region="VN")
    assert [(p.source, p.start) for p in phases] == [("contact", "+8491")]


def test_names_are_read_by_whole_name_then_by_later_words() -> None:
    assert [(p.source, p.start) for p in lookup.plan("Thị  Đ", region="VN")] == [
        ("name", "thi d"),
        ("term", "thi d"),
    ]


def test_over_long_digit_strings_and_punctuation_plan_nothing() -> None:
    assert lookup.plan("1" * 16, region="VN") == []
    assert lookup.plan("!!!", region="VN") == []


def test_a_customer_is_listed_at_its_earliest_phase_and_smallest_key() -> None:
    both = _customer("Thu Thủy", ["+84912345679", "+84912345678"])
    phases = lookup.plan("0912", region="VN")
    assert lookup.canonical_match(phases, both) == (0, "+84912345678")
    name_phases = lookup.plan("thu", region="VN")
    assert lookup.canonical_match(name_phases, both) == (0, "thu thuy")


def test_name_terms_start_at_each_later_word() -> None:
    assert lookup.name_terms("nguyen thi thu dao") == ["thi thu dao", "thu dao", "dao"]
    assert lookup.name_terms("dao") == []
    assert len(lookup.name_terms(" ".join(["a"] * 30))) == lookup.MAX_TERMS


@given(st.text(min_size=1, max_size=20), st.text(max_size=5))
def test_prefix_end_is_above_every_string_with_that_prefix(prefix: str, rest: str) -> None:
    end = lookup.prefix_end(prefix)
    assert end is None or prefix + rest < end


@given(st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=5))
def test_prefix_end_is_not_above_strings_without_that_prefix(prefix: str, other: str) -> None:
    end = lookup.prefix_end(prefix)
    if end is not None and other >= end:
        assert not other.startswith(prefix)


def test_prefix_end_steps_over_the_highest_code_point_and_surrogates() -> None:
    assert lookup.prefix_end("ab") == "ac"
    assert lookup.prefix_end("a\U0010ffff") == "b"
    assert lookup.prefix_end("\U0010ffff") is None
    assert lookup.prefix_end("a\ud7ff") == "a\ue000"


@pytest.mark.parametrize("query", ["dao\x00@x", "a\x01@b"])
def test_email_queries_with_control_characters_plan_nothing(query: str) -> None:
    assert lookup.plan(query, region="VN") == []


@given(
    st.integers(min_value=0, max_value=9),
    st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=40),
    st.uuids(),
)
def test_cursor_positions_round_trip(phase: int, key: str, ident: uuid.UUID) -> None:
    position = lookup.cursor_position(Cursor(phase, key, ident))
    assert lookup.parse_cursor(position, phases=10) == Cursor(phase, key, ident)


@pytest.mark.parametrize(
    "position",
    [
        [0, "da\x00o", uuid.UUID(int=1).hex],
        [3, "dao", uuid.UUID(int=1).hex],
        [-1, "dao", uuid.UUID(int=1).hex],
        [True, "dao", uuid.UUID(int=1).hex],
        [0, "dao", "not-a-uuid"],
        {"phase": 0},
        [0, "dao"],
    ],
)
def test_a_position_that_cannot_continue_the_plan_is_refused(position: object) -> None:
    with pytest.raises(ValueError):
        lookup.parse_cursor(position, phases=3)


def test_exact_phases_match_only_the_whole_value() -> None:
    phase = Phase("contact", "+84912345678", PHONE, exact=True)
    assert phase.keys(DAO) == ["+84912345678"]
    longer = _customer("X", ["+849123456789"])
    assert phase.keys(longer) == []
