"""Merge a brand's duplicate profiles into one, preview it field by field, undo it.

A merge moves everything of the merged-away profile (the source) to the surviving one in
the caller's transaction: its orders (through the orders feature's registered transfer), its
phones and emails, its consent answers (copied as new evidence, `consent.merging`) and its
tags; the survivor takes the chosen field values; the source is soft-deleted with
`merged_into`. Both profiles' audit trails record it. Within `rules.UNDO_DAYS` an owner can
undo it as long as everything that moved can be put back as it was. Services never commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.columns import new_id, utcnow
from patronage.core.errors import AppError
from patronage.core.tenancy import MerchantId
from patronage.directory import audit, lookup
from patronage.directory import repository as customer_repository
from patronage.directory import service as customer_service
from patronage.directory.consent import merging as consent_merging
from patronage.directory.errors import DELETED
from patronage.directory.merge import metrics, rules, transfers
from patronage.directory.merge import repository as merge_repository
from patronage.directory.merge.errors import (
    DIFFERENT_ACCOUNTS,
    NOTHING_TO_UNDO,
    SAME_CUSTOMER,
    SOURCE_HAS_ACCOUNT,
    TOO_MANY_CONTACTS,
    UNDO_CONTACT_CHANGED,
    UNDO_EXPIRED,
    UNDO_ORDER_CHANGED,
    UNDO_SURVIVOR_DELETED,
)
from patronage.directory.merge.models import CustomerMerge
from patronage.directory.merge.rules import Choice, Side
from patronage.directory.models import EMAIL, PHONE, Customer, CustomerContact
from patronage.directory.schemas import MAX_EMAILS, MAX_PHONES
from patronage.directory.tags import merging as tag_merging

MERGED, MERGED_INTO = "customer.merged", "customer.merged_into"
MERGE_UNDONE, UNMERGED = "customer.merge_undone", "customer.unmerged"


@dataclass(frozen=True)
class Preview:
    """What a merge would make of the two profiles."""

    survivor: Customer
    source: Customer
    fields: list[Choice]
    contacts: list[tuple[CustomerContact, Side]]
    order_count: int
    tags: list[str]
    consents: list[consent_merging.Carried]


@dataclass(frozen=True)
class Merged:
    survivor: Customer
    source: Customer
    merge: CustomerMerge


async def preview_merge(
    session: AsyncSession,
    merchant_id: MerchantId,
    survivor_id: uuid.UUID,
    *,
    source_id: uuid.UUID,
    fields: Mapping[str, Side] | None = None,
) -> Preview:
    """The surviving profile field by field, and what would move; refused like the merge."""
    survivor, source = await _pair(session, merchant_id, survivor_id, source_id)
    transfer = transfers.orders()
    orders = await transfer.count(session, merchant_id, source.id) if transfer else 0
    return Preview(
        survivor=survivor,
        source=source,
        fields=_choices(survivor, source, fields),
        contacts=[(c, rules.SURVIVOR) for c in survivor.contacts]
        + [(c, rules.SOURCE) for c in source.contacts],
        order_count=orders,
        tags=await tag_merging.names_of(session, merchant_id, source.id),
        consents=await consent_merging.carried_over(
            session, merchant_id, survivor_id=survivor.id, source_id=source.id
        ),
    )


async def merge_customers(
    session: AsyncSession,
    merchant_id: MerchantId,
    survivor_id: uuid.UUID,
    *,
    source_id: uuid.UUID,
    fields: Mapping[str, Side] | None = None,
    actor_id: uuid.UUID | None,
) -> Merged:
    """Merge `source_id` into `survivor_id` (see the module); 404, 409 or 422 when refused."""
    await _lock(session, merchant_id, survivor_id, source_id)
    survivor, source = await _pair(session, merchant_id, survivor_id, source_id)
    before, fields_before = audit.snapshot(survivor), rules.field_values(survivor)
    choices = _choices(survivor, source, fields)
    moved_contacts = [_contact_key(c) for c in source.contacts]
    _move_contacts(survivor, source)
    await _apply_fields(session, merchant_id, survivor, {c.field: c.value for c in choices})
    now = utcnow()
    survivor.updated_at, survivor.updated_by = now, actor_id
    source.deleted_at, source.deleted_by, source.merged_into = now, actor_id, survivor.id
    source.updated_at, source.updated_by = now, actor_id
    moved = {
        "fields_before": _json_fields(fields_before),
        "fields_after": _json_fields({c.field: c.value for c in choices}),
        "contacts": moved_contacts,
        "orders": await _move_orders(session, merchant_id, survivor.id, source.id, actor_id),
        "tags": await tag_merging.move_for_merge(
            session, merchant_id, survivor_id=survivor.id, source_id=source.id, actor_id=actor_id
        ),
        "consents": await consent_merging.copy_for_merge(
            session, merchant_id, survivor_id=survivor.id, source_id=source.id, actor_id=actor_id
        ),
    }
    merge = merge_repository.add(session, CustomerMerge(
        merchant_id=merchant_id, id=new_id(), survivor_id=survivor.id, source_id=source.id,
        merged_at=now, merged_by=actor_id, moved=moved,
    ))  # fmt: skip
    survivor, source = await _reloaded(session, merchant_id, survivor.id, source.id)
    await _record_merge(session, merchant_id, survivor, source, before, moved, actor_id, now)
    metrics.merges(session, "merged")
    return Merged(survivor, source, merge)


async def undo_merge(
    session: AsyncSession,
    merchant_id: MerchantId,
    survivor_id: uuid.UUID,
    *,
    source_id: uuid.UUID,
    actor_id: uuid.UUID | None,
) -> Merged:
    """Undo the merge of `source_id` into `survivor_id`: the source comes back with its
    contacts, orders, tags and consent answers; 404, 409 or 410 when it cannot."""
    await _lock(session, merchant_id, survivor_id, source_id)
    survivor = await customer_service.get_customer(session, merchant_id, survivor_id)
    merge = await merge_repository.active_merge(
        session, merchant_id, survivor_id=survivor_id, source_id=source_id, for_update=True
    )
    if merge is None:
        raise AppError(NOTHING_TO_UNDO, {"source_id": str(source_id)})
    source = await customer_service.get_customer(session, merchant_id, source_id)
    now = utcnow()
    contacts = _check_undoable(merge, survivor, now)
    await _check_orders(session, merchant_id, merge, survivor.id)
    before, deleted_at = audit.snapshot(survivor), source.deleted_at
    _give_back_contacts(survivor, source, contacts)
    await _restore_fields(session, merchant_id, survivor, merge.moved)
    survivor.updated_at, survivor.updated_by = now, actor_id
    source.deleted_at, source.deleted_by, source.merged_into = None, None, None
    source.updated_at, source.updated_by = now, actor_id
    await _undo_moves(session, merchant_id, merge, actor_id)
    merge.undone_at, merge.undone_by = now, actor_id
    survivor, source = await _reloaded(session, merchant_id, survivor.id, source.id)
    changes = {**audit.diff(before, audit.snapshot(survivor)), "merged_from": _change(source.id)}
    await _event(session, merchant_id, survivor.id, MERGE_UNDONE, changes, actor_id, now)
    unmerged = {"merged_into": _change(survivor.id), "deleted_at": _gone(deleted_at or now)}
    await _event(session, merchant_id, source.id, UNMERGED, unmerged, actor_id, now)
    metrics.merges(session, "undone")
    return Merged(survivor, source, merge)


async def merges_into(
    session: AsyncSession, merchant_id: MerchantId, survivor_id: uuid.UUID
) -> list[CustomerMerge]:
    """The merges into the customer that are not undone, newest first (404 if not the
    brand's)."""
    await customer_service.get_customer(session, merchant_id, survivor_id)
    return await merge_repository.active_merges_into(session, merchant_id, survivor_id)


# ---------------------------------------------------------------- checks


async def _pair(
    session: AsyncSession, merchant_id: MerchantId, survivor_id: uuid.UUID, source_id: uuid.UUID
) -> tuple[Customer, Customer]:
    """Both profiles, as long as they may be merged (404, 409, 422 otherwise)."""
    survivor = await customer_service.get_customer(session, merchant_id, survivor_id)
    if source_id == survivor_id:
        raise AppError(SAME_CUSTOMER, {"source_id": str(source_id)})
    source = await customer_service.get_customer(session, merchant_id, source_id)
    for customer in (survivor, source):
        await customer_service.check_not_merged(session, merchant_id, customer)
        if customer.deleted_at is not None:
            raise AppError(DELETED, {"customer_id": str(customer.id)})
    _check_accounts(survivor, source)
    _check_contact_counts(survivor, source)
    return survivor, source


def _check_accounts(survivor: Customer, source: Customer) -> None:
    if not rules.has_account(source) or source.user_id == survivor.user_id:
        return
    raise AppError(DIFFERENT_ACCOUNTS if rules.has_account(survivor) else SOURCE_HAS_ACCOUNT)


def _check_contact_counts(survivor: Customer, source: Customer) -> None:
    for field, limit, count in (
        ("phones", MAX_PHONES, len(survivor.phones) + len(source.phones)),
        ("emails", MAX_EMAILS, len(survivor.emails) + len(source.emails)),
    ):
        if count > limit:
            raise AppError(TOO_MANY_CONTACTS, {"field": field, "max": limit}, max=limit)


def _check_undoable(
    merge: CustomerMerge, survivor: Customer, now: datetime
) -> list[tuple[CustomerContact, dict[str, Any]]]:
    """The survivor's rows of the moved contacts; 410 past the window, 409 when one is gone."""
    if now > rules.undo_deadline(merge.merged_at):
        raise AppError(UNDO_EXPIRED, {"merged_at": merge.merged_at.isoformat()},
                       days=rules.UNDO_DAYS)  # fmt: skip
    if survivor.deleted_at is not None:
        raise AppError(UNDO_SURVIVOR_DELETED, {"customer_id": str(survivor.id)})
    held = {(c.kind, c.value): c for c in survivor.contacts}
    found = []
    for moved in merge.moved.get("contacts", []):
        row = held.get((moved["kind"], moved["value"]))
        if row is None:
            raise AppError(UNDO_CONTACT_CHANGED, {"value": moved["value"]}, value=moved["value"])
        found.append((row, moved))
    return found


async def _check_orders(
    session: AsyncSession, merchant_id: MerchantId, merge: CustomerMerge, survivor_id: uuid.UUID
) -> None:
    transfer, order_ids = transfers.orders(), _order_ids(merge)
    if transfer is None or not order_ids:
        return
    gone = await transfer.not_carried(session, merchant_id, order_ids, survivor_id)
    if gone:
        raise AppError(UNDO_ORDER_CHANGED, {"order_ids": [str(i) for i in gone]})


# ---------------------------------------------------------------- moves


async def _lock(session: AsyncSession, merchant_id: MerchantId, *customer_ids: uuid.UUID) -> None:
    """Hold both rows (PostgreSQL), always in the same order so two merges cannot deadlock."""
    for customer_id in sorted(set(customer_ids)):
        await customer_repository.lock(session, merchant_id, customer_id)


def _choices(
    survivor: Customer, source: Customer, fields: Mapping[str, Side] | None
) -> list[Choice]:
    return rules.choose(rules.field_values(survivor), rules.field_values(source), fields or {})


def _contact_key(contact: CustomerContact) -> dict[str, Any]:
    return {
        "kind": contact.kind,
        "value": contact.value,
        "primary": contact.is_primary,
        "position": contact.position,
    }


def _move_contacts(survivor: Customer, source: Customer) -> None:
    """The source's contacts join the survivor's, after them and never primary."""
    for contact in source.contacts:
        contact.customer_id, contact.is_primary = survivor.id, False
    _renumber([*survivor.phones, *source.phones, *survivor.emails, *source.emails])


def _give_back_contacts(
    survivor: Customer, source: Customer, contacts: list[tuple[CustomerContact, dict[str, Any]]]
) -> None:
    """The moved contacts go back to the source as they were; the survivor keeps a primary
    of each kind."""
    for row, moved in contacts:
        row.customer_id, row.is_primary = source.id, moved["primary"]
        row.position = moved["position"]
    given = {id(row) for row, _ in contacts}
    kept = [c for c in survivor.contacts if id(c) not in given]
    for kind in (PHONE, EMAIL):
        of_kind = [c for c in kept if c.kind == kind]
        if of_kind and not any(c.is_primary for c in of_kind):
            of_kind[0].is_primary = True
    _renumber(sorted(kept, key=lambda c: (c.kind != PHONE, not c.is_primary, c.position)))


def _renumber(contacts: list[CustomerContact]) -> None:
    for position, contact in enumerate(contacts):
        contact.position = position


async def _apply_fields(
    session: AsyncSession, merchant_id: MerchantId, customer: Customer, values: Mapping[str, Any]
) -> None:
    """The customer's name, birthday, locale and note become `values` (name terms too)."""
    renamed = values["name"] != customer.name
    customer.birthday, customer.locale, customer.note = (
        values["birthday"], values["locale"], values["note"],
    )  # fmt: skip
    if renamed:
        customer.name, customer.name_search = values["name"], lookup.search_form(values["name"])
        await customer_repository.replace_name_terms(
            session, merchant_id, customer.id, lookup.name_terms(customer.name_search)
        )


async def _restore_fields(
    session: AsyncSession, merchant_id: MerchantId, survivor: Customer, moved: dict[str, Any]
) -> None:
    """Each field the merge set and nobody changed since takes its earlier value again."""
    now = _json_fields(rules.field_values(survivor))
    after, before = moved["fields_after"], moved["fields_before"]
    values = {f: _from_json(f, before[f] if now[f] == after[f] else now[f]) for f in rules.FIELDS}
    await _apply_fields(session, merchant_id, survivor, values)


async def _move_orders(
    session: AsyncSession,
    merchant_id: MerchantId,
    survivor_id: uuid.UUID,
    source_id: uuid.UUID,
    actor_id: uuid.UUID | None,
) -> list[str]:
    transfer = transfers.orders()
    if transfer is None:
        return []
    moved = await transfer.move_all(
        session, merchant_id, source_id=source_id, survivor_id=survivor_id, actor_id=actor_id
    )
    return [str(order_id) for order_id in moved]


async def _undo_moves(
    session: AsyncSession, merchant_id: MerchantId, merge: CustomerMerge, actor_id: uuid.UUID | None
) -> None:
    """Orders, tags and consent answers go back as the merge moved them."""
    transfer, order_ids = transfers.orders(), _order_ids(merge)
    if transfer is not None and order_ids:
        await transfer.move_back(
            session, merchant_id, order_ids, survivor_id=merge.survivor_id,
            source_id=merge.source_id, actor_id=actor_id,
        )  # fmt: skip
    await tag_merging.put_back(
        session, merchant_id, survivor_id=merge.survivor_id, source_id=merge.source_id,
        moved=merge.moved.get("tags", {}), actor_id=actor_id,
    )  # fmt: skip
    await consent_merging.revert_merge_copies(
        session, merchant_id, merge.survivor_id, merge.moved.get("consents", []),
        actor_id=actor_id,
    )  # fmt: skip


def _order_ids(merge: CustomerMerge) -> list[uuid.UUID]:
    return [uuid.UUID(i) for i in merge.moved.get("orders", [])]


async def _reloaded(
    session: AsyncSession, merchant_id: MerchantId, *customer_ids: uuid.UUID
) -> tuple[Customer, Customer]:
    """Both customers read again (pending changes flushed), their contacts as now stored."""
    found = await customer_repository.get_many(session, merchant_id, customer_ids)
    first, second = customer_ids
    return found[first], found[second]


# ---------------------------------------------------------------- audit


async def _record_merge(
    session: AsyncSession,
    merchant_id: MerchantId,
    survivor: Customer,
    source: Customer,
    before: dict[str, Any],
    moved: dict[str, Any],
    actor_id: uuid.UUID | None,
    at: datetime,
) -> None:
    """The merge in both profiles' audit trails."""
    counts = {
        "orders": len(moved["orders"]),
        "tags": len(moved["tags"]["added"]),
        "consents": [c["purpose"] for c in moved["consents"]],
    }
    changes = {
        **audit.diff(before, audit.snapshot(survivor)),
        "merged_from": _change(source.id, added=True),
        "moved": {"old": None, "new": counts},
    }
    await _event(session, merchant_id, survivor.id, MERGED, changes, actor_id, at)
    gone = {"merged_into": _change(survivor.id, added=True), "deleted_at": _gone(at, added=True)}
    await _event(session, merchant_id, source.id, MERGED_INTO, gone, actor_id, at)


async def _event(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    action: str,
    changes: dict[str, Any],
    actor_id: uuid.UUID | None,
    at: datetime,
) -> None:
    await audit.record_event(
        session, merchant_id, customer_id, actor_id=actor_id, action=action, changes=changes, at=at
    )


def _change(customer_id: uuid.UUID, *, added: bool = False) -> dict[str, str | None]:
    value = str(customer_id)
    return {"old": None, "new": value} if added else {"old": value, "new": None}


def _gone(at: datetime, *, added: bool = False) -> dict[str, str | None]:
    return {"old": None, "new": at.isoformat()} if added else {"old": at.isoformat(), "new": None}


# ---------------------------------------------------------------- field values as JSON


def _json_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    return {f: v.isoformat() if isinstance(v, date) else v for f, v in values.items()}


def _from_json(field: str, value: Any) -> Any:
    return date.fromisoformat(value) if field == "birthday" and value else value
