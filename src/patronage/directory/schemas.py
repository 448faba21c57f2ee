"""Bodies of the customer endpoints, and the shapes other features embed."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BeforeValidator, Field, field_validator, model_validator

from patronage.core.normalize import (
    EMAIL_MAX,
    PHONE_RAW_MAX,
    NormalizationError,
    normalize_email,
    normalize_name,
)
from patronage.core.schemas import QuerySchema, RequestSchema, ResponseSchema
from patronage.core.text import clean_text
from patronage.directory.listing import AnyCustomer

MAX_PHONES = 5
MAX_EMAILS = 5
NOTE_MAX = 2000

Locale = Literal["en", "vi"]
Source = Literal["checkout", "api", "web", "import"]
AccountStatus = Literal["captured", "invited", "active"]


def _note(value: str) -> str:
    """Under the free-text policy (`core.text`), line breaks kept."""
    return clean_text(value, kind="note", max_length=NOTE_MAX, multiline=True)


def _date_text(value: Any) -> Any:
    """A date arrives as `YYYY-MM-DD` text: a number (`0`, a timestamp) is refused."""
    if isinstance(value, str | date) and not isinstance(value, datetime):
        return value
    raise NormalizationError("date.not_text")


Name = Annotated[str, Field(max_length=1000), AfterValidator(normalize_name)]
Birthday = Annotated[date, BeforeValidator(_date_text)]
PhoneNumber = Annotated[str, Field(min_length=1, max_length=PHONE_RAW_MAX)]
EmailAddress = Annotated[
    str, Field(min_length=1, max_length=EMAIL_MAX), AfterValidator(normalize_email)
]
Note = Annotated[str, Field(max_length=NOTE_MAX), AfterValidator(_note)]


class _ContactIn(RequestSchema):
    """A phone or email as an object, or as a bare string: its value."""

    value_field: ClassVar[str]

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {cls.value_field: value} if isinstance(value, str) else value


class PhoneIn(_ContactIn):
    """A phone in any common form (`0912 345 678`, `+84 912-345-678`); a bare string is
    accepted too."""

    value_field = "number"
    number: PhoneNumber
    primary: bool = False


class EmailIn(_ContactIn):
    """An email address (compared case-insensitively); a bare string is accepted too."""

    value_field = "address"
    address: EmailAddress
    primary: bool = False


class CustomerIn(RequestSchema):
    """A new customer: phones and emails as strings or `{number|address, primary}`."""

    name: Name
    phones: list[PhoneIn] = Field(default_factory=list, max_length=MAX_PHONES)
    emails: list[EmailIn] = Field(default_factory=list, max_length=MAX_EMAILS)
    birthday: Birthday | None = None
    locale: Locale | None = None
    note: Note | None = None
    source: Source = "api"


class CustomerPatch(RequestSchema):
    """The fields to change; phones and emails replace the whole list. `null` clears
    birthday and note."""

    name: Name | None = None
    phones: list[PhoneIn] | None = Field(default=None, max_length=MAX_PHONES)
    emails: list[EmailIn] | None = Field(default=None, max_length=MAX_EMAILS)
    birthday: Birthday | None = None
    locale: Locale | None = None
    note: Note | None = None

    @field_validator("name", "phones", "emails", "locale", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise NormalizationError("null")
        return value


class PhoneOut(ResponseSchema):
    number: str = Field(description="E.164")
    display: str
    primary: bool


class EmailOut(ResponseSchema):
    address: str
    primary: bool


class CustomerStats(ResponseSchema):
    """Order figures of a customer, filled in by the orders feature."""

    order_count: int
    total_spent: int = Field(description="In minor units of the brand's currency.")
    last_order_at: datetime | None


class CustomerOut(ResponseSchema):
    id: uuid.UUID
    name: str
    phones: list[PhoneOut]
    emails: list[EmailOut]
    birthday: date | None
    locale: str
    note: str | None
    user_id: uuid.UUID
    account_status: AccountStatus
    source: Source
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None
    created_by: uuid.UUID | None
    updated_by: uuid.UUID | None
    deleted_by: uuid.UUID | None
    merged_into: uuid.UUID | None = Field(
        description="The surviving profile this one was merged into (it is deleted meanwhile)."
    )
    version: int
    stats: CustomerStats | None = None

    @classmethod
    def of(cls, customer: AnyCustomer, *, stats: CustomerStats | None = None) -> CustomerOut:
        """The public shape of a customer whose contacts are loaded."""
        return cls(
            id=customer.id,
            name=customer.name,
            phones=[
                PhoneOut(number=p.value, display=p.display, primary=p.is_primary)
                for p in customer.phones
            ],
            emails=[EmailOut(address=e.value, primary=e.is_primary) for e in customer.emails],
            birthday=customer.birthday,
            locale=customer.locale,
            note=customer.note,
            user_id=customer.user_id,
            account_status=customer.account_status,
            source=customer.source,
            created_at=customer.created_at,
            updated_at=customer.updated_at,
            deleted_at=customer.deleted_at,
            created_by=customer.created_by,
            updated_by=customer.updated_by,
            deleted_by=customer.deleted_by,
            merged_into=customer.merged_into,
            version=customer.version,
            stats=stats,
        )


def customer_json(customer: AnyCustomer) -> dict[str, Any]:
    """`CustomerOut.of(customer)` as plain values for a fast JSON encoder: the lookup's
    pages skip building models (a test holds the two equal, byte for byte)."""
    return {
        "id": customer.id,
        "name": customer.name,
        "phones": [
            {"number": p.value, "display": p.display, "primary": p.is_primary}
            for p in customer.phones
        ],
        "emails": [{"address": e.value, "primary": e.is_primary} for e in customer.emails],
        "birthday": customer.birthday,
        "locale": customer.locale,
        "note": customer.note,
        "user_id": customer.user_id,
        "account_status": customer.account_status,
        "source": customer.source,
        "created_at": customer.created_at,
        "updated_at": customer.updated_at,
        "deleted_at": customer.deleted_at,
        "created_by": customer.created_by,
        "updated_by": customer.updated_by,
        "deleted_by": customer.deleted_by,
        "merged_into": customer.merged_into,
        "version": customer.version,
        "stats": None,
    }


class CustomerSummary(ResponseSchema):
    """What an order or a report shows of a customer."""

    id: uuid.UUID
    name: str
    phone: str | None = Field(description="The primary phone, E.164.")
    phone_display: str | None
    email: str | None = Field(description="The primary email.")
    account_status: AccountStatus
    deleted_at: datetime | None


class LookupQuery(QuerySchema):
    """The parameters of the lookup at the till (`GET /customers`)."""

    q: str | None = Field(
        None,
        max_length=200,
        description="Digits of a phone (prefix or last digits, any format), the start of an "
        "email (with `@`), or a name (accents and case ignored, word prefixes).",
    )
    limit: int = Field(20, ge=1, le=100)
    cursor: str | None = Field(None, max_length=1024)
    include_deleted: bool = Field(False, description="Owners only.")
    tag: str | None = Field(
        None,
        max_length=200,
        description="Only customers carrying this tag, named by its id or its name "
        "(case-insensitive); 404 `tag.not_found` for a tag the brand does not have.",
    )


class CustomerPage(ResponseSchema):
    items: list[CustomerOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class CustomerEventOut(ResponseSchema):
    id: uuid.UUID
    action: str
    actor_id: uuid.UUID | None
    changes: dict[str, Any] = Field(description="Per changed field: `{old, new}`.")
    created_at: datetime


class CustomerEventPage(ResponseSchema):
    items: list[CustomerEventOut]
    next_cursor: str | None
