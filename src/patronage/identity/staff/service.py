"""A brand's staff: adding (operator), attaching invitees, roles and removal (owners)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import locks, security
from patronage.core.columns import utcnow
from patronage.core.errors import AppError
from patronage.core.normalize import normalize_email, normalize_name
from patronage.core.settings import Settings
from patronage.core.tenancy import MerchantId
from patronage.identity.auth import service as auth_service
from patronage.identity.staff import repository as staff_repository
from patronage.identity.staff.errors import (
    ALREADY_MEMBER,
    EMAIL_TAKEN,
    LAST_OWNER,
    MEMBER_NOT_FOUND,
    WEAK_PASSWORD,
)
from patronage.identity.staff.models import OWNER, Membership
from patronage.identity.users import repository as user_repository
from patronage.identity.users.kinds import STAFF
from patronage.identity.users.models import User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StaffMember:
    user_id: uuid.UUID
    name: str
    email: str
    role: str
    created_at: datetime


async def add_staff(
    session: AsyncSession,
    settings: Settings,
    merchant_id: MerchantId,
    *,
    name: str,
    email: str,
    password: str,
    role: str,
    actor_id: uuid.UUID | None,
) -> StaffMember:
    """The operator's direct path (CLI, a new brand's first owner): give a person a role;
    an existing staff account must prove its password. Not reachable from the API."""
    email = normalize_email(email)
    user = await get_staff_user(session, email)
    if user is None:
        user = await create_staff_user(session, settings, name=name, email=email, password=password)
    elif not await security.verify_password(user.password_hash, password, settings):
        raise AppError(EMAIL_TAKEN)
    return await attach(session, merchant_id, user, role=role, actor_id=actor_id)


async def get_staff_user(session: AsyncSession, email: str) -> User | None:
    """The staff account signing in with this (normalised) email, if any."""
    return await user_repository.get_staff_by_email(session, email)


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    """A user by id."""
    return await user_repository.get(session, user_id)


def check_password(settings: Settings, password: str, *, email: str | None = None) -> None:
    """Refuse (422 `staff.weak_password`) a password that is too short or too common."""
    minimum = settings.password_min_length
    weakness = security.password_weakness(password, min_length=minimum, email=email)
    if weakness:
        raise AppError(WEAK_PASSWORD, security.weakness_details(weakness), min_length=minimum)


async def create_staff_user(
    session: AsyncSession, settings: Settings, *, name: str, email: str, password: str
) -> User:
    """A new staff account with its own password."""
    check_password(settings, password, email=email)
    user = user_repository.add(
        session,
        User(
            kind=STAFF,
            name=normalize_name(name),
            email=email,
            password_hash=await security.hash_password(password, settings),
        ),
    )
    await session.flush()
    return user


async def is_member(session: AsyncSession, merchant_id: MerchantId, user_id: uuid.UUID) -> bool:
    """Whether the user currently has a role at the brand."""
    membership = await staff_repository.get(session, merchant_id, user_id)
    return membership is not None and membership.deleted_at is None


async def attach(
    session: AsyncSession,
    merchant_id: MerchantId,
    user: User,
    *,
    role: str,
    actor_id: uuid.UUID | None,
) -> StaffMember:
    """Give the user a role at the brand (again, if they were removed before)."""
    membership = await staff_repository.get(session, merchant_id, user.id)
    if membership is not None and membership.deleted_at is None:
        raise AppError(ALREADY_MEMBER)
    if membership is None:
        membership = staff_repository.add(
            session,
            Membership(merchant_id=merchant_id, user_id=user.id, role=role, created_by=actor_id),
        )
    membership.role, membership.deleted_at, membership.updated_by = role, None, actor_id
    await session.flush()
    return _member(membership, user)


async def list_staff(session: AsyncSession, merchant_id: MerchantId) -> list[StaffMember]:
    """The brand's staff, oldest first."""
    return [_member(m, u) for m, u in await staff_repository.list_members(session, merchant_id)]


async def change_role(
    session: AsyncSession,
    merchant_id: MerchantId,
    user_id: uuid.UUID,
    *,
    role: str,
    actor_id: uuid.UUID,
) -> StaffMember:
    """Make a member an owner or a cashier; the last owner stays one. Their open sessions
    at the brand take the new role at once."""
    membership, user = await _owners_locked_member(session, merchant_id, user_id)
    if membership.role == OWNER and role != OWNER:
        await _keep_an_owner(session, merchant_id)
    membership.role, membership.updated_by = role, actor_id
    await session.flush()
    await auth_service.sync_member_sessions(session, merchant_id, user_id, role=role)
    log.info("staff.role_changed", extra={"member": str(user_id), "role": role})
    return _member(membership, user)


async def remove(
    session: AsyncSession, merchant_id: MerchantId, user_id: uuid.UUID, *, actor_id: uuid.UUID
) -> None:
    """Take a member off the brand (never the last owner) and end their sessions there."""
    membership, _ = await _owners_locked_member(session, merchant_id, user_id)
    if membership.role == OWNER:
        await _keep_an_owner(session, merchant_id)
    membership.deleted_at, membership.updated_by = utcnow(), actor_id
    await session.flush()
    await auth_service.sync_member_sessions(session, merchant_id, user_id, role=None)
    log.info("staff.removed", extra={"member": str(user_id)})


async def _owners_locked_member(
    session: AsyncSession, merchant_id: MerchantId, user_id: uuid.UUID
) -> tuple[Membership, User]:
    # One change of the brand's owners at a time: two owners demoting each other in
    # parallel must not leave the brand with none.
    await locks.serialise(session, f"staff.owners:{merchant_id}")
    membership = await staff_repository.get(session, merchant_id, user_id)
    user = await user_repository.get(session, user_id)
    if membership is None or membership.deleted_at is not None or user is None:
        raise AppError(MEMBER_NOT_FOUND)
    return membership, user


async def _keep_an_owner(session: AsyncSession, merchant_id: MerchantId) -> None:
    if await staff_repository.count_owners(session, merchant_id) <= 1:
        raise AppError(LAST_OWNER)


def _member(membership: Membership, user: User) -> StaffMember:
    return StaffMember(
        user_id=user.id,
        name=user.name,
        email=user.email or "",
        role=membership.role,
        created_at=membership.created_at,
    )
