"""The dashboard: server-rendered pages and their static files, served by the API app."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup, escape

from geoledger.numbers import amount, claim_amount, grouped, short_number, usd
from geoledger.pipeline import figures
from geoledger.web import views

HERE = Path(__file__).parent
CLI_HINT = re.compile(r"\s*(?:See|Run|Use|Try) '?geoledger [^.]*\.")


def make_templates() -> Jinja2Templates:
    """The page templates, with the number formatters as filters."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.filters.update(
        short=short_number,
        amount=lambda v, unit=None: amount(v, unit),
        claim_amount=claim_amount,
        usd=usd,
        grouped=grouped,
    )
    env.globals.update(
        claim_href=views.claim_href,
        source_href=views.source_href,
        actor_href=views.actor_href,
        claims_href=views.claims_href,
        domains=views.DOMAINS,
        amt=linked_amount,
        cite=cite,
        parties=figures.parties,
        language_names=views.LANGUAGE_NAMES,
    )
    return templates


@pass_context
def cite(context: Any, source_id: str, *, long: bool = False, claim: str | None = None) -> Markup:
    """A link to a source named as people cite it: title, outlet and date, never a file name."""
    known = context.get("source_meta")
    meta = (known[source_id] if known is not None else {}) or {}
    title = meta.get("title") or "untitled source"
    date = meta.get("published_on")
    outlet = meta.get("outlet")
    short = ", ".join(p for p in (outlet or _short_title(title), date) if p)
    full = ", ".join(p for p in (title, outlet, meta.get("author"), date) if p)
    text = full if long else short
    return Markup(
        f'<a class="cite" href="{escape(views.source_href(source_id, claim))}" '
        f'title="{escape(full)}">'
        f"{escape(text)}</a>"
    )


def _short_title(title: str) -> str:
    words = title.split()
    return title if len(words) <= 5 else " ".join(words[:5]) + " …"


def linked_amount(text: str, claim: str, field: str = "value") -> Markup:
    """An amount linked to its claim, saying which of the claim's fields it shows."""
    return Markup(
        f'<a class="num" href="{escape(views.claim_href(claim))}" data-claim="{escape(claim)}" '
        f'data-field="{escape(field)}">{escape(text)}</a>'
    )


def install_web(app: FastAPI) -> None:
    """Mount the dashboard's pages and /static on app, and its HTML error page."""
    from geoledger.web import check_page, pages, tables

    templates = make_templates()
    app.state.templates = templates

    def render_error(request: Request, status: int, detail: str) -> HTMLResponse:
        # Library messages point at the CLI ("See 'geoledger claims'."); a page points at pages.
        detail = CLI_HINT.sub("", detail)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "detail": detail, "page": "error"},
            status_code=status,
        )

    app.state.render_error = render_error
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    install_docs(app)
    # Before pages: its '/{slug}' route would take '/check'.
    app.include_router(check_page.router)
    app.include_router(tables.router)
    app.include_router(pages.router)


SWAGGER = "/static/vendor/swagger-ui"


def install_docs(app: FastAPI) -> None:
    """Serve the interactive API docs at /docs from the vendored Swagger UI, with no CDN."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} API",
            swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
            oauth2_redirect_url="/docs/oauth2-redirect",
        )

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    def docs_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()
