"""One phone or email per active customer of a brand: checked first, decided by the database.

A cashier is told which customer already holds a contact (409 with its id) before anything is
written; a create racing ours past that check fails on the unique index, inside a SAVEPOINT,
so only the savepoint is undone and the caller's transaction stays usable.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from patronage.core.errors import AppError
from patronage.core.tenancy import MerchantId
from patronage.directory import repository as customer_repository
from patronage.directory.contacts import Contact
from patronage.directory.errors import EMAIL_TAKEN, PHONE_TAKEN, PRECONDITION_FAILED
from patronage.directory.models import PHONE, Customer, CustomerContact


async def ensure_free(
    session: AsyncSession,
    merchant_id: MerchantId,
    contacts: Sequence[Contact],
    *,
    exclude: uuid.UUID | None,
) -> None:
    """409 naming the active customer (other than `exclude`) that holds one of `contacts`."""
    with session.no_autoflush:
        holders = await customer_repository.active_holders(
            session, merchant_id, [c.value for c in contacts], exclude=exclude
        )
    if holders:
        raise taken(*holders[0])


@asynccontextmanager
async def guarded_write(
    session: AsyncSession,
    merchant_id: MerchantId,
    contacts: Sequence[Contact],
    *,
    exclude: uuid.UUID | None,
) -> AsyncIterator[None]:
    """Changes made in the block are flushed in a SAVEPOINT; a concurrent holder of one of
    `contacts` becomes 409, a concurrent change of the customer 412.

    Make the changes inside the block: the savepoint begins with a flush of what is pending.
    """
    try:
        async with session.begin_nested():
            yield
    except StaleDataError:
        raise AppError(PRECONDITION_FAILED) from None
    except IntegrityError:
        holders = await customer_repository.active_holders(
            session, merchant_id, [c.value for c in contacts], exclude=exclude
        )
        if holders:
            raise taken(*holders[0]) from None
        raise


def taken(contact: CustomerContact, holder: Customer) -> AppError:
    """The 409 offering the customer that holds `contact`."""
    code = PHONE_TAKEN if contact.kind == PHONE else EMAIL_TAKEN
    details = {
        "customer_id": str(holder.id),
        "name": holder.name,
        "field": "phones" if contact.kind == PHONE else "emails",
        "value": contact.value,
    }
    return AppError(code, details, name=holder.name)
