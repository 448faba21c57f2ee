"""The demo brand's sales: a customer named Đào, and a month of orders, most carrying a
customer, so profiles and the report have something to show."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from patronage.core.columns import new_id, utcnow
from patronage.core.tenancy import MerchantId
from patronage.directory import service as customer_service
from patronage.identity.auth.principal import Staff
from patronage.sale import service as order_service
from patronage.sale.rules import LineDraft

DEMO_ORDERS = 90
SHOP_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
DAO = {
    "name": "Nguyễn Thị Đào",
    "phones": ["0912 345 678"],
    "emails": ["dao@example.com"],
    "note": "Khách quen.\nThích cà phê sữa đá, ít đá.",
}
_MENU = (
    ("CF-01", "Cà phê sữa đá", 29_000),
    ("CF-02", "Cà phê đen", 25_000),
    ("BX-01", "Bạc xỉu", 32_000),
    ("TR-01", "Trà đào cam sả", 45_000),
    ("BM-01", "Bánh mì thịt", 25_000),
    ("CR-01", "Croissant bơ", 35_000),
)


async def seed_dao(
    session: AsyncSession, merchant_id: MerchantId, *, actor_id: uuid.UUID
) -> uuid.UUID:
    """The customer the README's walk-through finds by typing `dao` or `5678`."""
    customer = await customer_service.create_customer(
        session,
        merchant_id,
        actor_id=actor_id,
        source="checkout",
        created_at=utcnow() - timedelta(days=40),
        **DAO,  # type: ignore[arg-type]
    )
    return customer.id


async def seed_orders(
    session: AsyncSession,
    merchant_id: MerchantId,
    *,
    cashier_id: uuid.UUID,
    regulars: list[uuid.UUID],
    count: int = DEMO_ORDERS,
    seed: int = 2026,
) -> int:
    """`count` completed orders over the last 30 days; about three in four carry a customer."""
    rng = random.Random(seed)
    cashier = Staff(
        session_id=new_id(), user_id=cashier_id, kind="staff", merchant_id=merchant_id,
        role="cashier",
    )  # fmt: skip
    moments = sorted(_opening_hours(rng) for _ in range(count))
    customers = await _recent_customers(session, merchant_id)
    for moment in moments:
        customer_id = None
        if rng.random() < 0.75:
            customer_id = rng.choice(regulars) if rng.random() < 0.3 else rng.choice(customers)
        lines = [_line(rng) for _ in range(rng.randint(1, 3))]
        view = await order_service.create_order(
            session, cashier, lines=lines, customer_id=customer_id, at=moment
        )
        await order_service.complete_order(
            session, cashier, view.order.id, at=moment + timedelta(minutes=3)
        )
    return count


def _opening_hours(rng: random.Random) -> datetime:
    """A moment of the last 30 days when the café is open (7:00–21:00 in Vietnam), in UTC."""
    today = utcnow().astimezone(SHOP_TIME).date()
    day = today - timedelta(days=rng.randrange(30))
    opened = datetime.combine(day, time(7), tzinfo=SHOP_TIME)
    moment = opened + timedelta(minutes=rng.randrange(14 * 60))
    return min(moment.astimezone(UTC), utcnow() - timedelta(minutes=5))


def _line(rng: random.Random) -> LineDraft:
    sku, name, price = rng.choice(_MENU)
    return LineDraft(sku, name, rng.choice((1, 1, 1, 2)), price)


async def _recent_customers(session: AsyncSession, merchant_id: MerchantId) -> list[uuid.UUID]:
    page = await customer_service.search_customers(
        session, merchant_id, query=None, limit=100, cursor=None, include_deleted=False
    )
    return [c.id for c in page.items]
