"""The phone region of the brand behind a token, remembered in this process.

A phone number typed at the till is read in the brand's region, which the hot paths learn
only with the token's answer (`identity.auth.trip_staff`). Remembered per token, and
guessed (the usual region) before that, it lets the number be read before the round trip:
only a brand with another region pays a second one, on a token's first phone here.
"""

from __future__ import annotations

from patronage.identity.merchants.service import DEFAULT_PHONE_REGION

_REGIONS: dict[str, str] = {}  # token digest → its brand's phone region
_KEPT = 10_000


def guess(digest: str) -> str:
    """The region of the token with `digest`: as last seen, or the usual one."""
    return _REGIONS.get(digest, DEFAULT_PHONE_REGION)


def remember(digest: str, region: str) -> None:
    if len(_REGIONS) >= _KEPT:
        _REGIONS.clear()  # a bounded memory: forgetting costs one more round trip
    _REGIONS[digest] = region
