"""ISO 8601 period strings of claims and events: 2023, 2024-07, 2024-07-01, 2010/2019, 2024-H1."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from geoledger.errors import InvalidInput

PRECISIONS = ("year", "month", "day", "half", "quarter", "interval")

_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_PART = re.compile(r"(\d{4})-([HQ])([1-4])", re.IGNORECASE)

_FORMS = "2023, 2024-07, 2024-07-01, 2024-H1, 2023-Q2 or an interval such as 2010/2019"


@dataclass(frozen=True, slots=True)
class Period:
    """A span of whole days, both ends included, and how precisely it was stated."""

    start: date
    end: date
    precision: str  # one of PRECISIONS

    def __contains__(self, other: object) -> bool:
        """Tell whether another Period lies wholly inside this one."""
        return isinstance(other, Period) and self.start <= other.start and other.end <= self.end


def _month_end(year: int, month: int) -> date:
    """Return the last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _parse_single(text: str, original: str) -> Period:
    """Parse one period that is not an interval."""
    try:
        if m := _YEAR.fullmatch(text):
            year = int(m[1])
            return Period(date(year, 1, 1), date(year, 12, 31), "year")
        if m := _MONTH.fullmatch(text):
            year, month = int(m[1]), int(m[2])
            return Period(date(year, month, 1), _month_end(year, month), "month")
        if m := _DAY.fullmatch(text):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return Period(day, day, "day")
        if m := _PART.fullmatch(text):
            year, kind, n = int(m[1]), m[2].upper(), int(m[3])
            if kind == "H" and n > 2:
                raise ValueError("a year has two halves")
            months = 6 if kind == "H" else 3
            first = (n - 1) * months + 1
            last = first + months - 1
            precision = "half" if kind == "H" else "quarter"
            return Period(date(year, first, 1), _month_end(year, last), precision)
    except ValueError as exc:
        raise InvalidInput(f"Period {original!r} is not a real date: {exc}.") from None
    raise InvalidInput(f"Period {original!r} is not understood; write it as {_FORMS}.")


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period:
    """Parse an ISO period string into its first and last day; raise InvalidInput if unusable."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput(f"Period {text!r} is empty; write it as {_FORMS}.")
    cleaned = text.strip()
    if "/" not in cleaned:
        return _parse_single(cleaned, text)
    left, _, right = cleaned.partition("/")
    if "/" in right:
        raise InvalidInput(f"Period {text!r} has more than one '/'; write it as {_FORMS}.")
    first = _parse_single(left.strip(), text)
    last = _parse_single(right.strip(), text)
    if last.end < first.start:
        raise InvalidInput(f"Period {text!r} ends before it starts.")
    return Period(first.start, last.end, "interval")


def period_within(inner: str | Period, outer: str | Period) -> bool:
    """Tell whether period inner lies wholly inside period outer (2024-07-01 within 2024)."""
    inner_p = parse_period(inner) if isinstance(inner, str) else inner
    outer_p = parse_period(outer) if isinstance(outer, str) else outer
    return inner_p in outer_p
