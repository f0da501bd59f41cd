"""Check a text against the ledger: extract its figures, store nothing, judge each one.

Only the ledger's claims that a figure could match are read (same metric and period, or
undated), so a check costs the size of the text, not of the ledger.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from geoledger import reconcile, store
from geoledger.errors import DocumentRefused
from geoledger.extract import Gazetteer, extract_claims
from geoledger.ingest.read import read_document
from geoledger.models import Claim, Document, Extraction
from geoledger.pipeline import usd_of
from geoledger.pipeline.ingest import DocumentResult, store_document
from geoledger.pipeline.review import (
    _usd,
    fact_id,
    fact_record,
    name_map,
    sentence_around,
    versions_of,
)
from geoledger.reconcile.figures import FactKey, Version
from geoledger.reconcile.textcheck import TEXT_VERDICTS, FigureCheck, judge_figure

CHECK_MAX_BYTES = 20 * 1024 * 1024  # a draft or an article, not a corpus


@dataclass(frozen=True, slots=True)
class TextCheck:
    """Every figure of one document with its verdict; the document itself is not stored."""

    doc: Document
    checks: list[FigureCheck]
    extraction: Extraction

    def counts(self) -> dict[str, int]:
        """How many figures got each verdict, every verdict listed."""
        found = Counter(c.verdict for c in self.checks)
        return {verdict: found.get(verdict, 0) for verdict in TEXT_VERDICTS}


def read_input(raw: bytes, name: str, *, max_bytes: int = CHECK_MAX_BYTES) -> Document:
    """A Document from bytes given on standard input or uploaded, refused as a file would be."""
    if len(raw) > max_bytes:
        # Refused before anything is written to disk.
        limit = max_bytes / (1024 * 1024)
        raise DocumentRefused(name, f"too large to check ({len(raw):,} bytes > {limit:g} MB limit)")
    suffix = Path(name).suffix.lower() or ".txt"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(raw)
        try:
            doc = read_document(path, max_bytes=max_bytes)
        except DocumentRefused as refusal:
            raise DocumentRefused(name, refusal.reason) from None
    return replace(doc, name=Path(name).name or "input", path=None)


def _text_version(doc: Document, claim: Claim, number: int) -> Version:
    """A figure of the text as a version: an id of its own, its USD value, its sentence."""
    conversion = usd_of(claim)
    context = None
    if claim.start is not None and claim.end is not None:
        context = "".join(sentence_around(doc.text, claim.start, claim.end))
    return Version(
        claim=replace(claim, id=f"t{number}", source_id=None),
        usd=None if conversion is None else conversion.amount_usd,
        usd_max=None if conversion is None else _usd(claim.value_max, claim.unit, claim.period),
        rate_date=None if conversion is None else conversion.rate_date,
        source_title=doc.title,
        context=context,
    )


def check_document(conn: Connection, doc: Document, *, gazetteer: Gazetteer) -> TextCheck:
    """Extract doc's figures and judge each against the ledger's fact with the same key."""
    extraction = extract_claims(doc, gazetteer=gazetteer)
    names = name_map(conn)
    figures = [_text_version(doc, c, n) for n, c in enumerate(extraction.claims, 1)]
    keys = [reconcile.key_of(v.claim, names) for v in figures]
    wanted = {(key.metric, key.period) for key in keys}
    # Only claims of the same key can be versions of a figure's fact: keep those before the
    # costly part (USD conversion, sources), so a large ledger costs its matches, not its size.
    same_key = set(keys)
    candidates = store.list_claims_for_keys(conn, wanted)
    ledger = versions_of(conn, [c for c in candidates if reconcile.key_of(c, names) in same_key])
    facts: dict[FactKey, reconcile.Fact] = {
        fact.key: fact for fact in reconcile.group_facts(ledger, names)
    }
    checks = [judge_figure(v, key, facts.get(key)) for v, key in zip(figures, keys, strict=True)]
    return TextCheck(doc=doc, checks=checks, extraction=extraction)


def figure_record(check: FigureCheck) -> dict[str, Any]:
    """One figure's verdict as JSON: what the text says, the verdict, and the evidence."""
    claim = check.figure.claim
    record: dict[str, Any] = {
        "start": claim.start,
        "end": claim.end,
        "surface": claim.surface,
        "value": claim.value,
        "value_max": claim.value_max,
        "unit": claim.unit,
        "usd": check.figure.usd,
        "qualifier": claim.qualifier,
        "measure": claim.measure,
        "key": check.key.as_dict(),
        "verdict": check.verdict,
        "reason": check.reason,
        "unclear": list(check.unclear),
        "compared_in": check.scale,
        "difference": check.difference,
        "difference_pct": None if check.difference_pct is None else round(check.difference_pct, 2),
        "fact": None,
        "evidence": [],
    }
    if check.fact is not None:
        record["fact"] = fact_id(fact_record(check.fact))
        record["fact_verdict"] = check.fact.verdict
        record["evidence"] = [
            {
                "claim": c.version.id,
                "relation": c.relation,
                "value": c.version.claim.value,
                "value_max": c.version.claim.value_max,
                "unit": c.version.claim.unit,
                "usd": c.version.usd,
                "qualifier": c.version.claim.qualifier,
                "status": c.version.claim.status,
                "source": c.version.claim.source_id,
                "source_title": c.version.source_title,
                "source_url": c.version.source_url,
                "accepted_by": c.version.accepted_by,
                "best": check.fact.best is c.version,
            }
            for c in check.comparisons
        ]
    return record


def check_report(result: TextCheck) -> dict[str, Any]:
    """The whole check as JSON: the document, the counts and every figure."""
    doc = result.doc
    return {
        "document": {
            "name": doc.name,
            "title": doc.title,
            "published_on": doc.published_on,
            "kind": doc.kind,
            "characters": len(doc.text),
        },
        "rule": reconcile.TEXTCHECK_RULE,
        "counts": result.counts(),
        "figures": [figure_record(c) for c in result.checks],
        "issues": [{"code": i.code, "message": i.message} for i in result.extraction.issues],
    }


def ingest_checked(conn: Connection, result: TextCheck) -> tuple[bool, int]:
    """Store a checked document as a source with its candidate claims; (new?, claims stored)."""
    stored = DocumentResult(path=result.doc.name, doc=result.doc, extraction=result.extraction)
    new, claims, _proposed = store_document(conn, stored)
    return new, claims
