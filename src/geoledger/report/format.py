"""Numbers as people read them: money with its currency, shares with a percent sign."""

from __future__ import annotations

from typing import Any

_SCALES = ((1e12, "trillion"), (1e9, "bn"), (1e6, "m"), (1e3, "k"))


def short_number(value: float) -> str:
    """1_500_000_000 -> '1.5 bn'; 842_000 -> '842 k'; small numbers as they are."""
    magnitude = abs(value)
    for size, word in _SCALES:
        if magnitude >= size and (size > 1e3 or magnitude >= 1e5):
            scaled = value / size
            digits = 0 if abs(scaled) >= 100 else 1 if abs(scaled) >= 10 else 2
            text = f"{scaled:,.{digits}f}".rstrip("0").rstrip(".")
            return f"{text} {word}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def amount(value: float | None, unit: str | None) -> str:
    """A value with its unit: 'USD 1.5 bn', '93 %', '6 drones' stays '6'."""
    if value is None:
        return "–"
    if unit == "percent":
        return f"{short_number(value)} %"
    if unit == "times":
        return f"{short_number(value)}×"
    if unit == "fraction":
        return f"{value:.0%}"
    if unit and len(unit) == 3 and unit.isupper():
        return f"{unit} {short_number(value)}"
    if unit in (None, "", "count"):
        return short_number(value)
    return f"{short_number(value)} {unit}"


def claim_amount(record: dict[str, Any]) -> str:
    """A claim record's stated amount, with its range and qualifier."""
    text = amount(record["value"], record["unit"])
    if record.get("value_max") is not None:
        text = f"{text} – {amount(record['value_max'], record['unit'])}"
    prefix = {"approx": "≈ ", "at_least": "≥ ", "at_most": "≤ "}.get(record.get("qualifier") or "")
    return (prefix or "") + text


def usd(value: float | None) -> str:
    """A USD amount, short."""
    return "–" if value is None else f"USD {short_number(value)}"
