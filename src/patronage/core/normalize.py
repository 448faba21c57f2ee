"""Text, phone and email normalisation: one definition used by every feature."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email

NAME_MAX = 200
EMAIL_MAX = 254
PHONE_RAW_MAX = 32

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"\s+")
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-]+$")
_NON_WORD = re.compile(r"[^0-9a-z@._+\- ]+")
# Letters NFKD does not decompose into a base letter plus marks.
_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss"})


class NormalizationError(ValueError):
    """Input that cannot be normalised; `code` names the reason stably."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Phone:
    e164: str
    display: str


def normalize_name(raw: str, *, max_length: int = NAME_MAX) -> str:
    """Trim and collapse whitespace; refuse empty, over-long or control-character names."""
    if _CONTROL.search(raw):
        raise NormalizationError("name.control_characters")
    name = _SPACES.sub(" ", unicodedata.normalize("NFC", raw)).strip()
    if not name:
        raise NormalizationError("name.empty")
    if len(name) > max_length:
        raise NormalizationError("name.too_long")
    return name


def normalize_email(raw: str) -> str:
    """A syntactically valid address, lower-cased (compared case-insensitively); no DNS."""
    candidate = raw.strip()
    if not candidate or len(candidate) > EMAIL_MAX or _CONTROL.search(candidate):
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


def normalize_phone(raw: str, region: str = "VN") -> Phone:
    """E.164 plus a national display form; `0912 345 678` and `+84 912-345-678` agree."""
    candidate = raw.strip()
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
    """The digits of a query that looks like (part of) a phone number, else None."""
    stripped = query.strip()
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
