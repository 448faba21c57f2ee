"""Language negotiation and the bilingual catalog."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest

from patronage.core import errors, i18n
from patronage.core.i18n import _CATALOG


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "en"),
        ("", "en"),
        ("vi", "vi"),
        ("vi-VN,vi;q=0.9,en;q=0.8", "vi"),
        ("en-US,en;q=0.9,vi;q=0.8", "en"),
        ("fr-FR,vi;q=0.5", "vi"),
        ("de", "en"),
        ("vi;q=0", "en"),
        ("vi;q=abc", "en"),
        ("*", "en"),
    ],
)
def test_accept_language_picks_vietnamese_or_english(header: str | None, expected: str) -> None:
    assert i18n.negotiate(header) == expected


def test_every_message_exists_in_both_languages() -> None:
    for key, texts in _CATALOG.items():
        assert texts["en"].strip() and texts["vi"].strip(), key


def test_every_shipped_catalog_is_loaded() -> None:
    importlib.import_module("patronage.app")  # which loads every package's catalog
    source = Path(i18n.__file__).resolve().parents[1]
    for path in source.rglob("messages.toml"):
        keys = tomllib.loads(path.read_text(encoding="utf-8")).keys()
        assert keys and all(i18n.has_message(key) for key in keys), path


def test_a_message_missing_a_language_is_refused() -> None:
    with pytest.raises(ValueError, match="lacks"):
        i18n.register({"test.only_english": {"en": "Hello"}})  # type: ignore[typeddict-item]


def test_errors_render_their_parameters() -> None:
    error = errors.AppError(errors.TOO_LARGE, limit=10)
    assert error.message("vi") == "Nội dung yêu cầu quá lớn (giới hạn 10 byte)."
    assert error.envelope("en")["error"]["code"] == "request.too_large"
