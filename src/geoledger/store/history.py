"""Changes to claims after they are stored: locked, versioned, and logged, never lost."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select, update

from geoledger.errors import ConflictingWrite, InvalidInput, NotFound
from geoledger.models import Claim
from geoledger.store import schema as t
from geoledger.store.ledger import (
    CLAIM_COLUMNS,
    claim_version,
    get_claim,
    log_change,
    mark_dirty,
    now_utc,
)


def update_claim(
    conn: Connection,
    claim_id: str,
    changes: dict[str, Any],
    *,
    who: str,
    action: str,
    why: str | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Apply changes to one claim and log them; a stale expected_version raises ConflictingWrite."""
    bad = set(changes) - (set(CLAIM_COLUMNS) - {"id", "created_at", "updated_at", "origin"})
    if bad:
        raise InvalidInput(f"Cannot change claim field(s): {', '.join(sorted(bad))}.")
    current = get_claim(conn, claim_id)
    version = claim_version(conn, claim_id) if expected_version is None else expected_version
    before = {k: getattr(current, k) for k in changes}
    stamp = now_utc()
    result = conn.execute(
        update(t.claims)
        .where(t.claims.c.id == claim_id, t.claims.c.version == version)
        .values(**changes, updated_at=stamp, version=version + 1)
    )
    if result.rowcount != 1:
        raise ConflictingWrite(
            f"Claim '{claim_id}' was changed by someone else meanwhile; look again and retry."
        )
    log_change(conn, claim_id, who=who, action=action, before=before, after=changes, why=why)
    mark_dirty(conn, claims=[claim_id])
    return get_claim(conn, claim_id)


def list_recent_reviews(conn: Connection, *, limit: int = 10) -> list[dict[str, Any]]:
    """The latest review actions (accept, reject, edit, restore) on any claim, newest first."""
    rows = conn.execute(
        select(t.audit_log)
        .where(t.audit_log.c.action != "create")
        .order_by(t.audit_log.c.id.desc())
        .limit(limit)
    )
    return [
        {
            "claim": r.claim_id,
            "at": r.at,
            "who": r.who,
            "action": r.action,
            "before": json.loads(r.before) if r.before else None,
            "after": json.loads(r.after) if r.after else None,
            "why": r.why,
        }
        for r in rows
    ]


def list_history(conn: Connection, claim_id: str) -> list[dict[str, Any]]:
    """The audit log of one claim, oldest first."""
    get_claim(conn, claim_id)
    rows = conn.execute(
        select(t.audit_log).where(t.audit_log.c.claim_id == claim_id).order_by(t.audit_log.c.id)
    )
    return [
        {
            "at": r.at,
            "who": r.who,
            "action": r.action,
            "before": json.loads(r.before) if r.before else None,
            "after": json.loads(r.after) if r.after else None,
            "why": r.why,
        }
        for r in rows
    ]


def lock_claim(conn: Connection, claim_id: str) -> int:
    """Take the write lock on one claim for this transaction and return its current version."""
    # A no-op write makes SQLite take its write lock now (waiting out busy_timeout) and makes
    # PostgreSQL lock the row, so the version read next cannot go stale before we write.
    result = conn.execute(
        update(t.claims).where(t.claims.c.id == claim_id).values(version=t.claims.c.version)
    )
    if result.rowcount != 1:
        raise NotFound(f"No claim '{claim_id}'. See 'geoledger claims'.")
    return claim_version(conn, claim_id)


def list_acceptances(conn: Connection) -> dict[str, str]:
    """Claim id -> who last accepted it, from the audit log."""
    rows = conn.execute(
        select(t.audit_log.c.claim_id, t.audit_log.c.who)
        .where(t.audit_log.c.action == "accept")
        .order_by(t.audit_log.c.id)
    )
    return {claim_id: who for claim_id, who in rows}


def corrected_claim_ids(conn: Connection) -> frozenset[str]:
    """Ids of claims a person edited after they were stated: accepted ones show as corrected."""
    rows = conn.execute(
        select(t.audit_log.c.claim_id).where(t.audit_log.c.action == "edit").distinct()
    )
    return frozenset(r[0] for r in rows)
