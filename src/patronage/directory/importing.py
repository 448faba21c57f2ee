"""Importing customers: each row validated and normalised as the API does, a batch at a time.

A row whose phone or email an active customer already holds (or an earlier row of the same
file) is `matched`, never created again and never changed, so importing a file twice adds
nothing. The rows of a batch are checked before anything is written, so a bad row never
spoils its batch; the batch's new customers are then written in bulk inside a SAVEPOINT, and
when a concurrent create took one of their contacts meanwhile, the savepoint is undone and
the batch goes again one customer at a time through `create_customer` (which answers 409 for
the taken one: counted as matched). A created customer also gets the row's tags (the brand's
own, by name) and consent answers (with the file's wording version as evidence).

The command line and the worker's import jobs both run `run_import`: one code path.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import uuid
from collections import deque
from collections.abc import (
    AsyncGenerator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import i18n, tenancy
from patronage.core.columns import utcnow
from patronage.core.errors import VALIDATION, AppError, invalid_fields
from patronage.core.http import field_error
from patronage.core.tenancy import MerchantId
from patronage.directory import import_repository, metrics
from patronage.directory import service as customer_service
from patronage.directory.consent import rules as consent_rules
from patronage.directory.consent import service as consent_service
from patronage.directory.contacts import (
    Contact,
    ContactInput,
    check_contact_policy,
    desired_contacts,
)
from patronage.directory.errors import EMAIL_TAKEN, PHONE_TAKEN
from patronage.directory.import_file import SourceRow
from patronage.directory.new_customer import new_customer, rows_of
from patronage.directory.profile import check_birthday
from patronage.directory.schemas import CustomerIn
from patronage.directory.tags import rules as tag_rules
from patronage.directory.tags import service as tag_service
from patronage.directory.tags.models import CustomerTag
from patronage.identity.merchants import service as merchant_service
from patronage.identity.merchants.service import Merchant
from patronage.identity.users import service as user_service

SOURCE = "import"
MULTI_SEPARATOR = ";"
BATCH_SIZE = 1000
PARALLEL_FROM_ROWS = 5000
CONSENT_COLUMNS = dict(zip(consent_rules.EXPORT_COLUMNS, consent_rules.PURPOSES, strict=True))

# A bad field, as the API reports one: `{path, type, message}`; per language for a reject.
Reason = dict[str, Any]
UnitOfWork = Callable[[], AbstractAsyncContextManager[AsyncSession]]


@dataclass(frozen=True)
class BrandRules:
    """What a row is checked against: the brand's settings (plain values, no I/O)."""

    phone_region: str
    contact_policy: str
    time_zone: str
    locale: str

    @classmethod
    def of(cls, merchant: Merchant) -> BrandRules:
        return cls(merchant.phone_region, merchant.contact_policy, merchant.time_zone,
                   merchant.locale)  # fmt: skip


@dataclass(frozen=True)
class Rejected:
    """A row that was not imported, and why: `{path, type, message}` per bad field, in
    every language (a job's reject file is read later, in its reader's language)."""

    row: SourceRow
    reasons_by_lang: dict[str, list[Reason]]

    @property
    def reasons(self) -> list[Reason]:
        return self.reasons_by_lang[i18n.current_lang.get()]


@dataclass(frozen=True)
class Options:
    """How a file is imported: who acts, the consent wording's version, a dry run."""

    actor_id: uuid.UUID | None = None
    consent_wording: str | None = None
    dry_run: bool = False


@dataclass
class BatchOutcome:
    created: int = 0
    matched: int = 0
    rejected: list[Rejected] = field(default_factory=list)


@dataclass
class Summary:
    """The counts of an import so far."""

    read: int = 0
    created: int = 0
    matched: int = 0
    rejected: int = 0

    def add(self, rows: int, outcome: BatchOutcome) -> None:
        self.read += rows
        self.created += outcome.created
        self.matched += outcome.matched
        self.rejected += len(outcome.rejected)


@dataclass(frozen=True)
class _Valid:
    row: SourceRow
    name: str
    contacts: list[Contact]
    birthday: date | None
    locale: str
    note: str | None
    tags: dict[str, str]  # name key → the name as written
    consents: dict[str, str]  # purpose → granted | withdrawn


# What runs inside a batch's transaction after its rows (a job records its progress there).
AfterBatch = Callable[[AsyncSession, list[SourceRow], BatchOutcome], Awaitable[None]]


async def run_import(
    unit_of_work: UnitOfWork,
    merchant_id: MerchantId,
    rows: Iterator[SourceRow],
    *,
    options: Options,
    batch_size: int = BATCH_SIZE,
    after_batch: AfterBatch | None = None,
    checkers: int = 0,
) -> AsyncGenerator[tuple[list[SourceRow], BatchOutcome], None]:
    """Import `rows` a batch per transaction; yields each batch with its outcome once it
    is committed (the command line and the worker's jobs both import this way). With
    `checkers` (see `checkers_for`), that many processes check the next batches' rows
    while this one writes."""
    if options.consent_wording is not None:
        consent_rules.check_wording_version(options.consent_wording)
    async with unit_of_work() as session:
        await tenancy.bind(session, merchant_id=merchant_id)
        rules = BrandRules.of(await merchant_service.get_merchant(session, merchant_id))
    ahead: deque[tuple[list[SourceRow], Awaitable[list[_Valid | Rejected]]]] = deque()

    async def write_next() -> tuple[list[SourceRow], BatchOutcome]:
        batch, checked = ahead.popleft()
        rows_checked = await checked
        return batch, await _write(
            unit_of_work, merchant_id, batch, rows_checked, options, after_batch
        )

    with _Checker(checkers) as checker:
        for batch in batches(rows, batch_size):
            ahead.append((batch, checker.check(rules, batch)))
            if len(ahead) > checker.depth:
                yield await write_next()
        while ahead:
            yield await write_next()


async def _write(
    unit_of_work: UnitOfWork,
    merchant_id: MerchantId,
    batch: list[SourceRow],
    checked: list[_Valid | Rejected],
    options: Options,
    after_batch: AfterBatch | None,
) -> BatchOutcome:
    async with unit_of_work() as session:
        await tenancy.bind(session, merchant_id=merchant_id, user_id=options.actor_id)
        outcome = await import_batch(session, merchant_id, batch, options=options, checked=checked)
        if after_batch is not None:
            await after_batch(session, batch, outcome)
    return outcome


def checkers_for(rows: int) -> int:
    """How many processes should check a file's rows: none for a small file (starting one
    costs about a second), else one per spare core, up to three."""
    if rows < PARALLEL_FROM_ROWS:
        return 0
    return max(1, min((os.cpu_count() or 1) - 1, 3))


class _Checker:
    """Checks batches of rows, in worker processes when there are any (the checks are
    pure: pydantic, phonenumbers and email-validator, about 0.2 ms of CPU a row)."""

    def __init__(self, processes: int) -> None:
        self.depth = processes
        self.pool = None
        if processes:
            # A clean process, not a fork of this one (whose threads may hold locks).
            context = multiprocessing.get_context("forkserver")
            self.pool = ProcessPoolExecutor(processes, mp_context=context)

    def check(self, rules: BrandRules, rows: list[SourceRow]) -> Awaitable[list[_Valid | Rejected]]:
        loop = asyncio.get_running_loop()
        if self.pool is None:
            done: asyncio.Future[list[_Valid | Rejected]] = loop.create_future()
            done.set_result(checked_rows(rules, rows))
            return done
        return loop.run_in_executor(self.pool, checked_rows, rules, rows)

    def __enter__(self) -> _Checker:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def batches(rows: Iterator[SourceRow], size: int) -> Iterator[list[SourceRow]]:
    while batch := list(islice(rows, size)):
        yield batch


async def import_batch(
    session: AsyncSession,
    merchant_id: MerchantId,
    rows: Sequence[SourceRow],
    *,
    options: Options | None = None,
    checked: list[_Valid | Rejected] | None = None,
) -> BatchOutcome:
    """Validate `rows` (unless `checked` already), then create the new customers (none in
    a dry run)."""
    options = options or Options()
    if checked is None:
        merchant = await merchant_service.get_merchant(session, merchant_id)
        checked = checked_rows(BrandRules.of(merchant), rows)
    outcome = BatchOutcome(rejected=[c for c in checked if isinstance(c, Rejected)])
    valid = [c for c in checked if isinstance(c, _Valid)]
    known_tags = await tag_service.live_by_names(
        session, merchant_id, {key for v in valid for key in v.tags}
    )
    fresh, refused = await _unmatched(
        session, merchant_id, valid, lambda v: _refusal(v, known_tags, options)
    )
    outcome.rejected += refused
    created = len(fresh)
    if fresh and not options.dry_run:
        created = await _create(session, merchant_id, fresh, known_tags, options)
    outcome.created = created
    outcome.matched = len(valid) - len(refused) - created
    if not options.dry_run:
        metrics.import_rows(
            session, created=created, matched=outcome.matched, rejected=len(outcome.rejected)
        )
        metrics.customers_created(session, "import", created)
    return outcome


def checked_rows(rules: BrandRules, rows: Iterable[SourceRow]) -> list[_Valid | Rejected]:
    """Each row's customer, or why it is refused (pure: no I/O)."""
    return [_checked(rules, row) for row in rows]


def _checked(rules: BrandRules, row: SourceRow) -> _Valid | Rejected:
    try:
        return validated(rules, row)
    except AppError:
        return Rejected(row, _in_every_language(lambda: _reasons_of(rules, row)))


def _reasons_of(rules: BrandRules, row: SourceRow) -> list[Reason]:
    try:
        validated(rules, row)
    except AppError as exc:
        return list(exc.details.get("fields", []))
    return []


def _in_every_language(reasons: Callable[[], list[Reason]]) -> dict[str, list[Reason]]:
    """`reasons()` worked out in each language the service speaks."""
    found: dict[str, list[Reason]] = {}
    for lang in i18n.SUPPORTED:
        token = i18n.current_lang.set(lang)
        try:
            found[lang] = reasons()
        finally:
            i18n.current_lang.reset(token)
    return found


def _reason(path: str, kind: str, **params: object) -> Callable[[], list[Reason]]:
    key = f"field.{kind}"
    return lambda: [{"path": path, "type": kind, "message": i18n.translate(key, **params)}]


def validated(rules: BrandRules, row: SourceRow) -> _Valid:
    """The row's customer, checked by the API's own schema and the directory's rules; 422
    naming each bad field otherwise."""
    if row.fields.get("deleted_at", "").strip():
        raise invalid_fields(("deleted_at", "import.deleted_row"))
    try:
        body = CustomerIn.model_validate(_body(row.fields))
    except ValidationError as exc:
        raise AppError(VALIDATION, {"fields": [field_error(e) for e in exc.errors()]}) from None
    phones = [ContactInput(p.number, p.primary) for p in body.phones]
    emails = [ContactInput(e.address, e.primary) for e in body.emails]
    contacts = desired_contacts(phones, emails, rules.phone_region)
    check_contact_policy(rules.contact_policy, contacts)
    check_birthday(body.birthday, rules.time_zone)
    locale = body.locale or rules.locale
    tags, consents = _tags(row.fields), _consents(row.fields)
    return _Valid(row, body.name, contacts, body.birthday, locale, body.note or None, tags,
                  consents)  # fmt: skip


def _tags(cells: dict[str, str]) -> dict[str, str]:
    """The row's tag names by name key (`tags.rules`); 422 for a bad name or too many."""
    names: dict[str, str] = {}
    for raw in _split(cells.get("tags", "")):
        try:
            name = tag_rules.normalize_name(raw)
        except AppError:
            raise invalid_fields(("tags", "import.tag_invalid")) from None
        names.setdefault(tag_rules.name_key(name), name)
    if len(names) > tag_rules.PER_CUSTOMER_MAX:
        raise invalid_fields(("tags", "import.too_many_tags"))
    return names


def _consents(cells: dict[str, str]) -> dict[str, str]:
    """The row's consent answers by purpose; 422 naming a cell that is not one."""
    answers = {}
    for column, purpose in CONSENT_COLUMNS.items():
        value = cells.get(column, "").strip().lower()
        if value and value not in consent_rules.STATUSES:
            raise invalid_fields((column, "import.consent_invalid"))
        if value:
            answers[purpose] = value
    return answers


def _refusal(
    customer: _Valid, known_tags: Mapping[str, CustomerTag], options: Options
) -> Callable[[], list[Reason]] | None:
    """Why a row that would create a customer cannot (a tag the brand lacks, a consent
    answer without the wording's version), as reasons to work out; None when it can."""
    unknown = [name for key, name in customer.tags.items() if key not in known_tags]
    if unknown:
        return _reason("tags", "import.tag_unknown", name=unknown[0])
    if customer.consents and options.consent_wording is None:
        column = consent_rules.EXPORT_COLUMNS[consent_rules.PURPOSES.index(
            next(iter(customer.consents)))]  # fmt: skip
        return _reason(column, "import.consent_wording_missing")
    return None


def _body(cells: dict[str, str]) -> dict[str, Any]:
    """A create request's body from a row's cells: lists split on `;`, blanks left out."""
    lists = ("phones", "emails")
    dropped = ("deleted_at", "tags", *CONSENT_COLUMNS)
    body: dict[str, Any] = {
        k: v.strip() for k, v in cells.items() if k not in lists and k not in dropped
    }
    for kind in lists:
        body[kind] = _split(cells.get(kind, ""))
    body.setdefault("name", "")
    return body


def _split(cell: str) -> list[str]:
    return [v for v in (part.strip() for part in cell.split(MULTI_SEPARATOR)) if v]


def reason_text(rejected: Rejected, lang: i18n.Lang | None = None) -> str:
    """Why a row was refused, field by field, in `lang` (default: the current language)."""
    reasons = rejected.reasons_by_lang[lang or i18n.current_lang.get()]
    return "; ".join(
        f"{r['path'].removeprefix('body.')}: {r['message']}" if r.get("path") else r["message"]
        for r in reasons
    )


async def _unmatched(
    session: AsyncSession,
    merchant_id: MerchantId,
    customers: list[_Valid],
    refusal: Callable[[_Valid], Callable[[], list[Reason]] | None],
) -> tuple[list[_Valid], list[Rejected]]:
    """The customers none of whose contacts is held already, by the brand or an earlier
    row, that can be created; and those of them that `refusal` refuses."""
    held = await import_repository.held_values(
        session, merchant_id, {c.value for v in customers for c in v.contacts}
    )
    fresh, refused = [], []
    for customer in customers:
        mine = {c.value for c in customer.contacts}
        why = None if mine & held else refusal(customer)
        if why is not None:
            refused.append(Rejected(customer.row, _in_every_language(why)))
            continue
        if not mine & held:
            fresh.append(customer)
        held |= mine
    return fresh, refused


async def _create(
    session: AsyncSession,
    merchant_id: MerchantId,
    customers: list[_Valid],
    known_tags: Mapping[str, CustomerTag],
    options: Options,
) -> int:
    """How many of `customers` were created (all at once, or else one by one), each with
    the row's tags and consent answers."""
    try:
        async with session.begin_nested():
            ids = await _add_all(session, merchant_id, customers, actor_id=options.actor_id)
        created = list(zip(ids, customers, strict=True))
    except IntegrityError:
        created = await _add_one_by_one(session, merchant_id, customers, actor_id=options.actor_id)
    tagged = {i: [known_tags[key] for key in c.tags] for i, c in created if c.tags}
    await tag_service.tag_new_customers(session, merchant_id, tagged, actor_id=options.actor_id)
    answers = {i: c.consents for i, c in created if c.consents}
    if answers and options.consent_wording is not None:
        await consent_service.record_imported(
            session, merchant_id, answers, wording_version=options.consent_wording,
            actor_id=options.actor_id,
        )  # fmt: skip
    return len(created)


async def _add_all(
    session: AsyncSession,
    merchant_id: MerchantId,
    customers: list[_Valid],
    *,
    actor_id: uuid.UUID | None,
) -> list[uuid.UUID]:
    user_ids = await user_service.add_customer_users(
        session, [(c.name, c.locale) for c in customers]
    )
    made = [
        new_customer(
            name=c.name,
            contacts=c.contacts,
            birthday=c.birthday,
            locale=c.locale,
            note=c.note,
            user_id=user_id,
            actor_id=actor_id,
            source=SOURCE,
            at=utcnow(),  # one by one: the newest-first listing keeps the file's order
        )
        for c, user_id in zip(customers, user_ids, strict=True)
    ]
    rows = [rows_of(c, merchant_id) for c in made]
    await import_repository.add_customers(
        session,
        customers=[r.customer for r in rows],
        contacts=[contact for r in rows for contact in r.contacts],
        terms=[term for r in rows for term in r.terms],
        events=[r.event for r in rows],
    )
    return [c.id for c in made]


async def _add_one_by_one(
    session: AsyncSession,
    merchant_id: MerchantId,
    customers: list[_Valid],
    *,
    actor_id: uuid.UUID | None,
) -> list[tuple[uuid.UUID, _Valid]]:
    created = []
    for customer in customers:
        try:
            made = await customer_service.create_customer(
                session,
                merchant_id,
                actor_id=actor_id,
                name=customer.name,
                phones=_inputs(customer, "phone"),
                emails=_inputs(customer, "email"),
                birthday=customer.birthday,
                locale=customer.locale,
                note=customer.note,
                source=SOURCE,
            )
            created.append((made.id, customer))
        except AppError as exc:
            if exc.error not in (PHONE_TAKEN, EMAIL_TAKEN):
                raise
    return created


def _inputs(customer: _Valid, kind: str) -> list[ContactInput]:
    return [ContactInput(c.value, c.primary) for c in customer.contacts if c.kind == kind]
