"""Rules every view shares about figures: which count in headlines, how conflicts are named."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection

from geoledger import store
from geoledger.store import ClaimFilter

# headline.v1: headline views and the index count accepted figures (a corrected figure is an
# accepted one a reviewer edited); candidates nobody checked are shown, marked, never counted;
# rejected figures are never shown in headlines.
COUNTED = frozenset({"accepted", "corrected"})
SHOWN = frozenset({"accepted", "corrected", "candidate"})

# Conflict kinds in the order people should read them.
CONFLICT_KINDS = ("conflict", "related-not-comparable", "consistent")
CONFLICT_NAMES = {
    "conflict": "conflicts",
    "related-not-comparable": "related but not comparable",
    "consistent": "agree within rounding",
}


def counts_in_headline(status: str | None) -> bool:
    """True if a figure of this status may stand in a headline view or the index."""
    return status in COUNTED


def headline_figure(records: Iterable[dict[str, Any]], key: Any) -> dict[str, Any] | None:
    """The latest counted figure by key; a candidate only where no counted one exists."""
    shown = [r for r in records if (r.get("figure_status") or r.get("status")) in SHOWN]
    counted = [r for r in shown if counts_in_headline(r.get("figure_status") or r.get("status"))]
    pool = counted or shown
    return max(pool, key=key) if pool else None


def conflict_summary(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """How many open disagreements of each kind: [{verdict, name, count}], conflicts first."""
    found = Counter(r.get("verdict") for r in rows)
    return [
        {"verdict": v, "name": CONFLICT_NAMES[v], "count": found[v]}
        for v in CONFLICT_KINDS
        if found[v]
    ]


def conflict_heading(record: dict[str, Any]) -> str:
    """A conflict's key as one line of words: metrics and periods joined, never a list repr."""
    key = record.get("key") or {}
    words = {}
    for name in ("metric", "subject", "partner", "entity", "object", "period"):
        value = key.get(name)
        if isinstance(value, list | tuple):
            value = " | ".join(str(v) if v is not None else "—" for v in value)
        words[name] = value
    parts = [words["metric"], parties({**key, **words}), words["entity"], words["object"]]
    return " ".join(str(p) for p in (*parts, words["period"]) if p)


def verdict_name(record: dict[str, Any]) -> str:
    """A fact's or conflict's verdict; a fact with one version is single-source, not consistent."""
    verdict = str(record.get("verdict") or "")
    if verdict == "consistent" and len(record.get("versions") or []) == 1:
        return "single-source"
    return verdict


def with_claim_ranges(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give versions that name a claim (an event's do) the claim's range and qualifier."""
    wanted = {v["claim"] for r in rows for v in r.get("versions", []) if v.get("claim")}
    claims = {c.id: c for c in store.list_claims(conn, ClaimFilter(ids=sorted(wanted)))}
    for row in rows:
        for version in row.get("versions", []):
            claim = claims.get(version.get("claim"))
            if claim is not None and "value_max" not in version:
                version["value_max"] = claim.value_max
                version.setdefault("qualifier", claim.qualifier)
    return rows


# flow.v1: which way money or goods move, by the roles the metric gives subject and partner.
# (metric prefix, who gives): the other side receives.
_FLOWS = (
    ("investment", "partner"),  # investor (partner, or its company) → host (subject)
    ("loan", "partner"),  # lender → borrower
    ("finance", "partner"),
    ("aid", "partner"),  # donor → recipient
    ("trade.exports", "subject"),  # exporter → buyer
    ("trade.imports", "partner"),
)


def flow(record: dict[str, Any]) -> tuple[str, str] | None:
    """(from, to) as the claim's roles say, or None where nothing flows (shares, counts)."""
    metric = str(record.get("metric") or "")
    subject, partner = record.get("subject"), record.get("partner")
    if not subject or not partner or isinstance(subject, list) or isinstance(partner, list):
        return None
    for prefix, giver in _FLOWS:
        if metric == prefix or metric.startswith(prefix + "."):
            giving = record.get("entity") or partner if giver == "partner" else subject
            return (giving, subject) if giver == "partner" else (subject, partner)
    return None


def parties(record: dict[str, Any]) -> str:
    """Subject and partner as words: 'China → Serbia' where money flows, else 'Serbia · China'."""
    found = flow(record)
    if found is not None:
        return f"{found[0]} → {found[1]}"
    names = [str(record[k]) for k in ("subject", "partner") if record.get(k)]
    return " · ".join(names)


def security_ties(index: dict[str, Any]) -> dict[str, set[str]]:
    """Partner -> the events the index counts as security cooperation (ties.v1)."""
    evidence = index.get("evidence") or {}
    ties: dict[str, set[str]] = {}
    for partner in index["partners"]:
        found = ties.setdefault(partner["partner"], set())
        for domain in partner["domains"]:
            if domain["domain"] != "security":
                continue
            for indicator in domain["indicators"]:
                for item in indicator["evidence"]:
                    if evidence.get(item, {}).get("type", "event") == "event":
                        found.add(item)
    return ties
