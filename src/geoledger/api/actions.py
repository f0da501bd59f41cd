"""Review actions shared by the API and the dashboard's review page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from geoledger import store
from geoledger.analysis.periods import parse_period
from geoledger.errors import ConflictingWrite, InvalidInput
from geoledger.models import METRICS, Claim

VERDICTS = {"accept": "accepted", "reject": "rejected"}


def _check(fields: dict[str, Any]) -> None:
    metric = fields.get("metric")
    if metric is not None and metric not in METRICS:
        raise InvalidInput(f"Unknown metric '{metric}': use one of {', '.join(METRICS)}.")
    if fields.get("period"):
        parse_period(fields["period"])


def add_claim(conn: Connection, fields: dict[str, Any], *, who: str, why: str | None) -> Claim:
    """Store a claim a person typed in, as a candidate; offsets must fall inside its source."""
    _check(fields)
    source = store.get_source(conn, fields.pop("source"))
    start, end = fields.get("start"), fields.get("end")
    if (start is None) != (end is None):
        raise InvalidInput("Give both start and end, or neither.")
    if start is not None and end is not None:
        size = len(source.text or "")
        if not start < end <= size:
            raise InvalidInput(f"Span {start}-{end} is not inside source '{source.id}' ({size}).")
        fields["surface"] = fields.get("surface") or (source.text or "")[start:end]
    claim = Claim(**fields, source_id=source.id, doc=source.id, origin="entered", made_by=who)
    claim = Claim(**{**_as_dict(claim), "id": store.claim_id_for(source.id, claim)})
    if not store.save_claim(conn, claim, who=who, why=why):
        raise ConflictingWrite(f"Claim '{claim.id}' is already in the ledger.")
    return store.get_claim(conn, claim.id or "")


def _as_dict(claim: Claim) -> dict[str, Any]:
    return {name: getattr(claim, name) for name in claim.__slots__}


def review_claim(
    conn: Connection, claim_id: str, verdict: str, *, who: str, why: str | None
) -> Claim:
    """Accept or reject one claim, logging who and why."""
    status = VERDICTS[verdict]
    return store.update_claim(conn, claim_id, {"status": status}, who=who, action=verdict, why=why)


def edit_claim(
    conn: Connection, claim_id: str, changes: dict[str, Any], *, who: str, why: str | None
) -> Claim:
    """Correct fields of one claim; its history keeps the old values."""
    if not changes:
        raise InvalidInput("Nothing to change: give at least one field.")
    _check(changes)
    return store.update_claim(conn, claim_id, changes, who=who, action="edit", why=why)
