"""The benchmark's data: realistic people, unique contacts, exact COPY text, fair queries."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from bench.copytext import MissingColumn, TableText
from bench.generate import Sample, brand_sizes
from bench.people import Person, person
from bench.queries import SHAPES, query_pools
from bench.stats import percentile
from sqlalchemy import Boolean, Column, Date, DateTime, Integer, MetaData, String, Table, Uuid

from patronage.core.normalize import normalize_email, normalize_phone

MOBILE_PREFIXES = ("+849", "+843", "+847", "+848", "+845")


def _people(count: int) -> list[Person]:
    rng = random.Random(1)
    return [person(i, rng) for i in range(count)]


def test_names_are_in_vietnamese_order_with_real_surname_shares() -> None:
    surnames = Counter(p.name.split()[0] for p in _people(5000))
    assert 0.34 < surnames["Nguyễn"] / 5000 < 0.43
    assert surnames.most_common(3)[1][0] in ("Trần", "Lê")


def test_every_phone_is_a_valid_vietnamese_mobile_and_unique() -> None:
    people = _people(3000)
    phones = [phone for p in people for phone in p.phones]
    assert len(set(phones)) == len(phones)
    for phone in phones[:500]:
        assert normalize_phone(phone, "VN").e164 == phone
        assert phone.startswith(MOBILE_PREFIXES)


def test_a_second_phone_is_not_the_first_with_other_leading_digits() -> None:
    pairs = [p.phones for p in _people(5000) if len(p.phones) == 2]
    assert 300 < len(pairs) < 500  # about 8% have two
    same_ending = [pair for pair in pairs if pair[0][-4:] == pair[1][-4:]]
    assert len(same_ending) <= len(pairs) // 100


def test_emails_are_already_in_normalised_form_and_unique() -> None:
    emails = [e for p in _people(3000) for e in p.emails]
    assert len(set(emails)) == len(emails)
    assert all(normalize_email(e) == e for e in emails[:300])


def test_the_big_brand_holds_its_share_and_the_others_split_the_rest() -> None:
    sizes = brand_sizes(1000, 500, 4)
    assert sizes == [500, 167, 167, 166]


def test_copy_text_escapes_and_fills_model_defaults() -> None:
    table = Table(
        "t",
        MetaData(),
        Column("id", Uuid, primary_key=True),
        Column("name", String(20), nullable=False),
        Column("n", Integer, nullable=False, default=1),
        Column("flag", Boolean, nullable=False),
        Column("day", Date),
        Column("at", DateTime(timezone=True), nullable=False),
    )
    ident = uuid.UUID(int=1)
    row = {"id": ident, "name": "a\tb\\c", "flag": True, "at": datetime(2026, 1, 2, tzinfo=UTC)}
    line = TableText(table).lines([{**row, "day": date(2000, 1, 2)}, row])
    assert line.splitlines() == [
        f"{ident.hex}\ta\\tb\\\\c\t1\tt\t2000-01-02\t2026-01-02T00:00:00+00:00",
        f"{ident.hex}\ta\\tb\\\\c\t1\tt\t\\N\t2026-01-02T00:00:00+00:00",
    ]


def test_copy_text_refuses_a_required_column_it_cannot_fill() -> None:
    table = Table("t", MetaData(), Column("id", Uuid, primary_key=True), Column("x", String(5)))
    with pytest.raises(MissingColumn):
        TableText(table).lines([{"x": "y"}])


def test_every_lookup_shape_gets_a_pool_of_queries_of_its_kind() -> None:
    samples = [Sample(p.name, p.phones[0], p.emails[0]) for p in _people(50)]
    pools = query_pools(samples, seed=3)
    assert set(pools) == set(SHAPES)
    assert all(q.isdigit() and len(q) == 4 for q in pools["last4"])
    assert all(q.startswith("0") for q in pools["national_prefix"])
    assert all(q.startswith("+84") for q in pools["international_prefix"])
    assert all("@" in q for q in pools["email_prefix"])
    assert all(q.isascii() and " " not in q for q in pools["name_word"])
    assert pools == query_pools(samples, seed=3)


def test_percentiles_use_the_nearest_rank() -> None:
    samples = list(range(1, 101))
    assert percentile(samples, 0.5) == 50
    assert percentile(samples, 0.99) == 99
    assert percentile([7.0], 0.99) == 7.0
