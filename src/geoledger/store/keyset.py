"""Claims as a sorted table cut into keyset pages: a page starts after (or ends before) the
sort key of a row, never at an offset, so the thousandth page costs what the first does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Connection, Float, String, and_, func, literal, select, true, tuple_
from sqlalchemy.sql.visitors import replacement_traverse

from geoledger.errors import InvalidInput
from geoledger.models import Claim
from geoledger.store import schema as t
from geoledger.store.facets import (
    _RECON,
    _from,
    _needs_recon,
    claim_conditions,
    period_range,
    selection_conditions,
)
from geoledger.store.ledger import _claim
from geoledger.store.pages import MAX_PAGE, decode_cursor, encode_cursor
from geoledger.store.reconciled import Selection

_c, _r = t.claims.c, t.recon_claims.c

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
    broad: bool = False,
) -> TablePage:
    """The page of claims selection picks, in sort order, after or before a cursor.

    broad: the selection holds a large share of the ledger (say so from its count), so the
    page walks its order's index and stops at the limit, reading about limit / share rows,
    instead of reading every claim the filters' indexes pick and sorting them.
    """
    segments = _segments(sort)
    recon = sort in _RECON or _needs_recon(selection)
    # Not selection_conditions: a page wants the LIMIT to stop a walk of its order's index,
    # and an index range on metric makes the planner read every claim of the metric and sort
    # them (measured at 1 M claims: 'trade' 2 ms with the prefix LIKE, 800 ms with the range).
    conditions = claim_conditions(conn, selection)
    if not broad:
        conditions += period_range(selection)
    chosen: dict[int, list[Any]] = {}

    def conditions_of(index: int) -> list[Any]:
        """The conditions segment index is read with (its own included), chosen when reached:
        walk its order's index (broad), or read what the filters' indexes pick and sort."""
        if index not in chosen:
            where = segments[index].where
            chosen[index] = [*conditions, where]
            if broad:
                walked = [
                    *claim_conditions(conn, selection, indexed=False),
                    _unindexed(conn, where),
                ]
                indexed = [*selection_conditions(conn, selection), _unindexed(conn, where)]
                chosen[index] = indexed if _few(conn, indexed, where, recon) else walked
        return chosen[index]

    def read(position: tuple[int, list[Any]] | None, forward: bool, count: int) -> list[Any]:
        return _walk(conn, segments, conditions_of, recon, position, descending, forward, count)

    rows, next_cursor, prev_cursor = page_through(
        read,
        lambda row: _position(row, segments),
        decode=lambda cursor: _decode(cursor, segments),
        encode=_encode,
        after=after,
        before=before,
        limit=limit,
    )
    return TablePage([(_claim(r), r.source_title) for r in rows], next_cursor, prev_cursor)


SEGMENT_PROBE = 500  # a broad selection holding fewer rows of a segment reads them, unwalked


def _few(conn: Connection, indexed: list[Any], where: Any, recon: bool) -> bool:
    """True when a broad selection holds fewer than SEGMENT_PROBE rows of a part of the order
    (claims with a USD amount, of a selection of mostly figures without one): walking that
    part's index would read all of it to find them (3 s at 1 M claims for macro by USD).
    A part of the order with no condition of its own holds the whole broad selection."""
    if where is true():
        return False
    picked = select(_c.id).select_from(_from(recon)).where(and_(true(), *indexed))
    counted = select(func.count()).select_from(picked.limit(SEGMENT_PROBE).subquery())
    return int(conn.execute(counted).scalar_one()) < SEGMENT_PROBE


def page_through(
    read: Callable[[Any, bool, int], list[Any]],
    mark_of: Callable[[Any], Any],
    *,
    decode: Callable[[str], Any],
    encode: Callable[[Any], str],
    after: str | None,
    before: str | None,
    limit: int,
) -> tuple[list[Any], str | None, str | None]:
    """(rows of one page, cursor of the page after, cursor of the page before) of a listing.

    read(mark, forward, count) gives up to count rows past mark (excluded; None: from the
    start) in the listing's order or against it; mark_of(row) is the mark a row leaves. Every
    keyset-paged table pages through here, so they agree on limits, cursors and edges.
    """
    limit = max(1, min(limit, MAX_PAGE))
    if after and before:
        raise InvalidInput("Give after= or before=, not both.")
    cursor = after or before
    mark = decode(cursor) if cursor else None
    forward = before is None
    rows = read(mark, forward, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    if not forward:
        rows.reverse()
    if not rows:
        return [], None, None
    first, last = mark_of(rows[0]), mark_of(rows[-1])
    has_after = more if forward else True
    # The first page has nothing before it; a later one asks the index for one row.
    has_before = more if not forward else bool(cursor and read(first, False, 1))
    return rows, encode(last) if has_after else None, encode(first) if has_before else None


def count_up_to(conn: Connection, selection: Selection, most: int) -> int:
    """How many claims selection picks, counting no further than most (a search can pick
    most of the ledger; its exact count would read every match)."""
    recon = _needs_recon(selection)
    picked = (
        select(_c.id)
        .select_from(_from(recon))
        .where(and_(true(), *claim_conditions(conn, selection), *period_range(selection)))
        .limit(most)
        .subquery()
    )
    return int(conn.execute(select(func.count()).select_from(picked)).scalar_one())


def _unindexed(conn: Connection, condition: Any) -> Any:
    """condition with its columns read as expressions (text || ''), which SQLite's planner
    cannot answer from an index: it then walks the order's index and stops at the LIMIT.

    SQLite's planner knows only each index's average rows per value, so a filter on a
    partner (Russia: 9 % of claims; the average over partners, 20 %) or a metric looks more
    selective than the walk and it sorts them all: 300–2,400 ms at 1 M claims instead of
    10–60. PostgreSQL plans from value histograms and a LIMIT and is left as it is.
    """
    if conn.dialect.name != "sqlite":
        return condition

    def plain(element: Any) -> Any:
        ours = isinstance(element, Column) and element.table in (t.claims, t.recon_claims)
        if ours and isinstance(element.type, String):
            return element.concat(literal(""))
        if ours and isinstance(element.type, Float):  # a USD amount: usd IS NULL reads no index
            return element + literal(0.0)
        return None

    return replacement_traverse(condition, {}, plain)


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
    conditions_of: Callable[[int], list[Any]],
    recon: bool,
    position: tuple[int, list[Any]] | None,
    descending: bool,
    forward: bool,
    limit: int,
) -> list[Any]:
    """Up to limit rows from position (excluded) on, forward or backward through segments,
    each read with its own conditions."""
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
            .where(and_(true(), *conditions_of(index)))
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
