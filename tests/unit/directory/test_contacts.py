"""A customer's phones and emails: normalised, ordered, and as the brand's policy requires."""

from __future__ import annotations

import pytest

from patronage.core.errors import AppError
from patronage.directory.contacts import (
    ContactInput,
    check_contact_policy,
    desired_contacts,
)


def _fields(raised: pytest.ExceptionInfo[AppError]) -> dict[str, str]:
    return {f["path"]: f["type"] for f in raised.value.details["fields"]}


def test_phones_normalise_and_the_primary_leads() -> None:
    contacts = desired_contacts(
        ["0912 345 678", ContactInput("0987654321", primary=True)], [], "VN"
    )
    assert [(c.value, c.primary) for c in contacts] == [
        ("+84987654321", True),
        ("+84912345678", False),
    ]


def test_the_same_number_written_twice_is_kept_once_primary_winning() -> None:
    contacts = desired_contacts(
        ["0912 345 678", ContactInput("+84 912-345-678", primary=True)], [], "VN"
    )
    assert [(c.value, c.primary) for c in contacts] == [("+84912345678", True)]


def test_without_a_primary_the_first_of_each_kind_is_primary() -> None:
    contacts = desired_contacts(["0912345678"], ["B@example.com", "a@example.com"], "VN")
    assert [(c.kind, c.value, c.primary) for c in contacts] == [
        ("phone", "+84912345678", True),
        ("email", "b@example.com", True),
        ("email", "a@example.com", False),
    ]


def test_a_bad_entry_is_named_by_its_position() -> None:
    with pytest.raises(AppError) as raised:
        desired_contacts(["0912345678"], ["ok@example.com", "nope"], "VN")
    assert _fields(raised) == {"body.emails.1": "email.invalid"}


@pytest.mark.parametrize(
    ("policy", "phones", "emails", "missing"),
    [
        ("phone_and_email", [], ["a@example.com"], {"body.phones": "phone.required"}),
        ("phone_and_email", ["0912345678"], [], {"body.emails": "email.required"}),
        ("phone", [], ["a@example.com"], {"body.phones": "phone.required"}),
        (
            "phone_or_email",
            [],
            [],
            {"body.phones": "contact.required", "body.emails": "contact.required"},
        ),
    ],
)
def test_the_policy_names_what_is_missing(
    policy: str, phones: list[str], emails: list[str], missing: dict[str, str]
) -> None:
    with pytest.raises(AppError) as raised:
        check_contact_policy(policy, desired_contacts(phones, emails, "VN"))
    assert _fields(raised) == missing


@pytest.mark.parametrize(
    ("policy", "phones", "emails"),
    [
        ("phone_and_email", ["0912345678"], ["a@example.com"]),
        ("phone", ["0912345678"], []),
        ("phone_or_email", [], ["a@example.com"]),
        ("phone_or_email", ["0912345678"], []),
    ],
)
def test_the_policy_accepts_enough_contacts(
    policy: str, phones: list[str], emails: list[str]
) -> None:
    check_contact_policy(policy, desired_contacts(phones, emails, "VN"))
