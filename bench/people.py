"""Realistic Vietnamese customers, deterministic from a seed.

Names come in Vietnamese order (surname, middle name, given name): the name parts are
Faker's `vi_VN` lists widened with other common given and middle names, and surnames are
drawn with their real frequencies (Nguyễn ~38%…). Phones are mobile numbers on the real
network prefixes (09x, 03x, 07x, 08x, 05x), unique across the whole data set by
construction; emails are built from the folded name and are unique too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from faker.providers.person.vi_VN import Provider as VietnameseNames

from patronage.core.normalize import fold

# Share of the population (percent), after the commonly cited national figures.
SURNAMES: dict[str, float] = {
    "Nguyễn": 38.4, "Trần": 11.0, "Lê": 9.5, "Phạm": 7.1, "Hoàng": 3.1, "Huỳnh": 2.0,
    "Phan": 4.5, "Vũ": 2.0, "Võ": 1.9, "Đặng": 2.1, "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.3,
    "Ngô": 1.3, "Dương": 1.0, "Lý": 0.5, "Đào": 0.8, "Đoàn": 0.7, "Trịnh": 0.6, "Trương": 0.6,
    "Đinh": 0.6, "Lâm": 0.5, "Mai": 0.5, "Tô": 0.4, "Hà": 0.4, "Cao": 0.4, "Lương": 0.4,
    "Phùng": 0.3, "Tạ": 0.3, "Châu": 0.3, "Quách": 0.2, "Kiều": 0.2, "Lưu": 0.3, "Vương": 0.3,
}  # fmt: skip
MORE_FEMALE = (
    "Anh", "Hà", "Trang", "Thu", "Hằng", "Hoa", "Nhung", "Loan", "Phương", "Quỳnh", "Trinh",
    "Hiền", "Nga", "Tâm", "Thủy", "Oanh", "My", "Nhi", "Uyên", "Giang", "Đào", "Diệp", "Thư",
)  # fmt: skip
MORE_MALE = (
    "Đức", "Tuấn", "Hùng", "Cường", "Long", "Sơn", "Thắng", "Hiếu", "Bình", "Khánh", "Phong",
    "Quân", "Việt", "Tài", "Lộc", "Đạt", "Thịnh", "Tiến", "Hậu", "Kiên", "Duy", "Đông", "Tâm",
)  # fmt: skip
MORE_MIDDLE = ("Thanh", "Minh", "Ngọc", "Thu", "Kim", "Công", "Quốc", "Gia", "Như", "Mỹ", "Khánh")

FEMALE_GIVEN = (
    tuple(dict.fromkeys(VietnameseNames.first_names_female + VietnameseNames.first_names_unisex))
    + MORE_FEMALE
)
MALE_GIVEN = (
    tuple(dict.fromkeys(VietnameseNames.first_names_male + VietnameseNames.first_names_unisex))
    + MORE_MALE
)
MIDDLE = tuple(n for n in dict.fromkeys(VietnameseNames.middle_names) if n not in ("Văn", "Thị"))
MIDDLE += MORE_MIDDLE

# Mobile network codes (the digits after the trunk 0) with a rough market share.
NETWORKS: dict[str, float] = {
    "86": 3, "96": 6, "97": 6, "98": 6, "32": 3, "33": 3, "34": 3, "35": 3, "36": 3, "37": 3,
    "38": 3, "39": 3, "88": 2, "91": 5, "94": 4, "81": 2, "82": 2, "83": 2, "84": 2, "85": 2,
    "90": 5, "93": 4, "70": 2, "76": 2, "77": 2, "78": 2, "79": 2, "92": 2, "56": 1, "58": 1,
    "59": 1,
}  # fmt: skip
SUBSCRIBER_SPACE = 10_000_000
# A multiplier coprime with 10^7 scatters consecutive indexes over the subscriber numbers.
_SCATTER = 7_368_787
EMAIL_DOMAINS: dict[str, float] = {
    "gmail.com": 70, "yahoo.com": 8, "yahoo.com.vn": 4, "hotmail.com": 4, "outlook.com": 4,
    "icloud.com": 6, "fpt.vn": 2, "vnn.vn": 2,
}  # fmt: skip

_SURNAMES, _SURNAME_WEIGHTS = list(SURNAMES), list(SURNAMES.values())
_NETWORKS, _NETWORK_WEIGHTS = list(NETWORKS), list(NETWORKS.values())
_DOMAINS, _DOMAIN_WEIGHTS = list(EMAIL_DOMAINS), list(EMAIL_DOMAINS.values())
SPAN_DAYS = 3 * 365
NOW = datetime(2026, 11, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Person:
    """One generated customer (the same index always gives the same person)."""

    index: int
    name: str
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    birthday: date | None
    locale: str
    created_at: datetime


def phone_for(index: int, rng: random.Random) -> str:
    """A VN mobile number in E.164, distinct for every distinct `index` below 10^7."""
    if index >= SUBSCRIBER_SPACE:
        raise ValueError("indexes past 10^7 would repeat subscriber numbers")
    network = rng.choices(_NETWORKS, _NETWORK_WEIGHTS)[0]
    subscriber = (index * _SCATTER + 1_234_567) % SUBSCRIBER_SPACE
    return f"+84{network}{subscriber:07d}"


def vietnamese_name(rng: random.Random) -> str:
    """Surname, middle name(s), given name, with real surname frequencies."""
    surname = rng.choices(_SURNAMES, _SURNAME_WEIGHTS)[0]
    female = rng.random() < 0.52
    given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    roll = rng.random()
    if roll < 0.45:
        middle = "Thị" if female else "Văn"
    elif roll < 0.92:
        middle = rng.choice(MIDDLE)
    else:
        middle = ("Thị " if female else "Văn ") + rng.choice(MIDDLE)
    return f"{surname} {middle} {given}"


def email_for(name: str, index: int, rng: random.Random) -> str:
    """An address made from the name as people make them; the index keeps it unique."""
    words = fold(name).split()
    surname, given = words[0], words[-1]
    initials = "".join(w[0] for w in words[:-1])
    local = rng.choice(
        (given + surname, given + "." + surname, surname + given, given + initials, given)
    )
    domain = rng.choices(_DOMAINS, _DOMAIN_WEIGHTS)[0]
    return f"{local}{index}@{domain}"


def person(index: int, rng: random.Random) -> Person:
    """The customer number `index` (below half the subscriber space)."""
    name = vietnamese_name(rng)
    phones = [phone_for(index, rng)]
    if rng.random() < 0.08:
        # From the top of the index space, so no first phone repeats it; an offset that
        # grows with the index, so it does not share the first phone's last digits.
        phones.append(phone_for(SUBSCRIBER_SPACE - 1 - index, rng))
    birthday = None
    if rng.random() < 0.8:
        birthday = date(1950, 1, 1) + timedelta(days=rng.randrange(58 * 365))
    created_at = NOW - timedelta(seconds=rng.randrange(SPAN_DAYS * 86_400))
    return Person(
        index=index,
        name=name,
        phones=tuple(phones),
        emails=(email_for(name, index, rng),),
        birthday=birthday,
        locale="en" if rng.random() < 0.05 else "vi",
        created_at=created_at,
    )
