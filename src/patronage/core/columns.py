"""The declarative base and the columns every table shares, defined once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, cast

from sqlalchemy import (
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    MetaData,
    Table,
    Uuid,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on PostgreSQL and SQLite alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is UTC:
            return value  # PostgreSQL sessions run in UTC: the common case costs nothing
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), uuid.UUID: Uuid()}


class CommonColumns:
    """Audit timestamps and actors, soft delete, and an optimistic-concurrency version."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(default=None)
    created_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # The ORM adds `AND version = :old` to every UPDATE and bumps it, so a lost
        # update surfaces as StaleDataError instead of silently overwriting.
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class MerchantScoped:
    """A row that belongs to one merchant; `merchant_id` leads its primary key."""

    __tenant_scoped__ = True

    @declared_attr
    def merchant_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(
            ForeignKey("merchants.id", ondelete="RESTRICT"), primary_key=True, sort_order=-10
        )


def same_merchant_reference(column: str, parent_table: str) -> ForeignKeyConstraint:
    """`column` names a row of `parent_table` of the same merchant (composite key)."""
    return ForeignKeyConstraint(
        ["merchant_id", column], [f"{parent_table}.merchant_id", f"{parent_table}.id"]
    )


def partial_unique_index(name: str, *columns: str, where: str) -> Index:
    """A unique index over the rows for which `where` holds, on PostgreSQL and SQLite."""
    return Index(
        name, *columns, unique=True, postgresql_where=text(where), sqlite_where=text(where)
    )


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def scoped_table_names() -> set[str]:
    """Names of every merchant-scoped table (row-level security applies to each)."""
    return {
        cast(Table, mapper.local_table).name
        for mapper in Base.registry.mappers
        if getattr(mapper.class_, "__tenant_scoped__", False)
    }
