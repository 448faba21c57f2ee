"""Sale fixtures: a second customer to put on an order in place of the first."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.factories import Brand, create_customer


@pytest.fixture
async def lan(client: httpx.AsyncClient, brand: Brand, customer: dict[str, Any]) -> dict[str, Any]:
    """Trần Lan: a second customer of `brand`, made after `customer`."""
    return await create_customer(client, brand, name="Trần Lan")
