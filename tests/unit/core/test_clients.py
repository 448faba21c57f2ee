"""The client address behind trusted proxies."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from patronage.cli.serve import forwarded_allow_ips
from patronage.core.clients import forwarded_client, parse_networks
from patronage.core.settings import Settings

TRUSTED = parse_networks(["10.0.0.1", "10.0.1.0/24"])


def test_the_nearest_address_that_is_not_a_trusted_proxy_is_the_client() -> None:
    hops = ["203.0.113.9", "198.51.100.7", "10.0.1.5"]
    assert forwarded_client("10.0.0.1", hops, TRUSTED) == "198.51.100.7"


def test_when_every_hop_is_trusted_the_farthest_one_is_the_client() -> None:
    assert forwarded_client("10.0.0.1", ["10.0.1.7", "10.0.1.5"], TRUSTED) == "10.0.1.7"


def test_a_garbled_hop_stops_the_walk_at_the_last_trusted_address() -> None:
    assert forwarded_client("10.0.0.1", ["203.0.113.9", "not-an-ip"], TRUSTED) == "10.0.0.1"


def test_no_header_means_the_peer() -> None:
    assert forwarded_client("10.0.0.1", [], TRUSTED) == "10.0.0.1"


def test_trusted_proxies_are_read_as_a_comma_separated_list() -> None:
    settings = Settings(trusted_proxies="10.0.0.1, 10.0.1.0/24")  # type: ignore[arg-type]
    assert settings.trusted_proxies == ["10.0.0.1", "10.0.1.0/24"]
    assert forwarded_allow_ips(settings) == "10.0.0.1,10.0.1.0/24"


def test_a_malformed_proxy_is_refused() -> None:
    with pytest.raises(ValidationError):
        Settings(trusted_proxies="10.0.0.1, the-load-balancer")  # type: ignore[arg-type]


def test_without_trusted_proxies_the_server_reads_no_proxy_header() -> None:
    assert forwarded_allow_ips(Settings()) is None
