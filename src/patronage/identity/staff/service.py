"""Adding and listing a brand's staff."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core import security
from patronage.core.errors import AppError
from patronage.core.normalize import normalize_email, normalize_name
from patronage.core.settings import Settings
from patronage.core.tenancy import MerchantId
from patronage.identity.staff import repository as staff_repository
from patronage.identity.staff.errors import ALREADY_MEMBER, EMAIL_TAKEN, WEAK_PASSWORD
from patronage.identity.staff.models import Membership
from patronage.identity.users import repository as user_repository
from patronage.identity.users.kinds import STAFF
from patronage.identity.users.models import User


@dataclass(frozen=True)
class StaffMember:
    user_id: uuid.UUID
    name: str
    email: str
    role: str
    created_at: object


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
    """Give a person a role at the brand; an existing staff account must prove its password."""
    email = normalize_email(email)
    user = await user_repository.get_staff_by_email(session, email)
    if user is None:
        user = await _new_staff_user(session, settings, name=name, email=email, password=password)
    elif not await security.verify_password(user.password_hash, password, settings):
        raise AppError(EMAIL_TAKEN)
    if await staff_repository.get(session, merchant_id, user.id) is not None:
        raise AppError(ALREADY_MEMBER)
    membership = staff_repository.add(
        session,
        Membership(
            merchant_id=merchant_id,
            user_id=user.id,
            role=role,
            created_by=actor_id,
            updated_by=actor_id,
        ),
    )
    await session.flush()
    return _member(membership, user)


async def _new_staff_user(
    session: AsyncSession, settings: Settings, *, name: str, email: str, password: str
) -> User:
    weakness = security.password_weakness(
        password, min_length=settings.password_min_length, email=email
    )
    if weakness:
        raise AppError(WEAK_PASSWORD, {"reason": weakness}, min_length=settings.password_min_length)
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


async def list_staff(session: AsyncSession, merchant_id: MerchantId) -> list[StaffMember]:
    """The brand's staff, oldest first."""
    return [_member(m, u) for m, u in await staff_repository.list_members(session, merchant_id)]


def _member(membership: Membership, user: User) -> StaffMember:
    return StaffMember(
        user_id=user.id,
        name=user.name,
        email=user.email or "",
        role=membership.role,
        created_at=membership.created_at,
    )
