"""Dashboard sign-in: a token buys a session; the cookie holds the session id, never the token."""

from __future__ import annotations

from fastapi import Request

from geoledger.api.write import reviewer_for_token
from geoledger.auth import tokens

COOKIE = "geoledger_session"


def reviewer(request: Request) -> str | None:
    """The reviewer signed in on this browser, or None."""
    session_id = request.cookies.get(COOKIE)
    if not session_id or len(session_id) > 100:
        return None
    with request.app.state.engine.connect() as conn:
        return tokens.session_reviewer(conn, session_id)


def sign_in(request: Request, token: str) -> str | None:
    """A new session id for the reviewer whose token this is, or None for a wrong token."""
    found = reviewer_for_token(request, token)
    if found is None:
        return None
    with request.app.state.engine.begin() as conn:
        return tokens.open_session(conn, found[1], found[0])


def sign_out(request: Request) -> None:
    """End this browser's session, if any."""
    session_id = request.cookies.get(COOKIE)
    if session_id:
        with request.app.state.engine.begin() as conn:
            tokens.close_session(conn, session_id)
