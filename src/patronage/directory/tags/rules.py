"""What a tag name may be, and when two names are the same tag (no I/O)."""

from __future__ import annotations

import unicodedata

from patronage.core.errors import AppError
from patronage.core.normalize import fold
from patronage.core.text import NormalizationError, clean_text
from patronage.directory.tags.errors import NAME_INVALID, TOO_MANY

NAME_MAX = 40
PER_CUSTOMER_MAX = 20
PER_BRAND_MAX = 200


def normalize_name(raw: str) -> str:
    """The name as stored: NFC, trimmed, inner whitespace collapsed; 422 `tag.name_invalid`
    when empty, too long or holding control or invisible characters."""
    try:
        name = clean_text(raw, kind="tag", max_length=NAME_MAX)
    except NormalizationError:
        name = ""
    if not name:
        raise AppError(NAME_INVALID, {"field": "name", "max_length": NAME_MAX}, max=NAME_MAX)
    return name


def name_key(name: str) -> str:
    """Case-insensitive identity of a normalised name: `VIP` is `vip`, but `Đào` is not `Dao`
    (Vietnamese diacritics change the word)."""
    return unicodedata.normalize("NFC", name.casefold())


def display_order(name: str) -> tuple[str, str]:
    """How tags are listed: A to Z with Vietnamese letters beside their base letters
    (`đặt bánh` before `Khách sỉ`), case and accents breaking ties."""
    return fold(name), name_key(name)


def check_count(count: int) -> None:
    """At most `PER_CUSTOMER_MAX` tags on one customer; 422 `tag.too_many` otherwise."""
    if count > PER_CUSTOMER_MAX:
        raise AppError(TOO_MANY, {"max": PER_CUSTOMER_MAX}, max=PER_CUSTOMER_MAX)
