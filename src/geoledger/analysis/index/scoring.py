"""Results, normalisation, scores, ranks and the seeded sensitivity runs."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from geoledger.analysis.index.definition import (
    INDEX_DOMAINS,
    METHOD_ID,
    Indicator,
    SensitivitySettings,
)

# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """One indicator for one partner: raw value, normalised 0-100, and what it came from."""

    id: str
    value: float | None
    unit: str
    normalized: float | None
    weight: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DomainResult:
    domain: str
    score: float | None
    coverage: float
    indicators: tuple[IndicatorResult, ...]


@dataclass(frozen=True, slots=True)
class PartnerResult:
    partner: str
    score: float | None
    rank: int | None
    coverage: float
    domains: tuple[DomainResult, ...]


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """Scores under perturbed weights: rank shares, score ranges, each domain left out."""

    runs: int
    ranks: dict[str, dict[int, float]]
    score_ranges: dict[str, tuple[float | None, float | None]]
    leave_one_out: dict[str, dict[str, float | None]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IndexResult:
    subject: str
    year: int | None
    partners: tuple[PartnerResult, ...]
    domain_weights: dict[str, float]
    indicator_weights: dict[str, float]
    sensitivity: Sensitivity | None
    method: str = METHOD_ID


# --- normalising and scoring ------------------------------------------------------------------


def normalise(values: Mapping[str, float | None], indicator: Indicator) -> dict[str, float | None]:
    """Each partner's value on 0-100: share of the leader (max) or place on a scale (fixed)."""
    out: dict[str, float | None] = {}
    present = {p: v for p, v in values.items() if v is not None}
    low, high = indicator.scale
    for partner, value in values.items():
        if value is None:
            out[partner] = None
        elif indicator.normalisation == "fixed":
            share = (min(max(value, low), high) - low) / (high - low)
            out[partner] = 100 * (share if indicator.direction == "higher" else 1 - share)
        elif indicator.direction == "higher":
            top = max(present.values())
            out[partner] = 100 * value / top if top > 0 else 0.0
        else:
            best = min(present.values())
            out[partner] = 100 * best / value if value > 0 else 100.0
    return out


def _weighted_mean(pairs: Iterable[tuple[float | None, float]]) -> tuple[float | None, float]:
    """Mean of the present values by weight, and the share of weight that was present."""
    pairs = list(pairs)
    total = sum(w for _, w in pairs)
    present = [(v, w) for v, w in pairs if v is not None and w > 0]
    weight = sum(w for _, w in present)
    if weight == 0:
        return None, 0.0
    return sum(v * w for v, w in present) / weight, weight / total  # type: ignore[misc]


def rank_scores(scores: Mapping[str, float | None]) -> dict[str, int | None]:
    """Competition ranks (1, 2, 2, 4) by score, highest first; no score, no rank."""
    ranked: dict[str, int | None] = {}
    for partner, score in scores.items():
        if score is None:
            ranked[partner] = None
        else:
            better = sum(1 for s in scores.values() if s is not None and s > score + 1e-9)
            ranked[partner] = better + 1
    return ranked


@dataclass(frozen=True, slots=True)
class _Scored:
    """One partner scored under one set of weights."""

    score: float | None
    coverage: float
    domains: dict[str, tuple[float | None, float]]  # domain -> (score, coverage)


def score_partner(
    normalized: Mapping[str, float | None],
    indicators: Sequence[Indicator],
    domain_weights: Mapping[str, float],
    indicator_weights: Mapping[str, float],
    *,
    min_coverage: float = 0.0,
) -> _Scored:
    """Domain scores, overall score and coverage of one partner's normalised values."""
    domains = {
        domain: _weighted_mean(
            (normalized[i.id], indicator_weights[i.id]) for i in indicators if i.domain == domain
        )
        for domain in INDEX_DOMAINS
    }
    score, _ = _weighted_mean((s, domain_weights.get(d, 0.0)) for d, (s, _) in domains.items())
    total = sum(domain_weights.get(d, 0.0) for d in INDEX_DOMAINS)
    coverage = (
        sum(c * domain_weights.get(d, 0.0) for d, (_, c) in domains.items()) / total
        if total
        else 0.0
    )
    if coverage < min_coverage:
        score = None
    return _Scored(score, coverage, domains)


@dataclass(frozen=True, slots=True)
class ScoreMatrix:
    """The normalised values, partner -> indicator id -> value, for rescoring under new weights."""

    partners: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    normalized: dict[str, dict[str, float | None]]
    min_coverage: float


def _scores(
    matrix: ScoreMatrix, domain_weights: Mapping[str, float], indicator_weights: Mapping[str, float]
) -> dict[str, float | None]:
    return {
        p: score_partner(
            matrix.normalized[p],
            matrix.indicators,
            domain_weights,
            indicator_weights,
            min_coverage=matrix.min_coverage,
        ).score
        for p in matrix.partners
    }


def _perturbed(
    weights: Mapping[str, float], settings: SensitivitySettings, rng: random.Random
) -> dict[str, float]:
    """One random draw of weights around the given ones."""
    if settings.method == "uniform":
        low, high = 1 - settings.spread, 1 + settings.spread
        return {k: w * rng.uniform(low, high) for k, w in weights.items()}
    total = sum(weights.values()) or 1.0
    shapes = {k: settings.concentration * w / total for k, w in weights.items()}
    # A tiny weight's shape may underflow to 0.0, which gammavariate refuses: it draws 0.
    draws = {k: rng.gammavariate(a, 1.0) if a > 0 else 0.0 for k, a in shapes.items()}
    scale = sum(draws.values()) or 1.0
    return {k: total * d / scale for k, d in draws.items()}


def sensitivity(
    matrix: ScoreMatrix,
    domain_weights: Mapping[str, float],
    indicator_weights: Mapping[str, float],
    settings: SensitivitySettings,
) -> Sensitivity:
    """Rank shares and score ranges over seeded random weight draws plus each domain left out."""
    rng = random.Random(settings.seed)
    runs: list[dict[str, float | None]] = []
    for _ in range(settings.runs):
        drawn_domains = _perturbed(domain_weights, settings, rng)
        drawn_indicators: dict[str, float] = {}
        for domain in INDEX_DOMAINS:
            own = {i.id: indicator_weights[i.id] for i in matrix.indicators if i.domain == domain}
            drawn_indicators.update(_perturbed(own, settings, rng))
        runs.append(_scores(matrix, drawn_domains, drawn_indicators))
    leave_one_out = {}
    for domain in INDEX_DOMAINS if settings.leave_one_out else ():
        scores = _scores(matrix, {**domain_weights, domain: 0.0}, indicator_weights)
        leave_one_out[domain] = scores
        runs.append(scores)
    counts: dict[str, dict[int, int]] = {p: {} for p in matrix.partners}
    for scores in runs:
        for partner, rank in rank_scores(scores).items():
            if rank is not None:
                counts[partner][rank] = counts[partner].get(rank, 0) + 1
    ranks: dict[str, dict[int, float]] = {}
    ranges: dict[str, tuple[float | None, float | None]] = {}
    for partner in matrix.partners:
        ranks[partner] = {r: n / len(runs) for r, n in sorted(counts[partner].items())}
        seen = [s for run in runs if (s := run[partner]) is not None]
        ranges[partner] = (min(seen), max(seen)) if seen else (None, None)
    return Sensitivity(len(runs), ranks, ranges, leave_one_out)
