"""Review actions shared by the API and the dashboard: thin calls into pipeline.review."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from geoledger import store
from geoledger.errors import NotFound
from geoledger.models import Claim
from geoledger.pipeline import review
from geoledger.pipeline.review import fact_id


def add_claim(conn: Connection, fields: dict[str, Any], *, who: str) -> tuple[Claim, bool]:
    """Store a claim a person typed in, as a candidate; (claim, created)."""
    fields = {k: v for k, v in fields.items() if v is not None}
    claim_id, created = review.add_claim(
        conn,
        metric=fields.pop("metric"),
        value=fields.pop("value"),
        unit=fields.pop("unit"),
        source=fields.pop("source"),
        who=who,
        fields=fields,
    )
    return store.get_claim(conn, claim_id), created


def review_claim(
    conn: Connection, claim_id: str, verdict: str, *, who: str, why: str | None
) -> Claim:
    """Accept or reject one claim, logging who and why (a rejection needs a why)."""
    if verdict == "accept":
        return review.accept_claim(conn, claim_id, who=who, why=why)[0]
    return review.reject_claim(conn, claim_id, who=who, why=why)[0]


def edit_claim(
    conn: Connection, claim_id: str, changes: dict[str, Any], *, who: str, why: str | None
) -> Claim:
    """Correct fields of one claim; its history keeps the old values."""
    return review.edit_claim(conn, claim_id, changes, who=who, why=why)[0]


def with_ids(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records with their id first."""
    return [{"id": fact_id(r), **r} for r in records]


def get_fact(conn: Connection, wanted: str) -> dict[str, Any]:
    """One fact by its id; NotFound names it."""
    record = review.get_fact_record(conn, wanted)
    if record is None:
        raise NotFound(f"No fact '{wanted}'. See 'geoledger facts'.")
    return {"id": wanted, **record}


def fact_of_claims(conn: Connection, claim_ids: list[str]) -> dict[str, str]:
    """Claim id -> the id of the fact it is a version of, for these claims."""
    return review.facts_of_claims(conn, claim_ids)
