"""Claims as a table: facet counts and sorted keyset pages, computed in the database.

A facet counts the claims a selection picks by one column (GROUP BY over the filtered set,
read through the column's index), keeps the most frequent values, and runs under a time
budget: a facet that cannot be counted in time says so instead of holding the page (as
datasette's facets do). A page of a sorted table starts after (or ends before) the sort
key of a row, never at an offset, so the thousandth page costs what the first does.

Where the filters are themselves dimensions of stored counts, a facet sums those instead of
counting claims: recon_counts (claims per spellings, metric, status and period, kept with the
stored reconciliation) for country, power, metric, status and year; claim_source_counts (kept
by triggers) for source. Other filters (a search, a source) count the filtered claims.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, and_, case, func, literal, or_, select, text, true, tuple_
from sqlalchemy.exc import DBAPIError

from geoledger.errors import InvalidInput
from geoledger.models import Claim
from geoledger.store import schema as t
from geoledger.store.ledger import ClaimFilter, _claim
from geoledger.store.pages import MAX_PAGE, decode_cursor, encode_cursor
from geoledger.store.reconciled import (
    Selection,
    _count_conditions,
    claim_conditions,
    counted_in_aggregates,
)

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
}
# The same facets over recon_counts (source is counted in claim_source_counts).
COUNTED_COLUMNS: dict[str, Any] = {
    "country": _k.subject_key,
    "power": _k.partner_key,
    "metric": _k.metric,
    "status": _k.status,
    "year": _year(_k.period_start, _k.period_end),
}
# Columns of recon_claims: a facet or sort on them joins it; others read claims alone.
_RECON = {"country", "power", "year", "period", "usd"}


@dataclass(frozen=True, slots=True)
class Facet:
    """One facet: (value, count) most frequent first, and whether it is complete."""

    name: str
    counts: list[tuple[str | None, int]]
    more: int = 0  # values left out (beyond FACET_VALUES)
    timed_out: bool = False


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
    column = COUNTED_COLUMNS[name].label("value")
    n = func.sum(_k.n).label("n")
    conditions = _count_conditions(selection, False, None, False)
    grouped = select(column, n).where(and_(true(), *conditions)).group_by(column).subquery()
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
    """claim_conditions, with a metric filter an index can read (metric_condition)."""
    where = selection.where
    if where is None or not where.metric:
        return claim_conditions(conn, selection)
    rest = claim_conditions(conn, Selection(replace(where, metric=None), selection.period))
    return [metric_condition(conn, _c.metric, where.metric), *rest]


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


class TimeUp(Exception):
    """A query ran past its time budget and was stopped."""


@contextmanager
def time_limit(conn: Connection, seconds: float) -> Iterator[None]:
    """Stop the queries run inside after seconds (SQLite: a progress handler; PostgreSQL:
    statement_timeout in a savepoint); raise TimeUp then. The transaction stays usable."""
    if seconds <= 0:
        raise TimeUp  # nothing left: do not start
    if conn.dialect.name == "sqlite":
        raw: Any = conn.connection.driver_connection
        deadline = time.monotonic() + seconds
        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)
        try:
            yield
        except DBAPIError as error:
            if "interrupt" in str(error.orig).lower():
                raise TimeUp from None
            raise
        finally:
            raw.set_progress_handler(None, 0)
        return
    if conn.dialect.name != "postgresql":
        yield
        return
    set_timeout = text("SELECT set_config('statement_timeout', :ms, true)")
    try:
        with conn.begin_nested():
            was = conn.execute(text("SELECT current_setting('statement_timeout')")).scalar_one()
            conn.execute(set_timeout, {"ms": str(max(1, int(seconds * 1000)))})
            yield
            conn.execute(set_timeout, {"ms": was})
    except DBAPIError as error:
        if "statement timeout" in str(error.orig).lower():
            raise TimeUp from None
        raise


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


# --- sorted pages ----------------------------------------------------------------------------

# Sort name -> (column, whether it may be NULL). Each is read through an index (metric,
# recon_claims.period_end, recon_claims.usd); ties are broken by claim id.
SORTS: dict[str, tuple[Any, bool]] = {
    "metric": (_c.metric, False),
    "period": (_r.period_end, True),
    "usd": (_r.usd, True),
}


@dataclass(frozen=True, slots=True)
class _Segment:
    """Rows of one part of the order: the non-null sort values, then the nulls (by id)."""

    keys: tuple[Any, ...]
    where: Any


def _segments(sort: str | None) -> list[_Segment]:
    if not sort:
        return [_Segment((_c.source_id, func.coalesce(_c.start, -1), _c.id), true())]
    if sort not in SORTS:
        raise InvalidInput(f"No sort '{sort}'; choose one of {', '.join(SORTS)}.")
    column, nullable = SORTS[sort]
    if not nullable:
        return [_Segment((column, _c.id), true())]
    # Missing values last whichever the direction: a table sorted by USD starts with amounts.
    return [_Segment((column, _c.id), column.is_not(None)), _Segment((_c.id,), column.is_(None))]


@dataclass(frozen=True, slots=True)
class TablePage:
    """One page of a sorted table: rows with their sources' titles, and the cursors around it."""

    rows: list[tuple[Claim, str | None]]
    next: str | None  # pass as after= for the page after
    prev: str | None  # pass as before= for the page before


def sorted_page(
    conn: Connection,
    selection: Selection,
    *,
    sort: str | None = None,
    descending: bool = False,
    after: str | None = None,
    before: str | None = None,
    limit: int = 50,
) -> TablePage:
    """The page of claims selection picks, in sort order, after or before a cursor."""
    limit = max(1, min(limit, MAX_PAGE))
    segments = _segments(sort)
    if after and before:
        raise InvalidInput("Give after= or before=, not both.")
    cursor = after or before
    position = _decode(cursor, segments) if cursor else None
    recon = sort in _RECON or _needs_recon(selection)
    # Not selection_conditions: a page wants the LIMIT to stop a walk of its order's index,
    # and an index range on metric makes the planner read every claim of the metric and sort
    # them (measured at 1 M claims: 'trade' 2 ms with the prefix LIKE, 800 ms with the range).
    conditions = claim_conditions(conn, selection)
    forward = before is None
    rows = _walk(conn, segments, conditions, recon, position, descending, forward, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    if not forward:
        rows.reverse()
    found = [(_claim(r), r.source_title) for r in rows]
    if not rows:
        return TablePage([], None, None)
    first, last = _position(rows[0], segments), _position(rows[-1], segments)
    has_after = more if forward else True
    has_before = (
        more
        if not forward
        else bool(cursor and _walk(conn, segments, conditions, recon, first, descending, False, 1))
    )
    return TablePage(
        found,
        _encode(last) if has_after else None,
        _encode(first) if has_before else None,
    )


def _decode(cursor: str, segments: list[_Segment]) -> tuple[int, list[Any]]:
    key = decode_cursor(cursor, 2)
    if not isinstance(key[0], int) or not 0 <= key[0] < len(segments):
        raise InvalidInput(f"'{cursor}' is not a cursor this listing gave.")
    if not isinstance(key[1], list) or len(key[1]) != len(segments[key[0]].keys):
        raise InvalidInput(f"'{cursor}' is not a cursor this listing gave.")
    return key[0], key[1]


def _encode(position: tuple[int, list[Any]]) -> str:
    return encode_cursor([position[0], position[1]])


def _position(row: Any, segments: list[_Segment]) -> tuple[int, list[Any]]:
    values = [getattr(row, f"k{i}") for i in range(len(segments[0].keys))]
    if len(segments) > 1 and values[0] is None:
        return 1, [row.id]
    return 0, values[: len(segments[0].keys)]


def _walk(
    conn: Connection,
    segments: list[_Segment],
    conditions: list[Any],
    recon: bool,
    position: tuple[int, list[Any]] | None,
    descending: bool,
    forward: bool,
    limit: int,
) -> list[Any]:
    """Up to limit rows from position (excluded) on, forward or backward through segments."""
    order = range(len(segments)) if forward else range(len(segments) - 1, -1, -1)
    start = position[0] if position else (0 if forward else len(segments) - 1)
    rows: list[Any] = []
    for index in order:
        if (forward and index < start) or (not forward and index > start):
            continue
        segment = segments[index]
        # Walking backward reads the order reversed; descending reverses it once more.
        ascending = forward != descending
        keys = segment.keys
        query = (
            select(
                t.claims,
                t.sources.c.title.label("source_title"),
                *(k.label(f"k{i}") for i, k in enumerate(segments[0].keys)),
            )
            .select_from(_from(recon).join(t.sources, t.sources.c.id == _c.source_id, isouter=True))
            .where(and_(true(), *conditions), segment.where)
        )
        if position is not None and index == position[0]:
            bound = tuple_(*keys)
            mark = tuple_(*map(literal, position[1]))
            query = query.where(bound > mark if ascending else bound < mark)
        query = query.order_by(*(k.asc() if ascending else k.desc() for k in keys))
        rows += conn.execute(query.limit(limit - len(rows))).all()
        if len(rows) >= limit:
            break
    return rows


# --- stored facts and conflicts ----------------------------------------------------------------

# Table -> (its rows, the columns a facet or filter may name). Both are read in sort_key order.
STORED: dict[str, tuple[Any, tuple[str, ...]]] = {
    "facts": (t.recon_facts, ("verdict", "metric")),
    "conflicts": (t.recon_items, ("kind", "verdict")),
}


def stored_condition(
    conn: Connection, table: str, selection: Selection, equal: dict[str, str]
) -> Any:
    """Rows of table (facts or conflicts) selection's claims touch, whose columns equal equal."""
    from geoledger.store.reconciled import _fact_filter, _item_filter

    rows, columns = STORED[table]
    if table == "facts":
        condition = _fact_filter(conn, selection)
    else:
        condition = _item_filter(conn, selection, ("fact", "check", "related", "event"))
    for name, value in equal.items():
        if name not in columns:
            raise InvalidInput(
                f"No filter '{name}' on {table}; choose one of {', '.join(columns)}."
            )
        condition = and_(condition, rows.c[name] == value)
    return condition


def count_stored(conn: Connection, table: str, condition: Any) -> int:
    """How many rows of table meet condition."""
    return _count(conn, STORED[table][0], condition)


def stored_facet(
    conn: Connection, table: str, condition: Any, name: str, *, budget_s: float = 0.5
) -> Facet:
    """Rows of table meeting condition counted by the column name, within budget_s seconds."""
    rows, columns = STORED[table]
    if name not in columns:
        raise InvalidInput(f"No facet '{name}' on {table}; choose one of {', '.join(columns)}.")
    return _column_facet(conn, name, rows.c[name], condition, budget_s)


@dataclass(frozen=True, slots=True)
class StoredPage:
    """One page of stored facts or conflicts (their records), and the cursors around it."""

    records: list[dict[str, Any]]
    next: str | None
    prev: str | None


def stored_page(
    conn: Connection,
    table: str,
    condition: Any,
    *,
    descending: bool = False,
    after: str | None = None,
    before: str | None = None,
    limit: int = 50,
) -> StoredPage:
    """The page of table's rows meeting condition in sort-key order, after or before a cursor."""
    rows = STORED[table][0]
    limit = max(1, min(limit, MAX_PAGE))
    if after and before:
        raise InvalidInput("Give after= or before=, not both.")
    key = rows.c.sort_key

    def read(mark: str | None, forward: bool, count: int) -> list[Any]:
        ascending = forward != descending
        query = select(key, rows.c.record).where(condition)
        if mark is not None:
            query = query.where(key > mark if ascending else key < mark)
        query = query.order_by(key.asc() if ascending else key.desc()).limit(count)
        return list(conn.execute(query))

    cursor = after or before
    mark = decode_cursor(cursor, 1)[0] if cursor else None
    forward = before is None
    found = read(mark, forward, limit + 1)
    more = len(found) > limit
    found = found[:limit]
    if not forward:
        found.reverse()
    if not found:
        return StoredPage([], None, None)
    first, last = found[0].sort_key, found[-1].sort_key
    has_after = more if forward else True
    # The first page has nothing before it; a later one asks the index for one row.
    has_before = more if not forward else bool(cursor and read(first, False, 1))
    return StoredPage(
        [json.loads(r.record) for r in found],
        encode_cursor([last]) if has_after else None,
        encode_cursor([first]) if has_before else None,
    )


# --- sources -----------------------------------------------------------------------------------

_s = t.sources.c
SOURCE_FACETS: dict[str, Any] = {
    "outlet": _s.outlet,
    "language": _s.language,
    "kind": _s.kind,
    "year": func.substr(_s.published_on, 1, 4),
}
_SOURCE_ORDER = (func.coalesce(_s.published_on, ""), _s.id)


def source_condition(conn: Connection, equal: dict[str, str], search: str | None) -> Any:
    """Sources whose facet columns equal equal's values and whose title or text match search."""
    from geoledger.store.search import matching_source_ids

    condition = _equal_to(SOURCE_FACETS, equal, "sources")
    if search:
        condition = and_(condition, _s.id.in_(matching_source_ids(conn, search, limit=10_000)))
    return condition


def count_sources(conn: Connection, condition: Any) -> int:
    """How many sources meet condition."""
    return _count(conn, t.sources, condition)


def source_facet(conn: Connection, condition: Any, name: str, *, budget_s: float = 0.5) -> Facet:
    """Sources meeting condition counted by one of SOURCE_FACETS, within budget_s seconds."""
    return _column_facet(conn, name, SOURCE_FACETS[name], condition, budget_s)


def source_page(
    conn: Connection,
    condition: Any,
    *,
    descending: bool = False,
    after: str | None = None,
    before: str | None = None,
    limit: int = 50,
) -> tuple[list[dict[str, Any]], str | None, str | None]:
    """(sources without their text, next cursor, prev cursor), by publication date then id."""
    limit = max(1, min(limit, MAX_PAGE))
    if after and before:
        raise InvalidInput("Give after= or before=, not both.")
    columns = [c for c in t.sources.c if c.name not in ("text", "fetched_at")]
    has_text = (func.coalesce(func.length(_s.text), 0) > 0).label("has_text")

    def read(mark: list[Any] | None, forward: bool, count: int) -> list[Any]:
        ascending = forward != descending
        query = select(*columns, has_text, *(k.label(f"k{i}") for i, k in enumerate(_SOURCE_ORDER)))
        query = query.where(condition)
        if mark is not None:
            bound, at = tuple_(*_SOURCE_ORDER), tuple_(*map(literal, mark))
            query = query.where(bound > at if ascending else bound < at)
        order = [k.asc() if ascending else k.desc() for k in _SOURCE_ORDER]
        return list(conn.execute(query.order_by(*order).limit(count)))

    cursor = after or before
    mark = decode_cursor(cursor, 2) if cursor else None
    forward = before is None
    rows = read(mark, forward, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    if not forward:
        rows.reverse()
    if not rows:
        return [], None, None
    first, last = [rows[0].k0, rows[0].k1], [rows[-1].k0, rows[-1].k1]
    has_after = more if forward else True
    # The first page has nothing before it; a later one asks the index for one row.
    has_before = more if not forward else bool(cursor and read(first, False, 1))
    fields = [c.name for c in columns]
    records = [{**{f: getattr(r, f) for f in fields}, "has_text": bool(r.has_text)} for r in rows]
    return (
        records,
        encode_cursor(last) if has_after else None,
        encode_cursor(first) if has_before else None,
    )


# --- events ------------------------------------------------------------------------------------

_e = t.events.c
EVENT_FACETS: dict[str, Any] = {
    "domain": _e.domain,
    "kind": _e.kind,
    "year": func.substr(_e.date, 1, 4),
}


def event_condition(equal: dict[str, str], search: str | None) -> Any:
    """Events whose facet columns equal equal's values and whose summary holds search."""
    condition = _equal_to(EVENT_FACETS, equal, "events")
    if search:
        words = func.lower(func.coalesce(_e.summary, ""))
        condition = and_(condition, words.contains(search.lower(), autoescape=True))
    return condition


def count_events(conn: Connection, condition: Any) -> int:
    """How many events meet condition."""
    return _count(conn, t.events, condition)


def event_facet(conn: Connection, condition: Any, name: str, *, budget_s: float = 0.5) -> Facet:
    """Events meeting condition counted by one of EVENT_FACETS, within budget_s seconds."""
    return _column_facet(conn, name, EVENT_FACETS[name], condition, budget_s)


def event_page(
    conn: Connection,
    condition: Any,
    *,
    descending: bool = False,
    after: str | None = None,
    before: str | None = None,
    limit: int = 50,
) -> tuple[list[str], str | None, str | None]:
    """(event ids, next cursor, prev cursor): dated events by date, then the undated ones."""
    limit = max(1, min(limit, MAX_PAGE))
    if after and before:
        raise InvalidInput("Give after= or before=, not both.")
    segments = [
        _Segment((_e.date, _e.id), _e.date.is_not(None)),
        _Segment((_e.id,), _e.date.is_(None)),
    ]

    def read(position: tuple[int, list[Any]] | None, forward: bool, count: int) -> list[Any]:
        order = range(2) if forward else range(1, -1, -1)
        start = position[0] if position else (0 if forward else 1)
        rows: list[Any] = []
        for index in order:
            if (forward and index < start) or (not forward and index > start):
                continue
            segment = segments[index]
            ascending = forward != descending
            query = select(_e.id, _e.date).where(condition, segment.where)
            if position is not None and index == position[0]:
                bound, mark = tuple_(*segment.keys), tuple_(*map(literal, position[1]))
                query = query.where(bound > mark if ascending else bound < mark)
            query = query.order_by(*(k.asc() if ascending else k.desc() for k in segment.keys))
            rows += conn.execute(query.limit(count - len(rows))).all()
            if len(rows) >= count:
                break
        return rows

    def position_of(row: Any) -> tuple[int, list[Any]]:
        return (0, [row.date, row.id]) if row.date is not None else (1, [row.id])

    cursor = after or before
    position = _decode(cursor, segments) if cursor else None
    forward = before is None
    rows = read(position, forward, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    if not forward:
        rows.reverse()
    if not rows:
        return [], None, None
    first, last = position_of(rows[0]), position_of(rows[-1])
    has_after = more if forward else True
    # The first page has nothing before it; a later one asks the index for one row.
    has_before = more if not forward else bool(cursor and read(first, False, 1))
    return (
        [r.id for r in rows],
        _encode(last) if has_after else None,
        _encode(first) if has_before else None,
    )


# --- actors ------------------------------------------------------------------------------------

_a = t.actors.c
ACTOR_FACETS: dict[str, Any] = {"kind": _a.kind, "country": _a.country}


def actor_condition(equal: dict[str, str], search: str | None) -> Any:
    """Actors whose facet columns equal equal's values and one of whose names holds search."""
    from geoledger.models import name_key

    condition = _equal_to(ACTOR_FACETS, equal, "actors")
    if search:
        key = name_key(search)
        aliases = t.actor_aliases.c
        named = select(aliases.actor_id).where(aliases.alias_key.contains(key, autoescape=True))
        by_name = func.lower(_a.name).contains(search.lower(), autoescape=True)
        condition = and_(condition, by_name | _a.id.in_(named))
    return condition


def count_actors(conn: Connection, condition: Any) -> int:
    """How many actors meet condition."""
    return _count(conn, t.actors, condition)


def actor_facet(conn: Connection, condition: Any, name: str, *, budget_s: float = 0.5) -> Facet:
    """Actors meeting condition counted by one of ACTOR_FACETS, within budget_s seconds."""
    return _column_facet(conn, name, ACTOR_FACETS[name], condition, budget_s)


def actor_page(
    conn: Connection,
    condition: Any,
    *,
    descending: bool = False,
    after: str | None = None,
    before: str | None = None,
    limit: int = 50,
) -> tuple[list[str], str | None, str | None]:
    """(actor ids, next cursor, prev cursor), by name then id."""
    limit = max(1, min(limit, MAX_PAGE))
    if after and before:
        raise InvalidInput("Give after= or before=, not both.")
    keys = (_a.name, _a.id)

    def read(mark: list[Any] | None, forward: bool, count: int) -> list[Any]:
        ascending = forward != descending
        query = select(_a.id, _a.name).where(condition)
        if mark is not None:
            bound, at = tuple_(*keys), tuple_(*map(literal, mark))
            query = query.where(bound > at if ascending else bound < at)
        order = [k.asc() if ascending else k.desc() for k in keys]
        return list(conn.execute(query.order_by(*order).limit(count)))

    cursor = after or before
    mark = decode_cursor(cursor, 2) if cursor else None
    forward = before is None
    rows = read(mark, forward, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    if not forward:
        rows.reverse()
    if not rows:
        return [], None, None
    first, last = [rows[0].name, rows[0].id], [rows[-1].name, rows[-1].id]
    has_after = more if forward else True
    # The first page has nothing before it; a later one asks the index for one row.
    has_before = more if not forward else bool(cursor and read(first, False, 1))
    return (
        [r.id for r in rows],
        encode_cursor(last) if has_after else None,
        encode_cursor(first) if has_before else None,
    )
