"""The ledger's other tables (stored facts and conflicts, sources, events, actors): filters,
facet counts under a time budget, and keyset pages in each table's own order."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, literal, literal_column, select, tuple_

from geoledger.errors import InvalidInput
from geoledger.store import schema as t
from geoledger.store.facets import Facet, _column_facet, _count, _equal_to
from geoledger.store.keyset import _decode, _encode, _Segment, page_through
from geoledger.store.pages import decode_cursor, encode_cursor
from geoledger.store.reconciled import Selection, listed

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
    full: bool = False,
) -> StoredPage:
    """The page of table's rows meeting condition in sort-key order, after or before a cursor:
    listing records (the first LISTED_VERSIONS versions of each), full ones with full."""
    rows = STORED[table][0]
    key = rows.c.sort_key
    record = rows.c.record if full else listed(rows)

    def read(mark: list[str] | None, forward: bool, count: int) -> list[Any]:
        ascending = forward != descending
        query = select(key, record).where(condition)
        if mark is not None:
            query = query.where(key > mark[0] if ascending else key < mark[0])
        query = query.order_by(key.asc() if ascending else key.desc()).limit(count)
        return list(conn.execute(query))

    found, next_cursor, prev_cursor = page_through(
        read,
        lambda row: [row.sort_key],
        decode=lambda cursor: decode_cursor(cursor, 1),
        encode=encode_cursor,
        after=after,
        before=before,
        limit=limit,
    )
    return StoredPage([json.loads(r.record) for r in found], next_cursor, prev_cursor)


# --- sources -----------------------------------------------------------------------------------

_s = t.sources.c
SOURCE_FACETS: dict[str, Any] = {
    "outlet": _s.outlet,
    "language": _s.language,
    "kind": _s.kind,
    "year": func.substr(_s.published_on, 1, 4),
}
# '' as SQL text, not a bound parameter: only the very expression of ix_sources_order is read
# from that index (a `coalesce(published_on, ?)` sorts every source).
_SOURCE_ORDER = (func.coalesce(_s.published_on, literal_column("''")), _s.id)


def source_condition(conn: Connection, equal: dict[str, str], search: str | None) -> Any:
    """Sources whose facet columns equal equal's values and whose title or text match search."""
    from geoledger.store.search import matching_source_ids

    condition = _equal_to(SOURCE_FACETS, equal, "sources")
    year = equal.get("year", "")
    if len(year) == 4 and year.isdigit():
        # The same sources as a range of the listing-order index (a date of that year starts
        # with it), so a year's page and facets read that year, not every source's row.
        published = _SOURCE_ORDER[0]
        condition = and_(condition, published >= year, published < str(int(year) + 1))
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

    rows, next_cursor, prev_cursor = page_through(
        read,
        lambda row: [row.k0, row.k1],
        decode=lambda cursor: decode_cursor(cursor, 2),
        encode=encode_cursor,
        after=after,
        before=before,
        limit=limit,
    )
    fields = [c.name for c in columns]
    records = [{**{f: getattr(r, f) for f in fields}, "has_text": bool(r.has_text)} for r in rows]
    return records, next_cursor, prev_cursor


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

    rows, next_cursor, prev_cursor = page_through(
        read,
        position_of,
        decode=lambda cursor: _decode(cursor, segments),
        encode=_encode,
        after=after,
        before=before,
        limit=limit,
    )
    return [r.id for r in rows], next_cursor, prev_cursor


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
    keys = (_a.name, _a.id)

    def read(mark: list[Any] | None, forward: bool, count: int) -> list[Any]:
        ascending = forward != descending
        query = select(_a.id, _a.name).where(condition)
        if mark is not None:
            bound, at = tuple_(*keys), tuple_(*map(literal, mark))
            query = query.where(bound > at if ascending else bound < at)
        order = [k.asc() if ascending else k.desc() for k in keys]
        return list(conn.execute(query.order_by(*order).limit(count)))

    rows, next_cursor, prev_cursor = page_through(
        read,
        lambda row: [row.name, row.id],
        decode=lambda cursor: decode_cursor(cursor, 2),
        encode=encode_cursor,
        after=after,
        before=before,
        limit=limit,
    )
    return [r.id for r in rows], next_cursor, prev_cursor
