"""Channels and masked destinations."""

from patronage.messaging.channels import EMAIL, SMS, mask_destination


def test_masking_keeps_only_a_hint() -> None:
    assert mask_destination(EMAIL, "dao@example.com") == "d•••@example.com"
    assert mask_destination(SMS, "+84912345678") == "+84••••••678"
