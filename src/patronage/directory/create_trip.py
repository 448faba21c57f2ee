"""A customer created at the till in two round trips (`core.trip`), without the ORM.

The first leg sends the caller's token (which binds the transaction to its brand), the
brand's rules for new customers and the active holders of the new phones and emails; it
waits once. The directory's own checks (`contacts`, `profile`) then decide in Python, and the
second leg writes the rows `create_customer` writes (`new_customer`) and commits, in the same
transaction. The phones are read in the brand's region, guessed from the token before its
answer (`token_regions`): a wrong guess costs one more trip. A create racing ours past the
holders' check is refused by the unique index at the commit, and answered as a taken contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from patronage.core.columns import utcnow
from patronage.core.errors import AppError
from patronage.core.normalize import NormalizationError, normalize_name
from patronage.core.trip import Row, Trip, trip
from patronage.directory import metrics, token_regions
from patronage.directory import repository as customer_repository
from patronage.directory.contacts import Contact, check_contact_policy, desired_contacts
from patronage.directory.listing import ListedCustomer
from patronage.directory.new_customer import new_customer, rows_of
from patronage.directory.profile import check_birthday
from patronage.directory.schemas import CustomerIn
from patronage.directory.service import ContactInput
from patronage.directory.uniqueness import taken
from patronage.identity.auth import trip_staff
from patronage.identity.auth.principal import Staff
from patronage.identity.auth.service import TokenCheck
from patronage.identity.merchants import service as merchant_service
from patronage.identity.users import service as user_service


@dataclass(frozen=True)
class Created:
    staff: Staff
    customer: ListedCustomer


class _WrongRegion(Exception):
    """The brand reads phones in another region than guessed: read them again."""


async def create(engine: AsyncEngine, check: TokenCheck, body: CustomerIn) -> Created:
    """`service.create_customer` of `body` for the caller of `check`: 401/403 first, then
    422 for a bad field, 409 naming the customer who holds a phone or email."""
    digest = check.params["digest"]
    region = token_regions.guess(digest)
    try:
        contacts = _contacts(body, region)
    except (AppError, NormalizationError):
        # Who asks is answered first, and the region guessed may be the wrong one.
        _, actual = trip_staff.staff_in(await trip_staff.check_alone(engine, check))
        token_regions.remember(digest, actual)
        if actual == region:
            raise
        return await create(engine, check, body)
    try:
        created = await _create(engine, check, body, region, contacts)
    except _WrongRegion:
        return await create(engine, check, body)
    except (IntegrityError, psycopg.IntegrityError):
        await _raise_taken(engine, check, contacts)
        raise
    metrics.count_created(body.source)
    return created


def _contacts(body: CustomerIn, region: str) -> list[Contact]:
    phones = [ContactInput(p.number, p.primary) for p in body.phones]
    emails = [ContactInput(e.address, e.primary) for e in body.emails]
    return desired_contacts(phones, emails, region)


async def _create(
    engine: AsyncEngine, check: TokenCheck, body: CustomerIn, region: str, contacts: list[Contact]
) -> Created:
    dialect = engine.dialect.name
    async with trip(engine) as sent:
        token = await trip_staff.send_check(sent, check)
        rules = await sent.send(merchant_service.customer_rules_statement(), {})
        holders = await _send_holders(sent, dialect, contacts)
        await sent.wait()
        staff, actual = trip_staff.staff_in(await token.first())
        token_regions.remember(check.params["digest"], actual)
        if actual != region:
            raise _WrongRegion
        brand = merchant_service.customer_rules_of(await rules.first())
        check_contact_policy(brand.contact_policy, contacts)
        check_birthday(body.birthday, brand.time_zone)
        _refuse_taken(await holders.all() if holders else [])
        customer = await _write(sent, staff, body, contacts, brand.locale)
    return Created(staff, customer)


async def _send_holders(sent: Trip, dialect: str, contacts: list[Contact]) -> Any:
    if not contacts:
        return None
    values = [c.value for c in contacts]
    return await sent.send(customer_repository.holders_query(dialect), {"values": values})


async def _write(
    sent: Trip, staff: Staff, body: CustomerIn, contacts: list[Contact], brand_locale: str
) -> ListedCustomer:
    name, locale = normalize_name(body.name), body.locale or brand_locale
    insert_user, user = user_service.new_customer_user(name=name, locale=locale)
    customer = new_customer(
        name=name,
        contacts=contacts,
        birthday=body.birthday,
        locale=locale,
        note=body.note or None,
        user_id=user["id"],
        actor_id=staff.user_id,
        source=body.source,
        at=utcnow(),
    )
    rows = rows_of(customer, staff.merchant_id)
    await sent.send(insert_user, user)
    await sent.send(customer_repository.INSERT_CUSTOMER, rows.customer)
    await sent.send_many(customer_repository.INSERT_CONTACT, rows.contacts)
    await sent.send_many(customer_repository.INSERT_NAME_TERM, rows.terms)
    await sent.send(customer_repository.INSERT_EVENT, rows.event)
    return customer


@dataclass(frozen=True)
class _Held:
    """A holder's row as `uniqueness.taken` reads it: the contact and its customer."""

    kind: str
    value: str
    id: Any = None
    name: str = ""


def _refuse_taken(rows: list[Row]) -> None:
    if rows:
        kind, value, customer_id, name = rows[0]
        raise taken(_Held(kind, value), _Held(kind, value, customer_id, name))  # type: ignore[arg-type]


async def _raise_taken(engine: AsyncEngine, check: TokenCheck, contacts: list[Contact]) -> None:
    """After the unique index refused our write: 409 naming who took the contact first."""
    async with trip(engine) as sent:
        await trip_staff.send_check(sent, check)
        holders = await _send_holders(sent, engine.dialect.name, contacts)
    _refuse_taken(await holders.all() if holders else [])
