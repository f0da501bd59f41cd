"""Stored aggregates (migration 0008) say what counting the rows says: row counts kept by
triggers, per-scope claim counts and conflict totals kept with the stored reconciliation, and
the cached index, after load, ingest and every kind of review, on SQLite and PostgreSQL."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import Connection, Engine, and_, func, select, true

from geoledger import pipeline, store
from geoledger.models import name_key
from geoledger.pipeline import figures, review
from geoledger.pipeline import pages as paged_views
from geoledger.pipeline.index import _compute_index, compute_index
from geoledger.pipeline.ingest import ingest_paths
from geoledger.pipeline.stored import _span as stored_span
from geoledger.pipeline.stored import selection
from geoledger.store import ClaimFilter, make_engine, reconciled
from geoledger.store import pages as paged
from geoledger.store import schema as t
from geoledger.store.audit import verify_chain

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _count(conn: Connection, table: t.Table, *where: object) -> int:
    query = select(func.count()).select_from(table)
    return int(conn.execute(query.where(and_(true(), *where))).scalar_one())


def _counted_by_scan(conn: Connection, chosen: reconciled.Selection) -> int:
    """What count_claims used to do: count the joined claims the selection picks."""
    joined = t.claims.join(t.recon_claims, t.recon_claims.c.claim_id == t.claims.c.id)
    conditions = reconciled.claim_conditions(conn, chosen)
    query = select(func.count()).select_from(joined).where(and_(true(), *conditions))
    return int(conn.execute(query).scalar_one())


def _assert_counts_hold(engine: Engine) -> None:
    with pipeline.connect(engine) as conn:
        paged_views.count_claims(conn)  # brings the stored reconciliation up to date
        assert reconciled.ledger_count(conn, "claims") == _count(conn, t.claims)
        assert reconciled.ledger_count(conn, "sources") == _count(conn, t.sources)
        assert store.count_rows(conn)["claims"] == _count(conn, t.claims)
        for status in ("candidate", "accepted", "rejected"):
            assert reconciled.ledger_count(conn, f"claims:{status}") == _count(
                conn, t.claims, t.claims.c.status == status
            )
        for filters, period in (
            ({}, None),
            ({"status": "accepted"}, None),
            ({"subject": "Serbia"}, None),
            ({"subject": "Serbia", "partner": "China", "metric": "trade"}, None),
            ({"partner": "Russia"}, None),
            ({"entity": "Zijin"}, None),
            ({"metric": "investment"}, "2010/2024"),
            ({"status": "candidate"}, "2023"),
        ):
            chosen = selection(pipeline.claim_filter(conn, **filters), period)
            assert paged.count_claims(conn, chosen) == _counted_by_scan(conn, chosen), filters
        assert reconciled.total_facts(conn) == _count(conn, t.recon_facts)
        kinds = ("fact", "check", "related", "event")
        assert reconciled.total_conflicts(conn, kinds) == _count(conn, t.recon_items)
        assert reconciled.total_conflicts(conn, kinds[:3]) == _count(
            conn, t.recon_items, t.recon_items.c.kind != "event"
        )
        _assert_fact_columns_hold(conn)
        every = review.list_conflicts(conn)
        overview = paged_views.conflict_overview(conn, first=6)
        assert overview["count"] == len(every)
        assert overview["kinds"] == figures.conflict_summary(every)
        # Listing records: each with its first versions and how many it has (versions_total).
        first = [c for c in every if c["verdict"] == "conflict"][:6]
        assert overview["first"] == [reconciled.listing_record(c) for c in first]


def _assert_fact_columns_hold(conn: Connection) -> None:
    """Each stored fact's name keys and period span (migration 0011) are those of its names and
    period, and those of every claim stored as one of its versions."""
    f, r = t.recon_facts.c, t.recon_claims.c
    facts = conn.execute(select(t.recon_facts)).all()
    assert facts
    for fact in facts:
        for role in ("subject", "partner", "entity", "object"):
            assert getattr(fact, f"{role}_key") == name_key(getattr(fact, role) or ""), fact.id
        assert (fact.period_start, fact.period_end) == stored_span(fact.period), fact.id
    spans = select(r.fact_id, r.period_start, r.period_end).join(t.recon_facts, f.id == r.fact_id)
    by_fact = {fact.id: (fact.period_start, fact.period_end) for fact in facts}
    for fact_id, start, end in conn.execute(spans):
        assert by_fact[fact_id] == (start, end), fact_id


def test_stored_counts_match_counting_the_rows(ledger_url: str, shared: Path) -> None:
    engine = make_engine(ledger_url)
    pipeline.load_dataset(engine)
    _assert_counts_hold(engine)
    ingest_paths(engine, [str(shared / "corpus")])
    _assert_counts_hold(engine)
    with pipeline.connect(engine) as conn:
        candidates = review.review_queue(conn)
        review.accept_claim(conn, candidates[0], who="ana")
        review.reject_claim(conn, "c002", who="ana", why="superseded by the customs release")
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
    _assert_counts_hold(engine)
    with pipeline.connect(engine) as conn:
        review.restore_claim(conn, "c002", who="ana")
    _assert_counts_hold(engine)
    engine.dispose()


def test_the_cached_index_follows_every_review(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    pipeline.load_dataset(engine)
    with pipeline.connect(engine) as conn:
        first = compute_index(conn, "Serbia")
        assert first == compute_index(conn, "Serbia")  # the second read is the kept one
        assert _count(conn, t.recon_cache) == 1
        cited = next(i for i, e in first["evidence"].items() if e["type"] == "claim")
    with pipeline.connect(engine) as conn:
        review.reject_claim(conn, cited, who="ana", why="checked: not this figure")
    with pipeline.connect(engine) as conn:
        after = compute_index(conn, "Serbia")
        assert cited not in after["evidence"]
        assert after == _compute_index(conn, "Serbia")  # the same as computing it now
    engine.dispose()


def test_the_bench_ledger_is_a_valid_ledger(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from ledger import build_ledger
    finally:
        sys.path.remove(str(BENCHMARKS))
    from geoledger.pipeline.stored import rebuild_reconciliation

    engine = make_engine(f"sqlite:///{tmp_path / 'bench.db'}")
    build_ledger(engine, 400, after_rows=rebuild_reconciliation)
    with pipeline.connect(engine) as conn:
        check = verify_chain(conn)
        assert check.broken is None
        assert check.entries == _count(conn, t.audit_log) > 400
        assert reconciled.ledger_count(conn, "claims") == _count(conn, t.claims) > 400
        chosen = selection(ClaimFilter(status="candidate"))
        assert paged.count_claims(conn, chosen) == _counted_by_scan(conn, chosen)
    engine.dispose()
