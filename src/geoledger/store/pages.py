"""Listings paged in the database: filtered, sorted and cut by an index, never read whole.

A page starts after a cursor (the sort key of the previous page's last row, opaque to
callers) rather than at an offset, so page 1,000 costs what page 1 costs.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    tuple_,
)

from geoledger.errors import InvalidInput
from geoledger.models import Claim
from geoledger.store import schema as t
from geoledger.store.facets import claim_conditions, period_range
from geoledger.store.ledger import _claim
from geoledger.store.reconciled import (
    Selection,
    _chunks,
    counted_in_aggregates,
    latest_periods,
    sum_claim_counts,
)

MAX_PAGE = 1000


def encode_cursor(key: Sequence[Any]) -> str:
    """An opaque cursor for a row's sort key."""
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    """The sort key a cursor holds; InvalidInput when it was not made by encode_cursor."""
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(f"'{cursor}' is not a cursor this listing gave.") from None
    if not isinstance(key, list) or len(key) != size:
        raise InvalidInput(f"'{cursor}' is not a cursor this listing gave.")
    return key


def _claim_order() -> tuple[Any, Any, Any]:
    c = t.claims.c
    # Claims without a place (curated ones) come first in their source, as list_claims has it.
    return c.source_id, func.coalesce(c.start, -1), c.id


def claims_page(
    conn: Connection,
    selection: Selection,
    *,
    after: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[tuple[Claim, str | None]], str | None]:
    """([(claim, its source's title)], cursor after the last) by source then place."""
    order = _claim_order()
    indexed = not _in_listing_order(conn, selection, limit)
    query = (
        select(t.claims, t.sources.c.title.label("source_title"), *order)
        .select_from(
            t.claims.join(t.recon_claims, t.recon_claims.c.claim_id == t.claims.c.id).join(
                t.sources, t.sources.c.id == t.claims.c.source_id, isouter=True
            )
        )
        .where(and_(true(), *claim_conditions(conn, selection, indexed=indexed)))
    )
    if indexed:
        query = query.where(*period_range(selection))
    if after:
        query = query.where(tuple_(*order) > tuple_(*map(literal, decode_cursor(after, 3))))
    query = query.order_by(*order).limit(min(limit, MAX_PAGE))
    if offset:
        query = query.offset(offset)
    rows = conn.execute(query).all()
    found = [(_claim(r), r.source_title) for r in rows]
    last = rows[-1] if rows else None
    cursor = None
    if last is not None:
        cursor = encode_cursor([last.source_id, -1 if last.start is None else last.start, last.id])
    return found, cursor


def _in_listing_order(conn: Connection, selection: Selection, limit: int) -> bool:
    """True when walking the claims in listing order finds a page sooner than the filters'
    indexes do: when the n claims picked out of N are so many that the ~limit*N/n claims
    read before a page is full are fewer than the n a filter index gives to sort. Either
    way at most sqrt(limit*N) rows are read. The stored counts tell n; a planner guessing
    without them took the status index (most claims) and sorted everything it matched."""
    from geoledger.store.reconciled import ledger_count

    if selection.everything or not counted_in_aggregates(selection):
        return False
    picked = sum_claim_counts(conn, selection)
    return picked * picked > limit * ledger_count(conn, "claims")


def count_claims(conn: Connection, selection: Selection) -> int:
    """How many claims selection picks: summed from the stored counts where they can tell."""
    if counted_in_aggregates(selection):
        return sum_claim_counts(conn, selection)
    query = (
        select(func.count())
        .select_from(t.claims.join(t.recon_claims, t.recon_claims.c.claim_id == t.claims.c.id))
        .where(and_(true(), *claim_conditions(conn, selection)))
    )
    return int(conn.execute(query).scalar_one())


def claim_counts(conn: Connection, source_ids: Iterable[str]) -> dict[str, int]:
    """Source id -> how many claims cite it, for these sources only."""
    c = t.claims.c
    found: dict[str, int] = {}
    for batch in _chunks(sorted(set(source_ids))):
        query = select(c.source_id, func.count()).where(c.source_id.in_(batch))
        found.update({sid: int(n) for sid, n in conn.execute(query.group_by(c.source_id))})
    return found


def _source_order() -> tuple[Any, Any]:
    s = t.sources.c
    return func.coalesce(s.published_on, literal_column("''")), s.id  # ix_sources_order's


def sources_page(
    conn: Connection, *, after: str | None = None, limit: int = 100, offset: int = 0
) -> tuple[list[dict[str, Any]], str | None]:
    """(sources without their text, cursor after the last), oldest publication first."""
    order = _source_order()
    columns = [c for c in t.sources.c if c.name not in ("text", "fetched_at")]
    has_text = (func.coalesce(func.length(t.sources.c.text), 0) > 0).label("has_text")
    query = select(*columns, has_text, *order)
    if after:
        query = query.where(tuple_(*order) > tuple_(*map(literal, decode_cursor(after, 2))))
    query = query.order_by(*order).limit(min(limit, MAX_PAGE))
    if offset:
        query = query.offset(offset)
    rows = conn.execute(query).all()
    fields = [c.name for c in columns]
    records = [{**{f: getattr(r, f) for f in fields}, "has_text": bool(r.has_text)} for r in rows]
    cursor = None
    if rows:
        cursor = encode_cursor([rows[-1].published_on or "", rows[-1].id])
    return records, cursor


def count_sources(conn: Connection) -> int:
    """How many sources the ledger holds (the count triggers keep)."""
    from geoledger.store.reconciled import ledger_count

    return ledger_count(conn, "sources")


def claim_ids_naming(
    conn: Connection, keys: Iterable[str], *, after: str | None = None, limit: int = 100
) -> tuple[list[str], bool]:
    """(first ids in id order of claims naming one of keys in any role, whether there are more).

    One index range per (role, spelling), each cut at limit, merged here: an actor named by
    every claim of the ledger costs what a rare one costs.
    """
    r = t.recon_claims.c
    found: set[str] = set()
    more = False
    for column in (r.subject_key, r.partner_key, r.entity_key, r.object_key):
        for key in sorted(set(keys)):
            query = select(r.claim_id).where(column == key)
            if after is not None:
                query = query.where(r.claim_id > after)
            ids = list(conn.execute(query.order_by(r.claim_id).limit(limit + 1)).scalars())
            more = more or len(ids) > limit
            found.update(ids[:limit])
    ordered = sorted(found)
    return ordered[:limit], more or len(ordered) > limit


def claims_besides(
    conn: Connection, selection: Selection, used: Iterable[str], *, limit: int | None
) -> tuple[list[Claim], int]:
    """(first claims by id that selection picks, not rejected and not in used; how many in all)."""
    c = t.claims.c
    used = sorted(set(used))
    conditions = [*claim_conditions(conn, selection), c.status != "rejected"]
    joined = t.claims.join(t.recon_claims, t.recon_claims.c.claim_id == c.id)
    where = selection.where
    if limit is not None and where is not None and where.subject:
        # One range of the (subject_key, claim_id) index per spelling, each in id order and cut
        # at limit, merged here: a planner given the IN list sorts every match first.
        r = t.recon_claims.c
        claims = []
        for key in sorted(where.subject):
            one = replace(selection, where=replace(where, subject=None))
            each = [*claim_conditions(conn, one), c.status != "rejected", r.subject_key == key]
            query = select(t.claims).select_from(joined).where(and_(true(), *each))
            if used:
                query = query.where(r.claim_id.not_in(used))
            claims += [_claim(row) for row in conn.execute(query.order_by(r.claim_id).limit(limit))]
        claims = sorted(claims, key=lambda claim: claim.id or "")[:limit]
    else:
        query = select(t.claims).select_from(joined).where(and_(true(), *conditions))
        if used:
            query = query.where(c.id.not_in(used))
        query = query.order_by(c.id)
        if limit is not None:
            query = query.limit(limit)
        claims = [_claim(row) for row in conn.execute(query)]
    if limit is None or len(claims) < limit:
        return claims, len(claims)
    if counted_in_aggregates(selection):
        # Every live claim selection picks, less those of used it picks: sums, not a scan.
        live = sum_claim_counts(conn, selection, live_only=True)
        if not used:
            return claims, live
        picked = select(func.count()).select_from(joined).where(and_(true(), *conditions))
        return claims, live - int(conn.execute(picked.where(c.id.in_(used))).scalar_one())
    counted = select(func.count()).select_from(joined).where(and_(true(), *conditions))
    if used:
        counted = counted.where(c.id.not_in(used))
    return claims, int(conn.execute(counted).scalar_one())


def sorted_claims(
    conn: Connection,
    selection: Selection,
    *,
    metrics: Sequence[str],
    sort: str = "usd",
    descending: bool = True,
    limit: int = 200,
    with_object: bool = False,
) -> tuple[list[Claim], int]:
    """(the first limit live claims of metrics by sort, how many there are in all)."""
    c, r = t.claims.c, t.recon_claims.c
    conditions = [*claim_conditions(conn, selection), c.status != "rejected", c.metric.in_(metrics)]
    if with_object:
        conditions.append(c.object.is_not(None))
    joined = t.claims.join(t.recon_claims, r.claim_id == c.id)
    column = {"usd": r.usd, "period": r.period_end}.get(sort, c.get(sort, r.usd))
    first = column.desc().nulls_last() if descending else column.asc().nulls_first()
    query = (
        select(t.claims)
        .select_from(joined)
        .where(and_(true(), *conditions))
        .order_by(first, *_claim_order())
        .limit(limit)
    )
    claims = [_claim(row) for row in conn.execute(query)]
    if counted_in_aggregates(selection):
        total = sum_claim_counts(
            conn, selection, live_only=True, metrics=metrics, with_object=with_object
        )
        return claims, total
    counted = select(func.count()).select_from(joined).where(and_(true(), *conditions))
    return claims, int(conn.execute(counted).scalar_one())


def latest_claims(
    conn: Connection, selection: Selection, *, metric: str, limit: int
) -> list[Claim]:
    """The first limit claims of exactly metric selection picks whose period starts last.

    The latest period's spellings come from the stored counts; its claims are one range of
    the index on claims (metric, period), however many claims the metric has in all.
    """
    periods = latest_periods(conn, selection, metrics=[metric])
    if not periods:
        return []
    c = t.claims.c
    # The ids first, from the (metric, period) index: given the whole query, planners start
    # from an actor's spellings (a third of the ledger for China) and probe every claim.
    ids = conn.execute(select(c.id).where(c.metric == metric, c.period.in_(periods))).scalars()
    found: list[Claim] = []
    for batch in _chunks(ids):
        query = (
            select(t.claims)
            .select_from(t.claims.join(t.recon_claims, t.recon_claims.c.claim_id == c.id))
            .where(and_(true(), *claim_conditions(conn, selection)), c.id.in_(batch))
        )
        found += [_claim(row) for row in conn.execute(query)]
    return sorted(found, key=_listed)[:limit]


def _listed(claim: Claim) -> tuple[str, int, str]:
    return (claim.source_id or "", -1 if claim.start is None else claim.start, claim.id or "")


def claim_places(
    conn: Connection, selection: Selection, *, metric: str, partner_keys: Iterable[str]
) -> list[Any]:
    """(id, period, status, source_id, start, partner_key) of live claims of exactly metric.

    Light rows for picking the latest figure per partner without loading whole claims.
    """
    c, r = t.claims.c, t.recon_claims.c
    query = (
        select(c.id, c.period, c.status, c.source_id, c.start, r.partner_key)
        .select_from(t.claims.join(t.recon_claims, r.claim_id == c.id))
        .where(
            and_(true(), *claim_conditions(conn, selection)),
            c.metric == metric,
            c.status != "rejected",
            r.partner_key.in_(sorted(set(partner_keys))),
        )
    )
    return list(conn.execute(query))


def domain_claims(
    conn: Connection, *, metrics: Sequence[str], keywords: Sequence[str], limit: int
) -> tuple[list[Claim], int]:
    """(the first limit live claims of metrics, or whose object or entity holds a keyword, by
    metric then period start; how many there are). Metrics alone read an index range; a
    keyword is matched in every claim's object and entity spelling."""
    c, r = t.claims.c, t.recon_claims.c
    picks: list[Any] = [c.metric.in_(list(metrics))] if metrics else []
    for word in keywords:
        needle = word.casefold()
        picks += [
            r.object_key.contains(needle, autoescape=True),
            r.entity_key.contains(needle, autoescape=True),
        ]
    if not picks:
        return [], 0
    if not keywords:
        return _claims_of_metrics(conn, sorted(set(metrics)), limit)
    joined = t.claims.join(t.recon_claims, r.claim_id == c.id)
    condition = and_(c.status != "rejected", or_(*picks))
    query = (
        select(t.claims)
        .select_from(joined)
        .where(condition)
        .order_by(c.metric, r.period_start.nulls_first(), *_claim_order())
        .limit(limit)
    )
    claims = [_claim(row) for row in conn.execute(query)]
    if len(claims) < limit:
        return claims, len(claims)
    if not keywords:
        total = sum_claim_counts(conn, Selection(), live_only=True, metrics=metrics)
        return claims, total
    counted = select(func.count()).select_from(joined).where(condition)
    return claims, int(conn.execute(counted).scalar_one())


def _claims_of_metrics(conn: Connection, metrics: list[str], limit: int) -> tuple[list[Claim], int]:
    """domain_claims of metrics alone, read a period at a time: the stored counts give each
    metric's periods in order (a few rows per period), then each period's live claims are one
    range of ix_claims_metric_period. Ordering the join by recon_claims.period_start sorted
    every claim of the metrics (40 k of the politics page's at 1 M claims) to keep 200."""
    c, r, k = t.claims.c, t.recon_claims.c, t.recon_counts.c
    grouped = (
        select(k.metric, k.period_start, k.period, func.sum(k.n).label("n"))
        .where(k.metric.in_(metrics), k.status != "rejected")
        .group_by(k.metric, k.period_start, k.period)
    )
    # (metric, period start) -> the period spellings that start there, in listing order.
    buckets: dict[tuple[str, str | None], list[str | None]] = {}
    total = 0
    for row in conn.execute(grouped):
        if row.n > 0:
            buckets.setdefault((row.metric, row.period_start), []).append(row.period)
            total += int(row.n)
    order = sorted(buckets, key=lambda b: (b[0], b[1] is not None, b[1] or ""))
    joined = t.claims.join(t.recon_claims, r.claim_id == c.id)
    claims: list[Claim] = []
    for metric, start in order:
        if len(claims) >= limit:
            break
        periods = buckets[(metric, start)]
        spelled = [p for p in periods if p is not None]
        period = c.period.in_(spelled) if spelled else None
        if None in periods:
            period = c.period.is_(None) if period is None else or_(period, c.period.is_(None))
        query = (
            select(t.claims)
            .select_from(joined)
            .where(c.metric == metric, period, c.status != "rejected")
            .where(r.period_start.is_(None) if start is None else r.period_start == start)
            .order_by(*_claim_order())
            .limit(limit - len(claims))
        )
        claims += [_claim(row) for row in conn.execute(query)]
    return claims, total
