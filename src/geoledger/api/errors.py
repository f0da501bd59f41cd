"""One error shape, {"detail": ..., "code": ...}, for every failure the app answers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from geoledger.errors import ConflictingWrite, GeoledgerError, InvalidInput, NotFound

log = logging.getLogger("geoledger.api")

CODES = {
    400: "invalid_input",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "too_slow",
    409: "conflict",
    413: "too_large",
    422: "invalid_request",
    500: "internal_error",
}

# Renders an HTML error page for browser routes; set by the web package when mounted.
HtmlRenderer = Callable[[Request, int, str], Response]


def status_of(exc: GeoledgerError) -> int:
    """The HTTP status a library error stands for."""
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, ConflictingWrite):
        return 409
    if isinstance(exc, InvalidInput):
        return 400
    return 500


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path in ("/openapi.json", "/docs", "/redoc"):
        return False
    return getattr(request.app.state, "render_error", None) is not None


def error_response(request: Request, status: int, detail: str, code: str | None = None) -> Response:
    """JSON {"detail", "code"} for the API; the error page for the dashboard."""
    if _wants_html(request):
        return request.app.state.render_error(request, status, detail)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    body = {"detail": detail, "code": code or CODES.get(status, f"http_{status}")}
    return JSONResponse(body, status_code=status, headers=headers)


def _validation_detail(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "The request is not valid."


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception through error_response."""

    @app.exception_handler(GeoledgerError)
    async def _library(request: Request, exc: GeoledgerError) -> Response:
        status = status_of(exc)
        if status == 500:
            log.error("ledger error on %s: %s", request.url.path, exc)
        return error_response(request, status, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail: Any = exc.detail
        return error_response(request, exc.status_code, str(detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, _validation_detail(exc))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "Internal error; the server log has the details.")
