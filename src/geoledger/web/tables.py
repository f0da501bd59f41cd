"""The table pages (claims) and the downloads: facets, sorting, keyset pages, filtered files.

A table's whole state is in its URL (filters, sort, order, cursor), so a view can be shared;
its download links carry the same filters and order and give every row the filters pick.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.background import BackgroundTask

from geoledger.api import actions
from geoledger.api.read import Conn
from geoledger.pipeline import figures, pages, tables
from geoledger.report import export as exporting
from geoledger.web import views
from geoledger.web.pages import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=300)]
Cursor = Annotated[str | None, Query(max_length=2000)]
Kind = Literal["all", "investment", "loan", "project"]  # of money: tables.MONEY_KINDS
MEDIA = {"csv": "text/csv", "json": "application/json", "parquet": "application/vnd.apache.parquet"}
COLUMNS = (
    ("metric", "Metric", "metric"),
    ("period", "Period", "period"),
    ("who", "Who → whom", None),
    ("what", "Entity / object", None),
    ("stated", "Stated", None),
    ("usd", "USD", "usd"),
    ("status", "Status", None),
    ("source", "Source", ""),
)


def claim_state(
    metric: Text = None,
    subject: Text = None,
    partner: Text = None,
    entity: Text = None,
    object: Text = None,
    period: Text = None,
    source: Text = None,
    status: Literal["candidate", "accepted", "rejected"] | None = None,
    search: Text = None,
    sort: Literal["metric", "period", "usd", ""] | None = None,
    order: Literal["asc", "desc"] = "asc",
    after: Cursor = None,
    before: Cursor = None,
    # Not Kind: the export route reads every table's state from one query, and an actor's or
    # an event's kind is no kind of money (pipeline.tables refuses one on the claims table).
    kind: Annotated[str | None, Query(max_length=32)] = None,
) -> tables.TableState:
    """The claims table's state from its URL's query."""
    given = {
        "search": search,
        "kind": kind,
        "metric": metric,
        "subject": subject,
        "partner": partner,
        "entity": entity,
        "object": object,
        "period": period,
        "source": source,
        "status": status,
    }
    filters = {k: v.strip() for k, v in given.items() if v and v.strip()}
    return tables.TableState(
        filters=filters,
        sort=sort or None,
        descending=order == "desc",
        after=after or None,
        before=before or None,
    )


State = Annotated[tables.TableState, Depends(claim_state)]


def href(path: str, params: dict[str, str]) -> str:
    """path with params as its query (none: the bare path)."""
    return path + ("?" + urlencode(params) if params else "")


@router.get("/claims", response_class=HTMLResponse)
def claims_page(request: Request, conn: Conn, state: State) -> HTMLResponse:
    found = tables.claims_table(conn, state)
    rows = [views.figure(r) for r in found["items"]]

    def link(**changes: str | None) -> str:
        return href("/claims", state.params(**changes))

    def sort_link(key: str) -> str:
        # The sorted column's header turns its order around; another column starts ascending,
        # USD largest first.
        current = state.sort or ""
        if key == current:
            return link(sort=key or None, order=None if state.descending else "desc")
        return link(sort=key or None, order="desc" if key == "usd" else None)

    everything = state.params(after=None, before=None)
    downloads = {fmt: href(f"/export/claims.{fmt}", everything) for fmt in exporting.FORMATS}
    return render(
        request,
        "claims.html",
        "claims",
        rows=rows,
        total=found["total"],
        total_at_least=found["total_at_least"],
        facets=found["facets"],
        state=state,
        filters=state.filters,
        columns=COLUMNS,
        link=link,
        sort_link=sort_link,
        next_href=link(after=found["next"], before=None) if found["next"] else None,
        prev_href=link(before=found["prev"], after=None) if found["prev"] else None,
        first_href=link(after=None, before=None) if state.after or state.before else None,
        downloads=downloads,
        hidden={k: v for k, v in everything.items() if k != "search"},
    )


MONEY_COLUMNS = (
    ("period", "Period", "period"),
    ("metric", "Kind", "metric"),
    ("entity", "Investor / lender", None),
    ("object", "Sector / project", None),
    ("partner", "Partner", None),
    ("stated", "Stated", None),
    ("usd", "USD", "usd"),
    ("rate", "Rate", None),
    ("status", "Status", None),
    ("source", "Source", None),
)


def money_state(
    kind: Kind = "all",
    metric: Text = None,
    subject: Text = None,
    partner: Text = None,
    entity: Text = None,
    object: Text = None,
    period: Text = None,
    source: Text = None,
    status: Literal["candidate", "accepted", "rejected"] | None = None,
    search: Text = None,
    sort: Literal["metric", "period", "usd", ""] = "usd",
    order: Literal["asc", "desc"] = "desc",
    after: Cursor = None,
    before: Cursor = None,
) -> tables.TableState:
    """The money table's state from its URL: the claims table's, of one kind of money, largest
    USD amounts first unless the URL says otherwise."""
    state = claim_state(
        metric, subject, partner, entity, object, period, source, status, search,
        sort, order, after, before, kind,
    )  # fmt: skip
    return replace(state, descending_by_default=True)


Money = Annotated[tables.TableState, Depends(money_state)]


@router.get("/money", response_class=HTMLResponse)
def money_page(request: Request, conn: Conn, state: Money) -> HTMLResponse:
    """Investments, acquisitions and loans: a faceted claims table of one kind of money."""
    found = tables.claims_table(conn, state, facets=tables.MONEY_FACETS)
    links = _table_links("/money", state, found)
    everything = state.params(after=None, before=None)
    # The file of a money view is the claims export of the same filters (kind included).
    links["downloads"] = {f: href(f"/export/claims.{f}", everything) for f in exporting.FORMATS}

    def sort_link(key: str) -> str:
        # The sorted column's header turns its order around; another starts with the largest
        # amounts or the latest periods, kinds from a to z. The order is always written: a URL
        # without one means largest first here.
        if key == (state.sort or ""):
            return href("/money", state.params(order="asc" if state.descending else "desc"))
        return href("/money", state.params(sort=key, order="asc" if key == "metric" else "desc"))

    return render(
        request,
        "money.html",
        "money",
        rows=[views.figure(r) for r in found["items"]],
        columns=MONEY_COLUMNS,
        kinds=list(tables.MONEY_KINDS),
        kind=state.filters.get("kind", "all"),
        kind_links={k: links["link"](kind=k) for k in tables.MONEY_KINDS},
        shown_filters={k: v for k, v in state.filters.items() if k != "kind"},
        sort_link=sort_link,
        chart=views.money(conn, state),
        **links,
    )


def stored_state(
    metric: Text = None,
    subject: Text = None,
    partner: Text = None,
    period: Text = None,
    source: Text = None,
    search: Text = None,
    verdict: Annotated[str | None, Query(max_length=32)] = None,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    order: Literal["asc", "desc"] = "asc",
    after: Cursor = None,
    before: Cursor = None,
) -> tables.TableState:
    """A facts or conflicts table's state from its URL's query."""
    given = {
        "search": search,
        "metric": metric,
        "subject": subject,
        "partner": partner,
        "period": period,
        "source": source,
        "verdict": verdict,
        "kind": kind,
    }
    filters = {k: v.strip() for k, v in given.items() if v and v.strip()}
    return tables.TableState(
        filters=filters, descending=order == "desc", after=after or None, before=before or None
    )


Stored = Annotated[tables.TableState, Depends(stored_state)]


def _table_links(path: str, state: tables.TableState, found: dict[str, Any]) -> dict[str, Any]:
    """What every table page links to: its pages, its order, its filters and its downloads."""

    def link(**changes: str | None) -> str:
        return href(path, state.params(**changes))

    everything = state.params(after=None, before=None)
    table = path.strip("/")
    return {
        "link": link,
        "state": state,
        "filters": state.filters,
        "total": found["total"],
        "total_at_least": found.get("total_at_least", False),
        "facets": found["facets"],
        "next_href": link(after=found["next"], before=None) if found["next"] else None,
        "prev_href": link(before=found["prev"], after=None) if found["prev"] else None,
        "first_href": link(after=None, before=None) if state.after or state.before else None,
        "order_href": link(order=None if state.descending else "desc"),
        "downloads": {f: href(f"/export/{table}.{f}", everything) for f in exporting.FORMATS},
        "hidden": {k: v for k, v in everything.items() if k != "search"},
    }


@router.get("/facts", response_class=HTMLResponse)
def facts_page(request: Request, conn: Conn, state: Stored) -> HTMLResponse:
    found = tables.stored_table(conn, "facts", state)
    facts = actions.with_ids(found["items"])
    for row in facts:
        row["verdict_name"] = figures.verdict_name(row)
    return render(
        request, "facts.html", "facts", facts=facts, **_table_links("/facts", state, found)
    )


@router.get("/conflicts", response_class=HTMLResponse)
def conflicts_page(request: Request, conn: Conn, state: Stored) -> HTMLResponse:
    found = tables.stored_table(conn, "conflicts", state)
    # A conflict many sources repeat holds thousands of versions: show a few, count the rest.
    shown = pages.trim_versions(actions.with_ids(found["items"]), views.VERSIONS_SHOWN)
    rows = figures.with_claim_ranges(conn, shown)
    for row in rows:
        row["heading"] = figures.conflict_heading(row)
        verdict = str(row.get("verdict") or "")
        row["verdict_name"] = figures.CONFLICT_NAMES.get(verdict, verdict)
    return render(
        request,
        "conflicts.html",
        "conflicts",
        conflicts=rows,
        **_table_links("/conflicts", state, found),
    )


def source_state(
    search: Text = None,
    year: Annotated[str | None, Query(max_length=4)] = None,
    outlet: Text = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    order: Literal["asc", "desc"] = "asc",
    after: Cursor = None,
    before: Cursor = None,
) -> tables.TableState:
    """The sources table's state from its URL's query."""
    given = {"search": search, "year": year, "outlet": outlet, "language": language, "kind": kind}
    filters = {k: v.strip() for k, v in given.items() if v and v.strip()}
    return tables.TableState(
        filters=filters, descending=order == "desc", after=after or None, before=before or None
    )


Sources = Annotated[tables.TableState, Depends(source_state)]


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, conn: Conn, state: Sources) -> HTMLResponse:
    found = tables.sources_table(conn, state)
    return render(
        request,
        "sources.html",
        "sources",
        sources=found["items"],
        **_table_links("/sources", state, found),
    )


def event_state(
    search: Text = None,
    domain: Annotated[str | None, Query(max_length=32)] = None,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    year: Annotated[str | None, Query(max_length=4)] = None,
    order: Literal["asc", "desc"] = "asc",
    after: Cursor = None,
    before: Cursor = None,
) -> tables.TableState:
    """The events table's state from its URL's query."""
    given = {"search": search, "domain": domain, "kind": kind, "year": year}
    filters = {k: v.strip() for k, v in given.items() if v and v.strip()}
    return tables.TableState(
        filters=filters, descending=order == "desc", after=after or None, before=before or None
    )


Events = Annotated[tables.TableState, Depends(event_state)]


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, conn: Conn, state: Events) -> HTMLResponse:
    found = tables.events_table(conn, state)
    return render(
        request,
        "events.html",
        "events",
        events=found["items"],
        domain=state.filters.get("domain"),
        **_table_links("/events", state, found),
    )


def actor_state(
    search: Text = None,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    country: Text = None,
    order: Literal["asc", "desc"] = "asc",
    after: Cursor = None,
    before: Cursor = None,
) -> tables.TableState:
    """The actors table's state from its URL's query."""
    given = {"search": search, "kind": kind, "country": country}
    filters = {k: v.strip() for k, v in given.items() if v and v.strip()}
    return tables.TableState(
        filters=filters, descending=order == "desc", after=after or None, before=before or None
    )


Actors = Annotated[tables.TableState, Depends(actor_state)]


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, conn: Conn, state: Actors) -> HTMLResponse:
    found = tables.actors_table(conn, state)
    return render(
        request,
        "actors.html",
        "actors",
        actors=found["items"],
        **_table_links("/actors", state, found),
    )


@router.get("/export/schema", response_class=Response)
def export_schema() -> Response:
    """The documented schema of every exported table, as Markdown."""
    return Response(exporting.schema_markdown(), media_type="text/markdown; charset=utf-8")


@router.get("/export/{table}.{fmt}")
def export_download(
    request: Request,
    conn: Conn,
    table: Literal["claims", "facts", "conflicts", "sources", "events", "actors", "trade", "index"],
    fmt: Literal["csv", "json", "parquet"],
    state: State,
    stored: Stored,
    sources: Sources,
    events: Events,
    actors: Actors,
) -> Response:
    """A table of the ledger as a file, written to disk first so memory stays bounded.

    Claims, facts, conflicts, sources, events, actors: every row the page's filters pick, in its
    order (no cursor: every page).
    Trade and index: of ?subject= (and ?partner=), Serbia and China when not given.
    """
    handle, name = tempfile.mkstemp(suffix=f".{fmt}")
    os.close(handle)
    path = Path(name)
    pair = {
        "subject": request.query_params.get("subject") or views.SUBJECT,
        "partner": request.query_params.get("partner") or "China",
    }
    selected: Iterable[list[Any]] | None = None
    if table == "claims":
        selected = tables.claim_pages(conn, state)
    elif table in ("facts", "conflicts"):
        selected = tables.stored_pages(conn, table, stored)
    elif table == "sources":
        selected = tables.source_pages(conn, sources)
    elif table == "events":
        selected = tables.event_pages(conn, events)
    elif table == "actors":
        selected = tables.actor_pages(conn, actors)
    rows = exporting.rows_of(conn, table, selected=selected, **pair)
    exporting.write(rows, table, fmt, path)
    return FileResponse(
        path,
        media_type=MEDIA[fmt],
        filename=f"geoledger-{table}.{fmt}",
        background=BackgroundTask(path.unlink, missing_ok=True),
    )
