"""The four-powers engagement index: claims and events in, scored and traced partners out.

Method (engagement_index.v1; docs/index-method.md explains it with a worked example):
- Each indicator in indicators.toml turns one partner's evidence into a raw value with one
  of a few named formulas (FORMULAS) and lists the claim and event ids it used.
- No evidence means the value is missing (None), never zero. Missing values are left out of
  every mean and show up as lower coverage.
- Normalisation is per indicator, across the partners compared: `max` scores a value as a
  percentage of the leader's (Lowy's top-performer rule), `fixed` places it on a stated scale.
- A domain score is the weight-averaged normalised value of its available indicators, and
  its coverage the share of indicator weight that had evidence. The overall score averages
  the available domain scores with the domain weights; its coverage weights domain coverage.
- Sensitivity recomputes the scores with every weight perturbed at random (seeded, so the
  same inputs give the same ranges) and with each domain left out in turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from geoledger.analysis.index.definition import (
    EVENT_DOMAINS,
    FORMULAS,
    INDEX_DOMAINS,
    MAX_WEIGHT,
    METHOD_ID,
    IndexDefinition,
    Indicator,
    SensitivitySettings,
    check_weight,
    default_definition,
    load_definition,
    parse_definition,
    with_weights,
)
from geoledger.analysis.index.evidence import (
    ToUsd,
    actor_keys,
    claims_between,
    evidence_years,
    indicator_value,
    side_of,
)
from geoledger.analysis.index.scoring import (
    DomainResult,
    IndexResult,
    IndicatorResult,
    PartnerResult,
    ScoreMatrix,
    Sensitivity,
    normalise,
    rank_scores,
    score_partner,
    sensitivity,
)
from geoledger.models import Actor, Claim, Event

__all__ = [
    "EVENT_DOMAINS",
    "FORMULAS",
    "INDEX_DOMAINS",
    "MAX_WEIGHT",
    "METHOD_ID",
    "DomainResult",
    "IndexDefinition",
    "IndexResult",
    "Indicator",
    "IndicatorResult",
    "PartnerResult",
    "Sensitivity",
    "SensitivitySettings",
    "ToUsd",
    "actor_keys",
    "check_weight",
    "compute_index",
    "default_definition",
    "evidence_years",
    "load_definition",
    "normalise",
    "parse_definition",
    "rank_scores",
    "score_partner",
    "with_weights",
]


def compute_index(
    *,
    subject: Actor,
    partners: Sequence[Actor],
    actors: Sequence[Actor],
    claims: Sequence[Claim],
    events: Sequence[Event],
    definition: IndexDefinition,
    to_usd: ToUsd,
    year: int | None = None,
    with_sensitivity: bool = True,
) -> IndexResult:
    """Score every partner's engagement with subject, domain by domain, from the evidence."""
    subject_side = side_of(subject, actors)
    sides = {p.name: side_of(p, actors) for p in partners}
    # Countries and blocs outside the pair make an event multilateral (for bilateral = true).
    states = frozenset(a.id for a in actors if a.kind in ("country", "bloc"))
    raw: dict[str, dict[str, tuple[float | None, list[str]]]] = {}
    for name, side in sides.items():
        own_claims = claims_between(claims, subject_side, side)
        raw[name] = {
            i.id: indicator_value(
                i,
                claims=own_claims,
                events=events,
                subject=subject_side,
                partner=side,
                third=states,
                year=year,
                to_usd=to_usd,
            )
            for i in definition.indicators
        }
    normalized: dict[str, dict[str, float | None]] = {name: {} for name in sides}
    for indicator in definition.indicators:
        column = normalise({n: raw[n][indicator.id][0] for n in sides}, indicator)
        for name in sides:
            normalized[name][indicator.id] = column[name]
    matrix = ScoreMatrix(tuple(sides), definition.indicators, normalized, definition.min_coverage)
    indicator_weights = {i.id: i.weight for i in definition.indicators}
    domain_weights = {d: float(definition.domain_weights.get(d, 0.0)) for d in INDEX_DOMAINS}
    results = []
    for name in sides:
        scored = score_partner(
            normalized[name],
            definition.indicators,
            domain_weights,
            indicator_weights,
            min_coverage=definition.min_coverage,
        )
        domain_results = tuple(
            DomainResult(
                domain,
                *scored.domains[domain],
                tuple(
                    IndicatorResult(
                        id=i.id,
                        value=raw[name][i.id][0],
                        unit=i.unit,
                        normalized=normalized[name][i.id],
                        weight=i.weight,
                        evidence=tuple(sorted(set(raw[name][i.id][1]))),
                    )
                    for i in definition.indicators
                    if i.domain == domain
                ),
            )
            for domain in INDEX_DOMAINS
        )
        results.append(PartnerResult(name, scored.score, None, scored.coverage, domain_results))
    ranks = rank_scores({r.partner: r.score for r in results})
    sens = (
        sensitivity(matrix, domain_weights, indicator_weights, definition.sensitivity)
        if with_sensitivity
        else None
    )
    return IndexResult(
        subject=subject.name,
        year=year,
        partners=tuple(replace(r, rank=ranks[r.partner]) for r in results),
        domain_weights=domain_weights,
        indicator_weights=indicator_weights,
        sensitivity=sens,
        method=definition.version,
    )
