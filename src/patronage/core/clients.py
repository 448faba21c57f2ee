"""The client address of a request: the peer, or behind trusted proxies `X-Forwarded-For`."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.requests import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "unknown"


def parse_networks(entries: Sequence[str]) -> tuple[Network, ...]:
    """Addresses and CIDR blocks (`10.0.0.0/8`, `::1`); ValueError for anything else."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def client_address(request: Request) -> str:
    """Who is calling: the immediate peer, unless it is a trusted proxy, in which case the
    nearest address in `X-Forwarded-For` that is not itself a trusted proxy. A header sent
    by anyone else is ignored, so a client cannot choose its own address."""
    peer = request.client.host if request.client else None
    if peer is None:
        return UNKNOWN
    trusted = request.app.state.settings.trusted_networks
    if not _is_trusted(peer, trusted):
        return peer
    hops = [
        hop.strip()
        for value in request.headers.getlist("x-forwarded-for")
        for hop in value.split(",")
    ]
    return forwarded_client(peer, [hop for hop in hops if hop], trusted)


def forwarded_client(peer: str, hops: Sequence[str], trusted: Sequence[Network]) -> str:
    """Walk the hops from the nearest: the first one that is not a trusted proxy."""
    nearest = peer
    for hop in reversed(hops):
        try:
            address = ipaddress.ip_address(hop)
        except ValueError:
            # Not an address where a trusted proxy wrote one: trust nothing further left.
            return nearest
        if not any(address in network for network in trusted):
            return str(address)
        nearest = str(address)
    return nearest


def _is_trusted(host: str, trusted: Sequence[Network]) -> bool:
    if not trusted:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(address in network for network in trusted)
