"""What a request says about itself through trusted proxies (`PATRONAGE_TRUSTED_PROXIES`).

`X-Forwarded-For` and `X-Forwarded-Proto` are believed only when the peer that sent the
request is one of the trusted proxies; from anyone else they are ignored. The one parser
of the setting, for the client address (throttles) and the scheme (secure cookies).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from functools import lru_cache

from starlette.types import Scope

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """`10.0.0.1`, `10.0.0.0/8`, `::1` → networks; raises ValueError on anything else."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


@lru_cache(maxsize=16)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(entries)


def is_trusted(address: str | None, trusted: Sequence[str]) -> bool:
    """Whether `address` (an IP) is one of the trusted proxies."""
    if not address or not trusted:
        return False
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(trusted)))


def _peer(scope: Scope) -> str | None:
    client = scope.get("client")
    return str(client[0]) if client else None


def _header(scope: Scope, name: bytes) -> str | None:
    values = [v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == name]
    return ",".join(values) if values else None


def client_address(scope: Scope, trusted: Sequence[str]) -> str | None:
    """The real client: the peer, or, from a trusted proxy, the nearest untrusted hop
    of `X-Forwarded-For` (read right to left, so a client cannot forge its own)."""
    peer = _peer(scope)
    forwarded = _header(scope, b"x-forwarded-for")
    if not forwarded or not is_trusted(peer, trusted):
        return peer
    nearest = peer
    for hop in reversed([hop.strip() for hop in forwarded.split(",") if hop.strip()]):
        if not _is_address(hop):
            # Not an address where a trusted proxy wrote one: trust nothing further left.
            return nearest
        if not is_trusted(hop, trusted):
            return hop
        nearest = hop
    return nearest


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def is_https(scope: Scope, trusted: Sequence[str]) -> bool:
    """Whether the client's connection was TLS: directly, or as a trusted proxy says."""
    if scope.get("scheme") == "https":
        return True
    proto = _header(scope, b"x-forwarded-proto")
    if not proto or not is_trusted(_peer(scope), trusted):
        return False
    return proto.split(",")[-1].strip().lower() == "https"
