"""Facts, conflicts and review: read claims, call reconcile, record people's decisions.

Every decision goes through store.update_claim, so it is one entry in the append-only audit
log (who, when, before, after, why). A review first takes the claim's write lock, so two
people deciding on one claim at once are queued and neither decision is lost; a caller that
passes the version it showed the person gets ConflictingWrite if the claim changed since.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection

from geoledger import reconcile, store
from geoledger.analysis.currency import to_usd
from geoledger.errors import ConflictingWrite, GeoledgerError, InvalidInput
from geoledger.models import MEASURES, METRICS, QUALIFIERS, Claim, Event, Source
from geoledger.numbers import grouped
from geoledger.periods import parse_period
from geoledger.pipeline import select_claims, usd_of
from geoledger.reconcile import Check, EventConflict, Fact, Relation, Version
from geoledger.store import ClaimFilter, reconciled

EDITABLE = (
    "metric",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "measure",
    "period",
    "subject",
    "partner",
    "entity",
    "object",
    "note",
)
_SENTENCE_ENDS = (". ", "? ", "! ", "\n")
_CONTEXT_CHARS = 400


# --- reading claims as versions -------------------------------------------------------------


def name_map(conn: Connection) -> dict[str, str]:
    """Every spelling of every actor (casefolded) -> the actor's name in the ledger."""
    names: dict[str, str] = {}
    for actor in store.list_actors(conn):
        for spelling in (actor.id, actor.id.replace("_", " "), actor.name, *actor.aliases):
            names.setdefault(reconcile.facts.name_key(spelling), actor.name)
    return names


def sentence_around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, quantity, after): the sentence holding text[start:end], split around it."""
    lo = max(0, start - _CONTEXT_CHARS)
    cut = max(text.rfind(mark, lo, start) for mark in _SENTENCE_ENDS)
    begin = lo if cut < 0 else cut + 1
    stops = [i for i in (text.find(mark, end, end + _CONTEXT_CHARS) for mark in _SENTENCE_ENDS)]
    stops = [i for i in stops if i >= 0]
    finish = min(stops) + 1 if stops else min(len(text), end + _CONTEXT_CHARS)
    return text[begin:start].lstrip(), text[start:end], text[end:finish].rstrip()


def _context(source: Source | None, claim: Claim) -> str | None:
    return None if source is None else _sentence_of(source.text, claim)


def _sentence_of(text: str | None, claim: Claim) -> str | None:
    """The sentence of text the claim's span lies in, or None when it has no usable span."""
    if not text or claim.start is None or claim.end is None:
        return None
    if not 0 <= claim.start < claim.end <= len(text):
        return None
    before, surface, after = sentence_around(text, claim.start, claim.end)
    return f"{before}{surface}{after}"


def _usd(value: float | None, unit: str, period: str | None) -> float | None:
    if value is None:
        return None
    try:
        conversion = to_usd(value, unit, period)
    except GeoledgerError:
        return None
    return None if conversion is None else conversion.amount_usd


def versions_of(conn: Connection, claims: Sequence[Claim]) -> list[Version]:
    """claims as versions: USD values, source title, author, URL, sentence, who accepted.

    Source texts are read a few at a time and only their claims' sentences kept, so memory
    follows the claims, not the size of the documents they cite.
    """
    by_source: dict[str, list[Claim]] = {}
    for claim in claims:
        by_source.setdefault(claim.source_id or "", []).append(claim)
    cited: dict[str, tuple[str | None, str | None, str | None]] = {}
    sentences: dict[int, str | None] = {}  # by id(claim): ids may repeat in claims
    for source_id, title, author, url, text in reconciled.source_citations(conn, by_source):
        cited[source_id] = (title, author, url)
        for claim in by_source[source_id]:
            sentences[id(claim)] = _sentence_of(text, claim)
    accepted_by = reconciled.acceptances_of(conn, [c.id or "" for c in claims])
    versions = []
    for claim in claims:
        title, author, url = cited.get(claim.source_id or "", (None, None, None))
        conversion = usd_of(claim)
        who = accepted_by.get(claim.id or "")
        if who is None and claim.status == "accepted":
            who = claim.made_by
        versions.append(
            Version(
                claim=claim,
                usd=None if conversion is None else conversion.amount_usd,
                usd_max=None
                if conversion is None
                else _usd(claim.value_max, claim.unit, claim.period),
                rate_date=None if conversion is None else conversion.rate_date,
                source_title=title,
                source_author=author,
                source_url=url,
                context=sentences.get(id(claim)),
                accepted_by=who,
            )
        )
    return versions


# --- reconciling ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reconciled:
    """Everything reconcile says about the ledger's claims and events."""

    facts: list[Fact]
    relations: list[Relation]
    checks: list[Check]
    events: list[EventConflict]


def reconcile_claims(
    conn: Connection, claims: Sequence[Claim], names: dict[str, str]
) -> Reconciled:
    """Group claims into facts, relate and check them (events left out).

    Given every claim of some (subject, partner) scopes, this is what reconciling the whole
    ledger says about those scopes: no fact, check or relation spans two pairs.
    """
    # One order whatever order claims came in (reasons list versions in it): by source, place.
    claims = sorted(
        claims, key=lambda c: (c.source_id or "", c.start is not None, c.start or 0, c.id or "")
    )
    versions = versions_of(conn, claims)
    facts = reconcile.group_facts(versions, names)
    checks = reconcile.run_checks(facts)
    failed: dict[reconcile.FactKey, list[str]] = {}
    for check in checks:
        if check.verdict == reconcile.CONFLICT:
            for fact in check.facts:
                failed.setdefault(fact.key, []).append(check.rule)
    facts = [reconcile.with_support(f, failed.get(f.key, ())) for f in facts]
    by_key = {f.key: f for f in facts}
    # Checks and relations hold the facts as they were before support was added.
    checks = [
        replace(
            c,
            stated=by_key[c.stated.key],
            parts=tuple((role, by_key[f.key]) for role, f in c.parts),
        )
        for c in checks
    ]
    relations = [
        replace(r, facts=tuple(by_key[f.key] for f in r.facts))
        for r in reconcile.relate_facts(facts)
    ]
    return Reconciled(facts, relations, checks, [])


def judge_event_groups(
    conn: Connection, events: Sequence[Event], result: Reconciled, names: dict[str, str]
) -> list[EventConflict]:
    """Disagreeing events judged against reconciled claims (every claim of the scopes they touch).

    The result may hold more scopes than those: an event is only compared with facts of the
    pair and entity its own claims state.
    """
    if not events:
        return []
    live = [v for f in result.facts for v in f.versions if v.live]
    live.sort(key=lambda v: (v.claim.source_id or "", v.claim.start or -1, v.id))
    actor_names = {a.id: a.name for a in store.list_actors(conn)}
    titles = reconciled.source_titles_of(conn, {s for e in events for s in e.sources})
    event_versions = [
        reconcile.EventVersion(
            event=event,
            usd=None
            if event.amount is None or not event.currency
            else _usd(event.amount, event.currency, event.date),
            source_titles=tuple(titles.get(s) for s in event.sources),
            claims=reconcile.link_claims(event, live, names=names, actor_names=actor_names),
        )
        for event in events
    ]
    return reconcile.event_conflicts(
        event_versions, facts=result.facts, relations=result.relations, names=names
    )


def reconcile_ledger(conn: Connection, *, events: bool = True) -> Reconciled:
    """Group every claim into facts, relate and check them, and judge event disagreements.

    This reads the whole ledger; views read the stored reconciliation (pipeline.stored).
    """
    names = name_map(conn)
    claims = store.list_claims(conn)
    result = reconcile_claims(conn, claims, names)
    judged: list[EventConflict] = []
    if events:
        every = store.list_events(conn)
        targets = {other for e in every for other in e.conflict_with}
        conflicting = [e for e in every if e.conflict_with or e.id in targets]
        judged = judge_event_groups(conn, conflicting, result, names)
    return replace(result, events=judged)


# --- records: the shape the CLI and API show --------------------------------------------------


def _number(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, 2)


def version_record(version: Version, role: str | None = None) -> dict[str, Any]:
    """One version of a fact as shown: claim id, value, unit, USD, qualifier, source."""
    claim = version.claim
    record = {
        "claim": claim.id,
        "value": claim.value,
        "value_max": claim.value_max,
        "unit": claim.unit,
        "usd": _number(version.usd),
        "qualifier": claim.qualifier,
        "period": claim.period,
        "source": claim.source_id,
        "source_title": version.source_title,
        "status": claim.status,
    }
    if role is not None:
        record["role"] = role
    return record


def _support_record(fact: Fact) -> dict[str, Any] | None:
    support = fact.support
    if support is None:
        return None
    return {
        "sources": support.sources,
        "source_ids": list(support.source_ids),
        "accepted": support.accepted,
        "accepted_by": list(support.accepted_by),
        "pledge": support.pledge,
        "fit_for_aggregation": support.fit_for_aggregation,
        "unfit_because": list(support.unfit_because),
    }


def fact_record(fact: Fact, checks: Sequence[Check] = ()) -> dict[str, Any]:
    """A fact as shown: key, verdict, reason, versions, best value and its rule, support."""
    best = fact.best
    spread = fact.spread
    return {
        "kind": "fact",
        "key": fact.key.as_dict(),
        "verdict": fact.verdict,
        "reason": fact.reason,
        "versions": [version_record(v) for v in fact.versions],
        "best": None
        if best is None
        else {
            "claim": best.id,
            "value": best.claim.value,
            "value_max": best.claim.value_max,
            "unit": best.claim.unit,
            "usd": _number(best.usd),
            "qualifier": best.claim.qualifier,
        },
        "rule": reconcile.BEST_RULE_TEXT,
        "spread": None
        if spread is None
        else {"low": _number(spread[0]), "high": _number(spread[1]), "unit": fact.scale},
        "support": _support_record(fact),
        "checks": [
            {"rule": c.rule, "verdict": c.verdict, "computed": _number(c.computed), "unit": c.unit}
            for c in checks
        ],
        "computed": None,
    }


def fact_id(record: Mapping[str, Any]) -> str:
    """A stable id for a fact or conflict: a digest of its kind and key."""
    basis = json.dumps([record.get("kind"), record.get("key")], sort_keys=True, default=str)
    return "f" + hashlib.sha256(basis.encode()).hexdigest()[:11]


def check_record(check: Check) -> dict[str, Any]:
    """A failed or passed arithmetic check in the conflict shape, with the computed figure."""
    versions = [version_record(v, "stated") for v in check.stated.live]
    for role, fact in check.parts:
        versions += [version_record(v, role) for v in fact.live]
    return {
        "kind": "check",
        "key": check.stated.key.as_dict(),
        "verdict": check.verdict,
        "reason": check.reason,
        "versions": versions,
        "rule": check.rule,
        "computed": {
            "value": _number(check.computed),
            "unit": check.unit,
            "formula": check.formula,
            "tolerance": _number(check.tolerance),
            "facts": [f.key.as_dict() for f in check.facts],
        },
    }


def _merged_key(facts: Sequence[Fact]) -> dict[str, Any]:
    key: dict[str, Any] = {}
    for field in reconcile.FactKey._fields:
        values = list(dict.fromkeys(getattr(f.key, field) for f in facts))
        key[field] = values[0] if len(values) == 1 else values
    return key


def relation_record(relation: Relation) -> dict[str, Any]:
    """Related facts side by side, each version with its own key fields."""
    versions = []
    for fact in relation.facts:
        for version in fact.live:
            record = version_record(version)
            record["metric"] = fact.key.metric
            record["object"] = fact.key.object
            versions.append(record)
    return {
        "kind": "related",
        "key": _merged_key(relation.facts),
        "verdict": reconcile.RELATED,
        "reason": relation.reason,
        "versions": versions,
        "rule": reconcile.RELATED_RULE,
        "computed": None,
    }


def event_conflict_record(conflict: EventConflict) -> dict[str, Any]:
    """A disagreement between events, each version with its sources and linked claims."""
    versions = []
    for item in conflict.versions:
        event = item.event
        linked = item.claims[0] if item.claims else None
        versions.append(
            {
                "event": event.id,
                "claim": None if linked is None else linked.id,
                "claims": [c.id for c in item.claims],
                "value": event.amount,
                "unit": event.currency,
                "usd": _number(item.usd),
                "qualifier": None if linked is None else linked.claim.qualifier,
                "date": event.date,
                "source": ";".join(event.sources),
                "source_title": "; ".join(t or "" for t in item.source_titles),
                "summary": event.summary,
            }
        )
    key: dict[str, Any] = {
        "metric": "event." + "|".join(dict.fromkeys(v.event.kind for v in conflict.versions)),
        "subject": None,
        "partner": None,
        "entity": None,
        "object": None,
        "period": " | ".join(dict.fromkeys(v.event.date or "no date" for v in conflict.versions)),
        "measure": None,
    }
    if conflict.facts:
        merged = _merged_key(conflict.facts)
        for field in ("subject", "partner", "entity", "object"):
            if not isinstance(merged[field], list):
                key[field] = merged[field]
    return {
        "kind": "event",
        "key": key,
        "verdict": conflict.verdict,
        "reason": conflict.reason,
        "versions": versions,
        "rule": reconcile.EVENT_RULE,
        "computed": None,
        "facts": [
            {
                "key": f.key.as_dict(),
                "verdict": f.verdict,
                "reason": f.reason,
                "versions": [version_record(v) for v in f.live],
            }
            for f in conflict.facts
        ],
    }


# --- listings ---------------------------------------------------------------------------------


def _selection(where: ClaimFilter | None, period: str | None) -> reconciled.Selection:
    from geoledger.pipeline.stored import selection

    return selection(where, period)


def list_facts(
    conn: Connection,
    where: ClaimFilter | None = None,
    *,
    period: str | None = None,
    after: str | None = None,
    limit: int | None = None,
    full: bool = True,
) -> list[dict[str, Any]]:
    """Facts with a version among the claims where (and period) select, judged over the ledger.

    Read from the stored reconciliation, in key order; after/limit give one page (see
    facts_page for the cursor; full=False gives listing records).
    """
    return facts_page(conn, where, period=period, after=after, limit=limit, full=full)[0]


def facts_page(
    conn: Connection,
    where: ClaimFilter | None = None,
    *,
    period: str | None = None,
    after: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    full: bool = True,
) -> tuple[list[dict[str, Any]], str | None]:
    """(facts, cursor of the last one): pass the cursor as after for the next page.

    full=False: listing records, each with its first LISTED_VERSIONS versions and
    `versions_total` (a listing of facts reads no more than a page's worth of versions).
    """
    found = _stored_facts(conn, where, period, after=after, limit=limit, offset=offset, full=full)
    return [record for _, record in found], (found[-1][0] if found else None)


def _stored_facts(
    conn: Connection,
    where: ClaimFilter | None,
    period: str | None,
    *,
    after: str | None,
    limit: int | None,
    offset: int = 0,
    full: bool = True,
) -> list[tuple[str, dict[str, Any]]]:
    from geoledger.pipeline.stored import ensure_reconciled

    ensure_reconciled(conn)
    return reconciled.fact_records(
        conn, _selection(where, period), after=after, limit=limit, offset=offset, full=full
    )


def count_facts(
    conn: Connection, where: ClaimFilter | None = None, *, period: str | None = None
) -> int:
    """How many facts list_facts gives without a limit."""
    from geoledger.pipeline.stored import ensure_reconciled

    ensure_reconciled(conn)
    return reconciled.count_facts(conn, _selection(where, period))


def list_conflicts(
    conn: Connection,
    where: ClaimFilter | None = None,
    *,
    period: str | None = None,
    events: bool = True,
    after: str | None = None,
    limit: int | None = None,
    full: bool = True,
) -> list[dict[str, Any]]:
    """Conflicting facts, failed checks, related figures and disagreeing events, with versions
    (full=False: listing records, see conflicts_page)."""
    return conflicts_page(
        conn, where, period=period, events=events, after=after, limit=limit, full=full
    )[0]


def conflicts_page(
    conn: Connection,
    where: ClaimFilter | None = None,
    *,
    period: str | None = None,
    events: bool = True,
    after: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    full: bool = True,
) -> tuple[list[dict[str, Any]], str | None]:
    """(conflicts, cursor of the last one): pass the cursor as after for the next page.

    full=False: listing records, each with its first LISTED_VERSIONS versions and
    `versions_total`.
    """
    from geoledger.pipeline.stored import ensure_reconciled

    ensure_reconciled(conn)
    found = reconciled.conflict_records(
        conn,
        _selection(where, period),
        kinds=_kinds(events),
        after=after,
        limit=limit,
        offset=offset,
        full=full,
    )
    return [record for _, record in found], (found[-1][0] if found else None)


def _kinds(events: bool) -> tuple[str, ...]:
    return ("fact", "check", "related", "event") if events else ("fact", "check", "related")


def count_conflicts(
    conn: Connection,
    where: ClaimFilter | None = None,
    *,
    period: str | None = None,
    events: bool = True,
) -> int:
    """How many rows list_conflicts gives without a limit."""
    from geoledger.pipeline.stored import ensure_reconciled

    ensure_reconciled(conn)
    return reconciled.count_conflicts(conn, _selection(where, period), _kinds(events))


def get_fact_record(conn: Connection, fact_id: str) -> dict[str, Any] | None:
    """The stored fact with this id (see stored.record_id), or None."""
    from geoledger.pipeline.stored import ensure_reconciled

    ensure_reconciled(conn)
    return reconciled.fact_by_id(conn, fact_id)


def facts_of_claims(conn: Connection, claim_ids: Sequence[str]) -> dict[str, str]:
    """Claim id -> id of the stored fact it is a version of, where it has one."""
    from geoledger.pipeline.stored import ensure_reconciled

    ensure_reconciled(conn)
    return reconciled.fact_ids_of(conn, claim_ids)


def aggregation_claims(conn: Connection, where: ClaimFilter | None = None) -> list[Claim]:
    """The best claim of every fact fit for aggregation (aggregation.v1) among where's claims."""
    from geoledger.pipeline.stored import ensure_reconciled

    ensure_reconciled(conn)
    ids = reconciled.fit_best_claims(conn, _selection(where, None))
    by_id = {c.id: c for c in reconciled.claims_by_ids(conn, ids)}
    return [by_id[i] for i in ids if i in by_id]


# --- review actions -----------------------------------------------------------------------------


def _changed_meanwhile(conn: Connection, claim_id: str, seen: int, now: int) -> ConflictingWrite:
    if seen > now:  # a version the claim never had: a typo, not someone else's change
        return ConflictingWrite(
            f"Claim '{claim_id}' is at version {now}; it has never been at version {seen}."
        )
    history = store.list_history(conn, claim_id)
    last = history[-1] if history else None
    by = f" by {last['who']} ({last['action']}, {last['at']})" if last else ""
    return ConflictingWrite(
        f"Claim '{claim_id}' was changed{by} since you read it (version {seen}, now {now}); "
        "look again and retry."
    )


def _apply(
    conn: Connection,
    claim_id: str,
    changes: dict[str, Any],
    *,
    who: str,
    action: str,
    why: str | None,
    expected_version: int | None,
) -> Claim:
    version = store.lock_claim(conn, claim_id)
    if expected_version is not None and expected_version != version:
        raise _changed_meanwhile(conn, claim_id, expected_version, version)
    changed = store.update_claim(
        conn, claim_id, changes, who=who, action=action, why=why, expected_version=version
    )
    from geoledger.pipeline.stored import refresh_reconciliation

    refresh_reconciliation(conn)
    return changed


def claim_version(conn: Connection, claim_id: str) -> int:
    """The claim's row version, to pass back as expected_version."""
    return store.claim_version(conn, claim_id)


def accept_claim(
    conn: Connection,
    claim_id: str,
    *,
    who: str,
    why: str | None = None,
    expected_version: int | None = None,
) -> tuple[Claim, bool]:
    """Mark a claim accepted; (claim, False) if it already was."""
    claim = store.get_claim(conn, claim_id)
    if claim.status == "accepted":
        return claim, False
    changed = _apply(
        conn,
        claim_id,
        {"status": "accepted"},
        who=who,
        action="accept",
        why=why,
        expected_version=expected_version,
    )
    return changed, True


def reject_claim(
    conn: Connection,
    claim_id: str,
    *,
    who: str,
    why: str | None,
    expected_version: int | None = None,
) -> tuple[Claim, bool]:
    """Mark a claim rejected, saying why; it stays in the ledger and can be restored."""
    if not why or not why.strip():
        raise InvalidInput(f"Say why claim '{claim_id}' is rejected (--why TEXT).")
    claim = store.get_claim(conn, claim_id)
    if claim.status == "rejected":
        return claim, False
    changed = _apply(
        conn,
        claim_id,
        {"status": "rejected"},
        who=who,
        action="reject",
        why=why.strip(),
        expected_version=expected_version,
    )
    return changed, True


def restore_claim(
    conn: Connection,
    claim_id: str,
    *,
    who: str,
    why: str | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Undo a rejection: the claim gets back the status it had before it was rejected."""
    claim = store.get_claim(conn, claim_id)
    if claim.status != "rejected":
        raise InvalidInput(
            f"Claim '{claim_id}' is {claim.status}, not rejected; only a rejected claim can be "
            "restored."
        )
    previous = "candidate"
    for entry in reversed(store.list_history(conn, claim_id)):
        if entry["action"] == "reject" and entry["before"]:
            previous = entry["before"].get("status") or "candidate"
            break
    return _apply(
        conn,
        claim_id,
        {"status": previous},
        who=who,
        action="restore",
        why=why,
        expected_version=expected_version,
    )


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _optional_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def parse_changes(pairs: Mapping[str, Any]) -> dict[str, Any]:
    """Validate field changes given as text (FIELD=VALUE) and give them their types."""
    changes: dict[str, Any] = {}
    for field, raw in pairs.items():
        name = field.strip().replace("-", "_")
        if name not in EDITABLE:
            raise InvalidInput(f"Cannot edit '{field}'; editable fields: {', '.join(EDITABLE)}.")
        text = _optional_text(raw)
        if text is not None and _CONTROL.search(text):
            # A newline or escape in a stored field forges lines in listings and logs.
            raise InvalidInput(f"{name} {text!r} holds control characters; give plain text.")
        if name in ("value", "value_max"):
            if text is None:
                if name == "value":
                    raise InvalidInput("A claim needs a value; give a number.")
                changes[name] = None
                continue
            try:
                number = float(text.replace(",", "").replace("_", ""))
            except ValueError:
                raise InvalidInput(f"{name} {text!r} is not a number.") from None
            if not math.isfinite(number):
                raise InvalidInput(f"{name} {text!r} is not a finite number.")
            changes[name] = number
        elif name == "metric":
            if text not in METRICS:
                raise InvalidInput(f"Unknown metric {text!r}; use one of: {', '.join(METRICS)}.")
            changes[name] = text
        elif name == "qualifier":
            if text not in QUALIFIERS:
                raise InvalidInput(f"Unknown qualifier {text!r}; use {', '.join(QUALIFIERS)}.")
            changes[name] = text
        elif name == "measure":
            if text not in MEASURES:
                raise InvalidInput(f"Unknown measure {text!r}; use {', '.join(MEASURES)}.")
            changes[name] = text
        elif name == "unit":
            if text is None:
                raise InvalidInput("A claim needs a unit (USD, EUR, percent, count …).")
            changes[name] = text.upper() if len(text) == 3 and text.isalpha() else text
        elif name == "period":
            if text is not None:
                parse_period(text)
            changes[name] = text
        else:
            changes[name] = text
    return changes


def edit_claim(
    conn: Connection,
    claim_id: str,
    pairs: Mapping[str, Any],
    *,
    who: str,
    why: str | None = None,
    expected_version: int | None = None,
) -> tuple[Claim, dict[str, Any]]:
    """Change fields of a claim (validated by parse_changes); returns the claim and what changed."""
    changes = parse_changes(pairs)
    if not changes:
        raise InvalidInput("Nothing to edit: give FIELD=VALUE pairs or --FIELD VALUE options.")
    claim = store.get_claim(conn, claim_id)
    merged = {**{k: getattr(claim, k) for k in EDITABLE}, **changes}
    if merged["value_max"] is not None and merged["value_max"] < merged["value"]:
        low, high = grouped(merged["value"]), grouped(merged["value_max"])
        raise InvalidInput(f"value_max {high} is below value {low}.")
    changes = {k: v for k, v in changes.items() if getattr(claim, k) != v}
    if not changes:
        return claim, {}
    return (
        _apply(
            conn,
            claim_id,
            changes,
            who=who,
            action="edit",
            why=why,
            expected_version=expected_version,
        ),
        changes,
    )


def _entered_source(conn: Connection, title: str | None, url: str | None) -> str:
    if url:
        found = store.find_source_by_url(conn, url)
        if found:
            return found
    basis = url or title or ""
    digest = hashlib.sha256(basis.encode()).hexdigest()
    slug = "".join(ch if ch.isalnum() else "_" for ch in (title or url or "").casefold())
    slug = "_".join(part for part in slug.split("_") if part)[:60] or "source"
    source_id = store.free_source_id(conn, f"entered_{slug}", digest)
    store.save_source(conn, Source(id=source_id, title=title, url=url, kind="entered"))
    return source_id


def add_claim(
    conn: Connection,
    *,
    metric: str,
    value: Any,
    unit: str,
    who: str,
    source: str | None = None,
    source_title: str | None = None,
    source_url: str | None = None,
    fields: Mapping[str, Any] | None = None,
) -> tuple[str, bool]:
    """Enter a claim by hand with its source; (id, created). The same claim twice is one claim."""
    typed = parse_changes({"metric": metric, "value": value, "unit": unit, **(fields or {})})
    if source:
        if source_title or source_url:
            raise InvalidInput("Give --source ID or --source-title/--source-url, not both.")
        source_id = store.get_source(conn, source).id
    elif source_title or source_url:
        source_id = _entered_source(conn, _optional_text(source_title), _optional_text(source_url))
    else:
        raise InvalidInput(
            "Say where the claim comes from: --source ID, or --source-title and --source-url."
        )
    claim = Claim(
        source_id=source_id,
        status="candidate",
        origin="entered",
        made_by=who,
        **typed,
    )
    if claim.value_max is not None and claim.value_max < claim.value:
        low, high = grouped(claim.value), grouped(claim.value_max)
        raise InvalidInput(f"value_max {high} is below value {low}.")
    basis = "|".join(
        str(getattr(claim, name))
        for name in ("source_id", *EDITABLE[:-1])  # the note does not make another claim
    )
    claim_id = "e" + hashlib.sha256(basis.encode()).hexdigest()[:11]
    created = store.save_claim(conn, replace(claim, id=claim_id), who=who, why="entered by hand")
    if created:
        from geoledger.pipeline.stored import refresh_reconciliation

        refresh_reconciliation(conn)
    return claim_id, created


def history_records(conn: Connection, claim_id: str) -> list[dict[str, Any]]:
    """The audit log of one claim, oldest first."""
    return store.list_history(conn, claim_id)


# --- the interactive review queue -----------------------------------------------------------------


def review_queue(
    conn: Connection, where: ClaimFilter | None = None, *, period: str | None = None
) -> list[str]:
    """Ids of the claims to review: candidates among where's claims, in source order."""
    where = where or ClaimFilter()
    if where.status is None:
        where = replace(where, status="candidate")
    return [c.id or "" for c in select_claims(conn, where, period=period)]


def review_card(conn: Connection, claim_id: str) -> dict[str, Any]:
    """What a reviewer sees: the sentence split around the quantity, the fields, the version."""
    claim = store.get_claim(conn, claim_id)
    source = store.get_source(conn, claim.source_id or "")
    sentence = None
    if _context(source, claim) is not None:
        assert source.text is not None and claim.start is not None and claim.end is not None
        sentence = sentence_around(source.text, claim.start, claim.end)
    conversion = usd_of(claim)
    return {
        "claim": claim,
        "version": claim_version(conn, claim_id),
        "sentence": sentence,
        "source_title": source.title,
        "usd": None if conversion is None else conversion.amount_usd,
        "usd_rate_date": None if conversion is None else conversion.rate_date,
    }
