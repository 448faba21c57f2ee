"""Text, phone and email normalisation: one definition used by every feature."""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from patronage.core.text import NormalizationError, has_hidden_characters, required_text

__all__ = ["NormalizationError"]

NAME_MAX = 200
EMAIL_MAX = 254
PHONE_RAW_MAX = 32

_SPACES = re.compile(r"\s+")
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-]+$")
_NON_WORD = re.compile(r"[^0-9a-z@._+\- ]+")
# Letters NFKD does not decompose into a base letter plus marks.
_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss"})


@dataclass(frozen=True)
class Phone:
    e164: str
    display: str


def normalize_name(raw: str, *, max_length: int = NAME_MAX) -> str:
    """A name under the free-text policy (`core.text`): refuse invisible, over-long or
    control-character names."""
    return required_text(raw, kind="name", max_length=max_length)


def normalize_email(raw: str) -> str:
    """A syntactically valid address, lower-cased (compared case-insensitively); no DNS."""
    candidate = raw.strip()
    if not candidate or len(candidate) > EMAIL_MAX or has_hidden_characters(candidate):
        raise NormalizationError("email.invalid")
    return _valid_email(candidate)


@lru_cache(maxsize=4096)
def _valid_email(candidate: str) -> str:
    # Cached: a request (or an imported row) checks its addresses in the schema, then again
    # among the customer's contacts. A refused address raises, and is not cached.
    try:
        result = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as exc:
        raise NormalizationError("email.invalid") from exc
    return result.normalized.lower()


def ascii_digits(text: str) -> str:
    """Digits of any script as ASCII (`０９１２`, `٠٩١٢` → `0912`), full-width signs
    as ASCII (NFKC): what is stored and what is looked up are read the same way."""
    compatible = unicodedata.normalize("NFKC", text)
    return "".join(
        str(unicodedata.decimal(ch)) if not ch.isascii() and ch.isdecimal() else ch
        for ch in compatible
    )


def normalize_phone(raw: str, region: str = "VN") -> Phone:
    """E.164 plus a national display form; `0912 345 678` and `+84 912-345-678` agree."""
    candidate = ascii_digits(raw.strip())
    if not candidate or len(candidate) > PHONE_RAW_MAX or not _PHONE_CHARS.match(candidate):
        raise NormalizationError("phone.invalid")
    digits = re.sub(r"\D", "", candidate)
    if not candidate.startswith("+") and _looks_international(digits, region):
        candidate = "+" + digits
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException as exc:
        raise NormalizationError("phone.invalid") from exc
    if not phonenumbers.is_valid_number(number):
        raise NormalizationError("phone.invalid")
    return Phone(
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        display=_display(number, region),
    )


def _looks_international(digits: str, region: str) -> bool:
    # `84912345678` is the country code written without `+`: national numbers in
    # the region start with the trunk prefix (0), so a leading country code is unambiguous.
    code = str(phonenumbers.country_code_for_region(region))
    if not digits.startswith(code) or digits.startswith("0"):
        return False
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse("+" + digits, None))
    except phonenumbers.NumberParseException:
        return False


def _display(number: phonenumbers.PhoneNumber, region: str) -> str:
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ→d), collapse spaces: the searchable form of text."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", plain.translate(_FOLD))).strip()


def phone_query_digits(query: str) -> str | None:
    """The digits (ASCII) of a query that looks like (part of) a phone number, else None."""
    stripped = ascii_digits(query.strip())
    if not stripped or not _PHONE_CHARS.match(stripped):
        return None
    digits = re.sub(r"\D", "", stripped)
    return digits or None


def national_prefix_to_international(digits: str, region: str) -> str:
    """`0912` in VN becomes `84912`: the digits as they lead an E.164 number."""
    code = str(phonenumbers.country_code_for_region(region))
    if digits.startswith("0") and not digits.startswith("00"):
        return code + digits[1:]
    if digits.startswith("00"):
        return digits[2:]
    return digits


# IANA's geographic areas: a brand's zone is `Area/Location` (`Asia/Ho_Chi_Minh`), or UTC.
_ZONE_AREAS = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe"}
    | {"Indian", "Pacific"}
)
_UTC_NAMES = frozenset({"UTC", "Etc/UTC"})


def normalize_time_zone(name: str) -> str:
    """An IANA region name or UTC; `localtime`, `Factory`, `EST5EDT`, `Etc/GMT+7`,
    `posix/…` and the like are refused (`time_zone.invalid`)."""
    area = name.split("/", 1)[0] if "/" in name else ""
    if name not in _UTC_NAMES and area not in _ZONE_AREAS:
        raise NormalizationError("time_zone.invalid")
    if name not in zoneinfo.available_timezones():
        raise NormalizationError("time_zone.invalid")
    return name
