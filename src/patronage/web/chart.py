"""The report's chart, drawn on the server as inline SVG: customers created per day, stacked
by where they were captured. No script, no library."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from patronage.core import i18n
from patronage.web import formats

COLOURS = {"checkout": "#0b6e4f", "web": "#2e90fa", "api": "#f79009", "import": "#9e77ed"}
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 10, 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    y_ticks: list[tuple[float, int]]
    x_labels: list[tuple[float, str]]
    baseline: float


def stacked_days(days: list[tuple[date, dict[str, int]]]) -> Chart:
    """Bars of `(day, count per source)`, one per day, stacked in `COLOURS` order."""
    top = max((sum(counts.values()) for _, counts in days), default=0)
    scale_max = _nice(top)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(days), 1)
    bars: list[Bar] = []
    for index, (day, counts) in enumerate(days):
        y: float = TOP + plot_h
        for source, colour in COLOURS.items():
            count = counts.get(source, 0)
            if not count:
                continue
            height = plot_h * count / scale_max
            y -= height
            label = i18n.translate(f"web.source.{source}")
            title = f"{formats.local_date(day)} · {label}: {count}"
            bars.append(
                Bar(LEFT + index * step + step * 0.15, y, step * 0.7, height, colour, title)
            )
    ticks = [(TOP + plot_h - plot_h * v / scale_max, v) for v in _ticks(scale_max)]
    every = max(1, round(len(days) / 8))
    labels = [
        (LEFT + i * step + step / 2, _short(day))
        for i, (day, _) in enumerate(days)
        if i % every == 0
    ]
    return Chart(WIDTH, HEIGHT, bars, ticks, labels, TOP + plot_h)


def _nice(top: int) -> int:
    """The axis' top: four equal steps of 1, 2, 3 or 5 times a power of ten, at least `top`."""
    power = 1
    while True:
        for step in (power, 2 * power, 3 * power, 5 * power):
            if 4 * step >= top:
                return 4 * step
        power *= 10


def _ticks(scale_max: int) -> list[int]:
    return [scale_max * i // 4 for i in range(5)]


def _short(day: date) -> str:
    return day.strftime("%d/%m") if i18n.current_lang.get() == "vi" else day.strftime("%b %d")
