"""Forwarded headers are believed only from trusted proxies."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from starlette.types import Scope

from patronage.cli.serve import forwarded_allow_ips
from patronage.core.proxies import client_address, is_https
from patronage.core.settings import Settings

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


def test_when_every_hop_is_trusted_the_farthest_one_is_the_client() -> None:
    scope = _scope("10.0.0.2", x_forwarded_for="10.0.1.7, 10.0.1.5")
    assert client_address(scope, TRUSTED) == "10.0.1.7"


def test_a_garbled_hop_stops_the_walk_at_the_last_trusted_address() -> None:
    scope = _scope("10.0.0.2", x_forwarded_for="203.0.113.9, not-an-ip")
    assert client_address(scope, TRUSTED) == "10.0.0.2"


def test_trusted_proxies_are_read_as_a_comma_separated_list() -> None:
    settings = Settings(trusted_proxies="10.0.0.1, 10.0.1.0/24")  # type: ignore[arg-type]
    assert settings.trusted_proxies == ["10.0.0.1", "10.0.1.0/24"]
    assert forwarded_allow_ips(settings) == "10.0.0.1,10.0.1.0/24"


def test_a_malformed_proxy_is_refused() -> None:
    with pytest.raises(ValidationError):
        Settings(trusted_proxies="10.0.0.1, the-load-balancer")  # type: ignore[arg-type]


def test_without_trusted_proxies_the_server_reads_no_proxy_header() -> None:
    assert forwarded_allow_ips(Settings()) is None
