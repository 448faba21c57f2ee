"""The channels a message travels by, and how a destination is shown without revealing it."""

from __future__ import annotations

SMS = "sms"
EMAIL = "email"
CHANNELS = (SMS, EMAIL)


def mask_destination(channel: str, destination: str) -> str:
    """`d•••@example.com` or `+84•••••678`: enough for a person to recognise, no more."""
    if channel == EMAIL:
        local, _, domain = destination.partition("@")
        return f"{local[:1]}•••@{domain}"
    visible = 3 if destination.startswith("+") else 0
    return destination[:visible] + "•" * max(0, len(destination) - visible - 3) + destination[-3:]
