"""Claims as comparable figures: the key they share, their USD value and their tolerance.

Tolerance rules (tolerance.v1), all relative to the stated value:
- rounding: half a unit in the figure's last significant digit ("6 billion" ±0.5 bn,
  "1.26 billion" ±0.005 bn), at most ROUNDING_CAP, at least EXACT_FLOOR;
- an `approx` claim is allowed at least APPROX_TOLERANCE;
- a figure converted from another currency is allowed CONVERSION_TOLERANCE more, because the
  rate used is the period's average and the source may have used the rate of another day;
- `at_least` is open upwards, `at_most` downwards, and a range spans value..value_max.
Two versions agree when their intervals overlap; a set agrees when all intervals share a point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from geoledger.models import Claim
from geoledger.numbers import short_number

TOLERANCE_RULE = "tolerance.v1"
EXACT_FLOOR = 0.005  # the scorer's own value agreement: 0.5 %
ROUNDING_CAP = 0.10  # "1 billion" is read as about 1 bn, not as anything from 0.5 to 1.5 bn
APPROX_TOLERANCE = 0.10
CONVERSION_TOLERANCE = 0.05  # EUR/USD moved about ±5 % within most years since 2010


class FactKey(NamedTuple):
    """What a fact is about; actor names already resolved to one spelling."""

    metric: str
    subject: str | None
    partner: str | None
    entity: str | None
    object: str | None
    period: str | None
    measure: str = "level"

    def as_dict(self) -> dict[str, str | None]:
        """The key as the JSON output shows it."""
        return dict(self._asdict())


@dataclass(frozen=True, slots=True)
class Version:
    """One claim as a version of a fact, with what the ledger knows around it."""

    claim: Claim
    usd: float | None = None  # value in USD at the period's rate; None if not money
    usd_max: float | None = None
    rate_date: str | None = None
    source_title: str | None = None
    source_author: str | None = None
    source_url: str | None = None
    context: str | None = None  # the sentence the quantity was read from, when known
    accepted_by: str | None = None  # the person (or dataset) that accepted it

    @property
    def id(self) -> str:
        """The claim's id."""
        return self.claim.id or ""

    @property
    def live(self) -> bool:
        """Rejected versions stay listed but never count."""
        return self.claim.status != "rejected"


@dataclass(frozen=True, slots=True)
class Figure:
    """A value with its interval in one scale (USD, or the claims' shared unit)."""

    value: float
    value_max: float
    low: float
    high: float
    half_unit: float  # rounding: half a unit in the last significant digit, absolute
    allowance: float  # approx and conversion allowance, absolute
    relative: float  # the total relative tolerance used for low/high
    notes: tuple[str, ...] = ()


# A ledger states the same few figures many times; each figure asks twice (rounding, precision).
@lru_cache(maxsize=1 << 16)
def significant_half_unit(value: float) -> float:
    """Half a unit in value's last significant digit: 6e9 -> 5e8, 1.26e9 -> 5e6."""
    if value == 0 or not math.isfinite(value):
        return 0.0
    mantissa, _, exponent = f"{abs(value):.12e}".partition("e")
    digits = mantissa.replace(".", "").rstrip("0") or "0"
    return 0.5 * 10 ** (int(exponent) - (len(digits) - 1))


def rounding_tolerance(value: float) -> float:
    """Relative rounding tolerance of a stated value, between EXACT_FLOOR and ROUNDING_CAP."""
    if value == 0:
        return EXACT_FLOOR
    return min(ROUNDING_CAP, max(EXACT_FLOOR, significant_half_unit(value) / abs(value)))


def scale_of(versions: list[Version]) -> str | None:
    """The unit live versions are compared in: their shared unit, USD, or None (incomparable)."""
    units = {v.claim.unit for v in versions}
    if len(units) == 1:
        return next(iter(units))
    if all(v.usd is not None for v in versions):
        return "USD"
    return None


def figure(version: Version, scale: str) -> Figure:
    """version's value and interval in scale (its own unit, or USD after conversion)."""
    claim = version.claim
    converted = scale != claim.unit
    if converted:
        if version.usd is None:
            raise ValueError(f"claim {version.id} has no USD value")
        value = version.usd
        value_max = version.usd_max if version.usd_max is not None else value
    else:
        value = claim.value
        value_max = claim.value_max if claim.value_max is not None else value
    # Precision is that of the figure as printed, in its own unit.
    half_rel = significant_half_unit(claim.value) / abs(claim.value) if claim.value else 0.0
    rounding = rounding_tolerance(claim.value)
    notes = [f"rounding ±{rounding:.1%}"]
    allowance_rel = 0.0
    relative = rounding
    if claim.qualifier == "approx":
        allowance_rel = APPROX_TOLERANCE
        relative = max(rounding, APPROX_TOLERANCE)
        notes = [f"approx ±{relative:.0%}"]
    if converted:
        allowance_rel += CONVERSION_TOLERANCE
        relative += CONVERSION_TOLERANCE
        notes.append(f"converted from {claim.unit} ±{CONVERSION_TOLERANCE:.0%}")
    low = value - abs(value) * relative
    high = value_max + abs(value_max) * relative
    if claim.qualifier == "at_least":
        high = math.inf
        notes.append("at least")
    elif claim.qualifier == "at_most":
        low = -math.inf
        notes.append("at most")
    return Figure(
        value=value,
        value_max=value_max,
        low=low,
        high=high,
        half_unit=abs(value) * min(half_rel, ROUNDING_CAP),
        allowance=abs(value) * allowance_rel,
        relative=relative,
        notes=tuple(notes),
    )


def agree(figures: list[Figure]) -> bool:
    """True when every interval shares at least one point with every other."""
    if not figures:
        return True
    return max(f.low for f in figures) <= min(f.high for f in figures) * (1 + 1e-12)


def show_amount(value: float | None, unit: str | None) -> str:
    """A figure as people read it: 1.26bn USD, 63 percent, 268,572 count."""
    if value is None:
        return ""
    if not math.isfinite(value):
        return "∞"
    size = abs(value)
    if size >= 1e12:
        text = f"{short_number(value / 1e9)}bn"
    elif size >= 1e9:
        text = f"{value / 1e9:.4g}bn"
    elif size >= 1e6:
        text = f"{value / 1e6:.4g}m"
    elif float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = short_number(value)  # .4g would print 12345.6 as 1.235e+04
    return f"{text} {unit}" if unit else text


def show_version(version: Version) -> str:
    """One version in a line: id, value (and USD), source."""
    claim = version.claim
    text = show_amount(claim.value, claim.unit)
    if claim.value_max is not None:
        text = f"{show_amount(claim.value, None)}–{show_amount(claim.value_max, claim.unit)}"
    if claim.unit != "USD" and version.usd is not None:
        text += f" (= {show_amount(version.usd, 'USD')})"
    if claim.qualifier != "exact":
        text = f"{claim.qualifier} {text}"
    return f"{version.id} {text} [{claim.source_id}]"
