"""Claims as a table: facet counts, computed in the database.

A facet counts the claims a selection picks by one column (GROUP BY over the filtered set,
read through the column's index), keeps the most frequent values, and runs under a time
budget: a facet that cannot be counted in time says so instead of holding the page (as
datasette's facets do). Sorted keyset pages are in store/keyset.py; the other tables'
facets and pages in store/tables.py.

Where the filters are themselves dimensions of stored counts, a facet sums those instead of
counting claims: recon_counts (claims per spellings, metric, status and period, kept with the
stored reconciliation) for country, power, metric, status and year; claim_source_counts (kept
by triggers) for source. Other filters (a search, a source) count the filtered claims.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, and_, case, func, literal, or_, select, text, true

from geoledger.errors import InvalidInput
from geoledger.store import schema as t
from geoledger.store.budget import TimeUp, time_limit
from geoledger.store.ledger import ClaimFilter
from geoledger.store.reconciled import (
    Selection,
    _count_conditions,
    _facet_count_conditions,
    counted_by_facet,
    counted_in_aggregates,
)
from geoledger.store.reconciled import claim_conditions as _stored_conditions
from geoledger.store.search import search_condition

FACET_VALUES = 12  # values a facet lists; the rest are summed up as "more"
UNDATED, SPAN = "undated", "several years"

_c, _r, _k = t.claims.c, t.recon_claims.c, t.recon_counts.c


def _year(start: Any, end: Any) -> Any:
    """A claim's year: the year its period lies in; undated, or a span over several years."""
    return case(
        (start.is_(None), literal(UNDATED)),
        (func.substr(start, 1, 4) == func.substr(end, 1, 4), func.substr(start, 1, 4)),
        else_=literal(SPAN),
    )


FACET_COLUMNS: dict[str, Any] = {
    "country": _r.subject_key,
    "power": _r.partner_key,
    "metric": _c.metric,
    "status": _c.status,
    "year": _year(_r.period_start, _r.period_end),
    "source": _c.source_id,
    "entity": _r.entity_key,
}
# The same facets over recon_counts (source is counted in claim_source_counts).
COUNTED_COLUMNS: dict[str, Any] = {
    "country": _k.subject_key,
    "power": _k.partner_key,
    "metric": _k.metric,
    "status": _k.status,
    "year": _year(_k.period_start, _k.period_end),
    "entity": _k.entity_key,
}
# Columns of recon_claims: a facet or sort on them joins it; others read claims alone.
_RECON = {"country", "power", "entity", "year", "period", "usd"}


@dataclass(frozen=True, slots=True)
class Facet:
    """One facet: (value, count) most frequent first, and whether it is complete."""

    name: str
    counts: list[tuple[str | None, int]]
    more: int = 0  # values left out (beyond FACET_VALUES)
    timed_out: bool = False
    # Counted in a sample of the selection (SAMPLE_ROWS claims): each count is a lower bound.
    at_least: bool = False


def _needs_recon(selection: Selection) -> bool:
    """True when selection filters on a column of recon_claims (actors, period)."""
    where = selection.where
    if selection.period is not None:
        return True
    actors = () if where is None else (where.subject, where.partner, where.entity, where.object)
    return any(keys is not None for keys in actors)


def _from(recon: bool) -> Any:
    if recon:
        return t.claims.join(t.recon_claims, _r.claim_id == _c.id)
    return t.claims


def claim_facets(
    conn: Connection,
    selection: Selection,
    names: list[str],
    *,
    budget_s: float = 0.8,
    broad: bool = False,
) -> dict[str, Facet]:
    """The facets names over the claims selection picks, within budget_s seconds in all.

    Stored counts answer where they hold the filters. The rest (a search, a source, ids) are
    counted together in one read of at most SAMPLE_ROWS claims of the selection: exact when
    it holds no more, else lower bounds ("≥"). A search can pick most of a million claims;
    its facets then cost what a page of SAMPLE_ROWS costs, not a GROUP BY over them all.
    broad: the selection holds a large share of the ledger (pipeline.tables.SAMPLE_SHARE or more).
    """
    deadline = time.monotonic() + budget_s
    found: dict[str, Facet] = {}
    for name in names:
        if name not in FACET_COLUMNS:
            raise InvalidInput(f"No facet '{name}'; choose one of {', '.join(FACET_COLUMNS)}.")
        try:
            with time_limit(conn, deadline - time.monotonic()):
                stored = stored_claim_facet(conn, selection, name)
        except TimeUp:
            stored = Facet(name, [], timed_out=True)
        if stored is not None:
            found[name] = stored
    rest = [name for name in names if name not in found]
    if rest:
        left = deadline - time.monotonic()
        found |= sampled_facets(conn, selection, rest, budget_s=left, broad=broad)
    return {name: found[name] for name in names}


SAMPLE_ROWS = 5_000  # claims a facet the stored counts cannot answer is counted in, at most


def sampled_facets(
    conn: Connection,
    selection: Selection,
    names: list[str],
    *,
    budget_s: float = 0.5,
    rows: int | None = None,
    broad: bool = False,
) -> dict[str, Facet]:
    """Facets names counted in the first rows claims selection picks, one read for all:
    exact when the selection holds no more claims, else each count is a lower bound."""
    rows = SAMPLE_ROWS if rows is None else rows
    recon = any(name in _RECON for name in names) or _needs_recon(selection)
    if broad:
        # Most claims match: any read finds rows + 1 of them soon, unsorted (keyset._unindexed).

        conditions = claim_conditions(conn, selection, indexed=False)
    else:
        # Fewer match: the planner picks an index. (The metric's range instead of its LIKE
        # reads every claim of the metric: at 1 M, 212 ms rather than 532 for a loan of
        # Serbia from Russia, but 955 rather than 268 for China's trade in 2020.)
        conditions = claim_conditions(conn, selection) + period_range(selection)
    query = (
        select(*(FACET_COLUMNS[name].label(f"f{i}") for i, name in enumerate(names)))
        .select_from(_from(recon))
        .where(and_(true(), *conditions))
        .limit(rows + 1)
    )
    try:
        with time_limit(conn, budget_s):
            fetched = conn.execute(query).all()
    except TimeUp:
        return {name: Facet(name, [], timed_out=True) for name in names}
    at_least = len(fetched) > rows
    found = {}
    for i, name in enumerate(names):
        tally = Counter(row[i] for row in fetched[:rows])
        counts = sorted(tally.items(), key=lambda kv: (-kv[1], str(kv[0])))
        found[name] = Facet(
            name,
            counts[:FACET_VALUES],
            more=max(0, len(counts) - FACET_VALUES),
            at_least=at_least,
        )
    return found


def count_facet(
    conn: Connection, selection: Selection, name: str, *, budget_s: float = 0.5
) -> Facet:
    """The facet name over the claims selection picks, within budget_s seconds."""
    if name not in FACET_COLUMNS:
        raise InvalidInput(f"No facet '{name}'; choose one of {', '.join(FACET_COLUMNS)}.")
    began = time.monotonic()
    try:
        with time_limit(conn, budget_s):
            stored = stored_claim_facet(conn, selection, name)
    except TimeUp:
        return Facet(name, [], timed_out=True)
    if stored is not None:
        return stored
    return grouped_facet(conn, selection, name, budget_s=budget_s - (time.monotonic() - began))


def grouped_facet(
    conn: Connection, selection: Selection, name: str, *, budget_s: float = 0.5
) -> Facet:
    """The facet name counted over the claims selection picks (GROUP BY), within budget_s."""
    column = FACET_COLUMNS[name].label("value")
    recon = name in _RECON or _needs_recon(selection)
    conditions = selection_conditions(conn, selection)
    n = func.count().label("n")
    grouped = (
        select(column, n)
        .select_from(_from(recon))
        .where(and_(true(), *conditions))
        .group_by(column)
        .subquery()
    )
    # All groups are counted (one row each, few), the first FACET_VALUES are kept.
    query = select(grouped.c.value, grouped.c.n).order_by(grouped.c.n.desc(), grouped.c.value)
    return _grouped(conn, name, query, budget_s)


def stored_claim_facet(conn: Connection, selection: Selection, name: str) -> Facet | None:
    """The facet name summed from stored counts, or None when selection filters on something
    they do not hold (a search, a source, ids; for the source facet anything but status)."""
    where = selection.where or ClaimFilter()
    if name == "source":
        if where != ClaimFilter(status=where.status) or selection.period is not None:
            return None
        s = t.claim_source_counts.c
        # status '' holds every status: one index range on (status, n), largest first.
        chosen = and_(s.status == (where.status or ""), s.n > 0)
        top = select(s.source_id, s.n).where(chosen).order_by(s.n.desc(), s.source_id)
        counts = [(sid, int(n)) for sid, n in conn.execute(top.limit(FACET_VALUES))]
        values = int(conn.execute(select(func.count()).where(chosen)).scalar_one())
        return Facet(name, counts, more=max(0, values - len(counts)))
    if not counted_in_aggregates(selection):
        return None
    if counted_by_facet(selection):
        return _facet_of_counts(conn, selection, name)
    column = COUNTED_COLUMNS[name].label("value")
    n = func.sum(_k.n).label("n")
    conditions = _count_conditions(selection, False, None, False)
    grouped = select(column, n).where(and_(true(), *conditions)).group_by(column).subquery()
    query = select(grouped.c.value, grouped.c.n).where(grouped.c.n > 0)
    rows = conn.execute(query.order_by(grouped.c.n.desc(), grouped.c.value)).all()
    counts = [(row.value, int(row.n)) for row in rows]
    return Facet(name, counts[:FACET_VALUES], more=max(0, len(counts) - FACET_VALUES))


def _facet_of_counts(conn: Connection, selection: Selection, name: str) -> Facet:
    """The facet name of a selection of metrics and status, from recon_facet_counts: a few
    rows per value, whatever the ledger's size. Metric and status are read from the year
    facet's rows (every claim is in one of them); a missing key is ''."""
    v = t.recon_facet_counts.c
    column = {"metric": v.metric, "status": v.status}.get(name, v.value).label("value")
    facet = name if name in ("country", "power", "entity", "year") else "year"
    n = func.sum(v.n).label("n")
    conditions = _facet_count_conditions(selection)
    grouped = select(column, n).where(v.facet == facet, *conditions).group_by(column).subquery()
    query = select(grouped.c.value, grouped.c.n).where(grouped.c.n > 0)
    rows = conn.execute(query.order_by(grouped.c.n.desc(), grouped.c.value)).all()
    counts = [(row.value, int(row.n)) for row in rows]
    return Facet(name, counts[:FACET_VALUES], more=max(0, len(counts) - FACET_VALUES))


def metric_condition(conn: Connection, column: Any, metric: str) -> Any:
    """column is metric or one of its kinds ('trade' picks trade and trade.exports).

    A prefix LIKE reads no index (SQLite's LIKE folds case; PostgreSQL's needs a C collation
    or pattern ops): a range from 'trade' to 'trade/' ('/' follows '.') does, where the
    database compares bytes. The OR inside it keeps 'trade-x' and 'trader' out. Counting
    reads the range; paging does not (sorted_page says why).
    """
    metric = metric.strip().lower()
    kinds = or_(column == metric, column.startswith(metric + ".", autoescape=True))
    if not _bytewise(conn):
        return kinds
    return and_(
        column >= metric, column < metric + "/", or_(column == metric, column >= metric + ".")
    )


def _bytewise(conn: Connection) -> bool:
    """True when text compares byte by byte (SQLite; PostgreSQL with the C collation)."""
    if conn.dialect.name == "sqlite":
        return True
    if conn.dialect.name != "postgresql":
        return False
    # Asked once per database connection (conn.info lives as long as it does).
    if "geoledger_bytewise" not in conn.info:
        collation = conn.execute(
            text("SELECT datcollate FROM pg_database WHERE datname = current_database()")
        ).scalar_one()
        conn.info["geoledger_bytewise"] = str(collation).split(".")[0] in ("C", "POSIX")
    return bool(conn.info["geoledger_bytewise"])


def selection_conditions(conn: Connection, selection: Selection) -> list[Any]:
    """claim_conditions, with a metric filter an index can read (metric_condition) and a
    period's index range (period_range)."""
    where = selection.where
    if where is None or not where.metric:
        return claim_conditions(conn, selection) + period_range(selection)
    rest = claim_conditions(conn, Selection(replace(where, metric=None), selection.period))
    return [metric_condition(conn, _c.metric, where.metric), *rest, *period_range(selection)]


def claim_conditions(conn: Connection, selection: Selection, *, indexed: bool = True) -> list[Any]:
    """store.reconciled.claim_conditions, with a search as a condition the database answers
    from its text index (search_condition), not a list of every matching id read first
    (1.9 s for 'Serbia' at 1 M claims, before the page read one row)."""
    where = selection.where
    if where is None or not where.search:
        return _stored_conditions(conn, selection, indexed=indexed)
    rest = Selection(replace(where, search=None), selection.period)
    searched = search_condition(conn, where.search, indexed=indexed)
    return [*_stored_conditions(conn, rest, indexed=indexed), searched]


def period_range(selection: Selection) -> list[Any]:
    """A period filter's claims (start >= from, end <= to) as a range of the period_end index
    too: end >= from follows (a period starts before it ends). Without it the planner reads
    the index from the ledger's first end to `to`: every claim up to that year, then sorts
    them (89 ms at 100 k claims for 2020, 18 ms with it)."""
    if selection.period is None:
        return []
    return [_r.period_end >= selection.period[0]]


def actors_of_keys(conn: Connection, keys: list[str]) -> dict[str, tuple[str, str]]:
    """Name key -> (actor id, actor name) for the keys that are an actor's spelling."""
    from geoledger.store.reconciled import _chunks

    a, aliases = t.actors.c, t.actor_aliases.c
    found: dict[str, tuple[str, str]] = {}
    for batch in _chunks(sorted(set(keys))):
        query = (
            select(aliases.alias_key, a.id, a.name)
            .join(t.actors, a.id == aliases.actor_id)
            .where(aliases.alias_key.in_(batch))
            .order_by(aliases.alias_key, a.id)
        )
        for key, actor_id, name in conn.execute(query):
            found.setdefault(key, (actor_id, name))
    return found


def _grouped(conn: Connection, name: str, query: Any, budget_s: float) -> Facet:
    """A facet from query's (value, n) rows, largest first, within budget_s seconds."""
    try:
        with time_limit(conn, budget_s):
            found = [(row.value, int(row.n)) for row in conn.execute(query)]
    except TimeUp:
        return Facet(name, [], timed_out=True)
    return Facet(name, found[:FACET_VALUES], more=max(0, len(found) - FACET_VALUES))


def _column_facet(
    conn: Connection, name: str, column: Any, condition: Any, budget_s: float
) -> Facet:
    """Rows meeting condition counted by column (one GROUP BY), within budget_s seconds."""
    value, n = column.label("value"), func.count().label("n")
    query = select(value, n).where(condition).group_by(value).order_by(n.desc(), value.asc())
    return _grouped(conn, name, query, budget_s)


def _equal_to(facets: dict[str, Any], equal: dict[str, str], table: str) -> Any:
    """The condition that each named facet column equals its value in equal."""
    condition: Any = true()
    for name, value in equal.items():
        if name not in facets:
            choices = ", ".join(facets)
            raise InvalidInput(f"No filter '{name}' on {table}; choose one of {choices}.")
        condition = and_(condition, facets[name] == value)
    return condition


def _count(conn: Connection, table: Any, condition: Any) -> int:
    """How many rows of table meet condition."""
    return int(conn.execute(select(func.count()).select_from(table).where(condition)).scalar_one())
