"""The texts that carry a code, in the recipient's language (en/vi)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from patronage.accounts.otp.rules import PROMOTE
from patronage.core import i18n
from patronage.messaging.channels import SMS

i18n.load("patronage.accounts.otp")


@dataclass(frozen=True)
class CodeMessage:
    subject: str
    text: str
    html: str | None


def render(
    *, purpose: str, channel: str, locale: str, code: str, minutes: int, brand: str | None
) -> CodeMessage:
    """The subject, plain text and (for email) HTML of a code message."""
    lang: i18n.Lang = "vi" if locale == "vi" else "en"
    key = "promote" if purpose == PROMOTE else "sign_in"
    brand_name = brand or "Patronage"
    params: dict[str, object] = {"brand": brand_name, "minutes": minutes, "code": code}

    def text(part: str, **overrides: object) -> str:
        return i18n.translate(f"otp.message.{key}.{part}", lang, **{**params, **overrides})

    subject = text("subject")
    if channel == SMS:
        return CodeMessage(subject, text("sms"), None)
    plain = f"{text('intro')}\n\n    {code}\n\n{text('outro')}\n"
    safe = {"brand": escape(brand_name)}
    html = (
        f'<!doctype html><html lang="{lang}"><body style="font-family:sans-serif">'
        f"<p>{text('intro', **safe)}</p>"
        f'<p style="font-size:28px;font-weight:bold;letter-spacing:6px">{code}</p>'
        f"<p>{text('outro', **safe)}</p></body></html>"
    )
    return CodeMessage(subject, plain, html)
