"""The stored reconciliation: facts and conflicts per (subject, partner) scope, read by every view.

pipeline/stored.py computes them when claims change; this module only reads and writes rows.
Views page them in the database: rows are sorted by a sort key that compares as Python
compares the fact keys, and a page starts after the last key the previous page showed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    and_,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    true,
)

from geoledger.models import Claim, Source
from geoledger.store import schema as t
from geoledger.store.ledger import CLAIM_COLUMNS, ClaimFilter, _claim, _source
from geoledger.store.search import matching_claim_ids, matching_source_ids

CHUNK = 500  # ids per IN (...): below SQLite's variable limit, few round trips
VERSION_KEY = "reconcile_version"
# Versions a listing record keeps (the stored `listing` beside the full `record`): a fact
# many sources repeat has ~13 k versions at 1 M claims, and a listing shows a dozen.
LISTED_VERSIONS = 20


def listing_record(record: dict[str, Any]) -> dict[str, Any]:
    """record with its first LISTED_VERSIONS versions and `versions_total`, how many in all."""
    versions = record.get("versions") or []
    return {**record, "versions": versions[:LISTED_VERSIONS], "versions_total": len(versions)}


def listed(table: Any) -> Any:
    """The column a listing reads: a row's listing record (its full one if it has none)."""
    return func.coalesce(table.c.listing, table.c.record).label("record")


def _chunks(ids: Iterable[str], size: int = CHUNK) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in ids:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- meta ------------------------------------------------------------------------------------


def reconcile_version(conn: Connection) -> str | None:
    """The reconciliation version the stored rows were made by, or None if never made."""
    return conn.execute(
        select(t.recon_meta.c.value).where(t.recon_meta.c.key == VERSION_KEY)
    ).scalar_one_or_none()


def set_reconcile_version(conn: Connection, version: str) -> None:
    """Record which reconciliation version made the stored rows."""
    conn.execute(delete(t.recon_meta).where(t.recon_meta.c.key == VERSION_KEY))
    conn.execute(insert(t.recon_meta).values(key=VERSION_KEY, value=version))


def take_dirty(conn: Connection) -> tuple[set[str], set[str]]:
    """(claim ids, name keys) noted as changed since the last reconciliation; clears them."""
    d = t.recon_dirty.c
    rows = conn.execute(select(d.id, d.kind, d.value)).all()
    if not rows:
        return set(), set()
    conn.execute(delete(t.recon_dirty).where(d.id <= max(r.id for r in rows)))
    claims = {r.value for r in rows if r.kind == "claim"}
    return claims, {r.value for r in rows if r.kind == "name"}


# --- reading what reconcile needs ------------------------------------------------------------


def claims_by_ids(conn: Connection, ids: Iterable[str]) -> list[Claim]:
    """The claims with these ids (missing ids skipped), in no particular order."""
    found: list[Claim] = []
    columns = select(*(t.claims.c[name] for name in CLAIM_COLUMNS))
    for batch in _chunks(sorted(ids)):  # in key order: each batch reads nearby index pages
        rows = conn.execute(columns.where(t.claims.c.id.in_(batch)))
        # By position, not by attribute: a rebuild makes a million of these.
        found += [Claim(**dict(zip(CLAIM_COLUMNS, row, strict=True))) for row in rows]
    return found


def claims_of_sources(conn: Connection, source_ids: Iterable[str]) -> list[Claim]:
    """Every claim citing one of these sources."""
    found: list[Claim] = []
    for batch in _chunks(sorted(set(source_ids))):
        query = select(t.claims).where(t.claims.c.source_id.in_(batch))
        found += [_claim(r) for r in conn.execute(query)]
    return found


def sources_by_ids(conn: Connection, ids: Iterable[str]) -> dict[str, Source]:
    """The sources with these ids, text included."""
    found: dict[str, Source] = {}
    for batch in _chunks(sorted(set(ids))):
        for row in conn.execute(select(t.sources).where(t.sources.c.id.in_(batch))):
            found[row.id] = _source(row)
    return found


def source_fields_of(conn: Connection, source_id: str, fields: Sequence[str]) -> dict[str, Any]:
    """{field: value} of one source (not its text, which can be large), or {} if none."""
    query = select(*(t.sources.c[f] for f in fields)).where(t.sources.c.id == source_id)
    row = conn.execute(query).first()
    return {} if row is None else dict(zip(fields, row, strict=True))


def sources_fields_of(
    conn: Connection, ids: Iterable[str], fields: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Source id -> {field: value} (not their texts) of these sources, CHUNK ids a query."""
    found: dict[str, dict[str, Any]] = {}
    s = t.sources.c
    for batch in _chunks(sorted(set(ids))):
        query = select(s.id, *(s[f] for f in fields)).where(s.id.in_(batch))
        for row in conn.execute(query):
            found[row[0]] = dict(zip(fields, row[1:], strict=True))
    return found


def source_citations(
    conn: Connection, ids: Iterable[str], *, texts_at_once: int = 100
) -> Iterator[tuple[str, str | None, str | None, str | None, str | None]]:
    """(id, title, author, url, text) of these sources, read a few texts at a time.

    Reconciling a large ledger needs every claim's sentence but only one source's text at a
    time: held all at once, the texts of a gigabyte ingest would be a gigabyte of memory.
    """
    s = t.sources.c
    for batch in _chunks(sorted(set(ids)), texts_at_once):
        query = select(s.id, s.title, s.author, s.url, s.text).where(s.id.in_(batch))
        for row in conn.execute(query):
            yield row[0], row[1], row[2], row[3], row[4]


def source_titles_of(conn: Connection, ids: Iterable[str]) -> dict[str, str | None]:
    """Source id -> title, for these sources only."""
    found: dict[str, str | None] = {}
    for batch in _chunks(sorted(set(ids))):
        query = select(t.sources.c.id, t.sources.c.title).where(t.sources.c.id.in_(batch))
        found.update({source_id: title for source_id, title in conn.execute(query)})
    return found


def acceptances_of(conn: Connection, claim_ids: Iterable[str]) -> dict[str, str]:
    """Claim id -> who last accepted it, for these claims only."""
    found: dict[str, str] = {}
    log = t.audit_log.c
    for batch in _chunks(claim_ids):
        query = (
            select(log.claim_id, log.who)
            .where(log.action == "accept", log.claim_id.in_(batch))
            .order_by(log.id)
        )
        found.update({claim_id: who for claim_id, who in conn.execute(query)})
    return found


_ID_SEPARATOR = "\x1f"  # below every printable character: no claim id holds it


def claim_groups(
    conn: Connection, aggregate_metrics: Iterable[str]
) -> Iterator[tuple[bool, str | None, str | None, str | None, list[str]]]:
    """(aggregate?, subject, partner, entity, claim ids) of every claim, grouped in the
    database: what a rebuild partitions by, a row per distinct spelling of a scope (a few
    thousand at a million claims) rather than a row per claim."""
    c = t.claims.c
    aggregate = c.metric.in_(sorted(aggregate_metrics))
    if conn.dialect.name == "postgresql":
        ids = func.string_agg(c.id, _ID_SEPARATOR)
    else:
        ids = func.group_concat(c.id, _ID_SEPARATOR)
    # subject, partner first: SQLite walks ix_claims_subject_partner instead of sorting all.
    query = select(aggregate, c.subject, c.partner, c.entity, ids).group_by(
        c.subject, c.partner, c.entity, aggregate
    )
    for is_aggregate, subject, partner, entity, joined in conn.execute(query):
        yield bool(is_aggregate), subject, partner, entity, joined.split(_ID_SEPARATOR)


def claim_scopes_of(conn: Connection, claim_ids: Iterable[str]) -> Iterator[Any]:
    """(id, metric, subject, partner, entity) of these claims: where a refresh puts them."""
    c = t.claims.c
    for batch in _chunks(claim_ids):
        yield from conn.execute(
            select(c.id, c.metric, c.subject, c.partner, c.entity).where(c.id.in_(batch))
        )


def scope_sizes(conn: Connection, scopes: Iterable[str]) -> dict[str, int]:
    """scope -> how many claims are stored under it, for these scopes."""
    r = t.recon_claims.c
    found: dict[str, int] = {}
    for batch in _chunks(scopes):
        query = select(r.scope, func.count()).where(r.scope.in_(batch)).group_by(r.scope)
        found.update((scope, int(n)) for scope, n in conn.execute(query))
    return found


def scopes_of(conn: Connection, claim_ids: Iterable[str]) -> set[str]:
    """The scopes these claims were stored under (claims never reconciled have none)."""
    found: set[str] = set()
    for batch in _chunks(claim_ids):
        query = select(t.recon_claims.c.scope).where(t.recon_claims.c.claim_id.in_(batch))
        found.update(conn.execute(query).scalars())
    return found


def claim_ids_in_scopes(conn: Connection, scopes: Iterable[str]) -> set[str]:
    """Ids of the claims stored under these scopes."""
    found: set[str] = set()
    for batch in _chunks(scopes):
        query = select(t.recon_claims.c.claim_id).where(t.recon_claims.c.scope.in_(batch))
        found.update(conn.execute(query).scalars())
    return found


def claim_ids_naming(conn: Connection, keys: Iterable[str]) -> set[str]:
    """Ids of the claims one of whose actor spellings has one of these name keys."""
    r = t.recon_claims.c
    found: set[str] = set()
    for batch in _chunks(keys):
        query = select(r.claim_id).where(
            or_(
                *(
                    col.in_(batch)
                    for col in (r.subject_key, r.partner_key, r.entity_key, r.object_key)
                )
            )
        )
        found.update(conn.execute(query).scalars())
    return found


# --- writing ---------------------------------------------------------------------------------


@dataclass
class ScopeRows:
    """Rows to store for some scopes, replacing what they held."""

    claims: list[dict[str, Any]]
    facts: list[dict[str, Any]]
    items: list[dict[str, Any]]
    item_claims: list[dict[str, Any]]
    # recon_counts rows: claims per (scope, spellings, metric, status, period span).
    counts: list[dict[str, Any]] = field(default_factory=list)


_ITEM_TOTALS = {"fact": "fact_items", "check": "check_items", "related": "related_items"}
_VERDICT_TOTALS = {
    "conflict": "conflict_verdicts",
    "related-not-comparable": "related_verdicts",
    "consistent": "consistent_verdicts",
}


def _totals(rows: ScopeRows) -> list[dict[str, Any]]:
    """recon_totals rows: facts and conflicts of each kind per scope, from rows."""
    found: dict[str, dict[str, Any]] = {}

    def of(scope: str) -> dict[str, Any]:
        return found.setdefault(
            scope,
            {
                "scope": scope,
                "facts": 0,
                "fact_items": 0,
                "check_items": 0,
                "related_items": 0,
                "event_items": 0,
                **dict.fromkeys(_VERDICT_TOTALS.values(), 0),
            },
        )

    for fact in rows.facts:
        of(fact["scope"])["facts"] += 1
    for item in rows.items:
        of(item["scope"])[_ITEM_TOTALS.get(item["kind"], "event_items")] += 1
        if item["verdict"] in _VERDICT_TOTALS:
            of(item["scope"])[_VERDICT_TOTALS[item["verdict"]]] += 1
    return list(found.values())


def replace_scopes(
    conn: Connection, scopes: Iterable[str], claim_ids: Iterable[str], rows: ScopeRows
) -> None:
    """Drop what scopes held (and the rows of claim_ids), then store rows."""
    scopes = sorted(set(scopes))
    for batch in _chunks(scopes):
        items = select(t.recon_items.c.id).where(t.recon_items.c.scope.in_(batch))
        conn.execute(delete(t.recon_item_claims).where(t.recon_item_claims.c.item_id.in_(items)))
        conn.execute(delete(t.recon_items).where(t.recon_items.c.scope.in_(batch)))
        conn.execute(delete(t.recon_facts).where(t.recon_facts.c.scope.in_(batch)))
        conn.execute(delete(t.recon_claims).where(t.recon_claims.c.scope.in_(batch)))
        conn.execute(delete(t.recon_counts).where(t.recon_counts.c.scope.in_(batch)))
        conn.execute(delete(t.recon_totals).where(t.recon_totals.c.scope.in_(batch)))
    for batch in _chunks(claim_ids):
        conn.execute(delete(t.recon_claims).where(t.recon_claims.c.claim_id.in_(batch)))
    for table, values in (
        (t.recon_claims, rows.claims),
        (t.recon_facts, rows.facts),
        (t.recon_items, rows.items),
        (t.recon_item_claims, rows.item_claims),
        (t.recon_counts, rows.counts),
        (t.recon_totals, _totals(rows)),
    ):
        for start in range(0, len(values), 5000):
            conn.execute(insert(table), values[start : start + 5000])


def clear_reconciliation(conn: Connection) -> None:
    """Drop every stored fact, conflict and mapping (before a full rebuild)."""
    tables = (t.recon_item_claims, t.recon_items, t.recon_facts, t.recon_claims, t.recon_meta)
    for table in (*tables, t.recon_dirty, t.recon_counts, t.recon_totals, t.recon_cache):
        conn.execute(delete(table))


# --- reading for views -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Selection:
    """Claims a view is about: a ClaimFilter and a period span (ISO days), or everything."""

    where: ClaimFilter | None = None
    period: tuple[str, str] | None = None

    @property
    def everything(self) -> bool:
        """True when nothing is filtered."""
        return (self.where is None or self.where == ClaimFilter()) and self.period is None


def claim_conditions(conn: Connection, selection: Selection, *, indexed: bool = True) -> list[Any]:
    """SQL conditions on claims (joined with recon_claims) for selection.

    indexed=False words them so that SQLite uses no index for them (`x || ''` is not the
    column), to make it walk another index in order instead (see store.pages.claims_page).
    """
    c, r = t.claims.c, t.recon_claims.c
    if not indexed and conn.dialect.name == "sqlite":
        c, r = _unindexed(t.claims), _unindexed(t.recon_claims)
    where = selection.where or ClaimFilter()
    conditions: list[Any] = []
    if where.metric:
        metric = where.metric.strip().lower()
        conditions.append(
            or_(c.metric == metric, c.metric.startswith(metric + ".", autoescape=True))
        )
    if where.metrics is not None:
        conditions.append(c.metric.in_(sorted(where.metrics)))
    if where.source:
        conditions.append(c.source_id == where.source)
    if where.status:
        conditions.append(c.status == where.status)
    if where.ids is not None:
        conditions.append(c.id.in_(list(where.ids)))
    if where.search:
        ids = matching_claim_ids(conn, where.search)
        by_source = matching_source_ids(conn, where.search, limit=10_000)
        conditions.append(or_(c.id.in_(ids), c.source_id.in_(by_source)))
    for column, keys in (
        (r.subject_key, where.subject),
        (r.partner_key, where.partner),
        (r.entity_key, where.entity),
        (r.object_key, where.object),
    ):
        if keys is not None:
            conditions.append(column.in_(sorted(keys)))
    if selection.period is not None:
        conditions += [r.period_start >= selection.period[0], r.period_end <= selection.period[1]]
    return conditions


class _unindexed:
    """A table's text columns as `column || ''`: the same values, no index to search."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def __getattr__(self, name: str) -> Any:
        return self._table.c[name].concat("")


def selected_claims(conn: Connection, selection: Selection) -> Select[Any]:
    """A query of (claim id, fact id) for the claims selection picks."""
    c, r = t.claims.c, t.recon_claims.c
    return (
        select(c.id, r.fact_id)
        .select_from(t.claims.join(t.recon_claims, r.claim_id == c.id))
        .where(and_(true(), *claim_conditions(conn, selection)))
    )


def _fact_filter(conn: Connection, selection: Selection) -> Any:
    if selection.everything:
        return true()
    if _facts_alone_tell(selection):
        return and_(true(), *_fact_conditions(selection))
    chosen = selected_claims(conn, selection).subquery()
    return t.recon_facts.c.id.in_(select(chosen.c.fact_id))


def _facts_alone_tell(selection: Selection) -> bool:
    """True when the stored facts' own columns say which facts selection touches: every
    version of a fact shares its metric, actors and period, so only claim-level filters
    (status, source, ids, text) need the claims."""
    where = selection.where or ClaimFilter()
    return not where.status and where.source is None and where.ids is None and not where.search


def _fact_conditions(selection: Selection) -> list[Any]:
    """SQL conditions on recon_facts for a selection _facts_alone_tell about.

    A fact's name keys are those of its actors' ledger names: a filter by an actor holds
    every spelling of it, so a fact matches exactly when one of its claims would.
    """
    f = t.recon_facts.c
    where = selection.where or ClaimFilter()
    conditions: list[Any] = []
    if where.metric:
        metric = where.metric.strip().lower()
        conditions.append(
            or_(f.metric == metric, f.metric.startswith(metric + ".", autoescape=True))
        )
    for column, keys in (
        (f.subject_key, where.subject),
        (f.partner_key, where.partner),
        (f.entity_key, where.entity),
        (f.object_key, where.object),
    ):
        if keys is not None:
            conditions.append(column.in_(sorted(keys)))
    if selection.period is not None:
        conditions += [f.period_start >= selection.period[0], f.period_end <= selection.period[1]]
    return conditions


def fact_records(
    conn: Connection,
    selection: Selection,
    *,
    after: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    fit_only: bool = False,
    full: bool = True,
) -> list[tuple[str, dict[str, Any]]]:
    """(sort key, record) of the stored facts selection touches, in key order, a page at a time
    (full=False: listing records, the first LISTED_VERSIONS versions of each)."""
    f = t.recon_facts.c
    record = f.record if full else listed(t.recon_facts)
    query = select(f.sort_key, record).where(_fact_filter(conn, selection))
    if fit_only:
        query = query.where(f.fit.is_(True))
    if after is not None:
        query = query.where(f.sort_key > after)
    query = query.order_by(f.sort_key)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [(key, json.loads(record)) for key, record in conn.execute(query)]


def count_facts(conn: Connection, selection: Selection) -> int:
    """How many stored facts selection touches."""
    if selection.everything:
        return total_facts(conn)
    return int(
        conn.execute(
            select(func.count()).select_from(t.recon_facts).where(_fact_filter(conn, selection))
        ).scalar_one()
    )


def fit_best_claims(conn: Connection, selection: Selection) -> list[str]:
    """Best claim ids of the facts fit for aggregation that selection touches."""
    f = t.recon_facts.c
    query = (
        select(f.best_claim)
        .where(f.fit.is_(True), f.best_claim.is_not(None), _fact_filter(conn, selection))
        .order_by(f.sort_key)
    )
    return [str(claim_id) for claim_id in conn.execute(query).scalars()]


def _item_filter(conn: Connection, selection: Selection, kinds: Sequence[str]) -> Any:
    i = t.recon_items.c
    kind = i.kind.in_(list(kinds))
    if selection.everything:
        return kind
    chosen = selected_claims(conn, selection).subquery()
    by_fact = i.id.in_(select(chosen.c.fact_id))
    linked = exists().where(
        t.recon_item_claims.c.item_id == i.id,
        t.recon_item_claims.c.claim_id.in_(select(chosen.c.id)),
    )
    return and_(kind, or_(by_fact, linked))


def conflict_records(
    conn: Connection,
    selection: Selection,
    *,
    kinds: Sequence[str] = ("fact", "check", "related", "event"),
    after: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    full: bool = True,
) -> list[tuple[str, dict[str, Any]]]:
    """(sort key, record) of stored conflicts selection touches, in order, a page at a time
    (full=False: listing records, the first LISTED_VERSIONS versions of each)."""
    i = t.recon_items.c
    record = i.record if full else listed(t.recon_items)
    query = select(i.sort_key, record).where(_item_filter(conn, selection, kinds))
    if after is not None:
        query = query.where(i.sort_key > after)
    query = query.order_by(i.sort_key)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [(key, json.loads(record)) for key, record in conn.execute(query)]


def count_conflicts(
    conn: Connection,
    selection: Selection,
    kinds: Sequence[str] = ("fact", "check", "related", "event"),
) -> int:
    """How many stored conflicts selection touches."""
    if selection.everything:
        return total_conflicts(conn, kinds)
    query = (
        select(func.count()).select_from(t.recon_items).where(_item_filter(conn, selection, kinds))
    )
    return int(conn.execute(query).scalar_one())


def fact_by_id(conn: Connection, fact_id: str) -> dict[str, Any] | None:
    """The stored record of one fact, or None."""
    query = select(t.recon_facts.c.record).where(t.recon_facts.c.id == fact_id)
    record = conn.execute(query).scalar_one_or_none()
    return None if record is None else json.loads(record)


def fact_ids_of(conn: Connection, claim_ids: Iterable[str]) -> dict[str, str]:
    """Claim id -> id of the stored fact it is a version of, where one is stored."""
    r, f = t.recon_claims.c, t.recon_facts.c
    found: dict[str, str] = {}
    for batch in _chunks(claim_ids):
        query = (
            select(r.claim_id, r.fact_id)
            .join(t.recon_facts, f.id == r.fact_id)
            .where(r.claim_id.in_(batch))
        )
        found.update({claim_id: fact_id for claim_id, fact_id in conn.execute(query)})
    return found


# --- stored aggregates (migration 0008) --------------------------------------------------------


def ledger_count(conn: Connection, name: str) -> int:
    """A row count the triggers keep: 'claims', 'claims:<status>', 'sources' or 'changes'."""
    query = select(t.ledger_counts.c.n).where(t.ledger_counts.c.name == name)
    return int(conn.execute(query).scalar_one_or_none() or 0)


def counted_in_aggregates(selection: Selection) -> bool:
    """True when recon_counts can count what selection picks (no source, id or text filter)."""
    where = selection.where or ClaimFilter()
    return where.source is None and where.ids is None and not where.search


def sum_claim_counts(
    conn: Connection,
    selection: Selection,
    *,
    live_only: bool = False,
    metrics: Sequence[str] | None = None,
    with_object: bool = False,
) -> int:
    """How many reconciled claims selection picks (not rejected ones if live_only; of exactly
    metrics if given; naming an object if with_object), summed from recon_facet_counts when
    only metrics and status are asked, else from recon_counts, or read from ledger_counts when
    only status is asked."""
    k = t.recon_counts.c
    where = selection.where or ClaimFilter()
    plain = not live_only and metrics is None and not with_object
    if plain and selection.everything:
        return ledger_count(conn, "claims")
    if plain and where == ClaimFilter(status=where.status) and selection.period is None:
        return ledger_count(conn, f"claims:{where.status}")
    if not with_object and counted_by_facet(selection):
        # Each recon_counts row is in one row of each facet: the year facet's rows hold all.
        v = t.recon_facet_counts.c
        conditions = _facet_count_conditions(selection, live_only, metrics)
        query = select(func.coalesce(func.sum(v.n), 0)).where(v.facet == "year", *conditions)
        return int(conn.execute(query).scalar_one())
    conditions = _count_conditions(selection, live_only, metrics, with_object)
    query = select(func.coalesce(func.sum(k.n), 0)).where(and_(true(), *conditions))
    return int(conn.execute(query).scalar_one())


def counted_by_facet(selection: Selection) -> bool:
    """True when recon_facet_counts can count what selection picks: metrics and status only
    (no actor, period, source, id or text filter)."""
    where = selection.where or ClaimFilter()
    return selection.period is None and where == ClaimFilter(
        metric=where.metric, metrics=where.metrics, status=where.status
    )


def _facet_count_conditions(
    selection: Selection, live_only: bool = False, metrics: Sequence[str] | None = None
) -> list[Any]:
    """SQL conditions on recon_facet_counts for a selection counted_by_facet holds."""
    v = t.recon_facet_counts.c
    where = selection.where or ClaimFilter()
    conditions: list[Any] = []
    if live_only:
        conditions.append(v.status != "rejected")
    if metrics is not None:
        conditions.append(v.metric.in_(list(metrics)))
    if where.metric:
        metric = where.metric.strip().lower()
        conditions.append(
            or_(v.metric == metric, v.metric.startswith(metric + ".", autoescape=True))
        )
    if where.metrics is not None:
        conditions.append(v.metric.in_(sorted(where.metrics)))
    if where.status:
        conditions.append(v.status == where.status)
    return conditions


def _count_conditions(
    selection: Selection, live_only: bool, metrics: Sequence[str] | None, with_object: bool
) -> list[Any]:
    k = t.recon_counts.c
    where = selection.where or ClaimFilter()
    conditions: list[Any] = []
    if live_only:
        conditions.append(k.status != "rejected")
    if metrics is not None:
        conditions.append(k.metric.in_(list(metrics)))
    if with_object:
        conditions.append(k.object_key != "")
    if where.metric:
        metric = where.metric.strip().lower()
        conditions.append(
            or_(k.metric == metric, k.metric.startswith(metric + ".", autoescape=True))
        )
    if where.metrics is not None:
        conditions.append(k.metric.in_(sorted(where.metrics)))
    if where.status:
        conditions.append(k.status == where.status)
    for column, keys in (
        (k.subject_key, where.subject),
        (k.partner_key, where.partner),
        (k.entity_key, where.entity),
        (k.object_key, where.object),
    ):
        if keys is not None:
            conditions.append(column.in_(sorted(keys)))
    if selection.period is not None:
        conditions += [k.period_start >= selection.period[0], k.period_end <= selection.period[1]]
    return conditions


def latest_periods(conn: Connection, selection: Selection, *, metrics: Sequence[str]) -> list[str]:
    """The period spellings of the latest period start among the claims of exactly metrics
    selection picks (from recon_counts: a few rows per key, not the claims)."""
    k = t.recon_counts.c
    conditions = _count_conditions(selection, False, metrics, False)
    latest = select(func.max(k.period_start)).where(and_(true(), *conditions)).scalar_subquery()
    query = (
        select(k.period)
        .where(and_(true(), *conditions), k.period_start == latest, k.period.is_not(None))
        .distinct()
    )
    return sorted(conn.execute(query).scalars())


_KIND_TOTALS = {
    "fact": "fact_items",
    "check": "check_items",
    "related": "related_items",
    "event": "event_items",
}


def total_facts(conn: Connection) -> int:
    """How many facts are stored, from recon_totals."""
    query = select(func.coalesce(func.sum(t.recon_totals.c.facts), 0))
    return int(conn.execute(query).scalar_one())


def total_conflicts(conn: Connection, kinds: Sequence[str]) -> int:
    """How many stored conflicts of kinds, from recon_totals."""
    columns = [t.recon_totals.c[_KIND_TOTALS[kind]] for kind in kinds]
    if not columns:
        return 0
    query = select(func.coalesce(func.sum(sum(columns[1:], columns[0])), 0))
    return int(conn.execute(query).scalar_one())


def pair_facts(
    conn: Connection,
    subject: str,
    partner: str,
    *,
    metric_family: str,
    fit_only: bool = False,
) -> list[tuple[str, dict[str, Any]]]:
    """(sort key, record) of the stored facts keyed to this pair (canonical names) and metric
    family, in key order: an index range on (subject, partner, metric), not a claim scan."""
    f = t.recon_facts.c
    query = select(f.sort_key, f.record).where(f.subject == subject, f.partner == partner)
    if metric_family:  # "" is every metric
        query = query.where(
            or_(
                f.metric == metric_family, f.metric.startswith(metric_family + ".", autoescape=True)
            )
        )
    if fit_only:
        query = query.where(f.fit.is_(True))
    return [(key, json.loads(record)) for key, record in conn.execute(query.order_by(f.sort_key))]


def cached(conn: Connection, name: str, stamp: str) -> Any | None:
    """The cached value of view name when it was made at stamp, else None."""
    c = t.recon_cache.c
    query = select(c.value).where(c.name == name, c.stamp == stamp)
    value = conn.execute(query).scalar_one_or_none()
    return None if value is None else json.loads(value)


def keep_cached(conn: Connection, name: str, stamp: str, value: Any) -> None:
    """Store value as view name made at stamp, replacing an older one."""
    conn.execute(delete(t.recon_cache).where(t.recon_cache.c.name == name))
    conn.execute(insert(t.recon_cache).values(name=name, stamp=stamp, value=json.dumps(value)))


def fit_pair_best_claims(
    conn: Connection, subject: str, partner: str, *, metric_family: str
) -> list[str]:
    """Best claim ids of the fit facts keyed to this pair (canonical names) and metric family,
    in key order: one index range on recon_facts (subject, partner, metric)."""
    f = t.recon_facts.c
    query = (
        select(f.best_claim)
        .where(
            f.subject == subject,
            f.partner == partner,
            or_(
                f.metric == metric_family,
                f.metric.startswith(metric_family + ".", autoescape=True),
            ),
            f.fit.is_(True),
            f.best_claim.is_not(None),
        )
        .order_by(f.sort_key)
    )
    return [str(claim_id) for claim_id in conn.execute(query).scalars()]


def conflicts_of_claims(
    conn: Connection, claim_ids: Iterable[str], kinds: Sequence[str], verdict: str | None = None
) -> list[dict[str, Any]]:
    """Records of the stored conflicts of kinds (and verdict) holding one of these claims."""
    i, r, links = t.recon_items.c, t.recon_claims.c, t.recon_item_claims.c
    found: dict[str, tuple[str, str]] = {}
    for batch in _chunks(sorted(set(claim_ids))):
        by_fact = select(r.fact_id).where(r.claim_id.in_(batch))
        linked = select(links.item_id).where(links.claim_id.in_(batch))
        query = select(i.id, i.sort_key, i.record).where(
            i.kind.in_(list(kinds)), or_(i.id.in_(by_fact), i.id.in_(linked))
        )
        if verdict is not None:
            query = query.where(i.verdict == verdict)
        found.update({item_id: (key, record) for item_id, key, record in conn.execute(query)})
    return [json.loads(record) for _, record in sorted(found.values())]


def conflicts_by_verdict(conn: Connection) -> dict[str, int]:
    """Verdict -> how many stored conflicts (of every kind) have it, from recon_totals."""
    columns = [func.coalesce(func.sum(t.recon_totals.c[c]), 0) for c in _VERDICT_TOTALS.values()]
    row = conn.execute(select(*columns)).one()
    return {verdict: int(n) for verdict, n in zip(_VERDICT_TOTALS, row, strict=True)}


def first_conflicts_with_verdict(
    conn: Connection, verdict: str, limit: int
) -> list[dict[str, Any]]:
    """The first limit stored conflicts of every kind with this verdict, in order (listing
    records: the first LISTED_VERSIONS versions of each)."""
    i = t.recon_items.c
    query = (
        select(listed(t.recon_items)).where(i.verdict == verdict).order_by(i.sort_key).limit(limit)
    )
    return [json.loads(record) for record in conn.execute(query).scalars()]
