"""The audit log's hash chain: every entry seals the one before it, so a changed row shows."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, text

from geoledger.store import schema as t

# Key of the PostgreSQL advisory lock that makes appends to the chain take turns ("audi").
AUDIT_LOCK = 0x61756469
FIELDS = ("claim_id", "at", "who", "action", "before", "after", "why")


def entry_hash(prev_hash: str | None, entry_id: int, entry: dict[str, Any]) -> str:
    """The sha256 that seals one entry: its id, its fields and the hash of the entry before."""
    basis = [prev_hash or "", entry_id, *(entry.get(name) for name in FIELDS)]
    payload = json.dumps(basis, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append_entries(conn: Connection, entries: Sequence[dict[str, Any]]) -> None:
    """Append entries (claim_id, at, who, action, before, after, why) to the chain, in order."""
    if not entries:
        return
    if conn.dialect.name == "postgresql":
        # Held to the end of the transaction: two writers never both extend the same head.
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
    # On SQLite every caller has written already, so it holds the one write lock.
    last = conn.execute(
        select(t.audit_log.c.id, t.audit_log.c.hash).order_by(t.audit_log.c.id.desc()).limit(1)
    ).first()
    entry_id, prev = (last.id, last.hash) if last else (0, None)
    rows = []
    for entry in entries:
        entry_id += 1
        prev = entry_hash(prev, entry_id, entry)
        rows.append({**{name: entry.get(name) for name in FIELDS}, "id": entry_id, "hash": prev})
    conn.execute(insert(t.audit_log), rows)


@dataclass(frozen=True, slots=True)
class AuditCheck:
    """What `audit verify` found: entries read, the head hash, and the first broken entry."""

    entries: int
    head: str | None
    broken: str | None


def _rows(conn: Connection, batch: int = 5000) -> Iterator[Any]:
    after = 0
    while True:
        page = conn.execute(
            select(t.audit_log)
            .where(t.audit_log.c.id > after)
            .order_by(t.audit_log.c.id)
            .limit(batch)
        ).all()
        if not page:
            return
        yield from page
        after = page[-1].id


def verify_chain(conn: Connection) -> AuditCheck:
    """Recompute every entry's hash in order; name the first that does not match or is missing."""
    prev: str | None = None
    expected_id = 1
    entries = 0
    for row in _rows(conn):
        entries += 1
        where = f"Audit entry {row.id} (claim {row.claim_id}, {row.action} by {row.who})"
        if row.id != expected_id:
            return AuditCheck(
                entries, prev, f"Audit entries {expected_id}–{row.id - 1} are missing."
            )
        if row.hash != entry_hash(prev, row.id, row._mapping):
            return AuditCheck(entries, prev, f"{where} does not match its hash: it was changed.")
        prev = row.hash
        expected_id += 1
    total = conn.execute(select(func.count()).select_from(t.audit_log)).scalar_one()
    if total != entries:  # pragma: no cover - ids are unique, so only a race could differ
        return AuditCheck(entries, prev, "The audit log changed while it was checked.")
    return AuditCheck(entries, prev, None)
