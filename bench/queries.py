"""What cashiers type: the measured lookup shapes, built from customers of the big brand."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from bench.generate import Sample
from patronage.core.normalize import fold

POOL = 400  # distinct queries per shape, cycled through by the measured requests
_NONSENSE = "bcdfghjklmnpqrstvxz"


def last_digits(sample: Sample, rng: random.Random) -> str:
    """`5678`: the last four digits of a phone."""
    return sample.phone[-4:]


def national_prefix(sample: Sample, rng: random.Random) -> str:
    """`0912`…`0912345`: the start of the phone as written at home, 4 to 7 digits."""
    return "0" + sample.phone[3 : 3 + rng.randint(3, 6)]


def international_prefix(sample: Sample, rng: random.Random) -> str:
    """`+8491`…`+8491234`: the start of the phone in international form."""
    return sample.phone[: 3 + rng.randint(2, 5)]


def email_prefix(sample: Sample, rng: random.Random) -> str:
    """`dao.nguyen12@gm`: the address up to the `@` and the start of the domain."""
    local, _, domain = sample.email.partition("@")
    return f"{local}@{domain[: rng.randint(0, 3)]}"


def name_word(sample: Sample, rng: random.Random) -> str:
    """`dao`, `nguyen`, `thi`: one word of the name, without diacritics."""
    return rng.choice(fold(sample.name).split())


def full_name(sample: Sample, rng: random.Random) -> str:
    """`nguyen thi dao`: the whole name, without diacritics."""
    return fold(sample.name)


def miss(sample: Sample, rng: random.Random) -> str:
    """A word nobody's name contains: every phase of the name lookup runs and finds nothing."""
    return "".join(rng.choice(_NONSENSE) for _ in range(rng.randint(5, 8)))


SHAPES: dict[str, Callable[[Sample, random.Random], str]] = {
    "last4": last_digits,
    "national_prefix": national_prefix,
    "international_prefix": international_prefix,
    "email_prefix": email_prefix,
    "name_word": name_word,
    "full_name": full_name,
    "miss": miss,
}


def query_pools(samples: Sequence[Sample], *, seed: int) -> dict[str, list[str]]:
    """`POOL` queries per shape, the same for a given seed and data set."""
    rng = random.Random(seed)
    chosen = [samples[rng.randrange(len(samples))] for _ in range(POOL)]
    return {shape: [make(s, rng) for s in chosen] for shape, make in SHAPES.items()}
