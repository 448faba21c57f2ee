"""The invitation email, in the invitee's language (en/vi)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from html import escape

from patronage.core import i18n

i18n.register(
    {
        "invitation.message.subject": {
            "en": "You are invited to join {brand}",
            "vi": "Bạn được mời tham gia {brand}",
        },
        "invitation.message.intro": {
            "en": "{brand} invites you to work with them on Patronage as {role}.",
            "vi": "{brand} mời bạn làm việc cùng trên Patronage với vai trò {role}.",
        },
        "invitation.message.how": {
            "en": "To accept, give this invitation and code when you accept (new accounts "
            "choose their password then; an existing account signs in first):",
            "vi": "Để chấp nhận, hãy nhập lời mời và mã này (tài khoản mới sẽ chọn mật khẩu "
            "khi đó; tài khoản đã có cần đăng nhập trước):",
        },
        "invitation.message.outro": {
            "en": "It expires in {hours} hours and works once. If you did not expect it, "
            "ignore this message.",
            "vi": "Lời mời hết hạn sau {hours} giờ và chỉ dùng được một lần. Nếu bạn không "
            "mong đợi lời mời này, hãy bỏ qua tin nhắn.",
        },
        "invitation.role.owner": {"en": "an owner", "vi": "chủ"},
        "invitation.role.cashier": {"en": "a cashier", "vi": "thu ngân"},
        "invitation.label.invitation": {"en": "Invitation", "vi": "Lời mời"},
        "invitation.label.code": {"en": "Code", "vi": "Mã"},
    }
)


@dataclass(frozen=True)
class InvitationMessage:
    subject: str
    text: str
    html: str


def render(
    *, locale: str, brand: str, role: str, invitation_id: uuid.UUID, code: str, hours: int
) -> InvitationMessage:
    """The subject, plain text and HTML of an invitation."""
    lang: i18n.Lang = "vi" if locale == "vi" else "en"

    def t(key: str, **params: object) -> str:
        return i18n.translate(f"invitation.{key}", lang, **params)

    role_name = t(f"role.{role}")
    labels = (t("label.invitation"), t("label.code"))
    plain = (
        f"{t('message.intro', brand=brand, role=role_name)}\n\n{t('message.how')}\n\n"
        f"    {labels[0]}: {invitation_id}\n    {labels[1]}: {code}\n\n"
        f"{t('message.outro', hours=hours)}\n"
    )
    html = (
        f'<!doctype html><html lang="{lang}"><body style="font-family:sans-serif">'
        f"<p>{t('message.intro', brand=escape(brand), role=role_name)}</p>"
        f"<p>{t('message.how')}</p>"
        f"<p>{labels[0]}: <code>{invitation_id}</code><br>"
        f'{labels[1]}: <strong style="font-size:24px;letter-spacing:4px">{code}</strong></p>'
        f"<p>{t('message.outro', hours=hours)}</p></body></html>"
    )
    return InvitationMessage(t("message.subject", brand=brand), plain, html)
