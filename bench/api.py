"""The measured HTTP operations: lookups, health, and the checkout writes."""

from __future__ import annotations

import json
import random
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench.loadgen import Answer, Call, Connection, run_cell
from bench.people import person
from bench.rows import CATALOG
from bench.stats import Summary

JSON = {"Content-Type": "application/json"}
HEALTHZ = Call("GET", "/healthz")


@dataclass(frozen=True)
class Cell:
    """How much load one measured cell may send."""

    concurrency: int
    count: int
    time_cap_s: float


async def sign_in(port: int, email: str, password: str, merchant_id: object) -> dict[str, str]:
    """A bearer header for the staff member, signed in through the API."""
    body = {"email": email, "password": password, "merchant_id": str(merchant_id)}
    connection = Connection(port)
    try:
        answer = await connection.send(
            Call("POST", "/api/v1/auth/staff/sign-in", json.dumps(body).encode(), JSON)
        )
    finally:
        await connection.close()
    if answer.status != 200:
        raise RuntimeError(f"sign-in failed: {answer.status} {answer.body[:200]!r}")
    return {"Authorization": f"Bearer {json.loads(answer.body)['token']}"}


def lookup_call(query: str, auth: dict[str, str], limit: int) -> Call:
    params = urllib.parse.urlencode({"q": query, "limit": limit})
    return Call("GET", f"/api/v1/customers?{params}", headers=auth)


async def lookup(
    port: int, queries: Sequence[str], auth: dict[str, str], cell: Cell, *, limit: int
) -> Summary:
    """The lookup of `queries` in turn, from `cell.concurrency` closed loops."""
    calls = [lookup_call(q, auth, limit) for q in queries]
    return await run_cell(
        port,
        lambda i: calls[i % len(calls)],
        concurrency=cell.concurrency,
        count=cell.count,
        time_cap_s=cell.time_cap_s,
    )


async def healthz(port: int, cell: Cell) -> Summary:
    return await run_cell(
        port,
        lambda i: HEALTHZ,
        concurrency=cell.concurrency,
        count=cell.count,
        time_cap_s=cell.time_cap_s,
    )


async def result_counts(
    port: int, queries: Sequence[str], auth: dict[str, str], *, limit: int
) -> list[int]:
    """How many customers each query finds (first page): what the timed lookups return."""
    connection = Connection(port)
    counts = []
    try:
        for query in queries:
            answer = await connection.send(lookup_call(query, auth, limit))
            if answer.status != 200:
                raise RuntimeError(f"lookup {query!r}: {answer.status} {answer.body[:200]!r}")
            counts.append(len(json.loads(answer.body)["items"]))
    finally:
        await connection.close()
    return counts


class Checkout:
    """The sale flow's writes, in order: create customers, open orders, attach, change,
    complete. Each step works on what the previous one created."""

    def __init__(self, port: int, auth: dict[str, str], *, first_index: int, seed: int) -> None:
        self.port, self.auth = port, {**auth, **JSON}
        self.first_index = first_index
        self.rng = random.Random(seed)
        self.customers: dict[int, str] = {}
        self.orders: dict[int, str] = {}

    async def create_customers(self, cell: Cell) -> Summary:
        return await self._run(cell, self._create_customer, self._keep(self.customers))

    async def open_orders(self, cell: Cell) -> Summary:
        body = json.dumps({"lines": [self._line()]}).encode()
        return await self._run(
            cell, lambda i: Call("POST", "/api/v1/orders", body, self.auth, (201,)),
            self._keep(self.orders),
        )  # fmt: skip

    async def attach(self, cell: Cell) -> Summary:
        customers = list(self.customers.values())

        def make(i: int) -> Call:
            body = json.dumps({"customer_id": customers[i % len(customers)]}).encode()
            return Call("PUT", f"{self._order(i)}/customer", body, self.auth)

        return await self._run(cell, make)

    async def change(self, cell: Cell) -> Summary:
        def make(i: int) -> Call:
            body = json.dumps({"lines": [self._line(), self._line()]}).encode()
            return Call("PATCH", self._order(i), body, self.auth)

        return await self._run(cell, make)

    async def complete(self, cell: Cell) -> Summary:
        return await self._run(
            cell, lambda i: Call("POST", f"{self._order(i)}/complete", b"", self.auth)
        )

    def _order(self, i: int) -> str:
        ids = list(self.orders.values())
        return f"/api/v1/orders/{ids[i % len(ids)]}"

    def _create_customer(self, i: int) -> Call:
        # Indexes past the data set's give phones and emails nobody holds yet.
        someone = person(self.first_index + i, self.rng)
        body = {
            "name": someone.name,
            "phones": [someone.phones[0]],
            "emails": [someone.emails[0]],
            "birthday": someone.birthday.isoformat() if someone.birthday else None,
        }
        return Call("POST", "/api/v1/customers", json.dumps(body).encode(), self.auth, (201,))

    def _line(self) -> dict[str, Any]:
        sku, name, price = self.rng.choice(CATALOG)
        return {"sku": sku, "name": name, "quantity": self.rng.randint(1, 3), "unit_price": price}

    def _keep(self, into: dict[int, str]) -> Any:
        def keep(index: int, answer: Answer) -> None:
            into[index] = json.loads(answer.body)["id"]

        return keep

    async def _run(self, cell: Cell, make: Any, on_answer: Any = None) -> Summary:
        return await run_cell(
            self.port,
            make,
            concurrency=cell.concurrency,
            count=cell.count,
            time_cap_s=cell.time_cap_s,
            on_answer=on_answer,
        )
