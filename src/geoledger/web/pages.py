"""The dashboard's routes: each reads the ledger through views and renders one template."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from geoledger import pipeline
from geoledger.api import actions
from geoledger.api.read import Conn
from geoledger.pipeline import figures, pages
from geoledger.store import reconciled
from geoledger.web import index_view, session, views

router = APIRouter(include_in_schema=False)
COOKIE = session.COOKIE
Text = Annotated[str | None, Query(max_length=300)]


def render(request: Request, template: str, page: str, **context: Any) -> HTMLResponse:
    """Render template with the fields every page shares."""
    meta = source_meta(request)
    # One query for the sources the page's rows name, not one per citation (a conflicts page
    # cites hundreds: a round trip each on PostgreSQL).
    meta.prefetch(cited_sources(context))
    context.update(page=page, signed_in=signed_in(request), source_meta=meta)
    try:
        return request.app.state.templates.TemplateResponse(request, template, context)
    finally:
        meta.close()


def source_meta(request: Request) -> SourceMeta:
    """Each cited source's citation fields by id, for citing sources by title, outlet and date."""
    return SourceMeta(request.app.state.engine)


class SourceMeta(dict[str, dict[str, Any]]):
    """Citation fields of the sources a page cites, read when first cited (a page cites a few;
    the ledger may hold tens of thousands)."""

    FIELDS = ("title", "author", "outlet", "published_on", "url")

    def __init__(self, engine: Any) -> None:
        super().__init__()
        self.engine = engine
        self._conn: Any = None  # one connection for the whole page (it may cite hundreds)

    def __missing__(self, source_id: str) -> dict[str, Any]:
        if self._conn is None:
            self._conn = self.engine.connect()
        meta = reconciled.source_fields_of(self._conn, source_id, self.FIELDS)
        self[source_id] = meta
        return meta

    def prefetch(self, source_ids: set[str]) -> None:
        """Read the citation fields of source_ids at once (those not found are {})."""
        wanted = source_ids - self.keys()
        if not wanted:
            return
        if self._conn is None:
            self._conn = self.engine.connect()
        found = reconciled.sources_fields_of(self._conn, wanted, self.FIELDS)
        self.update({source_id: found.get(source_id, {}) for source_id in wanted})

    def close(self) -> None:
        """Give back the page's connection (rendering is over)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def cited_sources(value: Any, depth: int = 6) -> set[str]:
    """Source ids under the key 'source' in value's dicts and lists (a;b holds two), as far
    as depth levels down: what a page's rows may cite."""
    found: set[str] = set()
    if depth <= 0:
        return found
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "source" and isinstance(item, str):
                found.update(s for s in item.split(";") if s)
            elif isinstance(item, dict | list | tuple):
                found |= cited_sources(item, depth - 1)
    elif isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, dict | list | tuple):
                found |= cited_sources(item, depth - 1)
    return found


def signed_in(request: Request) -> bool:
    """True if the browser holds a live session in its cookie."""
    return session.reviewer(request) is not None


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request, conn: Conn) -> HTMLResponse:
    return render(request, "overview.html", "overview", **views.overview(conn))


@router.get("/trade", response_class=HTMLResponse)
def trade_page(
    request: Request,
    conn: Conn,
    subject: Annotated[str, Query(max_length=300)] = views.SUBJECT,
    partner: Annotated[str, Query(max_length=300)] = "China",
) -> HTMLResponse:
    return render(
        request,
        "trade.html",
        "trade",
        subject=subject,
        partner=partner,
        **views.trade_page(conn, subject, partner),
    )


@router.get("/index", response_class=HTMLResponse)
def index_page(
    request: Request,
    conn: Conn,
    subject: Annotated[str, Query(max_length=300)] = views.SUBJECT,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
) -> HTMLResponse:
    params = request.query_params.multi_items()
    context = index_view.index_context(conn, subject, year, params)
    return render(request, "index.html", "index", year=year, **context)


@router.get("/actors/{name}", response_class=HTMLResponse)
def actor_page(request: Request, conn: Conn, name: str) -> HTMLResponse:
    dossier = pages.actor_dossier(conn, name)
    dossier["claims"] = [views.figure(r) for r in dossier["claims"]]
    return render(request, "actor.html", "actors", **dossier)


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, conn: Conn, source_id: str) -> HTMLResponse:
    return render(request, "source.html", "sources", **views.source_page(conn, source_id))


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, conn: Conn, claim_id: str) -> HTMLResponse:
    return render(request, "claim.html", "claims", **views.claim_page(conn, claim_id))


@router.get("/facts/{fact_id}", response_class=HTMLResponse)
def fact_page(request: Request, conn: Conn, fact_id: str) -> HTMLResponse:
    fact = actions.get_fact(conn, fact_id)
    return render(request, "fact.html", "facts", fact=fact, verdict=figures.verdict_name(fact))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, conn: Conn, q: Text = None) -> HTMLResponse:
    hits = views.search(conn, q) if q and q.strip() else []
    return render(request, "search.html", "search", q=q or "", hits=hits)


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, conn: Conn, done: Text = None) -> HTMLResponse:
    if not signed_in(request):
        return render(request, "login.html", "review", failed=False)
    return render(request, "review.html", "review", done=done, **views.review_queue(conn))


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    # The token is taken only by POST: in a URL it would land in logs, history and Referer.
    return render(request, "login.html", "review", failed=False)


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, token: Annotated[str, Form(max_length=300)]) -> Response:
    return _sign_in(request, token)


def _sign_in(request: Request, token: str) -> Response:
    session_id = session.sign_in(request, token)
    if session_id is None:
        page = render(request, "login.html", "review", failed=True)
        page.status_code = 401
        return page
    response = RedirectResponse("/review", status_code=303)
    # SameSite=Strict: another site cannot post review actions with this cookie.
    response.set_cookie(COOKIE, session_id, httponly=True, samesite="strict")
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    session.sign_out(request)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE)
    return response


def _require_cookie(request: Request) -> str:
    who = session.reviewer(request)
    if who is None:
        from fastapi import HTTPException

        raise HTTPException(401, "Sign in with the write token first (see /review).")
    return who


# Before the verdict route: '/review/{id}/{verdict}' would take '/edit' and answer 422.
@router.post("/review/{claim_id}/edit")
async def review_edit(request: Request, claim_id: str) -> Response:
    who = _require_cookie(request)
    form = await request.form()
    changes: dict[str, Any] = {}
    fields = ("metric", "value", "value_max", "unit", "period", "subject", "partner")
    for name in (*fields, "entity", "object"):
        value = str(form.get(name) or "").strip()
        if value:
            changes[name] = value
    why = str(form.get("why") or "").strip() or None
    with pipeline.connect(request.app.state.engine) as conn:
        actions.edit_claim(conn, claim_id, changes, who=who, why=why)
    return RedirectResponse(f"/review?done={quote(claim_id)}", status_code=303)


@router.post("/review/{claim_id}/{verdict}")
def review_action(
    request: Request,
    claim_id: str,
    verdict: Literal["accept", "reject"],
    why: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    who = _require_cookie(request)
    # Committed before the redirect: a request-scoped connection may commit only after the
    # response is sent, and the page the browser is sent to must show the decision.
    with pipeline.connect(request.app.state.engine) as conn:
        actions.review_claim(conn, claim_id, verdict, who=who, why=why)
    return RedirectResponse(f"/review?done={quote(claim_id)}", status_code=303)


@router.get("/{slug}", response_class=HTMLResponse)
def domain_page(request: Request, conn: Conn, slug: str, actor: Text = None) -> HTMLResponse:
    return render(request, "domain.html", slug, **views.domain_page(conn, slug, actor=actor))
