"""How the web UI writes money, instants, languages and counts in the reader's language."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from patronage.core import i18n

CURRENCY_SYMBOLS = {"VND": "₫", "USD": "$", "EUR": "€"}
MINOR_DIGITS = {"VND": 0}
LANGUAGE_NAMES = {"en": "English", "vi": "Tiếng Việt"}


def money(amount: int, currency: str, lang: i18n.Lang | None = None) -> str:
    """`83.000 ₫` in Vietnamese, `₫83,000` in English (amount in minor units)."""
    lang = lang or i18n.current_lang.get()
    digits = MINOR_DIGITS.get(currency, 2)
    value = amount / 10**digits if digits else amount
    text = f"{value:,.{digits}f}"
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return f"{text}\u00a0{symbol}"
    return f"{symbol}{text}"


def local_time(instant: datetime | None, zone: str) -> str:
    """An instant as the brand's wall-clock date and time (`25/11/2026 16:12` in vi)."""
    if instant is None:
        return ""
    local = instant.astimezone(ZoneInfo(zone))
    if i18n.current_lang.get() == "vi":
        return local.strftime("%d/%m/%Y %H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def local_date(value: date | datetime | None, zone: str | None = None) -> str:
    """A calendar day (an instant is first read in `zone`)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(zone or "UTC")).date()
    if i18n.current_lang.get() == "vi":
        return value.strftime("%d/%m/%Y")
    return value.isoformat()


def language_name(code: str | None) -> str:
    """`vi` → `Tiếng Việt`: a language as its speakers write it."""
    return LANGUAGE_NAMES.get(code or "", code or "")


def plural(key: str, count: int, **params: object) -> str:
    """The message `key.one` or `key.other` for `count` (Vietnamese has one form)."""
    form = "one" if count == 1 else "other"
    return i18n.translate(f"{key}.{form}", count=count, **params)


def percent(share: float) -> str:
    """A share of 1 as a percentage (`77.5%`, `77,5%` in vi)."""
    text = f"{share * 100:.1f}".removesuffix(".0")
    return (text.replace(".", ",") if i18n.current_lang.get() == "vi" else text) + "%"
