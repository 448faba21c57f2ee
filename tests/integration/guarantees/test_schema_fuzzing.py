"""Schema fuzzing: schemathesis drives every operation of `/openapi.json` in process.

Signed in as a brand's owner (a customer for `/me`), each operation gets a bounded number of
generated requests:
valid ones against real ids of the brand, valid ones with generated ids, and invalid ones.
Every answer must be no 5xx, a documented status, a documented content type, match the
documented schema (errors included: the envelope is in the schema) and carry `X-Request-Id`;
invalid input must be refused with a 4xx. The figures (requests sent, 5xx seen) are printed
for the README.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from patronage.app import create_app
from patronage.core.db import Database
from tests.factories import PASSWORD, create_merchant, unique_email, vn_phone
from tests.factories.accounts import CUSTOMER_PASSWORD, create_account, unique_customer_email
from tests.integration.conftest import _refuse_unscoped_queries, make_settings

# A deeper, slower hunt: PATRONAGE_TEST_FUZZ_EXAMPLES=60 (about 3,800 requests per database).
EXAMPLES_PER_MODE = int(os.environ.get("PATRONAGE_TEST_FUZZ_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Spends the token the fuzzer signs in with; the isolation matrix covers it.
NOT_FUZZED = {"POST /api/v1/auth/sign-out"}
MINE = "/api/v1/me"  # a customer's own routes: fuzzed with a customer's token
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_MODE,
    deadline=timedelta(seconds=5),
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    operations: int = 0

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


@pytest.fixture
def fuzzed_app(database_url: str) -> Iterator[FastAPI]:
    """The app, started by schemathesis's in-process ASGI client (its own event loop)."""
    settings_ = make_settings(database_url)
    app = create_app(settings_)
    try:
        yield app
    finally:
        asgi.shutdown_lifespans()


def _accounts(database_url: str) -> tuple[str, str]:
    """A brand's owner and a customer account (with a password), by their emails."""
    email, customer_email = unique_email("fuzz-owner"), unique_customer_email("fuzz")

    async def create() -> None:
        db = Database(make_settings(database_url))
        try:
            async with db.unit_of_work() as session:
                await create_merchant(session, db, name="Cà Phê Fuzz", owner_email=email)
            await create_account(db, email=customer_email, password=CUSTOMER_PASSWORD)
        finally:
            await db.dispose()

    asyncio.run(create())
    return email, customer_email


def _real_ids(client: Any, headers: dict[str, str]) -> dict[str, str]:
    customer = client.post(
        "/api/v1/customers",
        json={"name": "Trần Fuzz", "phones": [vn_phone()], "emails": [unique_email("fz")]},
        headers=headers,
    )
    order = client.post(
        "/api/v1/orders",
        json={"lines": [{"sku": "A", "name": "B", "quantity": 1, "unit_price": 1}]},
        headers=headers,
    )
    assert customer.status_code == 201 and order.status_code == 201, customer.text + order.text
    return {"customer_id": customer.json()["id"], "order_id": order.json()["id"]}


def _fuzz(
    operation: Any, mode: GenerationMode, headers: dict[str, str], tally: Tally, **fixed: Any
) -> None:
    @FUZZ_SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    def run(case: schemathesis.Case) -> None:
        try:
            response = case.call(headers=headers)
        except Exception as error:  # the in-process app raised after answering 500
            tally.statuses[500] += 1
            tally.failures.append(f"{operation.label} ({mode.value}): 500 {error!r}")
            return
        tally.statuses[response.status_code] += 1
        if "x-request-id" not in response.headers:
            tally.failures.append(f"{operation.label}: {response.status_code} without X-Request-Id")
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except BaseException as failure:  # schemathesis raises an exception group
            if not isinstance(failure, Exception | BaseExceptionGroup):
                raise
            first = str(failure).strip().splitlines()
            tally.failures.append(f"{operation.label} ({mode.value}): {' '.join(first[:12])}")

    try:
        run()
    except Unsatisfiable:
        if mode is not GenerationMode.NEGATIVE:
            raise  # an operation without parameters has no invalid input to send


def test_every_operation_answers_as_documented_and_never_5xx(
    database_url: str, fuzzed_app: FastAPI
) -> None:
    started = time.monotonic()
    owner_email, customer_email = _accounts(database_url)
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed_app)
    _refuse_unscoped_queries(fuzzed_app.state.db)
    with asgi.get_client(fuzzed_app) as client:
        owner = client.post(
            "/api/v1/auth/staff/sign-in", json={"email": owner_email, "password": PASSWORD}
        )
        customer = client.post(
            "/api/v1/auth/customer/sign-in",
            json={"destination": customer_email, "password": CUSTOMER_PASSWORD},
        )
        staff_headers = {"Authorization": f"Bearer {owner.json()['token']}"}
        customer_headers = {"Authorization": f"Bearer {customer.json()['token']}"}
        real = _real_ids(client, staff_headers)
    tally = Tally()
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.label in NOT_FUZZED:
            continue
        tally.operations += 1
        headers = customer_headers if operation.path.startswith(MINE) else staff_headers
        names = {p.name for p in operation.path_parameters}
        ids = {name: real[name] for name in names if name in real}
        if ids:
            _fuzz(operation, GenerationMode.POSITIVE, headers, tally, path_parameters=ids)
        _fuzz(operation, GenerationMode.POSITIVE, headers, tally)
        _fuzz(operation, GenerationMode.NEGATIVE, headers, tally)
    seconds = time.monotonic() - started
    print(
        f"schema fuzzing: {tally.requests} requests over {tally.operations} operations"
        f" in {seconds:.1f} s, 5xx seen: {tally.server_errors}, statuses: {dict(tally.statuses)}"
    )
    assert tally.server_errors == 0, tally.failures
    assert not tally.failures, "\n".join(tally.failures)
