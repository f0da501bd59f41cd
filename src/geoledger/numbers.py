"""The one way geoledger prints numbers and money: for the CLI, pages, charts, brief and exports.

Rules (numbers.v1):
- Short form: a scale word (k from 100,000, then m, bn, trillion) and three significant
  digits at least ("1.50 bn" prints as "1.5 bn": zeros after the decimal point are dropped,
  never zeros before it, so 300 m stays "300 m").
- Below one: three significant digits, written out ("0.000123"); never scientific notation.
- Plain form (tables for programs): every digit of the float, written out.
- parse() reads any text these functions print back into (value, half the last digit's step),
  so a printed amount can always be checked against the ledger.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

_SCALES = ((1e12, "trillion"), (1e9, "bn"), (1e6, "m"), (1e3, "k"))
_WORDS = {word: size for size, word in _SCALES}
_SIGNIFICANT = 3
_MAX_DECIMALS = 12


def _decimals(magnitude: float) -> int:
    """Decimals that keep three significant digits of a number of this size."""
    if magnitude == 0 or magnitude >= 10 ** (_SIGNIFICANT - 1):
        return 0
    return min(_MAX_DECIMALS, _SIGNIFICANT - 1 - math.floor(math.log10(magnitude)))


def _fixed(value: float, decimals: int) -> str:
    """value with thousands separators and up to decimals places, trailing decimal zeros cut."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        # Only zeros after the decimal point go: "300" must never become "3".
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def short_number(value: float) -> str:
    """1_500_000_000 -> '1.5 bn'; 300_000_000 -> '300 m'; 842 -> '842'; 0.5 -> '0.5'."""
    magnitude = abs(value)
    for size, word in _SCALES:
        if magnitude >= size and (size > 1e3 or magnitude >= 1e5):
            scaled = value / size
            decimals = _decimals(abs(scaled))
            # 999.96 m rounds to 1,000 m: print it on the next scale up instead.
            if abs(round(scaled, decimals)) >= 1000 and word != "trillion":
                bigger = {"k": 1e6, "m": 1e9, "bn": 1e12}[word]
                return _fixed(value / bigger, 2) + " " + _WORDS_OF[bigger]
            return f"{_fixed(scaled, decimals)} {word}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    if magnitude >= 1000:
        return _fixed(value, 0)
    return _fixed(value, max(2, _decimals(magnitude)))


_WORDS_OF = {size: word for size, word in _SCALES}


def plain(value: Any, *, digits: int | None = None) -> str:
    """A number written out in full, no separators, never an exponent: 20770000000.5.

    Without digits it reads back as the very same float (for files); with digits it keeps
    that many significant digits (for people: 0.1 + 0.2 shows as 0.3).
    """
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    shortest = repr(float(value)) if digits is None else f"{float(value):.{digits}g}"
    text = format(Decimal(shortest), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def grouped(value: Any) -> str:
    """A number for people at full precision: 20,770,000,000 or 1,234.5678; never 2e+10."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}"
    whole, _, fraction = plain(value, digits=15).partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}"
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


def amount(value: float | None, unit: str | None) -> str:
    """A value with its unit: 'USD 1.5 bn', '93 %', '2.5×', '6'."""
    if value is None:
        return "–"
    if unit == "percent":
        return f"{short_number(value)} %"
    if unit == "times":
        return f"{short_number(value)}×"
    if unit == "fraction":
        return f"{short_number(value * 100)} %"
    if unit and len(unit) == 3 and unit.isupper():
        return f"{unit} {short_number(value)}"
    if unit in (None, "", "count"):
        return short_number(value)
    return f"{short_number(value)} {unit}"


QUALIFIER_SIGNS = {"approx": "≈ ", "at_least": "≥ ", "at_most": "≤ "}


def claim_amount(record: dict[str, Any]) -> str:
    """A claim record's stated amount, with its range and qualifier."""
    text = amount(record["value"], record["unit"])
    if record.get("value_max") is not None:
        text = f"{text} – {amount(record['value_max'], record['unit'])}"
    return QUALIFIER_SIGNS.get(record.get("qualifier") or "", "") + text


def usd(value: float | None) -> str:
    """A USD amount, short."""
    return "–" if value is None else f"USD {short_number(value)}"


def percent(value: float | None, *, digits: int = 0) -> str:
    """A share already in percent: 92.4 -> '92 %'."""
    return "–" if value is None else f"{value:,.{digits}f} %"


def signed_percent(value: float | None) -> str:
    """A change in percent with its sign: -0.6 -> '-0.6 %'."""
    return "–" if value is None else f"{value:+,.1f} %"


_NUMBER = re.compile(
    r"(?P<sign>[-−+]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?"
    r"(?:\s?(?P<word>trillion|bn|m|k)\b)?"
)


def parse(text: str) -> tuple[float, float]:
    """Read a printed number ('USD 1.5 bn', '-3.60 bn', '92 %') as (value, tolerance)."""
    found = _NUMBER.search(text.replace("\u00a0", " "))
    if found is None:
        raise ValueError(f"no number in {text!r}")
    fraction = found["fraction"] or ""
    scale = _WORDS.get(found["word"] or "", 1.0)
    number = float(found["digits"].replace(",", "") + ("." + fraction if fraction else ""))
    sign = -1.0 if found["sign"] in ("-", "−") else 1.0
    step = 10.0 ** -len(fraction) * scale
    return sign * number * scale, step / 2
