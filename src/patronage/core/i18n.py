"""Bilingual (en/vi) message catalog and language negotiation."""

from __future__ import annotations

import tomllib
from contextvars import ContextVar
from importlib import resources
from typing import Literal, cast

Lang = Literal["en", "vi"]
SUPPORTED: tuple[Lang, ...] = ("en", "vi")
DEFAULT_LANG: Lang = "en"

current_lang: ContextVar[Lang] = ContextVar("current_lang", default=DEFAULT_LANG)

_CATALOG: dict[str, dict[Lang, str]] = {}


def register(messages: dict[str, dict[Lang, str]]) -> None:
    """Add messages to the catalog; every message must exist in every language."""
    for key, texts in messages.items():
        missing = [lang for lang in SUPPORTED if not texts.get(lang)]
        if missing:
            raise ValueError(f"message {key!r} lacks {missing}")
        _CATALOG[key] = texts


def load(package: str) -> None:
    """Add the catalog a package ships as `messages.toml` (a table of `en`/`vi` per key)."""
    text = resources.files(package).joinpath("messages.toml").read_text(encoding="utf-8")
    register(cast(dict[str, dict[Lang, str]], tomllib.loads(text)))


def translate(key: str, lang: Lang | None = None, /, **params: object) -> str:
    """The message for `key` in `lang` (default: the request's language)."""
    texts = _CATALOG.get(key)
    if texts is None:
        return key
    template = texts[lang or current_lang.get()]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def has_message(key: str) -> bool:
    return key in _CATALOG


def negotiate(accept_language: str | None) -> Lang:
    """Pick `vi` or `en` from an Accept-Language header, honouring q-values."""
    if not accept_language:
        return DEFAULT_LANG
    best: tuple[float, Lang] | None = None
    for part in accept_language.split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in SUPPORTED:
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if best is None or quality > best[0]:
            best = (quality, primary)
    return best[1] if best and best[0] > 0 else DEFAULT_LANG


load("patronage.core")  # the request-validation and paging messages
