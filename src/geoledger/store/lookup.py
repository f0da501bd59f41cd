"""Narrow reads for checking a text: only the claims its figures could match."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from geoledger.models import Claim
from geoledger.store import schema as t
from geoledger.store.ledger import _claim


def list_claims_for_keys(
    conn: Connection, metric_periods: Iterable[tuple[str, str | None]]
) -> list[Claim]:
    """Claims whose (metric, period) is one of metric_periods; a None period matches undated."""
    c = t.claims.c
    by_metric: dict[str, set[str | None]] = {}
    for metric, period in metric_periods:
        by_metric.setdefault(metric, set()).add(period)
    claims: list[Claim] = []
    # One plain query per metric and per kind of period, each served by ix_claims_metric_period.
    for metric, periods in sorted(by_metric.items()):
        dated = sorted(p for p in periods if p is not None)
        if dated:
            query = select(t.claims).where(c.metric == metric, c.period.in_(dated))
            claims.extend(_claim(row) for row in conn.execute(query))
        if None in periods:
            query = select(t.claims).where(c.metric == metric, c.period.is_(None))
            claims.extend(_claim(row) for row in conn.execute(query))
    claims.sort(key=lambda claim: (claim.source_id or "", claim.start or -1, claim.id or ""))
    return claims
