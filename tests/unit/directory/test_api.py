"""Reading `If-Match` headers."""

from __future__ import annotations

import pytest

from patronage.core.errors import AppError
from patronage.directory.api import parse_if_match


@pytest.mark.parametrize(
    ("header", "versions"),
    [('"3"', [3]), ('"1", "2"', [1, 2]), ('W/"3"', []), ("3", []), ('"x"', []), ('"3', [])],
)
def test_only_strong_entity_tags_name_versions(header: str, versions: list[int]) -> None:
    assert parse_if_match(header, required=True) == versions


def test_a_star_matches_any_version() -> None:
    assert parse_if_match("*", required=True) is None


@pytest.mark.parametrize("header", [None, "", "   "])
def test_a_missing_header_is_428_when_required(header: str | None) -> None:
    with pytest.raises(AppError) as raised:
        parse_if_match(header, required=True)
    assert raised.value.status == 428
    assert parse_if_match(header, required=False) is None
