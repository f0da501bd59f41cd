"""Yearly trade indicators between one subject and one partner, from their trade claims.

Rules (trade_table.v2):
- Used: claims whose metric is trade.exports, trade.imports, trade.total, trade.balance or
  trade.partner_share_*, with measure 'level', a one-year period ('2023'), no object (a
  product's exports are not the country total), and status other than 'rejected'. Money goes
  through the caller's to_usd; shares must be in percent.
- Several claims for one metric and year: if any is 'accepted', only those count. If they
  state one value, it is used; if they differ, the field stays empty and is marked disputed,
  with every version kept: no median or mean that no source states.
- Claims the caller holds back (not fit for aggregation) never give a value, but their year
  and versions stay in the table, so a year whose sources disagree is shown. A held-back
  accepted claim marks its field disputed (no value) unless it states the value used; a
  held-back candidate is listed as a version and disputes nothing.
- A stated figure is used as stated. A stated trade.balance keeps the sign it was given: a
  deficit written as a positive amount stays positive, so its sign is the extractor's job.
- Derived where not stated and not disputed, from undisputed inputs only: total = exports +
  imports; balance = exports - imports; coverage = exports / imports; growth = percent change
  of total from the year before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from geoledger.models import Claim

RULE_ID = "trade_table.v2"

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
    disputed: tuple[str, ...] = ()  # fields whose versions disagree or were held back
    versions: tuple[TradeVersion, ...] = ()  # every claim of the year: used or not


@dataclass(frozen=True, slots=True)
class TradeVersion:
    """One claim's figure for one field of one year, and whether the table used it."""

    field: str
    claim: str
    value: float
    used: bool


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


def _pick(found: list[tuple[Claim, float]]) -> tuple[float | None, list[str]]:
    """One value among claims of one metric and year: accepted first; None if they differ."""
    accepted = [(c, v) for c, v in found if c.status == "accepted"]
    chosen = accepted or found
    values = {v for _, v in chosen}
    return (values.pop() if len(values) == 1 else None), [c.id for c, _ in chosen if c.id]


def _grouped(
    claims: Sequence[Claim], to_usd: Callable[[Claim], float | None]
) -> dict[int, dict[str, list[tuple[Claim, float]]]]:
    """Usable claims by year and field, with their value in USD (or percent)."""
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
    return grouped


def trade_table(
    claims: Sequence[Claim],
    *,
    to_usd: Callable[[Claim], float | None],
    held_back: Sequence[Claim] = (),
) -> list[TradeYear]:
    """Turn one subject–partner pair's trade claims into yearly rows, sorted by year.

    held_back: claims not fit to count (their sources disagree); shown as versions only.
    """
    used = _grouped(claims, to_usd)
    shown = _grouped(held_back, to_usd)
    rows: list[TradeYear] = []
    previous: TradeYear | None = None
    for year in sorted(set(used) | set(shown)):
        fields, others = used.get(year, {}), shown.get(year, {})
        picked = {field: _pick(found) for field, found in fields.items()}
        stated = {f: v for f, (v, _) in picked.items() if v is not None}
        tentative = dict(stated)
        _derive(tentative, set())
        # A held-back accepted figure disputes its field unless it states the value the
        # table has (stated or derived); a held-back candidate disputes nothing.
        disputed = {f for f, (v, _) in picked.items() if v is None} | {
            field
            for field, found in others.items()
            if any(c.status == "accepted" and not _same(v, tentative.get(field)) for c, v in found)
        }
        values = {f: v for f, v in stated.items() if f not in disputed}
        derived = _derive(values, disputed)
        versions: list[TradeVersion] = []
        ids: set[str] = set()
        for field, found in fields.items():
            chosen = set(picked[field][1]) if field in values and field not in derived else set()
            ids.update(chosen)
            versions += [TradeVersion(field, c.id, v, c.id in chosen) for c, v in found if c.id]
        for field, found in others.items():
            versions += [TradeVersion(field, c.id, v, False) for c, v in found if c.id]
        total = values.get("total")
        if (
            previous is not None
            and previous.year == year - 1
            and previous.total
            and total is not None
            and "total" not in disputed
        ):
            values["growth"] = (total / previous.total - 1) * 100
            derived.append("growth")
        row = TradeYear(
            year=year,
            derived=tuple(derived),
            claims=tuple(sorted(ids)),
            disputed=tuple(sorted(disputed)),
            versions=tuple(sorted(versions, key=lambda v: (v.field, v.claim))),
            **values,
        )
        rows.append(row)
        previous = row
    return rows


def _same(value: float, other: float | None) -> bool:
    """True if two figures are the same number (sums of floats may differ in the last bit)."""
    return other is not None and abs(value - other) <= 1e-9 * max(abs(value), abs(other))


def _derive(values: dict[str, float], disputed: set[str]) -> list[str]:
    """Fill total, balance and coverage from undisputed exports and imports; name them."""
    derived: list[str] = []
    exports, imports = values.get("exports"), values.get("imports")
    if exports is None or imports is None:
        return derived
    if "total" not in values and "total" not in disputed:
        values["total"] = exports + imports
        derived.append("total")
    if "balance" not in values and "balance" not in disputed:
        values["balance"] = exports - imports
        derived.append("balance")
    if imports:
        values["coverage"] = exports / imports
        derived.append("coverage")
    return derived
