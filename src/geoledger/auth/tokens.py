"""Named reviewer tokens and dashboard sessions, stored as sha256 digests, never in the clear."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, delete, insert, select, update

from geoledger.errors import InvalidInput, NotFound
from geoledger.store import now_utc
from geoledger.store import schema as t

PREFIX = "glt_"
SESSION_HOURS = 12
# Letters, digits and a few separators: a name shows up in the audit log and on pages.
NAME = re.compile(r"[^\W_][\w .@'-]{0,99}")


def digest(secret: str) -> str:
    """The sha256 hex digest under which a token or session id is stored."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A reviewer token as listed: its name, when it was made, and if revoked, when."""

    name: str
    created_at: str
    revoked_at: str | None


def check_name(name: str) -> str:
    """The reviewer name, trimmed; InvalidInput if it is empty, too long or has odd characters."""
    cleaned = name.strip()
    if not NAME.fullmatch(cleaned):
        raise InvalidInput(
            f"Reviewer name {name!r} is not usable: give 1–100 letters, digits, spaces or . @ ' -, "
            "starting with a letter or digit."
        )
    return cleaned


def add_token(conn: Connection, name: str) -> str:
    """Make a token for a named reviewer and return it; only its digest is kept."""
    name = check_name(name)
    if conn.execute(select(t.tokens.c.id).where(t.tokens.c.name == name)).first():
        raise InvalidInput(f"A token named '{name}' exists already; choose another name.")
    token = PREFIX + secrets.token_urlsafe(32)
    conn.execute(insert(t.tokens).values(name=name, token_hash=digest(token), created_at=now_utc()))
    return token


def list_tokens(conn: Connection) -> list[TokenInfo]:
    """Every reviewer token ever made, oldest first."""
    rows = conn.execute(select(t.tokens).order_by(t.tokens.c.id))
    return [TokenInfo(r.name, r.created_at, r.revoked_at) for r in rows]


def revoke_token(conn: Connection, name: str) -> bool:
    """Revoke the named token and end its sessions; False if it already was revoked."""
    row = conn.execute(select(t.tokens).where(t.tokens.c.name == name.strip())).first()
    if row is None:
        raise NotFound(f"No token named '{name}'. See 'geoledger token list'.")
    conn.execute(delete(t.sessions).where(t.sessions.c.token_id == row.id))
    if row.revoked_at:
        return False
    conn.execute(update(t.tokens).where(t.tokens.c.id == row.id).values(revoked_at=now_utc()))
    return True


def reviewer_of(conn: Connection, token: str) -> tuple[int, str] | None:
    """(token id, reviewer name) for a live token, else None."""
    row = conn.execute(
        select(t.tokens.c.id, t.tokens.c.name).where(
            t.tokens.c.token_hash == digest(token), t.tokens.c.revoked_at.is_(None)
        )
    ).first()
    return (row.id, row.name) if row else None


def open_session(conn: Connection, name: str, token_id: int | None) -> str:
    """Start a dashboard session for name and return its id (for the cookie only)."""
    session_id = secrets.token_urlsafe(32)
    now = datetime.now(UTC).replace(microsecond=0)
    conn.execute(
        insert(t.sessions).values(
            id_hash=digest(session_id),
            token_id=token_id,
            name=name,
            created_at=now_utc(),
            expires_at=(now + timedelta(hours=SESSION_HOURS)).isoformat(),
        )
    )
    return session_id


def session_reviewer(conn: Connection, session_id: str) -> str | None:
    """The reviewer a live session belongs to, else None (unknown, expired or revoked)."""
    row = conn.execute(
        select(t.sessions.c.name, t.sessions.c.expires_at).where(
            t.sessions.c.id_hash == digest(session_id)
        )
    ).first()
    if row is None or row.expires_at <= datetime.now(UTC).replace(microsecond=0).isoformat():
        return None
    return str(row.name)


def close_session(conn: Connection, session_id: str) -> None:
    """End a session (sign-out)."""
    conn.execute(delete(t.sessions).where(t.sessions.c.id_hash == digest(session_id)))
