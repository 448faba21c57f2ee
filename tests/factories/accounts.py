"""Helpers for customer accounts and the codes sent to them."""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from patronage.core import security, tenancy
from patronage.core.db import Database
from patronage.identity.users.kinds import CUSTOMER
from patronage.identity.users.models import User
from patronage.messaging.models import OutboxMessage
from tests.factories import Brand

CUSTOMER_PASSWORD = "a-customer-secret-42"
CUSTOMERS = "/api/v1/customers"
_CODE = re.compile(r"\b(\d{6})\b")


def unique_phone() -> str:
    """A valid Vietnamese mobile number in E.164 that no other test uses (in all likelihood)."""
    return f"+849{random.choice('0134')}{random.randrange(10**7):07d}"


def unique_customer_email(prefix: str = "dao") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.com"


def random_address() -> str:
    """A client address of its own, so per-address limits of one test never touch another."""
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


@asynccontextmanager
async def client_from(app: FastAPI, address: str | None = None) -> AsyncIterator[httpx.AsyncClient]:
    """An API client calling from `address` (default: a fresh random one)."""
    transport = httpx.ASGITransport(app=app, client=(address or random_address(), 50_000))
    async with httpx.AsyncClient(transport=transport, base_url="http://patronage.test") as c:
        yield c


async def create_account(
    db: Database,
    *,
    email: str | None = None,
    phone: str | None = None,
    password: str | None = None,
    locale: str = "en",
    name: str = "Nguyễn Thị Đào",
) -> User:
    """An active customer account that already proved its email and/or phone."""
    password_hash = await security.hash_password(password, db.settings) if password else None
    async with db.unit_of_work() as session:
        user = User(
            kind=CUSTOMER,
            name=name,
            verified_email=email,
            verified_phone=phone,
            password_hash=password_hash,
            locale=locale,
        )
        session.add(user)
    return user


async def latest_message(db: Database, destination: str) -> OutboxMessage | None:
    async with db.unit_of_work() as session:
        await tenancy.bind_worker(session)
        result = await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.destination == destination)
            .order_by(OutboxMessage.created_at.desc())
            .limit(1)
        )
        return result.first()


async def code_in_latest_message(
    db: Database, destination: str, pattern: re.Pattern[str] = _CODE
) -> str:
    """The code (`pattern`'s group) in the newest message queued for `destination`."""
    message = await latest_message(db, destination)
    assert message is not None and message.body_text, f"no message queued for {destination}"
    found = pattern.search(message.body_text)
    assert found, message.body_text
    return found.group(1)


async def latest_code(db: Database, destination: str) -> str:
    """The one-time code in the newest message queued for `destination` (as the worker sends it)."""
    return await code_in_latest_message(db, destination)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


async def start(
    client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any], channel: str = "email"
) -> httpx.Response:
    return await client.post(
        f"{CUSTOMERS}/{customer['id']}/promotion", json={"channel": channel}, headers=brand.cashier
    )


async def verify(
    client: httpx.AsyncClient,
    brand: Brand,
    customer: dict[str, Any],
    challenge_id: str,
    code: str,
    **extra: str,
) -> httpx.Response:
    return await client.post(
        f"{CUSTOMERS}/{customer['id']}/promotion/verify",
        json={"challenge_id": challenge_id, "code": code, **extra},
        headers=brand.cashier,
    )


async def promote(
    client: httpx.AsyncClient,
    db: Database,
    brand: Brand,
    customer: dict[str, Any],
    channel: str = "email",
    **extra: str,
) -> httpx.Response:
    started = await start(client, brand, customer, channel)
    assert started.status_code == 202, started.text
    destination = (
        customer["emails"][0]["address"] if channel == "email" else customer["phones"][0]["number"]
    )
    code = await latest_code(db, destination)
    return await verify(client, brand, customer, started.json()["challenge_id"], code, **extra)
