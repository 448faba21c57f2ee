"""The texts that carry a code, in the recipient's language (en/vi)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from patronage.accounts.otp.rules import PROMOTE
from patronage.core import i18n
from patronage.messaging.channels import SMS

i18n.register(
    {
        "otp.message.promote.subject": {
            "en": "Your verification code for {brand}",
            "vi": "Mã xác minh của bạn tại {brand}",
        },
        "otp.message.promote.intro": {
            "en": "Your verification code for {brand} is:",
            "vi": "Mã xác minh của bạn tại {brand} là:",
        },
        "otp.message.promote.outro": {
            "en": "Give it to the staff at {brand} to create your account. It expires in "
            "{minutes} minutes. If you did not ask for it, ignore this message.",
            "vi": "Hãy đọc mã này cho nhân viên {brand} để tạo tài khoản của bạn. Mã hết hạn "
            "sau {minutes} phút. Nếu bạn không yêu cầu, hãy bỏ qua tin nhắn này.",
        },
        "otp.message.promote.sms": {
            "en": "{code} is your {brand} verification code. It expires in {minutes} minutes.",
            "vi": "{code} là mã xác minh của bạn tại {brand}. Mã hết hạn sau {minutes} phút.",
        },
        "otp.message.sign_in.subject": {
            "en": "Your sign-in code",
            "vi": "Mã đăng nhập của bạn",
        },
        "otp.message.sign_in.intro": {
            "en": "Your sign-in code is:",
            "vi": "Mã đăng nhập của bạn là:",
        },
        "otp.message.sign_in.outro": {
            "en": "It expires in {minutes} minutes. Never share it with anyone. If you did not "
            "ask for it, ignore this message.",
            "vi": "Mã hết hạn sau {minutes} phút. Không chia sẻ mã này với bất kỳ ai. Nếu bạn "
            "không yêu cầu, hãy bỏ qua tin nhắn này.",
        },
        "otp.message.sign_in.sms": {
            "en": "{code} is your sign-in code. It expires in {minutes} minutes. Never share it.",
            "vi": "{code} là mã đăng nhập của bạn. Mã hết hạn sau {minutes} phút. "
            "Không chia sẻ mã này.",
        },
    }
)


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
