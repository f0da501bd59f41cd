"""Event-level disagreements: events a curator marked `conflict_with`, judged where possible.

Events are not claims, but two sources can tell one event differently (another date, another
name, another price). Rules (event_conflict.v1):
- events joined by conflict_with, in either direction, form one disagreement;
- each event is linked to the claims that state its amount in its own sources (same value
  and unit; among several, those naming the event's actors);
- if the linked claims are facts set side by side as related-not-comparable, so is the
  disagreement; else, where two or more amounts can be compared, the verdict is that of the
  amounts (figures.tolerance.v1), so the output says whether a price in euros agrees with one
  in dollars once converted; else it stays a `conflict` for a person to read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from geoledger.models import Claim, Event
from geoledger.reconcile.facts import (
    CONFLICT,
    RELATED,
    Fact,
    Relation,
    canonical,
    judge,
    key_of,
    name_key,
)
from geoledger.reconcile.figures import Version, scale_of, show_amount

EVENT_RULE = "event_conflict.v1"


@dataclass(frozen=True, slots=True)
class EventVersion:
    """One event as one source (or several) tells it, with the claims stating its amount."""

    event: Event
    usd: float | None = None
    source_titles: tuple[str | None, ...] = ()
    claims: tuple[Version, ...] = ()

    def amount_version(self) -> Version | None:
        """The event's amount as a version: its first linked claim, or the amount itself."""
        if self.claims:
            return self.claims[0]
        event = self.event
        if event.amount is None or not event.currency:
            return None
        claim = Claim(
            value=event.amount,
            unit=event.currency,
            period=event.date,
            id=event.id,
            source_id=";".join(event.sources),
            status="accepted",
        )
        return Version(claim, usd=self.usd)


@dataclass(frozen=True, slots=True)
class EventConflict:
    """Events whose sources disagree, the verdict on their amounts, and the facts involved."""

    versions: tuple[EventVersion, ...]
    verdict: str
    reason: str
    facts: tuple[Fact, ...] = ()


def link_claims(
    event: Event,
    versions: Sequence[Version],
    *,
    names: Mapping[str, str],
    actor_names: Mapping[str, str],
) -> tuple[Version, ...]:
    """The versions (claims) that state event's amount in one of event's sources."""
    if event.amount is None or not event.currency:
        return ()
    sources = set(event.sources)
    found = [
        v
        for v in versions
        if v.claim.source_id in sources
        and v.claim.unit == event.currency
        and abs(v.claim.value - event.amount) <= abs(event.amount) * 1e-9
    ]
    if len(found) > 1:
        # Several claims state the same amount in one source: keep those naming the actors.
        involved = {name_key(actor_names.get(a.actor_id, a.actor_id)) for a in event.actors}
        involved |= {name_key(a.actor_id.replace("_", " ")) for a in event.actors}

        def fit(v: Version) -> tuple[int, int]:
            # Most actors shared with the event first, then fewest actors the event lacks.
            shared = lacking = 0
            for name in (v.claim.subject, v.claim.partner, v.claim.entity, v.claim.object):
                resolved = canonical(name, names)
                if resolved and name_key(resolved) in involved:
                    shared += 1
                elif resolved:
                    lacking += 1
            return shared, -lacking

        top = max(fit(v) for v in found)
        found = [v for v in found if fit(v) == top]
    return tuple(sorted(found, key=lambda v: v.id))


def event_groups(events: Sequence[Event]) -> list[list[Event]]:
    """Events joined by conflict_with (either direction), each group in id order."""
    by_id = {e.id: e for e in events}
    parent = {e.id: e.id for e in events}

    def find(i: str) -> str:
        while parent[i] != i:
            i = parent[i]
        return i

    for event in events:
        for other in event.conflict_with:
            if other in by_id:
                parent[find(event.id)] = find(other)
    groups: dict[str, list[Event]] = {}
    for event in events:
        if event.conflict_with or any(event.id in e.conflict_with for e in events):
            groups.setdefault(find(event.id), []).append(event)
    return [sorted(g, key=lambda e: e.id) for g in groups.values() if len(g) > 1]


def judge_events(
    group: Sequence[EventVersion],
    *,
    facts: Sequence[Fact],
    relations: Sequence[Relation],
    names: Mapping[str, str],
) -> EventConflict:
    """The verdict on one group of disagreeing events (see EVENT_RULE)."""
    ids = " vs ".join(f"{v.event.id} ({', '.join(s[:3] for s in v.event.sources)})" for v in group)
    linked = [c for v in group for c in v.claims]
    linked_ids = {c.id for c in linked}
    involved = [f for f in facts if any(v.id in linked_ids for v in f.versions)]
    # The same acquisition's other figures (a stake beside a price) belong with it.
    anchors = {
        (f.key.subject, f.key.partner, f.key.entity, f.key.object)
        for f in involved
        if f.key.entity or f.key.object
    }
    for fact in facts:
        k = fact.key
        if (k.subject, k.partner, k.entity, k.object) in anchors and fact not in involved:
            involved.append(fact)
    notes = []
    dates = list(dict.fromkeys(v.event.date or "no date" for v in group))
    if len(dates) > 1:
        notes.append(f"dates differ ({', '.join(dates)})")
    keys = {key_of(c.claim, names) for c in linked}
    relation = next(
        (r for r in relations if keys and keys <= {f.key for f in r.facts}),
        None,
    )
    amounts = [a for a in (v.amount_version() for v in group) if a is not None]
    verdict = CONFLICT
    if relation is not None and len(keys) > 1:
        verdict = RELATED
        notes.append(relation.reason)
    elif len(amounts) >= 2:
        scale = scale_of(amounts)
        verdict, said = judge(amounts, scale)
        notes.append(f"amounts: {said}")
    elif len(amounts) < 2:
        notes.append("no two amounts to compare; read the versions")
    failed = sorted(
        {
            why.removeprefix("failed check ")
            for f in involved
            if f.support is not None
            for why in f.support.unfit_because
            if why.startswith("failed check ")
        }
    )
    if failed:
        notes.append(f"the figures fail check(s) {', '.join(failed)} (see the check rows)")
    others = [f for f in involved if not any(v.id in linked_ids for v in f.versions)]
    for fact in others:
        stated = ", ".join(
            f"{show_amount(v.claim.value, v.claim.unit)} ({v.id}, {(v.claim.source_id or '')[:3]})"
            for v in fact.live
        )
        notes.append(f"also on record: {fact.key.metric} {stated}")
    reason = f"curated as a disagreement: {ids}; " + "; ".join(notes)
    return EventConflict(tuple(group), verdict, reason, tuple(involved))


def event_conflicts(
    versions: Sequence[EventVersion],
    *,
    facts: Sequence[Fact],
    relations: Sequence[Relation],
    names: Mapping[str, str],
) -> list[EventConflict]:
    """Every group of disagreeing events, judged."""
    by_id = {v.event.id: v for v in versions}
    return [
        judge_events([by_id[e.id] for e in group], facts=facts, relations=relations, names=names)
        for group in event_groups([v.event for v in versions])
    ]
