"""The invitation email, in the invitee's language (en/vi)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from html import escape

from patronage.core import i18n

i18n.load("patronage.identity.invitations")


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
