"""Customer tags: owners define, rename and delete them; staff set a customer's tags.

A tag is named by its id or by its name (case-insensitive) wherever a client sends one.
Deleting a tag is a soft delete: it leaves every customer, list and filter at once, and its
name is free again. A change of a customer's tags enters the profile's audit trail in the
same transaction. Services never commit; the caller's unit of work does.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Mapping

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.columns import new_id, utcnow
from patronage.core.errors import AppError
from patronage.core.tenancy import MerchantId
from patronage.directory import audit
from patronage.directory import repository as customer_repository
from patronage.directory import service as customer_service
from patronage.directory.errors import DELETED
from patronage.directory.tags import repository as tag_repository
from patronage.directory.tags import rules
from patronage.directory.tags.errors import LIMIT_REACHED, NAME_TAKEN, NOT_FOUND
from patronage.directory.tags.models import CustomerTag

TAGS_CHANGED = "customer.tags_changed"


async def list_tags(session: AsyncSession, merchant_id: MerchantId) -> list[CustomerTag]:
    """The brand's tags, by name."""
    return _ordered(await tag_repository.list_live(session, merchant_id))


async def create_tag(
    session: AsyncSession, merchant_id: MerchantId, *, name: str, actor_id: uuid.UUID | None
) -> CustomerTag:
    """Define a tag; 409 `tag.name_taken` when the brand has one of that name (any case)."""
    name = rules.normalize_name(name)
    if await tag_repository.count_live(session, merchant_id) >= rules.PER_BRAND_MAX:
        max_ = rules.PER_BRAND_MAX
        raise AppError(LIMIT_REACHED, {"max": max_}, max=max_)
    tag = CustomerTag(
        merchant_id=merchant_id, id=new_id(), name=name, name_key=rules.name_key(name),
        created_by=actor_id, updated_by=actor_id,
    )  # fmt: skip
    await _unique_name(
        session, merchant_id, tag.name_key, tag, lambda: tag_repository.add(session, tag)
    )
    return tag


async def rename_tag(
    session: AsyncSession,
    merchant_id: MerchantId,
    tag_id: uuid.UUID,
    *,
    name: str,
    actor_id: uuid.UUID | None,
) -> CustomerTag:
    """Rename a tag everywhere it is carried; 404 for another brand's, 409 when taken."""
    name = rules.normalize_name(name)
    tag = await _get(session, merchant_id, tag_id, for_update=True)
    if tag.name == name:
        return tag

    def change() -> None:
        tag.name, tag.name_key, tag.updated_by = name, rules.name_key(name), actor_id

    await _unique_name(session, merchant_id, rules.name_key(name), tag, change)
    return tag


async def delete_tag(
    session: AsyncSession, merchant_id: MerchantId, tag_id: uuid.UUID, *, actor_id: uuid.UUID | None
) -> None:
    """Soft-delete a tag: no customer carries it any more, and its name is free."""
    tag = await _get(session, merchant_id, tag_id, for_update=True)
    tag.deleted_at, tag.deleted_by, tag.updated_by = utcnow(), actor_id, actor_id
    await session.flush()


async def resolve(session: AsyncSession, merchant_id: MerchantId, ref: str) -> CustomerTag:
    """The brand's tag named by `ref`, its id or its name; 404 `tag.not_found` otherwise."""
    found = await _resolve_many(session, merchant_id, [ref])
    return found[0]


async def live_by_names(
    session: AsyncSession, merchant_id: MerchantId, keys: Collection[str]
) -> dict[str, CustomerTag]:
    """The brand's live tags whose name key (`rules.name_key`) is among `keys`, by key."""
    return {t.name_key: t for t in await tag_repository.live_by_keys(session, merchant_id, keys)}


async def tag_new_customers(
    session: AsyncSession,
    merchant_id: MerchantId,
    tags: Mapping[uuid.UUID, list[CustomerTag]],
    *,
    actor_id: uuid.UUID | None,
) -> None:
    """Put tags on customers just created (an import), each change in their audit trail."""
    now = utcnow()
    for customer_id, carried in tags.items():
        ids = [tag.id for tag in carried]
        tag_repository.add_links(session, merchant_id, customer_id, ids, actor_id=actor_id)
        await audit.record_event(
            session, merchant_id, customer_id, actor_id=actor_id, action=TAGS_CHANGED,
            changes={"tags": {"old": [], "new": _names(carried)}}, at=now,
        )  # fmt: skip


async def customer_tags(
    session: AsyncSession, merchant_id: MerchantId, customer_id: uuid.UUID
) -> list[CustomerTag]:
    """The tags a customer of the brand carries, by name (404 for another brand's)."""
    await customer_service.get_customer(session, merchant_id, customer_id)
    links = await tag_repository.tags_of(session, merchant_id, [customer_id])
    return _ordered([tag for _, tag in links])


async def names_of_many(
    session: AsyncSession, merchant_id: MerchantId, customer_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    """`{customer_id: [tag name, …]}` by name, in one query (exports)."""
    found: dict[uuid.UUID, list[str]] = {}
    for customer_id, tag in await tag_repository.tags_of(session, merchant_id, customer_ids):
        found.setdefault(customer_id, []).append(tag.name)
    return {cid: sorted(names, key=rules.display_order) for cid, names in found.items()}


async def set_customer_tags(
    session: AsyncSession,
    merchant_id: MerchantId,
    customer_id: uuid.UUID,
    refs: list[str],
    *,
    actor_id: uuid.UUID | None,
) -> list[CustomerTag]:
    """Make `refs` (ids or names) the customer's tags; 404 for another brand's customer or
    tag, 409 `customer.deleted`, 422 `tag.too_many`. Recorded in the audit trail."""
    customer = await customer_service.get_customer(session, merchant_id, customer_id)
    await customer_service.check_not_merged(session, merchant_id, customer)
    if customer.deleted_at is not None:
        raise AppError(DELETED)
    wanted = {tag.id: tag for tag in await _resolve_many(session, merchant_id, refs)}
    rules.check_count(len(wanted))
    # One change at a time hangs off a customer: hold its row (PostgreSQL) to the end.
    await customer_repository.lock(session, merchant_id, customer_id)
    before = {t.id: t for _, t in await tag_repository.tags_of(session, merchant_id, [customer_id])}
    await tag_repository.unlink(session, merchant_id, customer_id, set(before) - set(wanted))
    tag_repository.add_links(
        session, merchant_id, customer_id, wanted.keys() - before.keys(), actor_id=actor_id
    )
    if wanted.keys() != before.keys():
        await session.flush()
        changes = {"tags": {"old": _names(before.values()), "new": _names(wanted.values())}}
        await audit.record_event(
            session, merchant_id, customer_id, actor_id=actor_id, action=TAGS_CHANGED,
            changes=changes,
        )  # fmt: skip
    return _ordered(list(wanted.values()))


def _ordered(tags: list[CustomerTag]) -> list[CustomerTag]:
    return sorted(tags, key=lambda t: rules.display_order(t.name))


def _names(tags: Iterable[CustomerTag]) -> list[str]:
    return [t.name for t in _ordered(list(tags))]


async def _get(
    session: AsyncSession, merchant_id: MerchantId, tag_id: uuid.UUID, *, for_update: bool
) -> CustomerTag:
    tag = await tag_repository.get_live(session, merchant_id, tag_id, for_update=for_update)
    if tag is None:
        raise AppError(NOT_FOUND)
    return tag


async def _resolve_many(
    session: AsyncSession, merchant_id: MerchantId, refs: list[str]
) -> list[CustomerTag]:
    """Each ref's live tag, in order (a tag named twice once); 404 naming the first unknown."""
    ids = {ref: _as_id(ref) for ref in refs}
    keys = {ref: rules.name_key(" ".join(ref.split())) for ref in refs}
    known = [i for i in ids.values() if i is not None]
    by_id = {t.id: t for t in await tag_repository.live_by_ids(session, merchant_id, known)}
    named = {keys[ref] for ref in refs if ids[ref] is None}
    by_key = {t.name_key: t for t in await tag_repository.live_by_keys(session, merchant_id, named)}
    found: dict[uuid.UUID, CustomerTag] = {}
    for ref in refs:
        ref_id = ids[ref]
        tag = by_id.get(ref_id) if ref_id is not None else by_key.get(keys[ref])
        if tag is None:
            raise AppError(NOT_FOUND, {"value": ref})
        found.setdefault(tag.id, tag)
    return list(found.values())


def _as_id(ref: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(ref.strip())
    except ValueError:
        return None


async def _unique_name(
    session: AsyncSession,
    merchant_id: MerchantId,
    key: str,
    tag: CustomerTag,
    write: Callable[[], None],
) -> None:
    """Write in a SAVEPOINT: another live tag named `key` (also one written at the same
    moment) is a 409 naming it."""
    live = await tag_repository.live_by_keys(session, merchant_id, [key])
    clash = [t for t in live if t.id != tag.id]
    if clash:
        holder = clash[0]
        details = {"tag_id": str(holder.id), "name": holder.name}
        raise AppError(NAME_TAKEN, details, name=holder.name)
    try:
        async with session.begin_nested():
            write()
    except IntegrityError:
        raise AppError(NAME_TAKEN, {"name": tag.name}, name=tag.name) from None
