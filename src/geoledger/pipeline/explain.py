"""Why an extracted claim reads as it does: the extractor run again on its stored source."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from geoledger import store
from geoledger.extract import explain_claims
from geoledger.models import Claim, Document
from geoledger.pipeline.ingest import ledger_gazetteer

ATTRIBUTES = ("metric", "period", "subject", "partner", "entity")
# The last gazetteer built, by ledger and its trigger-kept change count: building one reads
# the bundled dataset and every actor, which a claim page would otherwise do on every view.
_gazetteer: dict[str, Any] = {}


def _ledger_gazetteer(conn: Connection) -> Any:
    from geoledger.store.reconciled import ledger_count

    stamp = f"{conn.engine.url} {ledger_count(conn, 'changes')}"
    if _gazetteer.get("stamp") != stamp:
        _gazetteer.update(stamp=stamp, value=ledger_gazetteer(conn))
    return _gazetteer["value"]


def explain_stored_claim(conn: Connection, claim: Claim) -> list[dict[str, Any]] | None:
    """For an extracted claim: each attribute as the extractor reads it now, and the words that
    decided it; None for curated claims and claims whose place in the text is unknown."""
    if claim.origin != "extracted" or claim.start is None or not claim.source_id:
        return None
    source = store.get_source(conn, claim.source_id)
    if not source.text:
        return None
    doc = Document(
        name=claim.doc or source.id,
        text=source.text,
        content_hash=source.content_hash or "",
        published_on=source.published_on,
    )
    found = [
        (c, why)
        for c, why in explain_claims(doc, gazetteer=_ledger_gazetteer(conn))
        if (c.start, c.end) == (claim.start, claim.end)
    ]
    if not found:
        return None
    # 'each' gives one claim per party at one place: the one of this claim's entity.
    extracted, why = next(((c, w) for c, w in found if c.entity == claim.entity), found[0])
    return [
        {
            "attribute": name,
            "value": getattr(extracted, name),
            "why": why[name],
            "changed": getattr(extracted, name) != getattr(claim, name),
        }
        for name in ATTRIBUTES
    ]
