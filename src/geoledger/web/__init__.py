"""The dashboard: server-rendered pages and their static files, served by the API app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from geoledger.report.format import amount, claim_amount, short_number, usd
from geoledger.web import views

HERE = Path(__file__).parent


def make_templates() -> Jinja2Templates:
    """The page templates, with the number formatters as filters."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.filters.update(
        short=short_number,
        amount=lambda v, unit=None: amount(v, unit),
        claim_amount=claim_amount,
        usd=usd,
    )
    env.globals.update(
        claim_href=views.claim_href,
        source_href=views.source_href,
        actor_href=views.actor_href,
        claims_href=views.claims_href,
        domains=views.DOMAINS,
        language_names=views.LANGUAGE_NAMES,
    )
    return templates


def install_web(app: FastAPI) -> None:
    """Mount the dashboard's pages and /static on app, and its HTML error page."""
    from geoledger.web import check_page, pages

    templates = make_templates()
    app.state.templates = templates

    def render_error(request: Request, status: int, detail: str) -> HTMLResponse:
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "detail": detail, "page": "error"},
            status_code=status,
        )

    app.state.render_error = render_error
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    # Before pages: its '/{slug}' route would take '/check'.
    app.include_router(check_page.router)
    app.include_router(pages.router)
