"""Evidence to raw values: which claims and events belong to a partner, and the formulas."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from statistics import median

from geoledger.analysis.index.definition import EVENT_DOMAINS, Indicator
from geoledger.errors import GeoledgerError
from geoledger.models import Actor, Claim, Event, name_key
from geoledger.periods import parse_period

NOT_PARTIES = frozenset({"reporter"})  # who records an event does not take part in it

ToUsd = Callable[[Claim], float | None]


# --- the evidence one partner has ---------------------------------------------------------------


def actor_keys(actor: Actor) -> frozenset[str]:
    """Every spelling of an actor, casefolded, as claims may name it."""
    return frozenset(
        name_key(n) for n in (actor.id, actor.id.replace("_", " "), actor.name, *actor.aliases)
    )


def end_year(period: str | None) -> int | None:
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
class Side:
    """Who counts as one side of a relationship: an actor and everything attached to it."""

    id: str
    keys: frozenset[str]
    members: frozenset[str]  # actor ids: the actor itself and actors whose country it is


def side_of(actor: Actor, actors: Sequence[Actor]) -> Side:
    keys = actor_keys(actor)
    members = {actor.id}
    for other in actors:
        countries = {name_key(c) for c in (other.country or "").split(";") if c.strip()}
        if countries & keys:
            members.add(other.id)
    return Side(actor.id, keys, frozenset(members))


def claims_between(claims: Iterable[Claim], subject: Side, partner: Side) -> list[Claim]:
    return [
        c
        for c in claims
        if c.status != "rejected"
        and c.measure == "level"
        and c.subject is not None
        and name_key(c.subject) in subject.keys
        and c.partner is not None
        and name_key(c.partner) in partner.keys
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
        if not _in_window(end_year(claim.period), year, indicator.window_years):
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
        key = (
            claim.metric,
            name_key(claim.entity or ""),
            name_key(claim.object or ""),
            claim.period or "",
        )
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
    return float(len({name_key(c.object or c.entity or "") for c in named})), _ids(named)


def _event_counts(
    event: Event, indicator: Indicator, subject: Side, partner: Side, third: frozenset[str]
) -> bool:
    """Tell whether an event is engagement of partner with subject as the indicator counts it."""
    if indicator.kinds and event.kind not in indicator.kinds:
        return False
    if event.kind in indicator.exclude_kinds:
        return False
    # Without a domains filter, the ledger domains that fold into the indicator's own count.
    allowed = indicator.domains or tuple(
        d for d, folded in EVENT_DOMAINS.items() if folded == indicator.domain
    )
    if event.domain not in allowed:
        return False
    parties = [a for a in event.actors if a.role not in NOT_PARTIES]
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
    subject: Side,
    partner: Side,
    third: frozenset[str],
    year: int | None,
) -> tuple[float | None, list[str]]:
    """Events that count, each once, or once a month when distinct = month."""
    counted = [
        e
        for e in events
        if _in_window(end_year(e.date), year, indicator.window_years)
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
    subject: Side,
    partner: Side,
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


def evidence_years(
    *,
    subject: Actor,
    partners: Sequence[Actor],
    actors: Sequence[Actor],
    claims: Sequence[Claim],
    events: Sequence[Event],
) -> list[int]:
    """Every year from the first to the last that dated subject-partner evidence belongs to."""
    subject_side = side_of(subject, actors)
    years: set[int] = set()
    for partner in partners:
        side = side_of(partner, actors)
        for claim in claims_between(claims, subject_side, side):
            if (y := end_year(claim.period)) is not None:
                years.add(y)
        for event in events:
            ids = {a.actor_id for a in event.actors if a.role not in NOT_PARTIES}
            y = end_year(event.date)
            if y is not None and ids & subject_side.members and ids & side.members:
                years.add(y)
    return list(range(min(years), max(years) + 1)) if years else []
