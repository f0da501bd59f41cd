"""A rebuild reads claims by id through the primary key however the ledger grew since the
planner last looked: with statistics of the bundled 89 claims SQLite scanned the whole claims
table for every batch of 500 ids, so a rebuild of a million claims was quadratic."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, insert, select

from geoledger import pipeline
from geoledger.pipeline import review, stored
from geoledger.store import make_engine
from geoledger.store import schema as t

COPIES = 40  # the bundled claims 41 times over: past the planner's growth threshold


def _grow(conn: Connection) -> int:
    """Copies of every bundled claim under new ids (each its own fact version); how many."""
    rows = [dict(r._mapping) for r in conn.execute(select(t.claims))]
    copies = [{**row, "id": f"{row['id']}-copy{k}"} for k in range(COPIES) for row in rows]
    conn.execute(insert(t.claims), copies)
    return len(rows) + len(copies)


def _plan_of_ids(conn: Connection) -> str:
    ids = ", ".join("?" for _ in range(500))
    plan = conn.exec_driver_sql(
        f"EXPLAIN QUERY PLAN SELECT * FROM claims WHERE id IN ({ids})", tuple(map(str, range(500)))
    )
    return " ".join(str(row[-1]) for row in plan)


def test_a_grown_ledger_is_read_by_id_through_the_primary_key(bundled_db: Path) -> None:
    engine = make_engine(f"sqlite:///{bundled_db}")
    with engine.begin() as conn:
        _grow(conn)
        # What the planner chose before reconciliation looked at the ledger's size.
        assert "SCAN claims" in _plan_of_ids(conn)
        stored._plan_for_size(conn)
        assert "SCAN claims" not in _plan_of_ids(conn)
        assert "USING INDEX" in _plan_of_ids(conn)
    engine.dispose()


def test_a_rebuild_of_a_grown_ledger_matches_reconciling_it_in_memory(bundled_db: Path) -> None:
    engine = make_engine(f"sqlite:///{bundled_db}")
    with engine.begin() as conn:
        total = _grow(conn)
        facts = stored.rebuild_reconciliation(conn)
    with pipeline.connect(engine) as conn:
        result = review.reconcile_ledger(conn)
        assert facts == len(result.facts)
        stored_facts = review.list_facts(conn)
        assert [f["key"] for f in stored_facts] == [f.key.as_dict() for f in result.facts]
        # Every copy is one more version of its fact: nothing lost in the grouping.
        assert sum(len(f["versions"]) for f in stored_facts) == sum(
            len(f.versions) for f in result.facts
        )
        assert sum(len(f.versions) for f in result.facts) <= total
    engine.dispose()
