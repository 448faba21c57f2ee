"""Cutting the data set into chunks and turning each chunk into rows (in worker processes)."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from bench.people import NOW, SPAN_DAYS, person
from bench.rows import Brand, Row, customer_rows, order_rows

CHUNK = 10_000
SAMPLE_EVERY = 97  # big-brand customers kept to build the measured queries from


@dataclass(frozen=True)
class Chunk:
    """People [start, stop) of one brand, and that brand's orders numbered from `first_order`."""

    brand_index: int
    brand: Brand
    start: int
    stop: int
    first_order: int
    orders: int
    brand_orders: int
    seed: int


@dataclass(frozen=True)
class Sample:
    """What a cashier could type to find one customer of the big brand."""

    name: str
    phone: str
    email: str


def brand_sizes(customers: int, big: int, brands: int) -> list[int]:
    """Customers per brand: the first holds `big`, the others share the rest evenly."""
    if brands == 1:
        return [customers]
    rest, others = customers - big, brands - 1
    return [big] + [rest // others + (1 if i < rest % others else 0) for i in range(others)]


def plan_chunks(
    brands: list[Brand], sizes: list[int], *, orders_per_customer: float, seed: int
) -> list[Chunk]:
    """Chunks of at most `CHUNK` people, never straddling two brands."""
    chunks, start = [], 0
    for index, (brand, size) in enumerate(zip(brands, sizes, strict=True)):
        brand_orders = round(size * orders_per_customer)
        for offset in range(0, size, CHUNK):
            stop = min(offset + CHUNK, size)
            first = round(offset * orders_per_customer)
            count = round(stop * orders_per_customer) - first
            chunks.append(
                Chunk(
                    brand_index=index,
                    brand=brand,
                    start=start + offset,
                    stop=start + stop,
                    first_order=first + 1,
                    orders=count,
                    brand_orders=brand_orders,
                    seed=seed,
                )
            )
        start += size
    return chunks


def chunk_rows(chunk: Chunk) -> tuple[dict[str, list[Row]], list[Sample]]:
    """Every row of a chunk, by table, plus the samples it holds."""
    rng = random.Random(chunk.seed * 7_919 + chunk.start)
    tables: dict[str, list[Row]] = defaultdict(list)
    samples: list[Sample] = []
    customer_ids: list[uuid.UUID] = []
    for index in range(chunk.start, chunk.stop):
        someone = person(index, rng)
        rows = customer_rows(someone, chunk.brand, rng)
        for table, items in rows.items():
            tables[table].extend(items)
        customer_ids.append(rows["customers"][0]["id"])
        if chunk.brand_index == 0 and index % SAMPLE_EVERY == 0:
            samples.append(Sample(someone.name, someone.phones[0], someone.emails[0]))
        tables["naive"].append(_naive_row(rows))
    for table, items in _orders(chunk, customer_ids, rng):
        tables[table].extend(items)
    return tables, samples


def _orders(
    chunk: Chunk, customer_ids: list[uuid.UUID], rng: random.Random
) -> Iterator[tuple[str, list[Row]]]:
    # Numbers follow time, as they do when orders are taken one after another.
    span = timedelta(days=SPAN_DAYS)
    total = max(1, chunk.brand_orders)
    for number in range(chunk.first_order, chunk.first_order + chunk.orders):
        created = NOW - span + span * (number / total) - timedelta(seconds=rng.randrange(600))
        customer = rng.choice(customer_ids) if rng.random() < 0.5 else None
        yield from order_rows(chunk.brand, number, created, customer, rng).items()


def _naive_row(rows: dict[str, list[Row]]) -> Row:
    """The same customer as a naive POS stores it: one phone as typed, one email, no index."""
    customer = rows["customers"][0]
    contacts = rows["customer_contacts"]
    phone = next(c for c in contacts if c["kind"] == "phone")
    email = next((c for c in contacts if c["kind"] == "email"), None)
    return {
        "merchant_id": customer["merchant_id"],
        "id": customer["id"],
        "name": customer["name"],
        "phone": phone["display"].replace(" ", ""),
        "email": email["value"] if email else None,
        "created_at": customer["created_at"],
    }
