"""The stored reconciliation, refreshed as claims change, says what reconciling the whole
ledger from scratch says: after load, ingest, review, edits that move claims, and claims
added by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from geoledger import pipeline, reconcile, store
from geoledger.pipeline import review, stored
from geoledger.pipeline.ingest import ingest_paths
from geoledger.store import ClaimFilter, make_engine
from geoledger.store import schema as t


def _plain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return json.loads(json.dumps(rows))


def _from_scratch(
    conn: Connection, where: ClaimFilter | None = None, period: str | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(facts, conflicts) as reconciling the whole ledger in memory gives them."""
    result = review.reconcile_ledger(conn)
    wanted = None
    if where is not None or period:
        chosen = pipeline.select_claims(conn, where or ClaimFilter(), period=period)
        wanted = {c.id for c in chosen}

    def touches(versions: Any) -> bool:
        return wanted is None or any(v.id in wanted for v in versions)

    checks: dict[Any, list[Any]] = {}
    for check in result.checks:
        for fact in check.facts:
            checks.setdefault(fact.key, []).append(check)
    facts = [
        review.fact_record(f, checks.get(f.key, ())) for f in result.facts if touches(f.versions)
    ]
    conflicts = [
        review.fact_record(f)
        for f in result.facts
        if f.verdict != reconcile.CONSISTENT and touches(f.versions)
    ]
    conflicts += [
        review.check_record(c)
        for c in result.checks
        if c.verdict == reconcile.CONFLICT and touches([v for f in c.facts for v in f.versions])
    ]
    conflicts += [
        review.relation_record(r)
        for r in result.relations
        if touches([v for f in r.facts for v in f.versions])
    ]
    conflicts += [
        review.event_conflict_record(e)
        for e in result.events
        if touches([c for v in e.versions for c in v.claims])
    ]
    return _plain(facts), _plain(conflicts)


def _assert_same(engine: Any) -> int:
    with pipeline.connect(engine) as conn:
        facts, conflicts = _from_scratch(conn)
        assert review.list_facts(conn) == facts
        assert review.list_conflicts(conn) == conflicts
        assert review.count_facts(conn) == len(facts)
        assert review.count_conflicts(conn) == len(conflicts)
        where = pipeline.claim_filter(conn, subject="serbia", partner="PRC", metric="trade")
        facts, conflicts = _from_scratch(conn, where, "2020/2024")
        assert review.list_facts(conn, where, period="2020/2024") == facts
        assert review.list_conflicts(conn, where, period="2020/2024") == conflicts
        dirty = conn.execute(select(func.count()).select_from(t.recon_dirty)).scalar_one()
        assert dirty == 0
    return len(facts)


def test_stored_facts_and_conflicts_match_a_full_reconciliation(
    ledger_url: str, shared: Path
) -> None:
    engine = make_engine(ledger_url)
    pipeline.load_dataset(engine)
    _assert_same(engine)
    ingest_paths(engine, [str(shared / "corpus")])
    _assert_same(engine)
    with pipeline.connect(engine) as conn:
        candidates = review.review_queue(conn)
        assert candidates, "the corpus gives candidates to review"
        review.accept_claim(conn, candidates[0], who="ana")
        review.reject_claim(conn, "c002", who="ana", why="superseded by the customs release")
        # Moving a claim to another pair takes it out of one scope and into another.
        review.edit_claim(conn, "c005", {"partner": "Russia"}, who="ana")
        review.add_claim(
            conn,
            metric="trade.exports",
            value="1.5e9",
            unit="USD",
            who="ana",
            source=store.get_claim(conn, "c005").source_id,
            fields={"subject": "Serbia", "partner": "Russia", "period": "2023"},
        )
    _assert_same(engine)
    with pipeline.connect(engine) as conn:
        before = review.list_conflicts(conn)
        stored.rebuild_reconciliation(conn)
        assert review.list_conflicts(conn) == before
    engine.dispose()


def test_pages_of_facts_follow_each_other_without_gaps(bundled_db: Path) -> None:
    engine = make_engine(f"sqlite:///{bundled_db}")
    with pipeline.connect(engine) as conn:
        every = review.list_facts(conn)
        pages, after = [], None
        while True:
            page, after = review.facts_page(conn, after=after, limit=10)
            if not page:
                break
            pages += page
        assert pages == every
        assert len(every) == review.count_facts(conn) > 10
    engine.dispose()


def test_claims_paged_in_the_database_match_the_filters_of_the_cli(
    ledger_url: str, shared: Path
) -> None:
    from fastapi.testclient import TestClient

    from geoledger.api import create_app
    from geoledger.api.models import ClaimOut
    from geoledger.config import Settings

    engine = make_engine(ledger_url)
    pipeline.load_dataset(engine)
    ingest_paths(engine, [str(shared / "corpus")])
    client = TestClient(create_app(Settings(database_url=ledger_url), engine=engine))
    for params in (
        {},
        {"subject": "serbia"},
        {"partner": "china", "metric": "trade"},
        {"period": "2023"},
        {"period": "2010/2019", "status": "accepted"},
        {"entity": "Zijin"},
        {"search": "copper"},
    ):
        with pipeline.connect(engine) as conn:
            records = _plain(pipeline.claim_records(conn, **params))
        # The API shows the fields of ClaimOut; the CLI's records may carry more.
        expected = [{k: r[k] for k in ClaimOut.model_fields if k in r} for r in records]
        assert expected or params.get("search"), params
        pages, after = [], None
        while True:
            page = client.get("/api/claims", params={**params, "limit": 7, "after": after}).json()
            assert page["total"] == len(expected), params
            pages += page["items"]
            after = page["next"]
            if after is None:
                break
        assert pages == expected, params
    engine.dispose()


def test_files_already_in_the_ledger_are_hashed_not_extracted(tmp_path: Path, shared: Path) -> None:
    from geoledger.pipeline.ingest import ledger_gazetteer, process_paths

    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    first = ingest_paths(engine, [str(shared / "corpus")], batch=2)
    with pipeline.connect(engine) as conn:
        known = store.content_hashes(conn)
        claims = [c.id for c in store.list_claims(conn)]
    assert first.new_documents == first.documents == 3 and len(known) == 3
    results = list(
        process_paths([str(shared / "corpus")], gazetteer=ledger_gazetteer(None), known=known)
    )
    assert [(r.known, r.doc, r.extraction) for r in results] == [(True, None, None)] * 3
    again = ingest_paths(engine, [str(shared / "corpus")])
    assert again.summary() == "3 documents read (0 new), 0 claims stored."
    with pipeline.connect(engine) as conn:
        assert [c.id for c in store.list_claims(conn)] == claims
    engine.dispose()


def test_a_refresh_in_batches_of_a_few_claims_stores_what_one_batch_stores(
    ledger_url: str, shared: Path, monkeypatch: Any
) -> None:
    # A large ingest's last refresh reconciles its scopes a batch at a time, in bounded memory.
    monkeypatch.setattr(stored, "_BATCH_CLAIMS", 7)
    engine = make_engine(ledger_url)
    pipeline.load_dataset(engine)
    ingest_paths(engine, [str(shared / "corpus")])
    _assert_same(engine)
    with pipeline.connect(engine) as conn:
        review.edit_claim(conn, "c005", {"partner": "Russia"}, who="ana")
    _assert_same(engine)
    engine.dispose()
