"""Read endpoints under /api/: open to everyone, paginated, filtered like the CLI."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import Connection

from geoledger import pipeline, store
from geoledger.api import actions
from geoledger.api.models import (
    ActorOut,
    ClaimOut,
    Dossier,
    Error,
    EventOut,
    HistoryEntry,
    Page,
    SearchHit,
    SourceDetail,
    SourceOut,
    TradeOut,
)
from geoledger.pipeline import pages
from geoledger.store import reconciled

T = TypeVar("T")

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Error, "description": "A filter value is not usable"},
    404: {"model": Error, "description": "No such row"},
    422: {"model": Error, "description": "A parameter has the wrong type or range"},
}

router = APIRouter(prefix="/api", responses=ERRORS)
LEFT_OUT_SHOWN = 100  # ids of left-out trade claims a response lists; left_out_total counts all


def get_conn(request: Request) -> Iterator[Connection]:
    """One transaction per request on the app's ledger."""
    with pipeline.connect(request.app.state.engine) as conn:
        yield conn


Conn = Annotated[Connection, Depends(get_conn)]
Limit = Annotated[int, Query(ge=1, le=1000, description="Rows per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")]
Name = Annotated[str | None, Query(max_length=300)]
After = Annotated[
    str | None, Query(max_length=2000, description="Start after this cursor: a page's `next`")
]


def paginate(items: Sequence[T], limit: int, offset: int) -> dict[str, Any]:
    """The page of items from offset, with the total count."""
    return {
        "total": len(items),
        "limit": limit,
        "offset": offset,
        "items": list(items[offset : offset + limit]),
    }


@router.get("/sources", response_model=Page[SourceOut], tags=["sources"])
def list_sources(
    conn: Conn, limit: Limit = 100, offset: Offset = 0, after: After = None
) -> dict[str, Any]:
    """Every source, oldest publication first, with its number of claims."""
    page = pages.sources_page(conn, after=after, limit=limit, offset=offset)
    return {**page, "limit": limit, "offset": offset}


@router.get("/sources/{source_id}", response_model=SourceDetail, tags=["sources"])
def get_source(conn: Conn, source_id: str) -> dict[str, Any]:
    """One source with its stored text (the text claims' offsets point into)."""
    source = store.get_source(conn, source_id)
    return {**pages.source_record(conn, source.id), "text": source.text}


@router.get("/actors", response_model=Page[ActorOut], tags=["actors"])
def list_actors(
    conn: Conn,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Countries, companies, banks, people and organisations the ledger knows."""
    actors = [pipeline.actor_record(a) for a in store.list_actors(conn, kind=kind)]
    return paginate(actors, limit, offset)


@router.get("/actors/{name}", response_model=Dossier, tags=["actors"])
def get_actor(conn: Conn, name: str, after: After = None) -> dict[str, Any]:
    """An actor's dossier by id or any alias: events, claims (100 a call) and their sources."""
    return pages.actor_dossier(conn, name, after=after)


@router.get("/events", response_model=Page[EventOut], tags=["events"])
def list_events(
    conn: Conn,
    actor: Name = None,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    domain: Annotated[str | None, Query(max_length=32)] = None,
    since: Annotated[str | None, Query(max_length=32, description="ISO date or period")] = None,
    until: Annotated[str | None, Query(max_length=32, description="ISO date or period")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The timeline in date order, filtered by actor, kind, domain and dates."""
    rows = pipeline.event_records(
        conn, actor=actor, kind=kind, domain=domain, since=since, until=until
    )
    return paginate(rows, limit, offset)


@router.get("/claims", response_model=Page[ClaimOut], tags=["claims"])
def list_claims(
    conn: Conn,
    metric: Annotated[str | None, Query(max_length=64, description="Metric or family")] = None,
    subject: Name = None,
    partner: Name = None,
    entity: Name = None,
    object: Name = None,
    period: Annotated[str | None, Query(max_length=32, description="A span to lie in")] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    status: Literal["candidate", "accepted", "rejected"] | None = None,
    search: Annotated[str | None, Query(max_length=300)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
    after: After = None,
) -> dict[str, Any]:
    """Claims with the filters of `geoledger claims`; actor names match any alias."""
    page = pages.claims_page(
        conn,
        after=after,
        limit=limit,
        offset=offset,
        metric=metric,
        subject=subject,
        partner=partner,
        entity=entity,
        object=object,
        period=period,
        source=source,
        status=status,
        search=search,
    )
    return {**page, "limit": limit, "offset": offset}


@router.get("/claims/{claim_id}", response_model=ClaimOut, tags=["claims"])
def get_claim(conn: Conn, claim_id: str) -> dict[str, Any]:
    """One claim with its USD value and the rate used."""
    claim = store.get_claim(conn, claim_id)
    titles = reconciled.source_titles_of(conn, [claim.source_id or ""])
    return pipeline.claim_record(claim, titles)


@router.get("/claims/{claim_id}/history", response_model=list[HistoryEntry], tags=["claims"])
def claim_history(conn: Conn, claim_id: str) -> list[dict[str, Any]]:
    """The audit log of one claim, oldest first."""
    return store.list_history(conn, claim_id)


@router.get("/trade", response_model=TradeOut, tags=["analysis"])
def trade(
    conn: Conn,
    subject: Annotated[str, Query(min_length=1, max_length=300)] = "Serbia",
    partner: Annotated[str, Query(min_length=1, max_length=300)] = "China",
    all_claims: bool = False,
) -> dict[str, Any]:
    """Yearly trade in USD; by default only facts fit for aggregation, naming those left out."""
    from geoledger.pipeline.stored import cached_view

    fit_only = not all_claims

    def compute() -> dict[str, Any]:
        rows, left_out = pipeline.trade_view(
            conn, subject, partner, fit_only=fit_only, left_out_limit=LEFT_OUT_SHOWN
        )
        total = len(left_out)
        if total == LEFT_OUT_SHOWN:
            total = pipeline.trade_left_out_count(conn, subject, partner)
        return {
            "subject": subject,
            "partner": partner,
            "unit": "USD",
            "fit_for_aggregation_only": fit_only,
            "left_out": sorted(c.id or "" for c in left_out),
            "left_out_total": total,
            "years": rows,
        }

    # A pair's yearly table reads every trade fact of the pair (200 ms at a million claims):
    # kept in the view cache until the ledger changes, as the trade page is.
    key = ("api-trade", subject, partner, fit_only)
    return cached_view(conn, key, compute)  # type: ignore[no-any-return]


@router.get("/search", response_model=Page[SearchHit], tags=["search"])
def search(
    conn: Conn,
    q: Annotated[str, Query(min_length=1, max_length=300, description="Words to find")],
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Actors, sources and claims matching the words of q."""
    # The answer of search_records(limit=1000), of which only this page is read in full.
    rows, total = pipeline.search_page(conn, q, limit=1000, offset=offset, rows=limit)
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


@router.get("/index", tags=["analysis"])
def engagement_index(
    conn: Conn,
    subject: Annotated[str, Query(min_length=1, max_length=300)] = "Serbia",
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    trend: bool = False,
    evidence: Annotated[
        int, Query(ge=1, le=100_000, description="Evidence ids listed per indicator, at most")
    ] = 20,
) -> dict[str, Any]:
    """The four-powers engagement index of subject: scores by domain, each with its evidence
    (the first ids of each indicator's; evidence_total says how many it rests on)."""
    from geoledger.pipeline.index import index_view

    return index_view(conn, subject, year=year, trend=trend, shown=evidence)


def fact_filters(
    conn: Conn,
    metric: Annotated[str | None, Query(max_length=64)] = None,
    subject: Name = None,
    partner: Name = None,
    entity: Name = None,
    object: Name = None,
    period: Annotated[str | None, Query(max_length=32)] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
) -> tuple[Any, str | None]:
    """The filters facts and conflicts share, as (ClaimFilter, period)."""
    where = pipeline.claim_filter(
        conn,
        metric=metric,
        subject=subject,
        partner=partner,
        entity=entity,
        object=object,
        source=source,
    )
    return where, period


FactWhere = Annotated[tuple[Any, str | None], Depends(fact_filters)]
# A listing gives each fact or conflict its first versions (reconciled.LISTED_VERSIONS) and
# `versions_total`; ?versions=all gives every version (thousands for a much-repeated fact).
Versions = Annotated[Literal["first", "all"], Query()]


@router.get("/facts", response_model=Page[dict[str, Any]], tags=["facts"])
def list_facts(
    conn: Conn,
    filters: FactWhere,
    limit: Limit = 100,
    offset: Offset = 0,
    after: After = None,
    versions: Versions = "first",
) -> dict[str, Any]:
    """Claims grouped into facts: the first versions (`versions_total` counts them all; every
    one with ?versions=all or at /api/facts/{id}), the verdict, the best value and its rule."""
    from geoledger.pipeline import review

    where, period = filters
    rows, cursor = review.facts_page(
        conn,
        where,
        period=period,
        after=after,
        limit=limit,
        offset=offset,
        full=versions == "all",
    )
    return {
        "total": review.count_facts(conn, where, period=period),
        "limit": limit,
        "offset": offset,
        "next": cursor if len(rows) == limit else None,
        "items": actions.with_ids(rows),
    }


@router.get("/facts/{fact_id}", response_model=dict[str, Any], tags=["facts"])
def get_fact(conn: Conn, fact_id: str) -> dict[str, Any]:
    """One fact with all its versions."""
    return actions.get_fact(conn, fact_id)


@router.get("/conflicts", response_model=Page[dict[str, Any]], tags=["facts"])
def list_conflicts(
    conn: Conn,
    filters: FactWhere,
    limit: Limit = 100,
    offset: Offset = 0,
    after: After = None,
    versions: Versions = "first",
) -> dict[str, Any]:
    """Where sources disagree: conflicting facts, failed checks, related figures, events, each
    with its first versions (`versions_total` counts them all; every one with ?versions=all)."""
    from geoledger.pipeline import review

    where, period = filters
    rows, cursor = review.conflicts_page(
        conn,
        where,
        period=period,
        after=after,
        limit=limit,
        offset=offset,
        full=versions == "all",
    )
    return {
        "total": review.count_conflicts(conn, where, period=period),
        "limit": limit,
        "offset": offset,
        "next": cursor if len(rows) == limit else None,
        "items": actions.with_ids(rows),
    }
