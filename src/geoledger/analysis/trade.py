"""Yearly trade indicators between one subject and one partner, from their trade claims.

Rules (trade_table.v1):
- Used: claims whose metric is trade.exports, trade.imports, trade.total, trade.balance or
  trade.partner_share_*, with measure 'level', a one-year period ('2023'), no object (a
  product's exports are not the country total), and status other than 'rejected'. Money goes
  through the caller's to_usd; shares must be in percent.
- Several claims for one metric and year: if any is 'accepted', only those count; the value is
  the median of the rest, and every claim counted is listed in the row's `claims`.
- A stated figure is used as stated. A stated trade.balance keeps the sign it was given: a
  deficit written as a positive amount stays positive, so its sign is the extractor's job.
- Derived where not stated: total = exports + imports; balance = exports - imports. Always
  derived: coverage = exports / imports; growth = percent change of total from the year before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import median

from geoledger.models import Claim

RULE_ID = "trade_table.v1"

_MONEY = {
    "trade.exports": "exports",
    "trade.imports": "imports",
    "trade.total": "total",
    "trade.balance": "balance",
}
_SHARES = {
    "trade.partner_share_exports": "share_exports",
    "trade.partner_share_imports": "share_imports",
}
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True, slots=True)
class TradeYear:
    """One year of trade between subject and partner; money in USD, shares in percent."""

    year: int
    exports: float | None = None
    imports: float | None = None
    total: float | None = None
    balance: float | None = None
    coverage: float | None = None  # exports / imports, a ratio
    growth: float | None = None  # percent change of total from the year before
    share_exports: float | None = None  # partner's share of subject's exports, percent
    share_imports: float | None = None
    derived: tuple[str, ...] = ()  # fields computed here rather than stated in a source
    claims: tuple[str, ...] = ()  # ids of the claims behind the stated fields


def _usable(claim: Claim) -> bool:
    """Tell whether a claim states a country-level trade figure for one calendar year."""
    return (
        (claim.metric in _MONEY or claim.metric in _SHARES)
        and claim.measure == "level"
        and claim.status != "rejected"
        and not claim.object
        and claim.period is not None
        and _YEAR.fullmatch(claim.period.strip()) is not None
    )


def _pick(found: list[tuple[Claim, float]]) -> tuple[float, list[str]]:
    """Choose one value among claims of one metric and year: accepted first, then the median."""
    accepted = [(c, v) for c, v in found if c.status == "accepted"]
    chosen = accepted or found
    return median(v for _, v in chosen), [c.id for c, _ in chosen if c.id]


def _stated(
    claims: Sequence[Claim], to_usd: Callable[[Claim], float | None]
) -> dict[int, dict[str, tuple[float, list[str]]]]:
    """Group usable claims by year and field, and pick one stated value for each."""
    grouped: dict[int, dict[str, list[tuple[Claim, float]]]] = {}
    for claim in claims:
        if not _usable(claim):
            continue
        if claim.metric in _MONEY:
            value = to_usd(claim)
            field = _MONEY[claim.metric]
        else:
            value = claim.value if claim.unit == "percent" else None
            field = _SHARES[claim.metric]
        if value is None:
            continue
        year = int(str(claim.period).strip())
        grouped.setdefault(year, {}).setdefault(field, []).append((claim, value))
    return {
        year: {field: _pick(found) for field, found in fields.items()}
        for year, fields in grouped.items()
    }


def trade_table(
    claims: Sequence[Claim], *, to_usd: Callable[[Claim], float | None]
) -> list[TradeYear]:
    """Turn one subject–partner pair's trade claims into yearly rows, sorted by year."""
    rows: list[TradeYear] = []
    previous: TradeYear | None = None
    for year, fields in sorted(_stated(claims, to_usd).items()):
        values = {field: value for field, (value, _) in fields.items()}
        ids = tuple(sorted({i for _, found_ids in fields.values() for i in found_ids}))
        derived: list[str] = []
        exports, imports = values.get("exports"), values.get("imports")
        if exports is not None and imports is not None:
            if "total" not in values:
                values["total"] = exports + imports
                derived.append("total")
            if "balance" not in values:
                values["balance"] = exports - imports
                derived.append("balance")
            if imports:
                values["coverage"] = exports / imports
                derived.append("coverage")
        total = values.get("total")
        if (
            previous is not None
            and previous.year == year - 1
            and previous.total
            and total is not None
        ):
            values["growth"] = (total / previous.total - 1) * 100
            derived.append("growth")
        row = TradeYear(year=year, derived=tuple(derived), claims=ids, **values)
        rows.append(row)
        previous = row
    return rows
