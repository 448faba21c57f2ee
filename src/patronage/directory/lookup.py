"""How a lookup is answered, without I/O: the plan of index ranges, matching, cursors.

One search box: the text is read as a phone (digits with `+`, spaces, dashes…), an email
(has `@`) or a name. Each reading becomes an ordered list of *phases*; a phase is one range
over one btree index, read in index order and cut at the page size, so a lookup costs about
the page, never the brand:

- phone: the exact number, then numbers starting with the digits (international form, and
  the national form turned international: `0912` → `+84912`), then numbers ending with them
  (reversed digits as a prefix);
- email: the exact address, then addresses starting with the text;
- name (folded: lower case, no diacritics, `đ`→`d`): names starting with the text, then
  names with a later word starting with it (`dao` and `thi d` find "Nguyễn Thị Đào"), read
  from a table of each name's word suffixes. Text in the middle of a word is not searched:
  no index answers it in bounded time at 500,000 customers (trigram matching of a fragment
  of "nguyen" rechecks tens of thousands of rows).

A customer appears once, at its best (earliest) match: `canonical_match` decides it from the
customer's own data. The cursor names the phase and the last (key, id) returned.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import phonenumbers

from patronage.core.normalize import (
    NormalizationError,
    fold,
    normalize_email,
    normalize_phone,
    phone_query_digits,
)
from patronage.directory.listing import AnyCustomer
from patronage.directory.models import EMAIL, PHONE

Source = Literal["contact", "reversed", "name", "term"]

MAX_TERMS = 8
SEARCH_FORM_MAX = 400  # the stored column's length; folding may lengthen text (㎯ → rad s2)
MAX_PHONE_DIGITS = 15
_MAX_CHAR = "\U0010ffff"


@dataclass(frozen=True)
class Phase:
    """One index range: rows whose key starts with `start` (or equals it when `exact`)."""

    source: Source
    start: str = ""
    kind: str | None = None
    exact: bool = False

    def keys(self, customer: AnyCustomer) -> list[str]:
        """The keys by which `customer` matches this phase (empty: it does not)."""
        candidates = list(self._candidate_keys(customer))
        if self.exact:
            return [k for k in candidates if k == self.start]
        return [k for k in candidates if k.startswith(self.start)]

    def _candidate_keys(self, customer: AnyCustomer) -> Iterable[str]:
        if self.source == "contact":
            return (c.value for c in customer.contacts if c.kind == self.kind)
        if self.source == "reversed":
            return (c.search_reversed or "" for c in customer.contacts if c.kind == PHONE)
        if self.source == "name":
            return (customer.name_search,)
        if self.source == "term":
            return name_terms(customer.name_search)
        return ()


def search_form(text: str) -> str:
    """What name lookups compare: the folded text, cut to what the column stores."""
    return fold(text)[:SEARCH_FORM_MAX].rstrip()


def name_terms(name_search: str) -> list[str]:
    """The folded name from each later word on: `nguyen thi dao` → `thi dao`, `dao`."""
    words = name_search.split(" ")
    return [" ".join(words[i:]) for i in range(1, min(len(words), MAX_TERMS + 1))]


def reversed_digits(e164: str) -> str:
    """What trailing-digit lookups range over: `+84912345678` → `87654321948`."""
    return e164.lstrip("+")[::-1]


def is_phone_query(query: str) -> bool:
    """Whether `query` reads as (part of) a phone number, so the brand's region matters."""
    return phone_query_digits(query.strip()) is not None


def plan(query: str, *, region: str) -> list[Phase]:
    """The phases answering `query` (empty when nothing can match)."""
    text = query.strip()
    digits = phone_query_digits(text)
    if digits is not None:
        return _phone_plan(text, digits, region)
    if "@" in text:
        return _email_plan(text)
    folded = search_form(text)
    return [Phase("name", folded), Phase("term", folded)] if folded else []


def _phone_plan(text: str, digits: str, region: str) -> list[Phase]:
    if len(digits) > MAX_PHONE_DIGITS:
        return []
    phases: list[Phase] = []
    try:
        exact = normalize_phone(text, region).e164
        phases.append(Phase("contact", exact, PHONE, exact=True))
    except NormalizationError:
        pass
    phases += [
        Phase("contact", "+" + p, PHONE) for p in _international_prefixes(text, digits, region)
    ]
    if not text.startswith("+"):
        phases.append(Phase("reversed", digits[::-1]))
    return phases


def _international_prefixes(text: str, digits: str, region: str) -> list[str]:
    """How typed digits begin an E.164 number: `0912` → `84912`; bare digits both ways."""
    code = str(phonenumbers.country_code_for_region(region) or "")
    if text.startswith("+"):
        candidates = [digits]
    elif digits.startswith("00"):
        candidates = [digits[2:]]
    elif digits.startswith("0"):
        candidates = [code + digits[1:]]
    else:
        candidates = [digits, code + digits]
    return [c for i, c in enumerate(candidates) if c and c not in candidates[:i]]


def _email_plan(text: str) -> list[Phase]:
    if not storable(text):
        return []
    phases: list[Phase] = []
    with contextlib.suppress(NormalizationError):
        phases.append(Phase("contact", normalize_email(text), EMAIL, exact=True))
    return [*phases, Phase("contact", text.lower(), EMAIL)]


def canonical_match(phases: list[Phase], customer: AnyCustomer) -> tuple[int, str] | None:
    """Where `customer` is listed: its first matching phase and its smallest key there."""
    for index, phase in enumerate(phases):
        keys = phase.keys(customer)
        if keys:
            return index, min(keys)
    return None


def prefix_end(prefix: str) -> str | None:
    """The smallest string above every string starting with `prefix` (code point order);
    None when there is none (the prefix is only the highest code point)."""
    stem = prefix.rstrip(_MAX_CHAR)
    if not stem:
        return None
    last = ord(stem[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:  # surrogates cannot be stored; skip past them
        last = 0xE000
    return stem[:-1] + chr(last)


def storable(text: str) -> bool:
    """Text both databases accept as a value: UTF-8 encodable, no control characters."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in text)


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after (key, id) in phase `phase`."""

    phase: int
    key: str
    customer_id: uuid.UUID


def cursor_position(cursor: Cursor) -> list[object]:
    """What a cursor token carries (see `core.paging`)."""
    return [cursor.phase, cursor.key, cursor.customer_id.hex]


def parse_cursor(position: object, *, phases: int) -> Cursor:
    """A cursor read back from a token's position; ValueError unless it fits a plan of
    `phases` phases and its key could have come from the database."""
    match position:
        case [int() as phase, str() as key, str() as customer_id] if (
            not isinstance(phase, bool) and 0 <= phase < phases and storable(key)
        ):
            return Cursor(phase, key, uuid.UUID(hex=customer_id))
    raise ValueError("not a lookup cursor")
