"""The wording a customer is shown before they answer, per purpose and language, versioned.

A record keeps the version of the wording shown (`2026-01-vi`): change a text here and
raise `VERSION`, so every earlier record still names the words its customer actually saw.
"""

from __future__ import annotations

from patronage.core import i18n

VERSION = "2026-01"

i18n.register(
    {
        "consent.wording.marketing_sms": {
            "en": "I agree that {brand} may send me offers and news by SMS to my phone "
            "number. I can withdraw this at any time.",
            "vi": "Tôi đồng ý để {brand} gửi ưu đãi và tin tức qua SMS tới số điện thoại của "
            "tôi. Tôi có thể rút lại sự đồng ý này bất cứ lúc nào.",
        },
        "consent.wording.marketing_email": {
            "en": "I agree that {brand} may send me offers and news by email. I can withdraw "
            "this at any time.",
            "vi": "Tôi đồng ý để {brand} gửi ưu đãi và tin tức qua email. Tôi có thể rút lại "
            "sự đồng ý này bất cứ lúc nào.",
        },
        "consent.wording.marketing_zalo": {
            "en": "I agree that {brand} may send me offers and news on Zalo. I can withdraw "
            "this at any time.",
            "vi": "Tôi đồng ý để {brand} gửi ưu đãi và tin tức qua Zalo. Tôi có thể rút lại "
            "sự đồng ý này bất cứ lúc nào.",
        },
    }
)


def version_shown(lang: str) -> str:
    """The version recorded for the wording shown in `lang`: `2026-01-vi`."""
    return f"{VERSION}-{lang}"


def text(purpose: str, lang: str, *, brand: str) -> str:
    """The wording of `purpose` in `lang` (`en` or `vi`), naming the brand."""
    return i18n.translate(f"consent.wording.{purpose}", "vi" if lang == "vi" else "en", brand=brand)
