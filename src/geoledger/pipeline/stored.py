"""Reconciliation kept in the ledger: recomputed for the scopes changed claims touch.

A scope is one (subject, partner, entity), actor names resolved, with every aggregate of
money (investment.total, finance.total) of a pair in one scope of its own: every check (sum,
change, share, bound) of reconcile joins facts of one such scope, and so does every
relation (aggregates of different entities are related), so a scope can be recomputed
alone and gives what reconciling the whole ledger gives. Writers (load,
ingest, review, claims add) call refresh_reconciliation inside their transaction; views read
the stored rows. Disagreeing events (few, curated) are judged again when a scope holding one
of their claims changes. `geoledger reconcile --rebuild` recomputes everything, as does the
first use of a ledger made before this version or by another reconciliation version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from geoledger import reconcile, store
from geoledger.errors import GeoledgerError
from geoledger.models import Claim, Event, name_key
from geoledger.periods import parse_period
from geoledger.reconcile import Check, FactKey
from geoledger.store import reconciled as rows_
from geoledger.store.reconciled import ScopeRows, Selection

if TYPE_CHECKING:
    from geoledger.pipeline.review import Reconciled

RECONCILE_VERSION = "stored.v1 " + " ".join(
    (
        reconcile.BEST_RULE,
        reconcile.TOLERANCE_RULE,
        reconcile.INDEPENDENCE_RULE,
        reconcile.AGGREGATION_RULE,
        reconcile.RELATED_RULE,
        reconcile.EVENT_RULE,
        *reconcile.CHECK_RULES,
    )
)
EVENTS_SCOPE = "events"
# A refresh or rebuild reconciles scopes in batches of about this many claims: measured on
# 49k claims, the last refresh of an ingest peaked at 184 MB with 5,000, 286 MB with 20,000
# and 309 MB in one batch, for 5 % more CPU than with 20,000.
_BATCH_CLAIMS = 5_000
_CHECK_ORDER = {rule: str(i) for i, rule in enumerate(reconcile.CHECK_RULES)}


def record_id(record: dict[str, Any]) -> str:
    """The id views show for a fact or conflict (review.fact_id: its kind and key)."""
    from geoledger.pipeline.review import fact_id

    return fact_id(record)


def _digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


def _scope(metric: str, subject: str | None, partner: str | None, entity: str | None) -> str:
    if metric in reconcile.facts.AGGREGATE_METRICS:
        return _digest(subject, partner, None, True)
    return _digest(subject, partner, entity, False)


def scope_of(claim: Claim, names: dict[str, str]) -> str:
    """The scope a claim belongs to (see the module's docstring), names resolved."""
    return _named_scope(claim.metric, claim.subject, claim.partner, claim.entity, names)


def _named_scope(
    metric: str, subject: str | None, partner: str | None, entity: str | None, names: dict[str, str]
) -> str:
    canonical = reconcile.canonical
    return _scope(
        metric, canonical(subject, names), canonical(partner, names), canonical(entity, names)
    )


def _ids_by_scope(rows: Iterable[Any], names: dict[str, str]) -> dict[str, list[str]]:
    """Claim ids grouped by their scope, from (id, metric, subject, partner, entity) rows."""
    by_scope: dict[str, list[str]] = {}
    # A million claims name a few thousand (subject, partner, entity): resolve each once.
    scopes: dict[tuple[bool, str | None, str | None, str | None], str] = {}
    aggregates = reconcile.facts.AGGREGATE_METRICS
    for claim_id, metric, subject, partner, entity in rows:
        stated = (metric in aggregates, subject, partner, entity)
        scope = scopes.get(stated)
        if scope is None:
            scope = scopes[stated] = _named_scope(metric, subject, partner, entity, names)
        by_scope.setdefault(scope, []).append(claim_id)
    return by_scope


def _event_scopes(claim: Claim, names: dict[str, str]) -> set[str]:
    """The claim's scope and the scopes of its pair's other figures of the same entity."""
    subject = reconcile.canonical(claim.subject, names)
    partner = reconcile.canonical(claim.partner, names)
    entity = reconcile.canonical(claim.entity, names)
    return {_digest(subject, partner, entity, False), _digest(subject, partner, None, True)}


def _sort_key(key: FactKey) -> str:
    # \x1f sorts below every printable character, so joined keys compare as the tuples do.
    return "\x1f".join("" if part is None else part for part in key)


def _fact_key_id(key: FactKey) -> str:
    return record_id({"kind": "fact", "key": key.as_dict()})


def _span(period: str | None) -> tuple[str | None, str | None]:
    if not period:
        return None, None
    try:
        parsed = parse_period(period)
    except GeoledgerError:
        return None, None
    return parsed.start.isoformat(), parsed.end.isoformat()


def _usd(claim: Claim) -> float | None:
    from geoledger.pipeline import usd_of

    conversion = usd_of(claim)
    return None if conversion is None else conversion.amount_usd


def _key(name: str | None) -> str:
    return name_key(name or "")


# --- computing rows ----------------------------------------------------------------------------


def _scope_rows(
    conn: Connection, claims: Sequence[Claim], names: dict[str, str]
) -> tuple[ScopeRows, Reconciled]:
    """Rows for the scopes claims make up, and the reconciliation they came from."""
    from geoledger.pipeline.review import (
        check_record,
        fact_record,
        reconcile_claims,
        relation_record,
    )

    result = reconcile_claims(conn, claims, names)
    out = ScopeRows(claims=[], facts=[], items=[], item_claims=[])
    # What a claim's row says but its value depends only on how it states its fact: made
    # once per distinct statement (a fact's versions share it), not once per claim.
    stated_rows: dict[tuple[str | None, ...], dict[str, Any]] = {}
    for claim in claims:
        stated = (
            claim.metric,
            claim.subject,
            claim.partner,
            claim.entity,
            claim.object,
            claim.period,
            claim.measure,
        )
        shared = stated_rows.get(stated)
        if shared is None:
            start, end = _span(claim.period)
            shared = stated_rows[stated] = {
                "scope": scope_of(claim, names),
                "fact_id": _fact_key_id(reconcile.key_of(claim, names)),
                "subject_key": _key(claim.subject),
                "partner_key": _key(claim.partner),
                "entity_key": _key(claim.entity),
                "object_key": _key(claim.object),
                "period_start": start,
                "period_end": end,
            }
        out.claims.append({"claim_id": claim.id, **shared, "usd": _usd(claim)})
    out.counts = _claim_counts(out.claims, claims)
    checks_of: dict[FactKey, list[Check]] = {}
    for check in result.checks:
        for fact in check.facts:
            checks_of.setdefault(fact.key, []).append(check)
    scope_by_key: dict[FactKey, str] = {}
    for fact in result.facts:
        fid = _fact_key_id(fact.key)
        key = fact.key
        scope = _scope(key.metric, key.subject, key.partner, key.entity)
        scope_by_key[fact.key] = scope
        sort = _sort_key(fact.key)
        best = fact.best
        start, end = _span(key.period)
        record = fact_record(fact, checks_of.get(fact.key, ()))
        out.facts.append(
            {
                "id": fid,
                "scope": scope,
                "sort_key": sort,
                **fact.key.as_dict(),
                "verdict": fact.verdict,
                "fit": bool(fact.support and fact.support.fit_for_aggregation),
                "best_claim": None if best is None else best.id,
                "versions": len(fact.versions),
                "record": json.dumps(record),
                "listing": json.dumps(rows_.listing_record(record)),
                "subject_key": _key(key.subject),
                "partner_key": _key(key.partner),
                "entity_key": _key(key.entity),
                "object_key": _key(key.object),
                "period_start": start,
                "period_end": end,
            }
        )
        if fact.verdict != reconcile.CONSISTENT:
            # The conflict is the fact's record without its checks: its versions, the bulk
            # of it, are the same dictionaries.
            out.items.append(_item(fid, scope, "0" + sort, "fact", {**record, "checks": []}))
    seen: dict[str, int] = {}
    for check in result.checks:
        if check.verdict != reconcile.CONFLICT:
            continue
        stated = _sort_key(check.stated.key)
        order = seen[stated + check.rule] = seen.get(stated + check.rule, -1) + 1
        sort = f"1{_CHECK_ORDER[check.rule]}{stated}\x1e{order:06d}"
        item_id = _digest("check", sort)
        out.items.append(
            _item(item_id, scope_by_key[check.stated.key], sort, "check", check_record(check))
        )
        claim_ids = {v.id for f in check.facts for v in f.versions}
        out.item_claims += [{"item_id": item_id, "claim_id": c} for c in sorted(claim_ids)]
    for relation in result.relations:
        sort = "2" + _sort_key(relation.facts[0].key)
        item_id = _digest("related", sort)
        scope = scope_by_key[relation.facts[0].key]
        out.items.append(_item(item_id, scope, sort, "related", relation_record(relation)))
        claim_ids = {v.id for f in relation.facts for v in f.versions}
        out.item_claims += [{"item_id": item_id, "claim_id": c} for c in sorted(claim_ids)]
    return out, result


_COUNTED_BY = (
    "scope",
    "subject_key",
    "partner_key",
    "entity_key",
    "object_key",
    "period_start",
    "period_end",
)


def _claim_counts(rows: list[dict[str, Any]], claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """recon_counts rows: how many of claims (rows: their recon_claims rows) share each key."""
    found: dict[tuple[Any, ...], int] = {}
    for row, claim in zip(rows, claims, strict=True):
        key = (*(row[name] for name in _COUNTED_BY), claim.metric, claim.status, claim.period)
        found[key] = found.get(key, 0) + 1
    return [
        {**dict(zip((*_COUNTED_BY, "metric", "status", "period"), key, strict=True)), "n": n}
        for key, n in found.items()
    ]


def _item(item_id: str, scope: str, sort: str, kind: str, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": item_id,
        "scope": scope,
        "sort_key": sort,
        "kind": kind,
        "verdict": record["verdict"],
        "record": json.dumps(record),
        "listing": json.dumps(rows_.listing_record(record)),
    }


# --- writing -----------------------------------------------------------------------------------


def refresh_reconciliation(conn: Connection) -> None:
    """Recompute the stored facts and conflicts of the scopes changed claims touch.

    The store notes every claim it saves or changes, and every actor spelling it adds
    (claims naming it may now resolve to another actor); this reconciles those and clears
    the note. Writers call it before they commit; readers call it too, so a claim saved by a
    writer that did not is never missed. Scopes are reconciled in batches of about
    _BATCH_CLAIMS claims (scopes are independent), so a large ingest's last refresh holds
    one batch of claims and their sentences at a time, not every changed scope at once.
    """
    if rows_.reconcile_version(conn) != RECONCILE_VERSION:
        rebuild_reconciliation(conn)
        return
    claim_ids, name_keys = rows_.take_dirty(conn)
    if not claim_ids and not name_keys:
        return
    from geoledger.pipeline.review import name_map

    _plan_for_size(conn)
    names = name_map(conn)
    moved = claim_ids | rows_.claim_ids_naming(conn, name_keys)
    scopes = rows_.scopes_of(conn, moved)
    # Where each changed claim goes now: its rows are dropped first, then stored with its scope.
    moved_to = _ids_by_scope(rows_.claim_scopes_of(conn, moved), names)
    scopes |= set(moved_to)
    rows_.replace_scopes(conn, (), moved, ScopeRows(claims=[], facts=[], items=[], item_claims=[]))
    sizes = rows_.scope_sizes(conn, scopes)
    _, _, needed = _event_inputs(conn, names)
    known: Reconciled | None = None
    batch: list[str] = []
    count = 0
    # The scopes disagreeing events need go first, in one batch kept for judging the events.
    first = sorted(scopes & needed)
    for position, scope in enumerate([*first, *sorted(scopes - needed)]):
        batch.append(scope)
        count += sizes.get(scope, 0) + len(moved_to.get(scope, ()))
        if position == len(first) - 1 or count >= _BATCH_CLAIMS or position == len(scopes) - 1:
            ids = rows_.claim_ids_in_scopes(conn, batch)
            ids.update(i for s in batch for i in moved_to.get(s, ()))
            new_rows, result = _scope_rows(conn, rows_.claims_by_ids(conn, ids), names)
            rows_.replace_scopes(conn, batch, (), new_rows)
            if batch == first and needed <= scopes:
                known = result
            batch, count = [], 0
    _refresh_events(conn, names, touched=scopes, force=bool(name_keys), known=known)
    store.refresh_statistics(conn, unless_grown_below=store.STATISTICS_GROWTH)


def rebuild_reconciliation(conn: Connection) -> int:
    """Recompute every stored fact and conflict from the claims; returns how many facts."""
    from geoledger.pipeline.review import name_map

    names = name_map(conn)
    rows_.clear_reconciliation(conn)
    _plan_for_size(conn)
    by_scope: dict[str, list[str]] = {}
    aggregates = reconcile.facts.AGGREGATE_METRICS
    for is_aggregate, subject, partner, entity, ids in rows_.claim_groups(conn, aggregates):
        metric = min(aggregates) if is_aggregate else ""
        by_scope.setdefault(_named_scope(metric, subject, partner, entity, names), []).extend(ids)
    # The scopes disagreeing events need go first, in one batch kept for judging the events.
    _, _, needed = _event_inputs(conn, names)
    first = [i for scope in needed for i in by_scope.get(scope, ())]
    facts, result = _store_batch(conn, first, names)
    batch: list[str] = []
    for scope, ids in by_scope.items():
        if scope in needed:
            continue
        batch += ids
        if len(batch) >= _BATCH_CLAIMS:
            facts += _store_batch(conn, batch, names)[0]
            batch = []
    if batch:
        facts += _store_batch(conn, batch, names)[0]
    _refresh_events(conn, names, touched=needed, force=True, known=result)
    rows_.set_reconcile_version(conn, RECONCILE_VERSION)
    store.refresh_statistics(conn)  # every stored row is new: the planner's sizes are stale
    return facts


def _plan_for_size(conn: Connection) -> None:
    """Let the planner see the claims' size before reconciliation reads them by id.

    With statistics taken on a small ledger (the bundled 89 claims) SQLite scans the whole
    claims and sources tables for every `id IN (500 ids)` batch instead of using the primary
    key: quadratic, the reason a 1 M rebuild never finished.
    """
    store.refresh_statistics(conn, unless_grown_below=store.STATISTICS_GROWTH)


def _store_batch(
    conn: Connection, claim_ids: list[str], names: dict[str, str]
) -> tuple[int, Reconciled]:
    new_rows, result = _scope_rows(conn, rows_.claims_by_ids(conn, claim_ids), names)
    rows_.replace_scopes(conn, (), (), new_rows)
    return len(new_rows.facts), result


def ensure_reconciled(conn: Connection) -> None:
    """Bring the stored reconciliation up to date before a view reads it."""
    refresh_reconciliation(conn)


def _event_inputs(
    conn: Connection, names: dict[str, str]
) -> tuple[list[Event], list[Claim], set[str]]:
    """(events that disagree, the claims citing their sources, the scopes those need)."""
    every = store.list_events(conn)
    targets = {other for e in every for other in e.conflict_with}
    conflicting = [e for e in every if e.conflict_with or e.id in targets]
    claims = rows_.claims_of_sources(conn, {s for e in conflicting for s in e.sources})
    needed = {scope for c in claims for scope in _event_scopes(c, names)}
    return conflicting, claims, needed


def _refresh_events(
    conn: Connection,
    names: dict[str, str],
    *,
    touched: set[str],
    force: bool,
    known: Reconciled | None = None,
) -> None:
    """Judge disagreeing events again when a scope holding one of their claims changed.

    known is a reconciliation already made of the touched scopes, reused when it covers every
    scope the events need.
    """
    from geoledger.pipeline.review import (
        event_conflict_record,
        judge_event_groups,
        reconcile_claims,
    )

    conflicting, claims, needed = _event_inputs(conn, names)
    if not force and not needed & touched:
        return
    if known is None or not needed <= touched:
        members = rows_.claim_ids_in_scopes(conn, needed) - {c.id or "" for c in claims}
        in_scope = [c for c in claims if scope_of(c, names) in needed]
        known = reconcile_claims(conn, in_scope + rows_.claims_by_ids(conn, members), names)
    judged = judge_event_groups(conn, conflicting, known, names)
    out = ScopeRows(claims=[], facts=[], items=[], item_claims=[])
    for conflict in judged:
        record = event_conflict_record(conflict)
        # Groups come in the timeline's order: undated first, then by date, then by id.
        first = min(
            ("1" + v.event.date if v.event.date else "0") + "\x1f" + v.event.id
            for v in conflict.versions
        )
        item_id = _digest("event", [v.event.id for v in conflict.versions])
        out.items.append(_item(item_id, EVENTS_SCOPE, "3" + first, "event", record))
        linked = {c.id for v in conflict.versions for c in v.claims}
        out.item_claims += [{"item_id": item_id, "claim_id": c} for c in sorted(linked)]
    rows_.replace_scopes(conn, [EVENTS_SCOPE], (), out)


# --- reading -----------------------------------------------------------------------------------


def selection(where: store.ClaimFilter | None = None, period: str | None = None) -> Selection:
    """The Selection for a ClaimFilter and a period (the claims whose period lies inside it)."""
    span = None
    if period:
        parsed = parse_period(period)
        span = (parsed.start.isoformat(), parsed.end.isoformat())
    return Selection(where=where, period=span)


# --- views computed from the whole ledger, kept until it changes -----------------------------


def cached_view(conn: Connection, params: Any, compute: Callable[[], Any]) -> Any:
    """compute()'s JSON-ready value for params, from the view cache when the ledger has not
    changed since it was made, else computed now and kept.

    The stamp is the 'changes' count triggers bump on every write to claims, sources, actors
    and events (in the writer's transaction), with the reconciliation and code versions, so a
    kept value is never older than the ledger. Two readers computing at once both answer;
    one keeps its value.
    """
    from geoledger import __version__

    ensure_reconciled(conn)
    name = _digest("view", params)
    stamp = f"{rows_.ledger_count(conn, 'changes')} {_digest(RECONCILE_VERSION, __version__)}"
    found = rows_.cached(conn, name, stamp)
    if found is not None:
        return found
    # Through JSON, so the first answer is the same as every cached one (lists, string keys).
    value = json.loads(json.dumps(compute()))
    try:
        with conn.begin_nested():
            rows_.keep_cached(conn, name, stamp, value)
    except IntegrityError:  # another reader kept the same view meanwhile
        pass
    return value
