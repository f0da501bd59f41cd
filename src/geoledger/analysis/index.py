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

import random
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from statistics import median
from typing import Any

from geoledger.analysis.periods import parse_period
from geoledger.errors import GeoledgerError, InvalidInput
from geoledger.models import Actor, Claim, Event

METHOD_ID = "engagement_index.v1"
DOMAINS = ("economy", "politics", "security", "technology", "soft_power")
FORMULAS = ("latest_value", "sum_usd", "count_distinct_objects", "count_events")
NORMALISATIONS = ("max", "fixed")
DIRECTIONS = ("higher", "lower")
PERTURBATIONS = ("uniform", "dirichlet")
# The ledger's event domains, folded into the index's five (see docs/index-method.md).
EVENT_DOMAINS = {
    "economy": "economy",
    "finance": "economy",
    "politics": "politics",
    "security": "security",
    "technology": "technology",
    "culture": "soft_power",
    "health": "soft_power",
}
_NOT_PARTIES = frozenset({"reporter"})  # who records an event does not take part in it
_ID = re.compile(r"[a-z][a-z0-9_]*\.v\d+")

ToUsd = Callable[[Claim], float | None]


# --- definitions ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator as indicators.toml defines it."""

    id: str
    domain: str
    formula: str
    unit: str
    weight: float
    direction: str = "higher"
    normalisation: str = "max"
    scale: tuple[float, float] = (0.0, 100.0)
    window_years: int | None = None  # evidence ending in the last N years; None: all years
    why: str = ""
    metrics: tuple[str, ...] = ()
    object_contains: str | None = None
    kinds: tuple[str, ...] = ()
    exclude_kinds: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    partner_roles: tuple[str, ...] = ()
    exclude_roles: tuple[str, ...] = ()
    with_any: tuple[str, ...] = ()
    bilateral: bool = False
    statements: bool = True
    distinct: str = "event"  # event | month


@dataclass(frozen=True, slots=True)
class SensitivitySettings:
    """How the weights are perturbed: uniform ±spread per weight, or Dirichlet around them."""

    runs: int = 1000
    seed: int = 6
    method: str = "uniform"
    spread: float = 0.5
    concentration: float = 20.0
    leave_one_out: bool = True  # also rescore with each domain's weight set to zero


@dataclass(frozen=True, slots=True)
class IndexDefinition:
    """Every indicator, the domain weights and the sensitivity settings."""

    indicators: tuple[Indicator, ...]
    domain_weights: Mapping[str, float]
    sensitivity: SensitivitySettings = SensitivitySettings()
    version: str = METHOD_ID
    min_coverage: float = 0.0  # an overall score needs at least this coverage, else None


def _tuple(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise InvalidInput(f"{where}: expected a string or a list of strings, got {value!r}.")


def _indicator(raw: Mapping[str, Any], where: str) -> Indicator:
    """Check one [[indicator]] table and turn it into an Indicator."""
    ident = str(raw.get("id", ""))
    where = f"{where}, indicator {ident or '(no id)'}"
    if not _ID.fullmatch(ident):
        raise InvalidInput(f"{where}: id must look like name.v1.")
    checks = (
        ("domain", DOMAINS),
        ("formula", FORMULAS),
        ("normalisation", NORMALISATIONS),
        ("direction", DIRECTIONS),
    )
    for key, allowed in checks:
        value = raw.get(key, {"normalisation": "max", "direction": "higher"}.get(key))
        if value not in allowed:
            raise InvalidInput(f"{where}: {key} {value!r} is not one of {', '.join(allowed)}.")
    weight = raw.get("weight")
    if not isinstance(weight, int | float) or weight < 0:
        raise InvalidInput(f"{where}: weight must be a number >= 0.")
    scale = raw.get("scale", [0, 100])
    if len(scale) != 2 or not scale[0] < scale[1]:
        raise InvalidInput(f"{where}: scale must be [low, high] with low < high.")
    if raw["formula"] != "count_events" and not raw.get("metrics"):
        raise InvalidInput(f"{where}: formula {raw['formula']} needs metrics.")
    window = raw.get("window_years")
    if window is not None and (not isinstance(window, int) or window < 1):
        raise InvalidInput(f"{where}: window_years must be a whole number >= 1.")
    distinct = raw.get("distinct", "event")
    if distinct not in ("event", "month"):
        raise InvalidInput(f"{where}: distinct must be event or month.")
    return Indicator(
        id=ident,
        domain=raw["domain"],
        formula=raw["formula"],
        unit=str(raw.get("unit", "")),
        weight=float(weight),
        direction=raw.get("direction", "higher"),
        normalisation=raw.get("normalisation", "max"),
        scale=(float(scale[0]), float(scale[1])),
        window_years=window,
        why=str(raw.get("why", "")),
        metrics=_tuple(raw.get("metrics"), where),
        object_contains=raw.get("object_contains"),
        kinds=_tuple(raw.get("kinds"), where),
        exclude_kinds=_tuple(raw.get("exclude_kinds"), where),
        domains=_tuple(raw.get("domains"), where),
        partner_roles=_tuple(raw.get("partner_roles"), where),
        exclude_roles=_tuple(raw.get("exclude_roles"), where),
        with_any=_tuple(raw.get("with_any"), where),
        bilateral=bool(raw.get("bilateral", False)),
        statements=bool(raw.get("statements", True)),
        distinct=distinct,
    )


def _read_toml(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{where}: not valid TOML ({exc}).") from exc


def parse_definition(text: str, *, where: str = "indicators.toml") -> IndexDefinition:
    """Parse an indicators file (the shipped one or a user's copy) into an IndexDefinition."""
    data = _read_toml(text, where)
    indicators = tuple(_indicator(raw, where) for raw in data.get("indicator", []))
    if not indicators:
        raise InvalidInput(f"{where}: no [[indicator]] tables.")
    ids = [i.id for i in indicators]
    if len(set(ids)) != len(ids):
        raise InvalidInput(f"{where}: indicator ids repeat: {', '.join(sorted(ids))}.")
    weights = _domain_weights(data.get("domains", {}), where)
    missing = [d for d in DOMAINS if d not in weights]
    if missing:
        raise InvalidInput(f"{where}: [domains] has no weight for {', '.join(missing)}.")
    raw_sens = data.get("sensitivity", {})
    sens = SensitivitySettings(
        runs=int(raw_sens.get("runs", 1000)),
        seed=int(raw_sens.get("seed", 6)),
        method=str(raw_sens.get("method", "uniform")),
        spread=float(raw_sens.get("spread", 0.5)),
        concentration=float(raw_sens.get("concentration", 20.0)),
        leave_one_out=bool(raw_sens.get("leave_one_out", True)),
    )
    if sens.method not in PERTURBATIONS or sens.runs < 0 or not 0 <= sens.spread < 1:
        raise InvalidInput(
            f"{where}: [sensitivity] needs method uniform or dirichlet, runs >= 0, 0 <= spread < 1."
        )
    min_coverage = data.get("min_coverage", 0.0)
    if not isinstance(min_coverage, int | float) or not 0 <= min_coverage <= 1:
        raise InvalidInput(f"{where}: min_coverage must be a number from 0 to 1.")
    return IndexDefinition(
        indicators, weights, sens, str(data.get("version", METHOD_ID)), float(min_coverage)
    )


def _domain_weights(raw: Mapping[str, Any], where: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for domain, weight in raw.items():
        if domain not in DOMAINS:
            raise InvalidInput(f"{where}: unknown domain {domain!r}; use {', '.join(DOMAINS)}.")
        if not isinstance(weight, int | float) or weight < 0:
            raise InvalidInput(f"{where}: weight of domain {domain} must be a number >= 0.")
        weights[domain] = float(weight)
    return weights


def default_definition() -> IndexDefinition:
    """The indicators, weights and sensitivity settings that ship with geoledger."""
    text = (resources.files("geoledger.analysis") / "indicators.toml").read_text(encoding="utf-8")
    return parse_definition(text)


def with_weights(definition: IndexDefinition, text: str, *, where: str) -> IndexDefinition:
    """Override weights from a TOML text with [domains] and/or [indicators] (id = weight)."""
    data = _read_toml(text, where)
    unknown = set(data) - {"domains", "indicators", "sensitivity"}
    if unknown:
        raise InvalidInput(
            f"{where}: unknown table(s) {', '.join(sorted(unknown))}; "
            "a weights file has [domains] and [indicators]."
        )
    domain_weights = {
        **definition.domain_weights,
        **_domain_weights(data.get("domains", {}), where),
    }
    by_id = {i.id: i for i in definition.indicators}
    overrides = data.get("indicators", {})
    for ident, weight in overrides.items():
        if ident not in by_id:
            raise InvalidInput(f"{where}: no indicator {ident!r}; see indicators.toml for ids.")
        if not isinstance(weight, int | float) or weight < 0:
            raise InvalidInput(f"{where}: weight of {ident} must be a number >= 0.")
    indicators = tuple(
        replace(i, weight=float(overrides[i.id])) if i.id in overrides else i
        for i in definition.indicators
    )
    sens = definition.sensitivity
    if "sensitivity" in data:
        sens = replace(sens, **{k: v for k, v in data["sensitivity"].items() if k != "method"})
    return replace(
        definition, indicators=indicators, domain_weights=domain_weights, sensitivity=sens
    )


def load_definition(path: Path | None = None, *, weights: Path | None = None) -> IndexDefinition:
    """The shipped definition or a user's indicators file, with a weights file applied."""
    definition = default_definition()
    if path is not None:
        definition = parse_definition(_read(path), where=str(path))
    if weights is not None:
        definition = with_weights(definition, _read(weights), where=str(weights))
    return definition


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot be read ({exc.strerror}).") from exc


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


# --- the evidence one partner has ---------------------------------------------------------------


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def actor_keys(actor: Actor) -> frozenset[str]:
    """Every spelling of an actor, casefolded, as claims may name it."""
    return frozenset(
        _key(n) for n in (actor.id, actor.id.replace("_", " "), actor.name, *actor.aliases)
    )


def _end_year(period: str | None) -> int | None:
    """The year a dated piece of evidence belongs to: the year its period ends; None if undated."""
    if not period:
        return None
    try:
        return parse_period(period).end.year
    except GeoledgerError:
        return None


def _end_key(period: str | None) -> tuple[int, int, int]:
    if not period:
        return (0, 0, 0)
    try:
        end = parse_period(period).end
    except GeoledgerError:
        return (0, 0, 0)
    return (end.year, end.month, end.day)


def _in_window(end_year: int | None, year: int | None, window: int | None) -> bool:
    """Year None takes everything, undated too; a year takes dated evidence up to it."""
    if year is None:
        return True
    if end_year is None or end_year > year:
        return False
    return window is None or end_year > year - window


@dataclass(frozen=True, slots=True)
class _Side:
    """Who counts as one side of a relationship: an actor and everything attached to it."""

    id: str
    keys: frozenset[str]
    members: frozenset[str]  # actor ids: the actor itself and actors whose country it is


def _side(actor: Actor, actors: Sequence[Actor]) -> _Side:
    keys = actor_keys(actor)
    members = {actor.id}
    for other in actors:
        countries = {_key(c) for c in (other.country or "").split(";") if c.strip()}
        if countries & keys:
            members.add(other.id)
    return _Side(actor.id, keys, frozenset(members))


def _claims_for(claims: Iterable[Claim], subject: _Side, partner: _Side) -> list[Claim]:
    return [
        c
        for c in claims
        if c.status != "rejected"
        and c.measure == "level"
        and c.subject is not None
        and _key(c.subject) in subject.keys
        and c.partner is not None
        and _key(c.partner) in partner.keys
    ]


def _claim_value(claim: Claim, indicator: Indicator, to_usd: ToUsd) -> float | None:
    """The claim's value in the indicator's unit; a stated range counts at its midpoint."""
    if indicator.formula == "count_distinct_objects":
        return 1.0  # only the asset named matters, not the amount or stake stated
    value = claim.value if claim.value_max is None else (claim.value + claim.value_max) / 2
    if indicator.unit == "USD":
        usd = to_usd(replace(claim, value=value))
        return usd
    return value if claim.unit == indicator.unit else None


def _usable_claims(
    claims: Sequence[Claim], indicator: Indicator, year: int | None, to_usd: ToUsd
) -> list[tuple[Claim, float]]:
    found = []
    for claim in claims:
        if claim.metric not in indicator.metrics:
            continue
        if (
            indicator.object_contains
            and indicator.object_contains.casefold() not in (claim.object or "").casefold()
        ):
            continue
        if not _in_window(_end_year(claim.period), year, indicator.window_years):
            continue
        value = _claim_value(claim, indicator, to_usd)
        if value is not None:
            found.append((claim, value))
    return found


def _ids(claims: Iterable[Claim]) -> list[str]:
    return [c.id for c in claims if c.id]


def _latest_value(
    found: list[tuple[Claim, float]], indicator: Indicator
) -> tuple[float | None, list[str]]:
    """Per metric the claims of the latest period (dated before undated), median; then the mean."""
    values, evidence = [], []
    for metric in indicator.metrics:
        own = [(c, v) for c, v in found if c.metric == metric]
        if not own:
            continue
        latest = max(_end_key(c.period) for c, _ in own)
        chosen = [(c, v) for c, v in own if _end_key(c.period) == latest]
        values.append(median(v for _, v in chosen))
        evidence.extend(_ids(c for c, _ in chosen))
    return (sum(values) / len(values), evidence) if values else (None, [])


def _sum_usd(found: list[tuple[Claim, float]]) -> tuple[float | None, list[str]]:
    """Sum of distinct amounts: claims of one metric, entity, object and period are one amount."""
    groups: dict[tuple[str, str, str, str], list[tuple[Claim, float]]] = {}
    for claim, value in found:
        key = (claim.metric, _key(claim.entity or ""), _key(claim.object or ""), claim.period or "")
        groups.setdefault(key, []).append((claim, value))
    if not groups:
        return None, []
    total = sum(median(v for _, v in group) for group in groups.values())
    return total, _ids(c for c, _ in found)


def _count_objects(found: list[tuple[Claim, float]]) -> tuple[float | None, list[str]]:
    """How many distinct objects (assets) the claims name; claims naming none do not count."""
    named = [c for c, _ in found if c.object or c.entity]
    if not named:
        return None, []
    return float(len({_key(c.object or c.entity or "") for c in named})), _ids(named)


def _event_counts(
    event: Event, indicator: Indicator, subject: _Side, partner: _Side, third: frozenset[str]
) -> bool:
    """Tell whether an event is engagement of partner with subject as the indicator counts it."""
    if indicator.kinds and event.kind not in indicator.kinds:
        return False
    if event.kind in indicator.exclude_kinds:
        return False
    if indicator.domains and event.domain not in indicator.domains:
        return False
    parties = [a for a in event.actors if a.role not in _NOT_PARTIES]
    ids = {a.actor_id for a in parties}
    if not ids & subject.members:
        return False
    partner_side = [a for a in parties if a.actor_id in partner.members]
    if not partner_side:
        return False
    if indicator.partner_roles and not any(a.role in indicator.partner_roles for a in partner_side):
        return False
    if any(a.role in indicator.exclude_roles for a in partner_side):
        return False
    if indicator.with_any and not ids & set(indicator.with_any):
        return False
    if not indicator.statements and any(a.role == "speaker" for a in event.actors):
        return False
    others = third - subject.members - partner.members - set(indicator.with_any)
    return not (indicator.bilateral and ids & others)


def _count_events(
    events: Sequence[Event],
    indicator: Indicator,
    subject: _Side,
    partner: _Side,
    third: frozenset[str],
    year: int | None,
) -> tuple[float | None, list[str]]:
    """Events that count, each once, or once a month when distinct = month."""
    counted = [
        e
        for e in events
        if _in_window(_end_year(e.date), year, indicator.window_years)
        and _event_counts(e, indicator, subject, partner, third)
    ]
    if not counted:
        return None, []
    if indicator.distinct == "month":
        units = {(e.date or "")[:7] if e.date else e.id for e in counted}
        return float(len(units)), [e.id for e in counted]
    return float(len(counted)), [e.id for e in counted]


def indicator_value(
    indicator: Indicator,
    *,
    claims: Sequence[Claim],
    events: Sequence[Event],
    subject: _Side,
    partner: _Side,
    third: frozenset[str],
    year: int | None,
    to_usd: ToUsd,
) -> tuple[float | None, list[str]]:
    """The raw value of one indicator for one partner and the ids of its evidence."""
    if indicator.formula == "count_events":
        return _count_events(events, indicator, subject, partner, third, year)
    found = _usable_claims(claims, indicator, year, to_usd)
    if indicator.formula == "latest_value":
        return _latest_value(found, indicator)
    if indicator.formula == "sum_usd":
        return _sum_usd(found)
    return _count_objects(found)


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
        for domain in DOMAINS
    }
    score, _ = _weighted_mean((s, domain_weights.get(d, 0.0)) for d, (s, _) in domains.items())
    total = sum(domain_weights.get(d, 0.0) for d in DOMAINS)
    coverage = (
        sum(c * domain_weights.get(d, 0.0) for d, (_, c) in domains.items()) / total
        if total
        else 0.0
    )
    if coverage < min_coverage:
        score = None
    return _Scored(score, coverage, domains)


@dataclass(frozen=True, slots=True)
class _Matrix:
    """The normalised values, partner -> indicator id -> value, for rescoring under new weights."""

    partners: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    normalized: dict[str, dict[str, float | None]]
    min_coverage: float


def _scores(
    matrix: _Matrix, domain_weights: Mapping[str, float], indicator_weights: Mapping[str, float]
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
    draws = {
        k: rng.gammavariate(settings.concentration * w / total, 1.0) if w > 0 else 0.0
        for k, w in weights.items()
    }
    scale = sum(draws.values()) or 1.0
    return {k: total * d / scale for k, d in draws.items()}


def sensitivity(
    matrix: _Matrix,
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
        for domain in DOMAINS:
            own = {i.id: indicator_weights[i.id] for i in matrix.indicators if i.domain == domain}
            drawn_indicators.update(_perturbed(own, settings, rng))
        runs.append(_scores(matrix, drawn_domains, drawn_indicators))
    leave_one_out = {}
    for domain in DOMAINS if settings.leave_one_out else ():
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
    subject_side = _side(subject, actors)
    sides = {p.name: _side(p, actors) for p in partners}
    # Countries and blocs outside the pair make an event multilateral (for bilateral = true).
    states = frozenset(a.id for a in actors if a.kind in ("country", "bloc"))
    raw: dict[str, dict[str, tuple[float | None, list[str]]]] = {}
    for name, side in sides.items():
        own_claims = _claims_for(claims, subject_side, side)
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
    matrix = _Matrix(tuple(sides), definition.indicators, normalized, definition.min_coverage)
    indicator_weights = {i.id: i.weight for i in definition.indicators}
    domain_weights = {d: float(definition.domain_weights.get(d, 0.0)) for d in DOMAINS}
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
            for domain in DOMAINS
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


def evidence_years(
    *,
    subject: Actor,
    partners: Sequence[Actor],
    actors: Sequence[Actor],
    claims: Sequence[Claim],
    events: Sequence[Event],
) -> list[int]:
    """Every year from the first to the last that dated subject-partner evidence belongs to."""
    subject_side = _side(subject, actors)
    years: set[int] = set()
    for partner in partners:
        side = _side(partner, actors)
        for claim in _claims_for(claims, subject_side, side):
            if (y := _end_year(claim.period)) is not None:
                years.add(y)
        for event in events:
            ids = {a.actor_id for a in event.actors if a.role not in _NOT_PARTIES}
            y = _end_year(event.date)
            if y is not None and ids & subject_side.members and ids & side.members:
                years.add(y)
    return list(range(min(years), max(years) + 1)) if years else []
