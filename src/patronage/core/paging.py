"""One paging for every list: a page shape and one cursor codec.

A cursor is opaque and tamper-evident: the position where the next page starts, tied to the
list it continues (`scope`: which list, which query) and signed with a keyed MAC derived from
the secret key. A client can neither read nor forge one; a cursor that does not verify or
decode — or continues another list — is 422 naming `query.cursor` (`cursor.invalid`), the same
answer on every list.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from patronage.core.errors import AppError, invalid_fields
from patronage.core.settings import get_settings

T = TypeVar("T")
P = TypeVar("P")

_MAC_BYTES = 16
_signing_key: list[bytes] = []


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, and the cursor of the next (None at the end)."""

    items: list[T]
    next_cursor: str | None


def page_of(rows: list[T], limit: int, *, scope: str, position: Callable[[T], Any]) -> Page[T]:
    """A page from `rows` read as `limit + 1`: the first `limit`, and when there was more, the
    cursor after the last of them (`position` says where it stands)."""
    if len(rows) <= limit:
        return Page(rows, None)
    return Page(rows[:limit], encode_cursor(position(rows[limit - 1]), scope=scope))


def use_secret(secret: str) -> None:
    """Sign cursors with a key derived from `secret` (the app's secret key), from now on."""
    _signing_key[:] = [hashlib.sha256(b"patronage.cursor\0" + secret.encode()).digest()]


def encode_cursor(position: Any, *, scope: str) -> str:
    """An opaque token for `position` (JSON-serialisable), valid only for `scope`."""
    payload = json.dumps([scope, position], separators=(",", ":"), ensure_ascii=False).encode()
    return f"{_b64(payload)}.{_b64(_mac(payload))}"


def decode_cursor(token: str, *, scope: str, parse: Callable[[Any], P]) -> P:
    """The position in `token`, read by `parse` (which raises ValueError, TypeError, KeyError
    or AttributeError on a shape it does not accept); 422 `cursor.invalid` otherwise."""
    try:
        body, _, mac = token.partition(".")
        payload = _unb64(body)
        if not hmac.compare_digest(_unb64(mac), _mac(payload)):
            raise ValueError("signature")
        token_scope, position = json.loads(payload)
        if token_scope != scope:
            raise ValueError("scope")
        return parse(position)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError, binascii.Error):
        raise invalid_cursor() from None


def invalid_cursor() -> AppError:
    """The one answer to a cursor that cannot continue its list."""
    return invalid_fields(("query.cursor", "cursor.invalid"))


def scope_of(*parts: object) -> str:
    """A short digest naming a list and its query, for `scope`."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _mac(payload: bytes) -> bytes:
    if not _signing_key:  # a process that never set it (a script): the configured secret
        use_secret(get_settings().secret_key.get_secret_value())
    return hmac.new(_signing_key[0], payload, hashlib.sha256).digest()[:_MAC_BYTES]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    if not text.isascii():
        raise ValueError("not base64")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
