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
        # Sorted, so two writers that share several keys always take them in the same order;
        # in one statement (unnest keeps the array's order), as a batch of 50 documents has
        # a hundred keys and a round trip each cost more than storing the batch.
        keys = sorted({_key(n) for n in names if n})
        if keys:
            conn.execute(
                text(
                    "SELECT count(pg_advisory_xact_lock(k.key)) FROM "
                    "unnest(CAST(:keys AS bigint[])) AS k(key)"
                ),
                {"keys": keys},
            )
        return
    # SQLite has one write lock: a write that touches nothing takes it now, so the checks
    # for an existing source that follow see every committed document.
    conn.execute(delete(t.ingest_issues).where(t.ingest_issues.c.id < 0))
