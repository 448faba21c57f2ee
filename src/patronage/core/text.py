"""The one policy for free text a person types: names, notes, order lines, brand names.

Refused anywhere: control characters, bidirectional controls (which can make a name or a
SKU read differently from what is stored: U+202A–202E, U+2066–2069, U+061C, U+200E/F),
zero-width and other invisible format characters. A text made only of invisible
characters (spaces, fillers such as U+3164 or U+2800, a soft hyphen, lone combining
marks) counts as empty. Each refusal is a `NormalizationError` named `<kind>.<reason>`.
"""

from __future__ import annotations

import re
import unicodedata


class NormalizationError(ValueError):
    """Input that cannot be normalised; `code` names the reason stably."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Zero-width characters, line/paragraph separators, word joiners, invisible operators,
# the byte-order mark and the bidi controls; with the C0 and C1 controls, refused.
_INVISIBLE_FORMAT = "\u200b-\u200d\u2028\u2029\u2060-\u2064\ufeff" + BIDI_CONTROLS
_SINGLE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_INVISIBLE_FORMAT}]")
# A multi-line text (a note) keeps tabs and line breaks.
_MULTI_LINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE_FORMAT}]")
_SPACES = re.compile(r"\s+")
# Letters and symbols that render as nothing (Hangul fillers, braille blank, …).
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u00ad\u034f\u17b4\u17b5\u180e")
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me", "Cs", "Co", "Cn"})


def has_hidden_characters(raw: str) -> bool:
    """Whether `raw` holds a control, bidi or invisible format character (one-line rules)."""
    return _SINGLE_LINE.search(raw) is not None


def is_visible(char: str) -> bool:
    """Whether `char` draws something on its own."""
    return char not in _BLANK_GLYPHS and unicodedata.category(char) not in _INVISIBLE_CATEGORIES


def clean_text(raw: str, *, kind: str, max_length: int, multiline: bool = False) -> str:
    """NFC, trimmed (and, on one line, with whitespace collapsed); '' when nothing in
    it is visible. Raises `<kind>.control_characters` or `<kind>.too_long`."""
    pattern = _MULTI_LINE if multiline else _SINGLE_LINE
    if pattern.search(raw):
        raise NormalizationError(f"{kind}.control_characters")
    text = unicodedata.normalize("NFC", raw)
    text = text.strip() if multiline else _SPACES.sub(" ", text).strip()
    if not any(is_visible(char) for char in text):
        return ""
    if len(text) > max_length:
        raise NormalizationError(f"{kind}.too_long")
    return text


def required_text(raw: str, *, kind: str, max_length: int) -> str:
    """`clean_text` of a one-line field that must show something (`<kind>.empty`)."""
    text = clean_text(raw, kind=kind, max_length=max_length)
    if not text:
        raise NormalizationError(f"{kind}.empty")
    return text
