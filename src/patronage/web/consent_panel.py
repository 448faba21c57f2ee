"""What a consent panel shows: per purpose, the current answer and the wording to agree to."""

from __future__ import annotations

from dataclasses import dataclass

from patronage.directory.consent import wording
from patronage.directory.consent.service import ConsentState


@dataclass(frozen=True)
class ConsentRow:
    state: ConsentState
    wording: str  # the text a customer agrees to, in the language shown
    version: str  # what is recorded as the wording version: `2026-01-vi`

    @property
    def purpose(self) -> str:
        return self.state.purpose


def rows_of(states: list[ConsentState], *, lang: str, brand: str) -> list[ConsentRow]:
    """A row per purpose, the wording in `lang` naming `brand`."""
    return [
        ConsentRow(s, wording.text(s.purpose, lang, brand=brand), wording.version_shown(lang))
        for s in states
    ]
