"""Line charts of observations over time, as SVG geometry: where each point, axis tick and target line goes.

Pure functions with no Django: the templates draw what these return. Every chart also has a plain
description (for its aria-label) and the page shows the same figures in a table.
"""

import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from healthhub.core.formatting import LONDON

WIDTH, HEIGHT = 600, 240
# Room for the value labels on the left and the time labels underneath.
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 12, 208
MAX_Y_TICKS = 5
# The second line of a two-line chart is dashed, so the lines differ by more than colour.
LINE_STYLES = (("#005eb8", ""), ("#330072", "6 4"))
GUIDE_COLOUR = "#007f3b"

Number = int | float | Decimal


@dataclass(frozen=True)
class Series:
    """One measure over time: a value (or None when it was not measured) for each time of the chart."""

    name: str
    values: tuple[Number | None, ...]


@dataclass(frozen=True)
class Line:
    name: str
    colour: str
    dash: str
    points: tuple[tuple[float, float], ...]

    @property
    def points_attribute(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Guide:
    """A horizontal line across the plot, such as a blood pressure target."""

    y: float
    label: str


@dataclass(frozen=True)
class LineChart:
    title: str
    unit: str
    lines: tuple[Line, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    guides: tuple[Guide, ...]
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = BOTTOM


def nice_step(span: float, max_ticks: int = MAX_Y_TICKS) -> float:
    """The smallest 1, 2 or 5 times a power of ten that covers `span` in at most `max_ticks` steps."""
    if span <= 0:
        return 1.0
    raw = span / max_ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(multiple * power for multiple in (1, 2, 5, 10) if multiple * power >= raw)


def value_axis(values: list[float]) -> tuple[float, float, float]:
    """(low, high, step): round bounds a step beyond the values, so no point sits on the plot's edge."""
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    step = nice_step(high - low)
    return math.floor(low / step) * step - step, math.ceil(high / step) * step + step, step


def scale(value: float, domain: tuple[float, float], span: tuple[float, float]) -> float:
    """Map `value` from the domain onto the span linearly; a domain of one point maps to the span's middle."""
    (d0, d1), (r0, r1) = domain, span
    if d1 == d0:
        return (r0 + r1) / 2
    return r0 + (value - d0) * (r1 - r0) / (d1 - d0)


def _number_label(value: float) -> str:
    return f"{value:g}"


def time_label(moment: datetime) -> str:
    local = moment.astimezone(LONDON)
    hour = local.hour % 12 or 12
    clock = f"{hour}{'am' if local.hour < 12 else 'pm'}" if local.minute == 0 else f"{hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"
    return f"{local.day} {local:%b} {clock}"


def _time_ticks(times: list[datetime], x_of) -> tuple[Tick, ...]:
    # First and last only: more labels do not fit across a phone's width.
    ends = [times[0]] if len(times) == 1 or times[0] == times[-1] else [times[0], times[-1]]
    return tuple(Tick(x_of(moment), time_label(moment)) for moment in ends)


def describe(title: str, unit: str, times: list[datetime], series: list[Series]) -> str:
    """What the chart shows, in a sentence per line, for people who cannot see it."""
    parts = []
    for one in series:
        measured = [(moment, float(value)) for moment, value in zip(times, one.values, strict=True) if value is not None]
        if not measured:
            continue
        values = [value for _, value in measured]
        count = len(measured)
        parts.append(f"{one.name}: {count} {'reading' if count == 1 else 'readings'} from {time_label(measured[0][0])} "
                     f"to {time_label(measured[-1][0])}, lowest {_number_label(min(values))}, highest "
                     f"{_number_label(max(values))}, latest {_number_label(values[-1])} {unit}.".replace(" .", "."))
    return f"{title}. " + " ".join(parts) if parts else f"{title}: no readings."


def line_chart(title: str, unit: str, times: list[datetime], series: list[Series],
               guides: list[tuple[str, Number]] = ()) -> LineChart | None:
    """A chart of one or two measures against time (oldest on the left); None when nothing was measured."""
    if any(len(one.values) != len(times) for one in series):
        raise ValueError("Each series needs one value (or None) for each time")
    measured = [float(value) for one in series for value in one.values if value is not None]
    if not measured:
        return None
    low, high, step = value_axis(measured + [float(value) for _, value in guides])
    stamps = [moment.timestamp() for moment in times]
    domain = (min(stamps), max(stamps))

    def x_of(moment: datetime) -> float:
        return scale(moment.timestamp(), domain, (LEFT, WIDTH - RIGHT))

    def y_of(value: Number) -> float:
        return scale(float(value), (low, high), (BOTTOM, TOP))

    lines = tuple(
        Line(one.name, *LINE_STYLES[index % len(LINE_STYLES)],
             tuple((x_of(moment), y_of(value)) for moment, value in zip(times, one.values, strict=True) if value is not None))
        for index, one in enumerate(series)
    )
    ticks = round((high - low) / step)
    y_ticks = tuple(Tick(y_of(low + index * step), _number_label(low + index * step)) for index in range(ticks + 1))
    return LineChart(
        title=title, unit=unit, lines=lines, y_ticks=y_ticks, x_ticks=_time_ticks(times, x_of),
        guides=tuple(Guide(y_of(value), label) for label, value in guides),
        description=describe(title, unit, times, series),
    )
