"""What a consent record may say: purposes, statuses, methods, wording versions (no I/O)."""

from __future__ import annotations

import re

from patronage.core.errors import AppError
from patronage.directory.consent.errors import (
    METHOD_INVALID,
    PURPOSE_INVALID,
    STATUS_INVALID,
    WORDING_VERSION_INVALID,
)

PURPOSES = ("marketing_sms", "marketing_email", "marketing_zalo")
GRANTED, WITHDRAWN = "granted", "withdrawn"
STATUSES = (GRANTED, WITHDRAWN)
# The customer export's columns of the current answers (appended after the profile's).
EXPORT_COLUMNS = tuple(f"consent_{purpose}" for purpose in PURPOSES)
# A purpose never asked about: no consent, so no marketing.
NOT_RECORDED = "not_recorded"

AT_TILL, WEB, SMS_KEYWORD, IMPORT, SELF_SERVICE = (
    "at_till",
    "web",
    "sms_keyword",
    "import",
    "self_service",
)
# How staff (or an integration acting as staff) may say the customer answered.
STAFF_METHODS = (AT_TILL, WEB, SMS_KEYWORD, IMPORT)
# Recorded by the service, never claimed: the customer themselves, signed in to their
# account; an answer a merge of duplicate profiles carried over to the surviving profile, and
# its reversal when the merge was undone (`directory.merge`).
MERGE, MERGE_UNDONE = "merge", "merge_undone"
METHODS = (*STAFF_METHODS, SELF_SERVICE, MERGE, MERGE_UNDONE)

STAFF, CUSTOMER = "staff", "customer"
WORDING_VERSION_MAX = 64
_WORDING_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$")


def check_purpose(purpose: str) -> str:
    """`purpose` if known; 422 `consent.purpose_invalid` otherwise."""
    if purpose not in PURPOSES:
        raise AppError(PURPOSE_INVALID, _allowed("purpose", PURPOSES), allowed=", ".join(PURPOSES))
    return purpose


def check_status(status: str) -> str:
    """`granted` or `withdrawn`; 422 `consent.status_invalid` otherwise."""
    if status not in STATUSES:
        raise AppError(STATUS_INVALID, _allowed("status", STATUSES), allowed=", ".join(STATUSES))
    return status


def check_staff_method(method: str) -> str:
    """A method staff may record; `self_service` is the customer's own and refused here."""
    if method not in STAFF_METHODS:
        details = _allowed("method", STAFF_METHODS)
        raise AppError(METHOD_INVALID, details, allowed=", ".join(STAFF_METHODS))
    return method


def check_wording_version(version: str) -> str:
    """The identifier of the wording shown: 1–64 letters, digits and `. _ : / -`."""
    if not _WORDING_VERSION.fullmatch(version):
        raise AppError(WORDING_VERSION_INVALID, {"field": "wording_version"})
    return version


def _allowed(field: str, values: tuple[str, ...]) -> dict[str, object]:
    return {"field": field, "allowed": list(values)}
