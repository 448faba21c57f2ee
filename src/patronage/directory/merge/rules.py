"""What a merge keeps and when it may be undone, and why two profiles look alike (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from patronage.directory.listing import AnyCustomer
from patronage.directory.models import ACTIVE, EMAIL, PHONE

# The profile fields a merge chooses between; contacts, orders, consents and tags are joined.
FIELDS = ("name", "birthday", "locale", "note")
Side = Literal["survivor", "source"]
SURVIVOR: Side = "survivor"
SOURCE: Side = "source"
UNDO_DAYS = 30
UNDO_WINDOW = timedelta(days=UNDO_DAYS)

# Why two profiles are listed as likely duplicates.
NAME_AND_PHONE_SUFFIX = "name_and_phone_suffix"
NAME_AND_EMAIL_LOCAL_PART = "name_and_email_local_part"
REASONS = (NAME_AND_PHONE_SUFFIX, NAME_AND_EMAIL_LOCAL_PART)
# A Vietnamese mobile is a three-digit network prefix and seven subscriber digits: one person
# captured twice with a mistyped prefix, or after moving between networks, has two numbers
# sharing the last seven digits (and random numbers share them once in ten million).
PHONE_SUFFIX_DIGITS = 7


@dataclass(frozen=True)
class Choice:
    """The value a surviving field takes, and which profile it comes from."""

    field: str
    value: Any
    side: Side
    survivor: Any
    source: Any


def field_values(customer: AnyCustomer) -> dict[str, Any]:
    return {field: getattr(customer, field) for field in FIELDS}


def choose(
    survivor: Mapping[str, Any], source: Mapping[str, Any], overrides: Mapping[str, Side]
) -> list[Choice]:
    """Each field's surviving value: the survivor's, or the source's where the survivor has
    none (an empty birthday or note), unless `overrides` names the side."""
    choices = []
    for field in FIELDS:
        side = overrides.get(field) or _default_side(survivor[field], source[field])
        value = survivor[field] if side == SURVIVOR else source[field]
        choices.append(Choice(field, value, side, survivor[field], source[field]))
    return choices


def _default_side(survivor: Any, source: Any) -> Side:
    return SOURCE if survivor in (None, "") and source not in (None, "") else SURVIVOR


def has_account(customer: AnyCustomer) -> bool:
    """Whether the profile is linked to a sign-in account (a user with credentials)."""
    return customer.account_status == ACTIVE


def undo_deadline(merged_at: datetime) -> datetime:
    return merged_at + UNDO_WINDOW


def phone_suffix(search_reversed: str) -> str:
    """A phone's last digits, as the reversed-digits column begins (the suffix reversed)."""
    return search_reversed[:PHONE_SUFFIX_DIGITS]


def email_local_part(address: str) -> str:
    return address.partition("@")[0]


def reasons(a: AnyCustomer, b: AnyCustomer) -> list[str]:
    """Why `a` and `b` look like one person, in `REASONS` order (empty: they do not)."""
    if a.name_search != b.name_search:
        return []
    found = []
    if _shared(a, b, PHONE, lambda c: phone_suffix(c.search_reversed or "")):
        found.append(NAME_AND_PHONE_SUFFIX)
    if _shared(a, b, EMAIL, lambda c: email_local_part(c.value)):
        found.append(NAME_AND_EMAIL_LOCAL_PART)
    return found


def _shared(a: AnyCustomer, b: AnyCustomer, kind: str, key: Any) -> bool:
    keys = {key(c) for c in a.contacts if c.kind == kind}
    return any(key(c) in keys for c in b.contacts if c.kind == kind)
