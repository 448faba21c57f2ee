"""Forwarded headers are believed only from trusted proxies."""

from __future__ import annotations

from starlette.types import Scope

from patronage.core.proxies import client_address, is_https

TRUSTED = ["10.0.0.0/8"]


def _scope(peer: str, **headers: str) -> Scope:
    raw = [(k.lower().replace("_", "-").encode(), v.encode()) for k, v in headers.items()]
    return {"type": "http", "scheme": "http", "client": (peer, 5000), "headers": raw}


def test_the_peer_is_the_client_without_a_trusted_proxy() -> None:
    scope = _scope("203.0.113.9", x_forwarded_for="198.51.100.1")
    assert client_address(scope, TRUSTED) == "203.0.113.9"


def test_a_trusted_proxy_names_the_client() -> None:
    scope = _scope("10.0.0.2", x_forwarded_for="198.51.100.1")
    assert client_address(scope, TRUSTED) == "198.51.100.1"


def test_a_client_cannot_forge_its_address_through_a_trusted_proxy() -> None:
    scope = _scope("10.0.0.2", x_forwarded_for="192.0.2.66, 198.51.100.1, 10.0.0.3")
    assert client_address(scope, TRUSTED) == "198.51.100.1"


def test_tls_is_believed_only_from_a_trusted_proxy() -> None:
    assert is_https(_scope("10.0.0.2", x_forwarded_proto="https"), TRUSTED)
    assert not is_https(_scope("203.0.113.9", x_forwarded_proto="https"), TRUSTED)
    assert not is_https(_scope("10.0.0.2", x_forwarded_proto="https"), [])
