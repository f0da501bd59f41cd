"""Locks that make two writers of the same document take turns instead of colliding."""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, delete, text

from geoledger.store import schema as t


def _key(name: str) -> int:
    """A signed 64-bit advisory-lock key for name (stable across processes)."""
    return int.from_bytes(
        hashlib.sha256(name.encode("utf-8", "surrogatepass")).digest()[:8], "big", signed=True
    )


def lock_document(conn: Connection, *names: str | None) -> None:
    """Hold, to the end of this transaction, the locks of a document's names and content hash."""
    if conn.dialect.name == "postgresql":
        # Sorted, so two writers that share several keys always take them in the same order.
        for key in sorted({_key(n) for n in names if n}):
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        return
    # SQLite has one write lock: a write that touches nothing takes it now, so the checks
    # for an existing source that follow see every committed document.
    conn.execute(delete(t.ingest_issues).where(t.ingest_issues.c.id < 0))
