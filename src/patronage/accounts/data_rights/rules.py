"""What a data request may be and become, and when it is due (no I/O).

The days to answer are Vietnam's: Law 91/2025/QH15 Art. 4 (see, correct, get a copy of
one's data) and Decree 356/2025 Art. 5 give 10 days; deletion (Law Art. 14) 20 days. They
are defined here once; the queue, the web page and the overdue metric all read them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from patronage.accounts.data_rights.errors import INVALID_TRANSITION, KIND_INVALID
from patronage.core.errors import AppError

ACCESS, CORRECT, ERASE, WITHDRAW_CONSENT = "access", "correct", "erase", "withdraw_consent"
# Days from filing to the legal deadline of each kind of request.
DUE_DAYS: dict[str, int] = {ACCESS: 10, CORRECT: 10, WITHDRAW_CONSENT: 10, ERASE: 20}
KINDS = tuple(DUE_DAYS)

OPEN, IN_PROGRESS, DONE, REFUSED = "open", "in_progress", "done", "refused"
STATUSES = (OPEN, IN_PROGRESS, DONE, REFUSED)
# Still waiting for an answer: these count against the deadline.
PENDING = (OPEN, IN_PROGRESS)
# Where an owner may move a request from each status (`done` and `refused` are final).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    OPEN: (IN_PROGRESS, REFUSED),
    IN_PROGRESS: (DONE, REFUSED),
    DONE: (),
    REFUSED: (),
}

# Who filed it: the customer signed in, or staff at the till for a walk-in.
SELF_SERVICE, AT_TILL = "self_service", "at_till"

DETAILS_MAX = 2000
REASON_MAX = 2000


def check_kind(kind: str) -> str:
    """A known kind; 422 `data_request.kind_invalid` otherwise."""
    if kind not in KINDS:
        raise AppError(
            KIND_INVALID, {"field": "kind", "allowed": list(KINDS)}, allowed=", ".join(KINDS)
        )
    return kind


def due_at(kind: str, filed_at: datetime) -> datetime:
    """The legal deadline of a request of `kind` filed at `filed_at`."""
    return filed_at + timedelta(days=DUE_DAYS[kind])


def is_overdue(status: str, due: datetime, now: datetime) -> bool:
    """Still unanswered after its deadline."""
    return status in PENDING and due < now


def check_transition(current: str, wanted: str) -> None:
    """409 `data_request.invalid_transition` unless `current` may become `wanted`."""
    allowed = TRANSITIONS.get(current, ())
    if wanted not in allowed:
        details = {"from": current, "to": wanted, "allowed": list(allowed)}
        raise AppError(INVALID_TRANSITION, details, current=current, wanted=wanted)
