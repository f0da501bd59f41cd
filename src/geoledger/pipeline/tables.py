"""Tables people explore: the claims a set of filters picks, faceted, sorted and paged.

The state of a table (filters, sort, order, cursor) is a plain dict of query parameters, so
a view is a URL that can be shared; the same state gives the page, its facets and its
downloads (every filtered row, in the page's order).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection

from geoledger import store
from geoledger.errors import InvalidInput
from geoledger.models import Claim
from geoledger.pipeline import MONEY_METRICS, claim_filter, claim_record, figures
from geoledger.pipeline.stored import ensure_reconciled, selection
from geoledger.store import facets as faceted
from geoledger.store import keyset, reconciled
from geoledger.store import pages as paged
from geoledger.store import tables as listed

FILTERS: tuple[str, ...] = ("search", "metric", "subject", "partner", "entity", "object")
FILTERS += ("period", "source", "status", "kind")
# Kinds of money (/money's tabs): each a set of metrics, which no metric prefix can name.
MONEY_KINDS: dict[str, tuple[str, ...]] = {
    "all": MONEY_METRICS,
    "investment": ("investment.deal", "investment.total", "investment.pledge"),
    "loan": ("loan", "finance.total"),
    "project": ("project.value",),
}
# Facet -> the filter its values set, and how the page names it.
FACETS = {
    "country": ("subject", "Country"),
    "power": ("partner", "Power"),
    "metric": ("metric", "Metric"),
    "status": ("status", "Status"),
    "year": ("period", "Year"),
    "source": ("source", "Source"),
}
MONEY_FACETS = {
    "entity": ("entity", "Investor / lender"),
    "metric": ("metric", "Kind"),
    "country": ("subject", "Country"),
    "power": ("partner", "Partner"),
    "status": ("status", "Status"),
    "year": ("period", "Year"),
    "source": ("source", "Source"),
}
SORTS = tuple(keyset.SORTS)
PAGE_ROWS = 50
EXPORT_PAGE = 1000
# The time a page's facets may take in the database, all together: each facet gets what the
# ones before it left, and one that cannot finish in it says so instead of holding the page.
FACETS_BUDGET_S = 0.8


class Budget:
    """What is left of a page's facet time."""

    def __init__(self, seconds: float = FACETS_BUDGET_S) -> None:
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        return self.deadline - time.monotonic()


@dataclass(frozen=True, slots=True)
class TableState:
    """What a table shows: its filters, sort, order and the cursor of its page."""

    filters: dict[str, str] = field(default_factory=dict)
    sort: str | None = None
    descending: bool = False
    after: str | None = None
    before: str | None = None
    limit: int = PAGE_ROWS
    # The order a URL without ?order= means (/money: largest amounts first).
    descending_by_default: bool = False

    def params(self, **changes: Any) -> dict[str, str]:
        """The query parameters of this state, changed (a None drops a parameter).

        A change of filter or sort starts at the first page: cursors belong to one order.
        """
        params: dict[str, Any] = dict(self.filters)
        # The order is written whenever it is not ascending or the default is not: a link
        # that leaves it out must mean the same on every page it is opened on.
        order = "desc" if self.descending else ("asc" if self.descending_by_default else None)
        params.update(sort=self.sort, order=order)
        params.update(after=self.after, before=self.before)
        if changes.keys() - {"after", "before"}:
            params.update(after=None, before=None)
        params.update(changes)
        return {k: str(v) for k, v in params.items() if v not in (None, "")}


def _selection(conn: Connection, filters: dict[str, str]) -> reconciled.Selection:
    given = {k: v for k, v in filters.items() if k not in ("period", "kind")}
    where = claim_filter(conn, **given)
    kind = filters.get("kind")
    if kind is not None:
        if kind not in MONEY_KINDS:
            raise InvalidInput(
                f"No kind of money '{kind}'; choose one of {', '.join(MONEY_KINDS)}."
            )
        where = replace(where, metrics=frozenset(MONEY_KINDS[kind]))
    return selection(where, filters.get("period"))


def claims_table(
    conn: Connection, state: TableState, *, facets: dict[str, tuple[str, str]] = FACETS
) -> dict[str, Any]:
    """{items, total, next, prev, facets}: one page of claim records and the facet counts."""
    ensure_reconciled(conn)
    chosen = _selection(conn, state.filters)
    total, at_least = count_selected(conn, chosen)
    page = keyset.sorted_page(
        conn,
        chosen,
        sort=state.sort,
        descending=state.descending,
        after=state.after,
        before=state.before,
        limit=state.limit,
        broad=_broad(conn, total),
    )
    corrected = store.corrected_claim_ids(conn)
    items = [claim_record(c, {c.source_id or "": title}, corrected) for c, title in page.rows]
    return {
        "items": items,
        "total": total,
        "total_at_least": at_least,
        "next": page.next,
        "prev": page.prev,
        "facets": [
            _facet(conn, found, facets[name], state)
            for name, found in faceted.claim_facets(
                conn,
                chosen,
                list(facets),
                budget_s=FACETS_BUDGET_S,
                broad=_broad(conn, total, SAMPLE_SHARE),
            ).items()
        ],
    }


COUNT_CAP = 10_000  # claims a selection the stored counts cannot count is counted to, at most
# A selection holding at least this share of the ledger is paged by walking its order's index
# (about limit / share rows read); a smaller one by its filters' indexes, then sorted.
BROAD_SHARE = 1 / 500
# A sample of a facet walks unsorted when the selection holds a tenth of the ledger or more:
# SAMPLE_ROWS / share rows at most.
SAMPLE_SHARE = 0.1


def count_selected(conn: Connection, chosen: reconciled.Selection) -> tuple[int, bool]:
    """(how many claims chosen picks, whether that is only a lower bound): exact from the
    stored counts where they hold the filters; else counted up to COUNT_CAP."""
    if reconciled.counted_in_aggregates(chosen):
        return paged.count_claims(conn, chosen), False
    found = keyset.count_up_to(conn, chosen, COUNT_CAP + 1)
    return min(found, COUNT_CAP), found > COUNT_CAP


def _broad(conn: Connection, selected: int, share: float = BROAD_SHARE) -> bool:
    """True when selected claims are at least share of the ledger: a walk (of an index, or
    unsorted) meets them soon enough."""
    return selected >= share * paged.count_claims(conn, reconciled.Selection())


def largest_money(conn: Connection, state: TableState, *, limit: int) -> list[Claim]:
    """The first limit claims the state's filters pick, largest USD amount first (a chart's)."""
    ensure_reconciled(conn)
    chosen = _selection(conn, state.filters)
    broad = _broad(conn, count_selected(conn, chosen)[0])
    page = keyset.sorted_page(conn, chosen, sort="usd", descending=True, limit=limit, broad=broad)
    return [claim for claim, _ in page.rows]


def _facet(
    conn: Connection, found: faceted.Facet, named: tuple[str, str], state: TableState
) -> dict[str, Any]:
    """A facet as the page lists it: each value's label, count and the filter it sets."""
    param, title = named
    name = found.name
    # An empty key is a missing one (a claim with no partner): counted, not a filter.
    merged: dict[str | None, int] = {}
    for value, count in found.counts:
        merged[value or None] = merged.get(value or None, 0) + count
    counts = sorted(merged.items(), key=lambda kv: (-kv[1], str(kv[0])))
    labels: dict[str | None, str] = {}
    values: dict[str | None, str | None] = {}
    if name in ("country", "power", "entity"):
        counts, labels, values = _by_actor(conn, counts)
    elif name == "source":
        titles = reconciled.source_titles_of(conn, [v for v, _ in counts if v])
        labels = {v: titles.get(v or "") or v or "" for v, _ in counts}
    elif name == "year":
        # Undated figures and spans of years lie in no one year: counted, not a filter.
        values = {v: None for v, _ in counts if v in (faceted.UNDATED, faceted.SPAN)}
    entries = [
        {
            "label": labels.get(value) or ("none" if value is None else value),
            "value": values.get(value, value),
            "count": count,
        }
        for value, count in counts[: faceted.FACET_VALUES]
    ]
    chosen_value = state.filters.get(param)
    return {
        "name": name,
        "title": title,
        "param": param,
        "selected": chosen_value,
        "entries": entries,
        "more": found.more + max(0, len(counts) - faceted.FACET_VALUES),
        "timed_out": found.timed_out,
        "at_least": found.at_least,
        "sample_rows": faceted.SAMPLE_ROWS,
    }


def _facet_view(
    state: TableState, name: str, title: str, found: Any, entries: list[dict[str, Any]]
) -> dict[str, Any]:
    """A facet of a table filtered by the parameter of its own name, as the page lists it."""
    return {
        "name": name,
        "title": title,
        "param": name,
        "selected": state.filters.get(name),
        "entries": entries,
        "more": found.more,
        "timed_out": found.timed_out,
    }


def _plain_entries(found: Any, empty: str) -> list[dict[str, Any]]:
    """A facet's values as entries, a missing value labelled empty and not a filter."""
    return [
        {"label": value or empty, "value": value or None, "count": count}
        for value, count in found.counts
    ]


def _by_actor(
    conn: Connection, counts: list[tuple[str | None, int]]
) -> tuple[list[tuple[str | None, int]], dict[str | None, str], dict[str | None, str | None]]:
    """Counts by name key merged per actor (Serbia, Srbija and Србија are one country)."""
    found = faceted.actors_of_keys(conn, [k for k, _ in counts if k])
    owner = {key: actor_id for key, (actor_id, _) in found.items()}
    names = {actor_id: name for actor_id, name in found.values()}
    merged: dict[str | None, int] = {}
    for key, count in counts:
        group = owner.get(key or "", key)
        merged[group] = merged.get(group, 0) + count
    ordered = sorted(merged.items(), key=lambda kv: (-kv[1], str(kv[0])))
    labels = {g: names.get(g or "", g or "none") for g, _ in ordered}
    values = {g: names.get(g or "", g) for g, _ in ordered}
    return ordered, labels, values


def claim_pages(conn: Connection, state: TableState) -> Iterator[list[Claim]]:
    """Every claim the state's filters pick, in its order, EXPORT_PAGE at a time."""
    ensure_reconciled(conn)
    chosen = _selection(conn, state.filters)
    broad = _broad(conn, count_selected(conn, chosen)[0])
    after = None
    while True:
        page = keyset.sorted_page(
            conn,
            chosen,
            sort=state.sort,
            descending=state.descending,
            after=after,
            limit=EXPORT_PAGE,
            broad=broad,
        )
        if page.rows:
            yield [claim for claim, _ in page.rows]
        if page.next is None:
            return
        after = page.next


# --- stored facts and conflicts --------------------------------------------------------------

# Filters of claims a fact or conflict table takes (a fact is picked by its versions' claims).
STORED_FILTERS = ("search", "metric", "subject", "partner", "period", "source")
STORED_FACETS = {
    "facts": {"verdict": "Verdict", "metric": "Metric"},
    "conflicts": {"verdict": "Verdict", "kind": "Kind"},
}


def _stored_condition(conn: Connection, table: str, state: TableState) -> Any:
    ensure_reconciled(conn)
    claims = {k: v for k, v in state.filters.items() if k in STORED_FILTERS}
    equal = {k: v for k, v in state.filters.items() if k in STORED_FACETS[table]}
    return listed.stored_condition(conn, table, _selection(conn, claims), equal)


def stored_table(conn: Connection, table: str, state: TableState) -> dict[str, Any]:
    """{items, total, next, prev, facets} of the stored facts or conflicts the state picks."""
    condition = _stored_condition(conn, table, state)
    page = listed.stored_page(
        conn,
        table,
        condition,
        descending=state.descending,
        after=state.after,
        before=state.before,
        limit=state.limit,
    )
    facet_list = []
    budget = Budget()
    # Conflicts' verdicts as the page names them ("agree within rounding", not "consistent").
    labels: dict[str, str] = figures.CONFLICT_NAMES if table == "conflicts" else {}
    for name, title in STORED_FACETS[table].items():
        found = listed.stored_facet(conn, table, condition, name, budget_s=budget.left())
        entries = [
            {"label": labels.get(value or "", value), "value": value, "count": count}
            for value, count in found.counts
        ]
        facet_list.append(_facet_view(state, name, title, found, entries))
    return {
        "items": page.records,
        "total": listed.count_stored(conn, table, condition),
        "next": page.next,
        "prev": page.prev,
        "facets": facet_list,
    }


def stored_pages(conn: Connection, table: str, state: TableState) -> Iterator[list[dict[str, Any]]]:
    """Every fact or conflict the state picks, in its order, EXPORT_PAGE at a time."""
    condition = _stored_condition(conn, table, state)
    after = None
    while True:
        page = listed.stored_page(
            conn,
            table,
            condition,
            descending=state.descending,
            after=after,
            limit=EXPORT_PAGE,
            full=True,  # a download holds every version
        )
        if page.records:
            yield page.records
        if page.next is None:
            return
        after = page.next


# --- sources ---------------------------------------------------------------------------------

SOURCE_FACETS = {"year": "Year", "outlet": "Outlet", "language": "Language", "kind": "Kind"}


def _source_condition(conn: Connection, state: TableState) -> Any:
    equal = {k: v for k, v in state.filters.items() if k in SOURCE_FACETS}
    return listed.source_condition(conn, equal, state.filters.get("search"))


def sources_table(conn: Connection, state: TableState) -> dict[str, Any]:
    """{items, total, next, prev, facets} of the sources the state picks, with claim counts."""
    condition = _source_condition(conn, state)
    records, following, preceding = listed.source_page(
        conn,
        condition,
        descending=state.descending,
        after=state.after,
        before=state.before,
        limit=state.limit,
    )
    counts = paged.claim_counts(conn, [r["id"] for r in records])
    facet_list = []
    budget = Budget()
    for name, title in SOURCE_FACETS.items():
        found = listed.source_facet(conn, condition, name, budget_s=budget.left())
        facet_list.append(_facet_view(state, name, title, found, _plain_entries(found, "none")))
    return {
        "items": [{**r, "claims": counts.get(r["id"], 0)} for r in records],
        "total": listed.count_sources(conn, condition),
        "next": following,
        "prev": preceding,
        "facets": facet_list,
    }


def source_pages(conn: Connection, state: TableState) -> Iterator[list[dict[str, Any]]]:
    """Every source the state picks (with its claim count), in its order, a page at a time."""
    condition = _source_condition(conn, state)
    after = None
    while True:
        records, following, _ = listed.source_page(
            conn, condition, descending=state.descending, after=after, limit=EXPORT_PAGE
        )
        counts = paged.claim_counts(conn, [r["id"] for r in records])
        if records:
            yield [{**r, "claims": counts.get(r["id"], 0)} for r in records]
        if following is None:
            return
        after = following


# --- events ----------------------------------------------------------------------------------

EVENT_FACETS = {"domain": "Domain", "kind": "Kind", "year": "Year"}


def _event_condition(state: TableState) -> Any:
    equal = {k: v for k, v in state.filters.items() if k in EVENT_FACETS}
    return listed.event_condition(equal, state.filters.get("search"))


def events_table(conn: Connection, state: TableState) -> dict[str, Any]:
    """{items, total, next, prev, facets} of the events the state picks, dated ones first."""
    condition = _event_condition(state)
    ids, following, preceding = listed.event_page(
        conn,
        condition,
        descending=state.descending,
        after=state.after,
        before=state.before,
        limit=state.limit,
    )
    budget = Budget()
    facet_list = []
    for name, title in EVENT_FACETS.items():
        found = listed.event_facet(conn, condition, name, budget_s=budget.left())
        facet_list.append(_facet_view(state, name, title, found, _plain_entries(found, "undated")))
    return {
        "items": _event_records(conn, ids),
        "total": listed.count_events(conn, condition),
        "next": following,
        "prev": preceding,
        "facets": facet_list,
    }


def _event_records(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    """The events of ids as timeline records, in the order of ids."""
    from geoledger.pipeline import event_record

    wanted = set(ids)
    names = {a.id: a.name for a in store.list_actors(conn)}
    # The ledger's events are curated and few; their roles and sources come with them.
    found = {e.id: event_record(e, names) for e in store.list_events(conn) if e.id in wanted}
    return [found[i] for i in ids if i in found]


def event_pages(conn: Connection, state: TableState) -> Iterator[list[dict[str, Any]]]:
    """Every event the state picks, in its order, a page at a time."""
    condition = _event_condition(state)
    after = None
    while True:
        ids, following, _ = listed.event_page(
            conn, condition, descending=state.descending, after=after, limit=EXPORT_PAGE
        )
        if ids:
            yield _event_records(conn, ids)
        if following is None:
            return
        after = following


# --- actors ----------------------------------------------------------------------------------

ACTOR_FACETS = {"kind": "Kind", "country": "Country"}


def _actor_condition(state: TableState) -> Any:
    equal = {k: v for k, v in state.filters.items() if k in ACTOR_FACETS}
    return listed.actor_condition(equal, state.filters.get("search"))


def actors_table(conn: Connection, state: TableState) -> dict[str, Any]:
    """{items, total, next, prev, facets} of the actors the state picks, by name."""
    condition = _actor_condition(state)
    ids, following, preceding = listed.actor_page(
        conn,
        condition,
        descending=state.descending,
        after=state.after,
        before=state.before,
        limit=state.limit,
    )
    budget = Budget()
    facet_list = []
    for name, title in ACTOR_FACETS.items():
        found = listed.actor_facet(conn, condition, name, budget_s=budget.left())
        facet_list.append(_facet_view(state, name, title, found, _plain_entries(found, "none")))
    return {
        "items": _actor_records(conn, ids),
        "total": listed.count_actors(conn, condition),
        "next": following,
        "prev": preceding,
        "facets": facet_list,
    }


def _actor_records(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    """The actors of ids as records, in the order of ids."""
    from geoledger.pipeline import actor_record

    wanted = set(ids)
    # The ledger's actors are curated and few; their aliases and sources come with them.
    found = {a.id: actor_record(a) for a in store.list_actors(conn) if a.id in wanted}
    return [found[i] for i in ids if i in found]


def actor_pages(conn: Connection, state: TableState) -> Iterator[list[dict[str, Any]]]:
    """Every actor the state picks, by name, a page at a time."""
    condition = _actor_condition(state)
    after = None
    while True:
        ids, following, _ = listed.actor_page(
            conn, condition, descending=state.descending, after=after, limit=EXPORT_PAGE
        )
        if ids:
            yield _actor_records(conn, ids)
        if following is None:
            return
        after = following
