"""Keeping the ledger: verify the audit chain, back up and restore everything."""

from __future__ import annotations

from sqlalchemy import Engine

from geoledger.store.audit import AuditCheck, verify_chain


def verify_audit(engine: Engine) -> AuditCheck:
    """Recompute the audit log's hash chain in one read transaction."""
    with engine.connect() as conn:
        return verify_chain(conn)
