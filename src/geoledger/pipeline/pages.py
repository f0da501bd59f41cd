"""Bounded listings for the API and the dashboard: one page of rows, a count, the next cursor.

Every function here reads a page through an index (store.pages, store.reconciled), never the
whole ledger; the stored reconciliation is brought up to date first, since actor and period
filters read its per-claim columns.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Connection

from geoledger import store
from geoledger.models import Claim
from geoledger.pipeline import (
    actor_record,
    claim_filter,
    claim_record,
    event_records,
)
from geoledger.pipeline.stored import ensure_reconciled, selection
from geoledger.store import pages as paged
from geoledger.store import reconciled

DOSSIER_CLAIMS = 100


def claims_page(
    conn: Connection,
    *,
    after: str | None = None,
    limit: int = 100,
    offset: int = 0,
    period: str | None = None,
    **filters: str | None,
) -> dict[str, Any]:
    """{total, next, items}: one page of claim records, filtered as `geoledger claims` filters."""
    ensure_reconciled(conn)
    chosen = selection(claim_filter(conn, **filters), period)
    rows, cursor = paged.claims_page(conn, chosen, after=after, limit=limit, offset=offset)
    corrected = store.corrected_claim_ids(conn)
    items = [claim_record(c, {c.source_id or "": title}, corrected) for c, title in rows]
    return {
        "total": paged.count_claims(conn, chosen),
        "next": cursor if len(items) == limit else None,
        "items": items,
    }


def sources_page(
    conn: Connection, *, after: str | None = None, limit: int = 100, offset: int = 0
) -> dict[str, Any]:
    """{total, next, items}: one page of sources with their numbers of claims."""
    records, cursor = paged.sources_page(conn, after=after, limit=limit, offset=offset)
    counts = paged.claim_counts(conn, [r["id"] for r in records])
    items = [{**r, "claims": counts.get(r["id"], 0)} for r in records]
    return {
        "total": paged.count_sources(conn),
        "next": cursor if len(items) == limit else None,
        "items": items,
    }


def source_record(conn: Connection, source_id: str) -> dict[str, Any]:
    """One source with its claim count (text left out); NotFound names it."""
    source = store.get_source(conn, source_id)
    return _source_records(conn, [source.id])[0]


def _source_records(conn: Connection, ids: Any) -> list[dict[str, Any]]:
    """These sources with their claim counts, oldest publication first (undated first)."""
    sources = reconciled.sources_by_ids(conn, {i for i in ids if i})
    counts = paged.claim_counts(conn, sources)
    records = [
        {
            "id": s.id,
            "title": s.title,
            "author": s.author,
            "outlet": s.outlet,
            "published_on": s.published_on,
            "url": s.url,
            "kind": s.kind,
            "language": s.language,
            "encoding": s.encoding,
            "content_hash": s.content_hash,
            "has_text": bool(s.text),
            "claims": counts.get(s.id, 0),
        }
        for s in sources.values()
    ]
    return sorted(records, key=lambda r: (r["published_on"] or "", r["id"]))


def actor_dossier(conn: Connection, name: str, *, after: str | None = None) -> dict[str, Any]:
    """Who an actor is, its events, the first claims about it (id order) and their sources.

    At most DOSSIER_CLAIMS claims a call; `claims_next` continues after the last one.
    """
    ensure_reconciled(conn)
    who = store.get_actor(conn, name)
    keys = store.actor_name_keys(conn, who.id)
    ids, more = paged.claim_ids_naming(conn, keys, after=after, limit=DOSSIER_CLAIMS)
    claims = sorted(reconciled.claims_by_ids(conn, ids), key=lambda c: c.id or "")
    titles = reconciled.source_titles_of(conn, {c.source_id or "" for c in claims})
    corrected = store.corrected_claim_ids(conn)
    records = [claim_record(c, titles, corrected) for c in claims]
    events = event_records(conn, actor=who.id)
    source_ids = set(who.sources) | {c["source"] for c in records}
    for event in events:
        source_ids.update(event["sources"])
    sources = _source_records(conn, source_ids)
    return {
        "actor": actor_record(who),
        "events": events,
        "claims": records,
        "claims_next": records[-1]["id"] if more and records else None,
        "sources": sources,
    }


def count_claims(conn: Connection, *, period: str | None = None, **filters: str | None) -> int:
    """How many claims the filters of `geoledger claims` pick."""
    ensure_reconciled(conn)
    return paged.count_claims(conn, selection(claim_filter(conn, **filters), period))


def first_claims(
    conn: Connection, *, limit: int, period: str | None = None, **filters: str | None
) -> list[Claim]:
    """The first limit claims (by source, then place) the filters pick."""
    ensure_reconciled(conn)
    chosen = selection(claim_filter(conn, **filters), period)
    return [claim for claim, _ in paged.claims_page(conn, chosen, limit=limit)[0]]


def sorted_claims(
    conn: Connection,
    *,
    metrics: tuple[str, ...],
    sort: str = "usd",
    descending: bool = True,
    limit: int = 200,
    with_object: bool = False,
    **filters: str | None,
) -> tuple[list[Claim], int]:
    """(the first limit live claims of metrics, by sort (usd, period or a field), the count)."""
    ensure_reconciled(conn)
    chosen = selection(claim_filter(conn, **filters))
    return paged.sorted_claims(
        conn,
        chosen,
        metrics=metrics,
        sort=sort,
        descending=descending,
        limit=limit,
        with_object=with_object,
    )


def claim_places(
    conn: Connection, subject_keys: frozenset[str], *, metric: str, partner_keys: set[str]
) -> list[dict[str, Any]]:
    """Live claims of exactly metric about subject_keys, as light rows in listing order.

    Each row: id, period, status, partner_key; enough to pick the latest figure per partner.
    """
    ensure_reconciled(conn)
    chosen = selection(store.ClaimFilter(subject=subject_keys))
    rows = paged.claim_places(conn, chosen, metric=metric, partner_keys=partner_keys)
    rows.sort(key=lambda r: (r.source_id or "", -1 if r.start is None else r.start, r.id))
    return [
        {"id": r.id, "period": r.period, "status": r.status, "partner_key": r.partner_key}
        for r in rows
    ]


def pair_aggregation_claims(
    conn: Connection, subject: str, partner: str, *, metric: str
) -> list[Claim]:
    """The best claim of every fit fact (aggregation.v1) of the pair in the metric family.

    Facts are keyed by actors' ledger names, so the pair's facts are one index range of the
    stored facts, however many claims state them.
    """
    from geoledger.pipeline.review import name_map
    from geoledger.reconcile import canonical

    ensure_reconciled(conn)
    names = name_map(conn)
    keys = [canonical(store.get_actor(conn, n).name, names) or n for n in (subject, partner)]
    ids = reconciled.fit_pair_best_claims(conn, keys[0], keys[1], metric_family=metric)
    by_id = {c.id: c for c in reconciled.claims_by_ids(conn, ids)}
    return [by_id[i] for i in ids if i in by_id]


def conflicts_of_claims(
    conn: Connection, claim_ids: list[str], *, events: bool = True, verdict: str | None = None
) -> list[dict[str, Any]]:
    """Stored conflicts (facts, checks, related figures, and events if asked; of verdict if
    given) holding one of claim_ids."""
    ensure_reconciled(conn)
    kinds = ("fact", "check", "related", "event") if events else ("fact", "check", "related")
    return reconciled.conflicts_of_claims(conn, claim_ids, kinds, verdict)


HEADLINE_POOL = 200  # claims of the latest period a headline figure is picked among


def headline_claims(
    conn: Connection, *, metric: str, subject: str, partner: str
) -> tuple[list[Claim], int]:
    """(the claims a headline figure of metric for the pair is picked among, how many count).

    headline.v1 counts accepted figures and shows the latest; a candidate only where none is
    accepted. The pool is up to HEADLINE_POOL claims of that status whose period starts last
    (year_fraction follows the period's start), so the caller's pick reads a bounded number of
    rows however many claims state the figure.
    """
    ensure_reconciled(conn)
    where = claim_filter(conn, metric=metric, subject=subject, partner=partner)
    accepted = selection(replace(where, status="accepted"))
    counted = reconciled.sum_claim_counts(conn, accepted, metrics=[metric])
    status = "accepted" if counted else "candidate"
    chosen = selection(replace(where, status=status))
    return paged.latest_claims(conn, chosen, metric=metric, limit=HEADLINE_POOL), counted


def conflict_overview(conn: Connection, *, first: int) -> dict[str, Any]:
    """{count, kinds, first}: every open disagreement counted from the stored totals, by
    verdict, and the first `first` conflicts with the verdict 'conflict', in order."""
    ensure_reconciled(conn)
    from geoledger.pipeline.figures import CONFLICT_KINDS, CONFLICT_NAMES

    by_verdict = reconciled.conflicts_by_verdict(conn)
    return {
        "count": reconciled.total_conflicts(conn, ("fact", "check", "related", "event")),
        # In the shape of figures.conflict_summary.
        "kinds": [
            {"verdict": v, "name": CONFLICT_NAMES[v], "count": by_verdict[v]}
            for v in CONFLICT_KINDS
            if by_verdict.get(v)
        ],
        "first": reconciled.first_conflicts_with_verdict(conn, "conflict", first),
    }


def trim_versions(rows: list[dict[str, Any]], shown: int) -> list[dict[str, Any]]:
    """rows with at most `shown` versions each; `versions_more` counts those left out.

    A fact many sources repeat can have thousands of versions: a listing shows the first few
    and links the rest, so a page's size does not grow with the ledger.
    """
    for row in rows:
        versions = row.get("versions") or []
        # A listing record holds its first versions and how many there are in all.
        total = row.get("versions_total", len(versions))
        if total > shown:
            row["versions_more"] = total - shown
            row["versions"] = versions[:shown]
    return rows


def domain_claims(
    conn: Connection, *, metrics: tuple[str, ...], keywords: tuple[str, ...], limit: int
) -> tuple[list[Claim], int]:
    """(the first limit live claims a domain page lists, by metric then period; how many)."""
    ensure_reconciled(conn)
    return paged.domain_claims(conn, metrics=metrics, keywords=keywords, limit=limit)
