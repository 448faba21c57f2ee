"""Rules for a customer's phones and emails, without I/O: normalising, ordering, policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from patronage.core.errors import invalid_fields
from patronage.core.normalize import NormalizationError, normalize_email, normalize_phone
from patronage.directory.models import EMAIL, PHONE


@dataclass(frozen=True)
class ContactInput:
    """A phone (any common form) or an email as given, and whether it is the primary one."""

    value: str
    primary: bool = False


ContactsIn = Sequence[ContactInput | str]


@dataclass(frozen=True)
class Contact:
    """A normalised phone (E.164 and display form) or email, primary or not."""

    kind: str
    value: str
    display: str
    primary: bool


def desired_contacts(phones: ContactsIn, emails: ContactsIn, region: str) -> list[Contact]:
    """Normalised, de-duplicated contacts, each kind's primary first; 422 naming bad ones."""
    return _phones(phones, region) + _emails(emails)


def _phones(phones: ContactsIn, region: str) -> list[Contact]:
    found: list[Contact] = []
    for index, item in enumerate(phones):
        given = _as_input(item)
        try:
            phone = normalize_phone(given.value, region)
        except NormalizationError as exc:
            raise invalid_fields((f"body.phones.{index}", exc.code)) from None
        found.append(Contact(PHONE, phone.e164, phone.display, given.primary))
    return _ordered(found, "phones")


def _emails(emails: ContactsIn) -> list[Contact]:
    found: list[Contact] = []
    for index, item in enumerate(emails):
        given = _as_input(item)
        try:
            address = normalize_email(given.value)
        except NormalizationError as exc:
            raise invalid_fields((f"body.emails.{index}", exc.code)) from None
        found.append(Contact(EMAIL, address, address, given.primary))
    return _ordered(found, "emails")


def _as_input(item: ContactInput | str) -> ContactInput:
    return ContactInput(item) if isinstance(item, str) else item


def _ordered(contacts: list[Contact], field: str) -> list[Contact]:
    """One entry per value; the primary (or else the first) leads and is marked primary."""
    if sum(c.primary for c in contacts) > 1:
        raise invalid_fields((f"body.{field}", "primary.multiple"))
    unique: dict[str, Contact] = {}
    for contact in contacts:
        if contact.value not in unique or contact.primary:
            unique[contact.value] = contact
    items = sorted(unique.values(), key=lambda c: not c.primary)
    return [Contact(c.kind, c.value, c.display, primary=(i == 0)) for i, c in enumerate(items)]


def check_contact_policy(policy: str, contacts: list[Contact]) -> None:
    """422 naming what the brand's contact policy requires and `contacts` lack."""
    has_phone = any(c.kind == PHONE for c in contacts)
    has_email = any(c.kind == EMAIL for c in contacts)
    if policy == "phone_or_email":
        if not (has_phone or has_email):
            raise invalid_fields(
                ("body.phones", "contact.required"), ("body.emails", "contact.required")
            )
        return
    missing = [] if has_phone else [("body.phones", "phone.required")]
    if policy == "phone_and_email" and not has_email:
        missing.append(("body.emails", "email.required"))
    if missing:
        raise invalid_fields(*missing)
