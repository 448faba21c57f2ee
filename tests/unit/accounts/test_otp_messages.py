"""Code messages in the recipient's language."""

from __future__ import annotations

from patronage.accounts.otp.messages import render
from patronage.accounts.otp.rules import PROMOTE, SIGN_IN
from patronage.messaging.channels import EMAIL, SMS


def test_a_vietnamese_promotion_email_has_text_and_html_with_the_code() -> None:
    message = render(
        purpose=PROMOTE, channel=EMAIL, locale="vi", code="482913", minutes=10, brand="Cà Phê A"
    )
    assert message.subject == "Mã xác minh của bạn tại Cà Phê A"
    assert "482913" in message.text and "10 phút" in message.text
    assert message.html is not None and "482913" in message.html
    assert 'lang="vi"' in message.html


def test_an_english_sign_in_sms_is_one_short_text() -> None:
    message = render(
        purpose=SIGN_IN, channel=SMS, locale="en", code="000123", minutes=5, brand=None
    )
    assert message.text.startswith("000123 is your sign-in code")
    assert message.html is None
    assert len(message.text) <= 160


def test_a_brand_name_cannot_inject_html() -> None:
    message = render(
        purpose=PROMOTE, channel=EMAIL, locale="en", code="1", minutes=1, brand="<b>x</b>"
    )
    assert message.html is not None
    assert "<b>x</b>" not in message.html and "&lt;b&gt;" in message.html
