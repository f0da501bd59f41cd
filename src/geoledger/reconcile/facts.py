"""Claims -> facts: group versions of one statement, pick a best value, give a verdict.

A fact is every claim with the same metric, subject, partner, entity, object, period and
measure, actor names resolved through the ledger's aliases. Its verdict is `consistent` when
all live versions agree within tolerance (see figures.tolerance.v1), `conflict` when they do
not, and `related-not-comparable` when its versions are in units that cannot be compared.
Facts that count different things (an aggregate over other years; investment against loans
plus investment; a figure without a year) are set side by side by relate_facts, never called a
conflict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field

from geoledger.errors import GeoledgerError
from geoledger.models import Claim, name_key
from geoledger.periods import parse_period
from geoledger.reconcile.figures import (
    FactKey,
    Figure,
    Version,
    agree,
    figure,
    scale_of,
    show_amount,
)
from geoledger.reconcile.trust import OriginGraph, Support, support_of

CONSISTENT = "consistent"
CONFLICT = "conflict"
RELATED = "related-not-comparable"
VERDICTS = (CONSISTENT, CONFLICT, RELATED)

BEST_RULE = "best_value.v1"
BEST_RULE_TEXT = (
    "best_value.v1: rejected versions never count; versions a person accepted come first; "
    "among those, the figure agreed by the most independent sources (versions within each "
    "other's tolerance back each other); then the most precise; then the lowest claim id."
)
RELATED_RULE = "related.v1"
# Totals of money from partner into subject that count overlapping but different things.
AGGREGATE_METRICS = frozenset({"investment.total", "finance.total"})
_COUNTS = {
    "investment.total": "investment only",
    "finance.total": "loans and investment together",
}


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement and every version of it, with verdict, best value and support."""

    key: FactKey
    versions: tuple[Version, ...]  # every version, rejected ones included
    verdict: str
    reason: str
    scale: str | None  # the unit versions were compared in
    best: Version | None
    spread: tuple[float, float] | None  # lowest and highest live value in scale
    support: Support | None = None
    # Independent origins among live versions, counted once by make_fact for with_support.
    origins: int | None = dataclass_field(default=None, compare=False, repr=False)

    @property
    def live(self) -> list[Version]:
        """Versions that count: not rejected."""
        return [v for v in self.versions if v.live]

    def best_figure(self) -> Figure | None:
        """The best version's value and tolerance in the fact's scale."""
        if self.best is None or self.scale is None:
            return None
        return figure(self.best, self.scale)


@dataclass(frozen=True, slots=True)
class Relation:
    """Facts that look alike but count different things, shown side by side."""

    facts: tuple[Fact, ...]
    reason: str


def canonical(name: str | None, names: Mapping[str, str]) -> str | None:
    """One spelling for an actor: its ledger name if an alias matches, else name as given."""
    if name is None or not name.strip():
        return None
    return names.get(name_key(name), name.strip())


def key_of(claim: Claim, names: Mapping[str, str]) -> FactKey:
    """The key of the fact claim states."""
    return FactKey(
        metric=claim.metric,
        subject=canonical(claim.subject, names),
        partner=canonical(claim.partner, names),
        entity=canonical(claim.entity, names),
        object=canonical(claim.object, names),
        period=claim.period or None,
        measure=claim.measure or "level",
    )


def best_version(live: Sequence[Version], scale: str | None) -> Version | None:
    """The best of live versions by BEST_RULE_TEXT."""
    if not live or scale is None:
        return _best_version(live, scale, {}, None)
    return _best_version(live, scale, {v.id: figure(v, scale) for v in live}, None)


def _best_version(
    live: Sequence[Version],
    scale: str | None,
    figures: Mapping[str, Figure],
    graph: OriginGraph | None,
) -> Version | None:
    """best_version given figures (every live version's, in scale, by claim id) and the
    origin graph of live when already made (else it is made here)."""
    if not live:
        return None
    if scale is None:
        pool = [v for v in live if v.claim.status == "accepted"] or list(live)
        return min(pool, key=lambda v: v.id)
    pool = [v for v in live if v.claim.status == "accepted"] or list(live)
    # Versions stating the same figure have the same backers: count them once per figure, and
    # once per set of agreeing figures (in a consistent fact every figure agrees with all).
    distinct = list(dict.fromkeys(figures.values()))
    position = {f: k for k, f in enumerate(distinct)}
    of_version = [position[figures[w.id]] for w in live]
    graph = graph or OriginGraph(live)
    backed: dict[Figure, int] = {}
    by_agreeing: dict[frozenset[int], int] = {}

    def backing(mine: Figure) -> int:
        if mine not in backed:
            # agree([mine, other]), unrolled: both lows at most both highs (with agree's slack).
            agreeing = frozenset(
                k
                for k, other in enumerate(distinct)
                if max(mine.low, other.low) <= min(mine.high, other.high) * (1 + 1e-12)
            )
            if agreeing not in by_agreeing:
                backers = [i for i, k in enumerate(of_version) if k in agreeing]
                by_agreeing[agreeing] = graph.count(backers)
            backed[mine] = by_agreeing[agreeing]
        return backed[mine]

    def rank(v: Version) -> tuple[int, int, float, str]:
        mine = figures[v.id]
        open_ended = v.claim.qualifier in ("at_least", "at_most")
        return (-backing(mine), int(open_ended), mine.relative, v.id)

    return min(pool, key=rank)


def _percent_apart(a: float, b: float) -> float:
    base = max(abs(a), abs(b))
    return 0.0 if base == 0 else abs(a - b) / base * 100


def _allowances(live: Sequence[Version], figures: Mapping[str, Figure]) -> str:
    return "; ".join(f"{v.id} {', '.join(figures[v.id].notes)}" for v in live)


def judge(live: Sequence[Version], scale: str | None) -> tuple[str, str]:
    """(verdict, reason) for the live versions of one fact."""
    figures = {v.id: figure(v, scale) for v in live} if scale is not None and live else {}
    return _judge(live, scale, figures)


def _judge(
    live: Sequence[Version], scale: str | None, figures: Mapping[str, Figure]
) -> tuple[str, str]:
    """judge given figures, every live version's figure in scale by claim id."""
    if not live:
        return CONSISTENT, "every version was rejected"
    if scale is None:
        units = ", ".join(sorted({v.claim.unit for v in live}))
        return RELATED, f"versions are in units that cannot be compared ({units})"
    if len(live) == 1:
        return CONSISTENT, "one version"
    stated = {(v.claim.value, v.claim.value_max, v.claim.unit, v.claim.qualifier) for v in live}
    if len(stated) == 1:
        return CONSISTENT, f"{len(live)} versions state the same figure"
    low_one = min(live, key=lambda v: (figures[v.id].high, v.id))
    high_one = max(live, key=lambda v: (figures[v.id].low, v.id))
    a, b = figures[low_one.id].value, figures[high_one.id].value
    apart = f"{show_amount(a, scale)} vs {show_amount(b, scale)}, {_percent_apart(a, b):.1f}% apart"
    converted = any(v.claim.unit != scale for v in live)
    allowed = _allowances(live, figures)
    if agree(list(figures.values())):
        once = " once converted to USD" if converted else ""
        values = sorted(f.value for f in figures.values())
        apart = (
            f"{show_amount(values[0], scale)} to {show_amount(values[-1], scale)}, "
            f"{_percent_apart(values[0], values[-1]):.1f}% apart"
        )
        return CONSISTENT, f"{len(live)} versions agree within tolerance{once}: {apart} ({allowed})"
    return CONFLICT, (
        f"versions disagree beyond tolerance: {low_one.id} and {high_one.id}, {apart} ({allowed})"
    )


def make_fact(key: FactKey, versions: Sequence[Version]) -> Fact:
    """A fact from its versions: verdict, reason, best version, spread."""
    live = [v for v in versions if v.live]
    scale = scale_of(live) if live else None
    # Each version's figure is made once and shared by the verdict, best value and spread.
    each = [figure(v, scale) for v in live] if scale is not None else []
    figures = {v.id: f for v, f in zip(live, each, strict=False)}  # empty: no scale
    verdict, reason = _judge(live, scale, figures)
    graph = OriginGraph(live)
    best = _best_version(live, scale, figures, graph)
    spread = None
    if scale is not None and live:
        values = [f.value for f in each] + [f.value_max for f in each]
        spread = (min(values), max(values))
    ordered = tuple(sorted(versions, key=lambda v: (v.claim.source_id or "", v.id)))
    return Fact(key, ordered, verdict, reason, scale, best, spread, origins=graph.count())


def group_facts(versions: Sequence[Version], names: Mapping[str, str]) -> list[Fact]:
    """Group versions into facts by key; facts whose every version was rejected are left out."""
    groups: dict[FactKey, list[Version]] = {}
    # Claims of one fact spell it the same way: resolve each spelling of a key once.
    keys: dict[tuple[str | None, ...], FactKey] = {}
    for version in versions:
        c = version.claim
        stated = (c.metric, c.subject, c.partner, c.entity, c.object, c.period, c.measure)
        key = keys.get(stated)
        if key is None:
            key = keys[stated] = key_of(c, names)
        groups.setdefault(key, []).append(version)
    facts = [make_fact(key, group) for key, group in groups.items()]
    facts = [f for f in facts if f.live]
    facts.sort(key=lambda f: tuple("" if x is None else x for x in f.key))
    return facts


def with_support(fact: Fact, failed_checks: Sequence[str] = ()) -> Fact:
    """fact with its support filled in, given the ids of failed checks that involve it.

    Where people accepted versions, fitness for aggregation asks whether those agree: an
    unreviewed candidate that disagrees keeps the fact in `conflicts` until someone decides,
    but does not take an accepted figure out of the totals.
    """
    accepted = [v for v in fact.live if v.claim.status == "accepted"]
    agrees = (
        judge(accepted, fact.scale)[0] == CONSISTENT if accepted else fact.verdict == CONSISTENT
    )
    support = support_of(
        fact.versions,
        consistent=agrees,
        period=fact.key.period,
        failed_checks=failed_checks,
        sources=fact.origins,
    )
    return replace(fact, support=support)


# --- related, not comparable --------------------------------------------------------------


def _overlap(a: str | None, b: str | None) -> bool:
    """True if the periods overlap, or either is missing (it could be any time)."""
    if a is None or b is None:
        return True
    try:
        pa, pb = parse_period(a), parse_period(b)
    except GeoledgerError:
        return a == b
    return pa.start <= pb.end and pb.start <= pa.end


def related(a: Fact, b: Fact) -> bool:
    """True if a and b look alike but count different things (see RELATED_RULE)."""
    ka, kb = a.key, b.key
    if (ka.subject, ka.partner) != (kb.subject, kb.partner) or ka == kb:
        return False
    same_thing = (ka.metric, ka.entity, ka.object, ka.measure) == (
        kb.metric,
        kb.entity,
        kb.object,
        kb.measure,
    )
    if same_thing and (ka.period is None) != (kb.period is None):
        return True
    return (
        ka.metric in AGGREGATE_METRICS
        and kb.metric in AGGREGATE_METRICS
        and ka.measure == kb.measure == "level"
        and _overlap(ka.period, kb.period)
    )


def _differences(facts: Sequence[Fact]) -> str:
    reasons = []
    periods = [f.key.period for f in facts]
    if len(set(periods)) > 1:
        shown = ", ".join(dict.fromkeys(p or "none given" for p in periods))
        reasons.append(f"they cover different periods ({shown})")
    metrics = list(dict.fromkeys(f.key.metric for f in facts))
    if len(metrics) > 1:
        shown = "; ".join(f"{m} counts {_COUNTS.get(m, m)}" for m in metrics)
        reasons.append(f"they count different things ({shown})")
    for field in ("entity", "object"):
        values = [getattr(f.key, field) for f in facts]
        if len(set(values)) > 1:
            shown = ", ".join(dict.fromkeys(v or "none named" for v in values))
            reasons.append(f"they name different {field}s ({shown})")
    return "; ".join(reasons) or "they count different things"


def _overlapping_periods(periods: Sequence[tuple[int, str | None]]) -> list[tuple[int, int]]:
    """Pairs (i, j) enough to join every i whose periods overlap (as _overlap says), found by
    one sweep over the periods sorted by start rather than by trying every pair (a pair's
    aggregates are thousands of facts at a million claims: millions of pairs).

    An undated period overlaps every other; a period that cannot be read only its equal.
    """
    undated = [i for i, period in periods if period is None]
    spans: list[tuple[str, str, int]] = []
    unread: dict[str, list[int]] = {}
    for i, period in periods:
        if period is None:
            continue
        try:
            parsed = parse_period(period)
        except GeoledgerError:
            unread.setdefault(period, []).append(i)
            continue
        spans.append((parsed.start.isoformat(), parsed.end.isoformat(), i))
    pairs: list[tuple[int, int]] = []
    if undated:
        pairs += [(i, undated[0]) for i, _ in periods if i != undated[0]]
    spans.sort()
    # Sorted by start, a span overlaps one of the spans before it exactly when it starts
    # before the latest end among them: the connected parts are runs of the sweep.
    reach = ""
    for k, (start, end, i) in enumerate(spans):
        if k and start <= reach:
            pairs.append((i, spans[k - 1][2]))
        reach = end if not k or start > reach else max(reach, end)
    for same in unread.values():
        pairs += [(i, same[0]) for i in same[1:]]
    return pairs


def relate_facts(facts: Sequence[Fact]) -> list[Relation]:
    """Groups of facts that are related but not comparable, each with the reason.

    The groups are the connected parts of the graph `related` draws, found without trying
    every pair (thousands of facts a scope made that quadratic): facts of one thing of one
    pair are all joined when some of them are dated and some undated (each undated one is
    related to each dated one), and aggregates of a pair are tried pairwise among themselves.
    """
    parent = list(range(len(facts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    same_thing: dict[tuple[str | None, ...], list[int]] = {}
    aggregates: dict[tuple[str | None, ...], list[int]] = {}
    for i, fact in enumerate(facts):
        k = fact.key
        thing = (k.subject, k.partner, k.metric, k.entity, k.object, k.measure)
        same_thing.setdefault(thing, []).append(i)
        if k.metric in AGGREGATE_METRICS and k.measure == "level":
            aggregates.setdefault((k.subject, k.partner), []).append(i)
    for members in same_thing.values():
        dated = {facts[i].key.period is not None for i in members}
        if len(dated) == 2:
            for i in members[1:]:
                parent[find(i)] = find(members[0])
    for members in aggregates.values():
        for i, j in _overlapping_periods([(i, facts[i].key.period) for i in members]):
            parent[find(i)] = find(j)
    groups: dict[int, list[Fact]] = {}
    for i, fact in enumerate(facts):
        groups.setdefault(find(i), []).append(fact)
    relations = []
    for group in groups.values():
        if len(group) < 2:
            continue
        reason = f"{len(group)} figures look alike but are not the same fact: {_differences(group)}"
        relations.append(Relation(tuple(group), reason))
    return relations
