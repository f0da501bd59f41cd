"""Arithmetic checks across facts: parts against totals, changes against levels, shares.

Every check takes each fact's best version, computes a figure from some facts and compares it
with the one another fact states. Tolerance (check_tolerance.v1): the coarsest printed
precision among the figures involved (half a unit in the last significant digit), plus the
approx and currency-conversion allowances of every figure (figures.tolerance.v1). Rounding
errors are not summed: 7.4 bn − 6.1 bn = 1.3 bn against a stated rise of 1.2 bn is one whole
unit of the printed precision off, so it is reported, even though unlucky rounding of all
three could explain it; the reason says so and a person decides.

Rules:
- sum.v1: trade.exports + trade.imports = trade.total; |exports − imports| = |trade.balance|;
- change.v1: a stated change over A/B (or over year B) = level at B − level at A;
- share.v1: a product's share of exports = its exports / all exports × 100;
- bound.v1: a stake or share lies between 0 and 100 percent (a fraction between 0 and 1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from geoledger.reconcile.facts import CONFLICT, CONSISTENT, Fact
from geoledger.reconcile.figures import FactKey, Figure, figure, show_amount

SUM_RULE = "sum.v1"
CHANGE_RULE = "change.v1"
SHARE_RULE = "share.v1"
BOUND_RULE = "bound.v1"
CHECK_RULES = (SUM_RULE, CHANGE_RULE, SHARE_RULE, BOUND_RULE)

SHARE_OF = {"trade.product_share_exports": "trade.exports"}
BOUNDED_METRICS = frozenset(
    {
        "investment.stake",
        "trade.partner_share_exports",
        "trade.partner_share_imports",
        "trade.product_share_exports",
        "trade.tariff_coverage",
        "policy.alignment_rate",
        "opinion.share",
        "macro.unemployment",
    }
)
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True, slots=True)
class Check:
    """One arithmetic check: the stated fact, the facts it was computed from, the outcome."""

    rule: str
    verdict: str  # consistent | conflict
    reason: str
    stated: Fact
    parts: tuple[tuple[str, Fact], ...]  # (role, fact) the computed figure came from
    computed: float
    unit: str
    formula: str
    tolerance: float

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every fact the check involves, the stated one first."""
        return (self.stated, *(fact for _, fact in self.parts))


@dataclass(frozen=True, slots=True)
class _Term:
    value: float
    half_unit: float
    allowance: float


def _usable(fact: Fact) -> bool:
    """A fact whose best version is one plain figure (no range, no open bound)."""
    best = fact.best
    return (
        best is not None
        and best.claim.value_max is None
        and best.claim.qualifier in ("exact", "approx")
    )


def _scale(facts: Sequence[Fact]) -> str | None:
    units = {f.best.claim.unit for f in facts if f.best is not None}
    if len(units) == 1:
        return next(iter(units))
    if all(f.best is not None and f.best.usd is not None for f in facts):
        return "USD"
    return None


def _figure(fact: Fact, scale: str) -> Figure:
    assert fact.best is not None
    return figure(fact.best, scale)


def _term(fig: Figure) -> _Term:
    return _Term(fig.value, fig.half_unit, fig.allowance)


def _compare(
    rule: str,
    stated: Fact,
    parts: Sequence[tuple[str, Fact]],
    computed: _Term,
    scale: str,
    formula: str,
) -> Check:
    fig = _figure(stated, scale)
    tolerance = max(computed.half_unit, fig.half_unit) + computed.allowance + fig.allowance
    off = abs(computed.value - fig.value)
    ok = off <= tolerance * (1 + 1e-9)
    names = ", ".join(f"{role} {fact.best.id if fact.best else ''}" for role, fact in parts)
    stated_id = stated.best.id if stated.best else ""
    if ok:
        reason = (
            f"{formula} = {show_amount(computed.value, scale)}, stated "
            f"{show_amount(fig.value, scale)} ({stated_id}): within "
            f"{show_amount(tolerance, scale)}"
        )
    else:
        reason = (
            f"{formula} = {show_amount(computed.value, scale)}, but {stated_id} states "
            f"{show_amount(fig.value, scale)}: off by {show_amount(off, scale)}, more than the "
            f"{show_amount(tolerance, scale)} the printed precision allows ({names})"
        )
        others = [v for v in stated.live if v is not stated.best]
        agreeing = [
            v.id
            for v in others
            if abs(figure(v, scale).value - computed.value)
            <= max(computed.half_unit, figure(v, scale).half_unit) + computed.allowance
        ]
        if agreeing:
            reason += f"; it matches the other version(s) {', '.join(agreeing)}"
    return Check(
        rule=rule,
        verdict=CONSISTENT if ok else CONFLICT,
        reason=reason,
        stated=stated,
        parts=tuple(parts),
        computed=computed.value,
        unit=scale,
        formula=formula,
        tolerance=tolerance,
    )


def _index(facts: Sequence[Fact]) -> dict[FactKey, Fact]:
    return {f.key: f for f in facts}


def check_sums(facts: Sequence[Fact]) -> list[Check]:
    """sum.v1: exports + imports against the stated total, exports − imports against balance."""
    index = _index(facts)
    checks = []
    for fact in facts:
        key = fact.key
        if key.metric != "trade.total" and key.metric != "trade.balance":
            continue
        if key.measure != "level":
            continue
        exports = index.get(key._replace(metric="trade.exports"))
        imports = index.get(key._replace(metric="trade.imports"))
        if exports is None or imports is None:
            continue
        group = [fact, exports, imports]
        scale = _scale(group)
        if scale is None or not all(_usable(f) for f in group):
            continue
        e, i = _term(_figure(exports, scale)), _term(_figure(imports, scale))
        parts = [("exports", exports), ("imports", imports)]
        if key.metric == "trade.total":
            computed = _Term(
                e.value + i.value, max(e.half_unit, i.half_unit), e.allowance + i.allowance
            )
            formula = (
                f"exports + imports = {show_amount(e.value, scale)} + {show_amount(i.value, scale)}"
            )
        else:
            difference = e.value - i.value
            formula = (
                f"exports − imports = {show_amount(e.value, scale)} − {show_amount(i.value, scale)}"
            )
            if _figure(fact, scale).value >= 0:
                # A deficit is often stated as a positive amount, so compare sizes then.
                difference = abs(difference)
                formula = f"|{formula.replace(' = ', '| = |', 1)}|"
            computed = _Term(difference, max(e.half_unit, i.half_unit), e.allowance + i.allowance)
        checks.append(_compare(SUM_RULE, fact, parts, computed, scale, formula))
    return checks


def _change_ends(period: str | None) -> tuple[str, str] | None:
    if not period:
        return None
    if "/" in period:
        start, _, end = period.partition("/")
        return start.strip(), end.strip()
    if _YEAR.fullmatch(period):
        return str(int(period) - 1), period
    return None


def check_changes(facts: Sequence[Fact]) -> list[Check]:
    """change.v1: a stated change against the difference of the stated levels."""
    index = _index(facts)
    checks = []
    for fact in facts:
        if fact.key.measure != "change":
            continue
        ends = _change_ends(fact.key.period)
        if ends is None:
            continue
        level = fact.key._replace(measure="level")
        before = index.get(level._replace(period=ends[0]))
        after = index.get(level._replace(period=ends[1]))
        if before is None or after is None:
            continue
        group = [fact, before, after]
        scale = _scale(group)
        if scale is None or not all(_usable(f) for f in group):
            continue
        a, b = _term(_figure(before, scale)), _term(_figure(after, scale))
        computed = _Term(
            b.value - a.value, max(a.half_unit, b.half_unit), a.allowance + b.allowance
        )
        formula = (
            f"{ends[1]} level − {ends[0]} level = {show_amount(b.value, scale)} − "
            f"{show_amount(a.value, scale)}"
        )
        stated = _figure(fact, scale)
        if stated.value >= 0 > computed.value:
            # "fell by 5" is stored as 5 with measure change; compare sizes when signs differ.
            computed = _Term(abs(computed.value), computed.half_unit, computed.allowance)
        parts = [(f"level {ends[0]}", before), (f"level {ends[1]}", after)]
        checks.append(_compare(CHANGE_RULE, fact, parts, computed, scale, formula))
    return checks


def check_shares(facts: Sequence[Fact]) -> list[Check]:
    """share.v1: a stated share against part / whole × 100."""
    index = _index(facts)
    checks = []
    for fact in facts:
        base = SHARE_OF.get(fact.key.metric)
        if base is None or fact.key.object is None or fact.key.measure != "level":
            continue
        part = index.get(fact.key._replace(metric=base))
        whole = index.get(fact.key._replace(metric=base, object=None))
        if part is None or whole is None or not all(_usable(f) for f in (fact, part, whole)):
            continue
        scale = _scale([part, whole])
        assert fact.best is not None
        unit = fact.best.claim.unit
        if scale is None or unit not in ("percent", "fraction"):
            continue
        p, w = _figure(part, scale), _figure(whole, scale)
        if w.value == 0:
            continue
        per = 100.0 if unit == "percent" else 1.0
        value = p.value / w.value * per
        relative_half = max(p.half_unit / abs(p.value or 1), w.half_unit / abs(w.value))
        relative_allowance = p.allowance / abs(p.value or 1) + w.allowance / abs(w.value)
        computed = _Term(value, abs(value) * relative_half, abs(value) * relative_allowance)
        formula = (
            f"{fact.key.object} / all exports × {per:g} = {show_amount(p.value, scale)} / "
            f"{show_amount(w.value, scale)} × {per:g}"
        )
        parts = [("part", part), ("whole", whole)]
        checks.append(_compare(SHARE_RULE, fact, parts, computed, unit, formula))
    return checks


def check_bounds(facts: Sequence[Fact]) -> list[Check]:
    """bound.v1: a stake or share above 100 percent (or 1 as a fraction), or below 0."""
    checks = []
    for fact in facts:
        if fact.key.metric not in BOUNDED_METRICS:
            continue
        for version in fact.live:
            unit = version.claim.unit
            if unit not in ("percent", "fraction"):
                continue
            top = 100.0 if unit == "percent" else 1.0
            highest = max(version.claim.value, version.claim.value_max or version.claim.value)
            bad = highest > top or version.claim.value < 0
            if not bad and version is not fact.best:
                continue
            formula = f"a {fact.key.metric} lies between 0 and {top:g} {unit}"
            stated = show_amount(highest, unit)
            reason = (
                f"{version.id} states {stated}; {formula}"
                if bad
                else f"{stated} lies between 0 and {top:g} {unit}"
            )
            checks.append(
                Check(
                    rule=BOUND_RULE,
                    verdict=CONFLICT if bad else CONSISTENT,
                    reason=reason,
                    stated=fact,
                    parts=(),
                    computed=top,
                    unit=unit,
                    formula=formula,
                    tolerance=0.0,
                )
            )
    return checks


def run_checks(facts: Sequence[Fact]) -> list[Check]:
    """Every arithmetic check that applies to facts, passed and failed."""
    return [
        *check_sums(facts),
        *check_changes(facts),
        *check_shares(facts),
        *check_bounds(facts),
    ]
