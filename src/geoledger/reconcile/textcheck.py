"""A figure read from a text, judged against the ledger's fact with the same key (textcheck.v1).

Verdicts, each against the fact's best version (accepted versions first, see BEST_RULE_TEXT):
- agrees: same value, within half a percent (the scorer's own value agreement);
- differs_within_rounding: not the same value, but within each other's printed precision
  (tolerance.v1: rounding, approx, currency conversion, open bounds, ranges);
- differs: beyond that tolerance;
- new: the ledger holds no fact with this key;
- unclear: the extractor could not settle what the figure means (which attributes it says), or
  its unit cannot be compared with the ledger's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from geoledger.reconcile.facts import Fact
from geoledger.reconcile.figures import (
    EXACT_FLOOR,
    FactKey,
    Figure,
    Version,
    agree,
    figure,
    show_amount,
)

TEXTCHECK_RULE = "textcheck.v1"
AGREES = "agrees"
WITHIN_ROUNDING = "differs_within_rounding"
DIFFERS = "differs"
NEW = "new"
UNCLEAR = "unclear"
TEXT_VERDICTS = (AGREES, WITHIN_ROUNDING, DIFFERS, NEW, UNCLEAR)


@dataclass(frozen=True, slots=True)
class Comparison:
    """One ledger version beside the text's figure."""

    version: Version
    relation: str  # agrees | differs_within_rounding | differs


@dataclass(frozen=True, slots=True)
class FigureCheck:
    """The verdict on one figure of a text, with the evidence behind it."""

    figure: Version  # the text's own claim, as a version (its USD value, its sentence)
    key: FactKey
    verdict: str
    reason: str
    unclear: tuple[str, ...] = ()  # attributes the extractor left unsettled
    fact: Fact | None = None
    comparisons: tuple[Comparison, ...] = ()
    scale: str | None = None  # the unit the figure was compared in
    difference: float | None = None  # text value minus the best version's, in scale
    difference_pct: float | None = None


def unsettled(key: FactKey) -> tuple[str, ...]:
    """The attributes without which the figure cannot be matched to a fact."""
    missing = []
    if key.metric == "other":
        missing.append("metric")
    if key.subject is None:
        missing.append("subject")
    if key.period is None:
        missing.append("period")
    return tuple(missing)


def _same(mine: Figure, theirs: Figure) -> bool:
    def close(a: float, b: float) -> bool:
        return a == b or abs(a - b) <= EXACT_FLOOR * max(abs(a), abs(b))

    return close(mine.value, theirs.value) and close(mine.value_max, theirs.value_max)


def relation(mine: Figure, theirs: Figure) -> str:
    """How two figures in one scale stand: the same, within tolerance, or apart."""
    if _same(mine, theirs):
        return AGREES
    return WITHIN_ROUNDING if agree([mine, theirs]) else DIFFERS


def _scale(text_figure: Version, fact: Fact) -> str | None:
    unit = text_figure.claim.unit
    if fact.scale == unit:
        return unit
    convertible = text_figure.usd is not None and all(v.usd is not None for v in fact.live)
    return "USD" if fact.scale is not None and convertible else None


def judge_figure(text_figure: Version, key: FactKey, fact: Fact | None) -> FigureCheck:
    """The verdict on text_figure, whose key is key, against the ledger's fact (or None)."""
    missing = unsettled(key)
    if fact is None or not fact.live:
        if missing:
            return FigureCheck(
                text_figure,
                key,
                UNCLEAR,
                f"the extractor could not settle its {', '.join(missing)}",
                unclear=missing,
            )
        return FigureCheck(text_figure, key, NEW, "the ledger holds no fact with this key")
    scale = _scale(text_figure, fact)
    if scale is None:
        units = ", ".join(sorted({v.claim.unit for v in fact.live}))
        return FigureCheck(
            text_figure,
            key,
            UNCLEAR,
            f"its unit {text_figure.claim.unit} cannot be compared with the ledger's ({units})",
            unclear=("unit",),
            fact=fact,
        )
    mine = figure(text_figure, scale)
    comparisons = tuple(
        Comparison(version, relation(mine, figure(version, scale))) for version in fact.live
    )
    best = fact.best or fact.live[0]
    best_relation = next(c.relation for c in comparisons if c.version is best)
    theirs = figure(best, scale)
    difference = mine.value - theirs.value
    base = max(abs(mine.value), abs(theirs.value))
    difference_pct = 0.0 if base == 0 else difference / abs(theirs.value or base) * 100
    stated = f"{show_amount(mine.value, scale)} vs {best.id} {show_amount(theirs.value, scale)}"
    off = f"off by {show_amount(abs(difference), scale)} ({abs(difference_pct):.1f}%)"
    if best_relation == AGREES:
        reason = f"states the ledger's figure ({stated})"
    elif best_relation == WITHIN_ROUNDING:
        reason = f"{off}, within the printed precision ({stated})"
    else:
        reason = f"{off}, beyond the printed precision ({stated})"
    if fact.verdict == "conflict":
        reason += "; the ledger's own sources disagree on this fact"
    return FigureCheck(
        text_figure,
        key,
        best_relation,
        reason,
        unclear=(),
        fact=fact,
        comparisons=comparisons,
        scale=scale,
        difference=difference if math.isfinite(difference) else None,
        difference_pct=difference_pct if math.isfinite(difference_pct) else None,
    )
