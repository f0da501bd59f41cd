"""Charts as inline SVG strings: no JavaScript, no requests; every mark links to its evidence."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from geoledger.numbers import short_number

PALETTE = ("#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563")
INK = "#1f2937"
MUTED = "#6b7280"
GRID = "#e5e7eb"
FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""


@dataclass(frozen=True, slots=True)
class Point:
    """One value on a chart, the page that backs it, and its tooltip."""

    value: float
    href: str | None = None
    tip: str = ""


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    points: Sequence[Point | None]  # one per category; None where there is no figure
    color: str = PALETTE[0]
    style: str = "bar"  # bar | line


@dataclass(frozen=True, slots=True)
class Marker:
    """A vertical rule at a category, e.g. the free trade agreement's entry into force."""

    category: str
    label: str
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Mark:
    """One dot on a timeline."""

    when: float  # a year with its fraction: 2024.5 is July 2024
    lane: str
    label: str
    href: str | None = None
    size: float = 1.0  # relative area, 1 = the smallest dot
    color: str | None = None


@dataclass
class _Svg:
    width: int
    height: int
    title: str
    parts: list[str] = field(default_factory=list)

    def add(self, part: str) -> None:
        self.parts.append(part)

    def render(self, css_class: str) -> str:
        head = (
            f'<svg class="{css_class}" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'viewBox="0 0 {self.width} {self.height}" width="100%" {FONT} font-size="12">'
            f"<title>{escape(self.title)}</title>"
        )
        return head + "".join(self.parts) + "</svg>"


def _link(href: str | None, body: str, tip: str) -> str:
    tip_el = f"<title>{escape(tip)}</title>" if tip else ""
    if not href:
        return f"<g>{tip_el}{body}</g>"
    return f'<a href="{escape(href)}" class="chart-link">{tip_el}{body}</a>'


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values spanning low..high."""
    if high == low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    first = math.floor(low / step) * step
    ticks, value = [], first
    while value <= high + step * 0.001:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def bar_chart(
    title: str,
    unit: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    markers: Sequence[Marker] = (),
    width: int = 760,
    height: int = 340,
) -> str:
    """Grouped bars (and lines) per category; negative values hang below the zero line."""
    svg = _Svg(width, height, f"{title} ({unit})")
    left, right, top, bottom = 64, 16, 40, 48
    values = [p.value for s in series for p in s.points if p is not None]
    if not categories or not values:
        svg.add(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="{MUTED}">')
        svg.add("No figures in the ledger for this chart.</text>")
        return svg.render("chart chart-empty")
    ticks = nice_ticks(min(0.0, *values), max(0.0, *values))
    low, high = ticks[0], ticks[-1]
    plot_h = height - top - bottom
    plot_w = width - left - right

    def y(value: float) -> float:
        return top + plot_h * (high - value) / (high - low)

    for tick in ticks:
        svg.add(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID if tick else MUTED}"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{escape(short_number(tick))}</text>"
        )
    svg.add(
        f'<text x="12" y="{top + plot_h / 2:.0f}" fill="{MUTED}" text-anchor="middle" '
        f'transform="rotate(-90 12 {top + plot_h / 2:.0f})">{escape(unit)}</text>'
    )
    band = plot_w / len(categories)
    bars = [s for s in series if s.style == "bar"]
    bar_w = min(28.0, band * 0.8 / max(1, len(bars)))
    for index, category in enumerate(categories):
        center = left + band * (index + 0.5)
        svg.add(
            f'<text x="{center:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'fill="{INK}">{escape(category)}</text>'
        )
        first = center - bar_w * len(bars) / 2
        for number, one in enumerate(bars):
            point = one.points[index]
            if point is None:
                continue
            y0, y1 = sorted((y(0), y(point.value)))
            rect = (
                f'<rect x="{first + number * bar_w:.1f}" y="{y0:.1f}" width="{bar_w - 2:.1f}" '
                f'height="{max(1.0, y1 - y0):.1f}" fill="{one.color}" rx="2"/>'
            )
            svg.add(_link(point.href, rect, point.tip or f"{one.name} {category}"))
    for one in (s for s in series if s.style == "line"):
        coords = [
            (left + band * (i + 0.5), y(p.value), p) if p is not None else None
            for i, p in enumerate(one.points)
        ]
        # A line joins neighbouring years only: a gap in the figures stays a gap.
        for a, b in zip(coords, coords[1:], strict=False):
            if a is not None and b is not None:
                svg.add(
                    f'<line x1="{a[0]:.1f}" y1="{a[1]:.1f}" x2="{b[0]:.1f}" y2="{b[1]:.1f}" '
                    f'stroke="{one.color}" stroke-width="2"/>'
                )
        for x, yy, point in (c for c in coords if c is not None):
            dot = f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="4.5" fill="{one.color}" stroke="#fff"/>'
            svg.add(_link(point.href, dot, point.tip or one.name))
    shown = [m for m in markers if m.category in categories]
    for number, marker in enumerate(shown):
        x = left + band * (categories.index(marker.category) + 0.5)
        label_y = top + 12 + 14 * (number % 3)  # staggered so neighbouring labels never overlap
        anchor = "end" if x > width * 0.6 else "start"
        shift = -4 if anchor == "end" else 4
        rule = (
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{height - bottom}" '
            f'stroke="{INK}" stroke-dasharray="4 3"/>'
            f'<text x="{x + shift:.1f}" y="{label_y}" fill="{INK}" font-weight="600" '
            f'text-anchor="{anchor}" paint-order="stroke" stroke="#fff" stroke-width="3">'
            f"{escape(marker.label)}</text>"
        )
        svg.add(_link(marker.href, rule, marker.label))
    _legend(svg, series, left, 16)
    return svg.render("chart chart-bars")


def _legend(svg: _Svg, series: Sequence[Series], x: float, y: float) -> None:
    cursor = svg.width - 16.0
    for one in reversed(series):
        label_w = 7.2 * len(one.name) + 22
        cursor -= label_w
        svg.add(
            f'<rect x="{cursor:.0f}" y="{y - 9}" width="12" height="12" rx="2" '
            f'fill="{one.color}"/><text x="{cursor + 16:.0f}" y="{y + 1}" fill="{INK}">'
            f"{escape(one.name)}</text>"
        )


def hbar_chart(
    title: str,
    unit: str,
    rows: Sequence[tuple[str, Point]],
    *,
    width: int = 760,
    color: str = PALETTE[0],
) -> str:
    """Horizontal bars, one per labelled value, largest scale first as given."""
    row_h = 28
    height = 24 + row_h * max(1, len(rows)) + 24
    svg = _Svg(width, height, f"{title} ({unit})")
    if not rows:
        svg.add(f'<text x="{width / 2}" y="40" text-anchor="middle" fill="{MUTED}">')
        svg.add("No figures in the ledger for this chart.</text>")
        return svg.render("chart chart-empty")
    label_w = min(320, max(7 * len(label) for label, _ in rows) + 16)
    high = max(p.value for _, p in rows) or 1.0
    plot_w = width - label_w - 110
    for index, (label, point) in enumerate(rows):
        y = 16 + index * row_h
        bar = max(1.0, plot_w * point.value / high)
        body = (
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" fill="{INK}">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{bar:.1f}" height="{row_h - 8}" rx="2" '
            f'fill="{color}"/>'
            f'<text x="{label_w + bar + 6:.1f}" y="{y + 17}" fill="{INK}">'
            f"{escape(short_number(point.value))} {escape(unit)}</text>"
        )
        svg.add(_link(point.href, body, point.tip or label))
    return svg.render("chart chart-hbars")


def timeline(
    title: str,
    marks: Sequence[Mark],
    *,
    lanes: Sequence[str] | None = None,
    width: int = 760,
    size_note: str = "",
) -> str:
    """Dots on a time axis, one lane per kind; bigger dots for bigger sums where sized."""
    lanes = list(lanes or dict.fromkeys(m.lane for m in marks))
    lane_h = 34
    left, right, top, bottom = 130, 20, 16, 40
    height = top + lane_h * max(1, len(lanes)) + bottom
    svg = _Svg(width, height, title)
    if not marks:
        svg.add(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="{MUTED}">')
        svg.add("No dated entries in the ledger for this timeline.</text>")
        return svg.render("chart chart-empty")
    first = math.floor(min(m.when for m in marks))
    last = math.floor(max(m.when for m in marks)) + 1
    span = max(1, last - first)
    plot_w = width - left - right

    def x(when: float) -> float:
        return left + plot_w * (when - first) / span

    step = max(1, math.ceil(span / 12))
    for year in range(first, last + 1, step):
        svg.add(
            f'<line x1="{x(year):.1f}" x2="{x(year):.1f}" y1="{top}" '
            f'y2="{height - bottom}" stroke="{GRID}"/>'
            f'<text x="{x(year):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'fill="{MUTED}">{year}</text>'
        )
    for index, lane in enumerate(lanes):
        y = top + lane_h * (index + 0.5)
        svg.add(
            f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(lane)}</text>"
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" '
            'stroke-dasharray="2 3"/>'
        )
    for mark in sorted(marks, key=lambda m: -m.size):
        if mark.lane not in lanes:
            continue
        y = top + lane_h * (lanes.index(mark.lane) + 0.5)
        radius = 4.5 * math.sqrt(max(1.0, mark.size))
        color = mark.color or PALETTE[lanes.index(mark.lane) % len(PALETTE)]
        dot = (
            f'<circle cx="{x(mark.when):.1f}" cy="{y:.1f}" r="{min(radius, 16):.1f}" '
            f'fill="{color}" fill-opacity="0.75" stroke="#fff"/>'
        )
        svg.add(_link(mark.href, dot, mark.label))
    if size_note:
        svg.add(
            f'<text x="{width - right}" y="{height - 6}" text-anchor="end" fill="{MUTED}">'
            f"{escape(size_note)}</text>"
        )
    return svg.render("chart chart-timeline")


def year_fraction(date_text: str | None) -> float | None:
    """'2024-07-01' -> 2024.5; '2019' -> 2019.5 (mid-year); '2010/2019' -> its start."""
    if not date_text:
        return None
    head = date_text.split("/")[0].strip()
    parts = head.split("-")
    try:
        year = int(parts[0])
    except ValueError:
        return None
    if len(parts) == 1:
        return year + 0.5
    if parts[1].upper().startswith("H"):
        return year + (0.25 if parts[1].upper() == "H1" else 0.75)
    if parts[1].upper().startswith("Q"):
        return year + (int(parts[1][1:]) - 0.5) / 4 if parts[1][1:].isdigit() else year + 0.5
    try:
        month = int(parts[1])
    except ValueError:
        return year + 0.5
    day = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 15
    return year + (month - 1) / 12 + (day - 1) / 365
