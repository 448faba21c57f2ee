"""What the API answers with when it refuses: the error envelope and its stable code."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import httpx


def error_code(response: httpx.Response) -> str:
    """The stable code of an error envelope (`customer.phone_taken`)."""
    return str(response.json()["error"]["code"])


def error_codes(responses: Iterable[httpx.Response]) -> Counter[str]:
    """How many of `responses` carried each error code (for answers to parallel calls)."""
    return Counter(error_code(r) for r in responses)


def assert_error(response: httpx.Response, status: int, code: str) -> None:
    """The answer is an error envelope with `status` and the stable `code`."""
    assert (response.status_code, error_code(response)) == (status, code), response.text


def invalid_fields(response: httpx.Response) -> dict[str, str]:
    """The fields a `request.invalid` answer names, each with the reason it gives."""
    assert error_code(response) == "request.invalid", response.text
    return {f["path"]: f["type"] for f in response.json()["error"]["details"]["fields"]}
