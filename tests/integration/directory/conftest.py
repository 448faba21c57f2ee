"""What the directory's tests share."""

from __future__ import annotations

import httpx
import pytest

from patronage.core.db import Database
from tests.factories import Brand, create_brand, create_customer


@pytest.fixture
async def dao_brand(client: httpx.AsyncClient, db: Database) -> Brand:
    """A brand whose directory holds Nguyễn Thị Đào and a few others."""
    brand = await create_brand(client, db)
    await create_customer(
        client, brand, name="Nguyễn Thị Đào", phones=["0912 345 678"], emails=["dao@example.com"]
    )
    await create_customer(client, brand, name="Trần Văn Bình", phones=["0987 654 321"])
    await create_customer(client, brand, name="Lê Hoàng Dũng", phones=["0345 678 912"])
    return brand
