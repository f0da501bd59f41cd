"""Stored aggregates for bounded reads: row counts kept by triggers, per-scope claim counts and
totals kept with the stored reconciliation, a cache of whole-ledger views, an index on facts
by pair.

The new tables are filled here from what the ledger already holds (set-based SQL), so an
upgrade costs a few grouped scans, not a reconciliation.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

STATUSES = ("candidate", "accepted", "rejected")
# Tables whose writes can change a view computed from the whole ledger (the index, overview).
WATCHED = (
    "actors",
    "actor_aliases",
    "actor_sources",
    "events",
    "event_actors",
    "event_sources",
    "event_conflicts",
)


def _create_tables() -> None:
    op.create_table(
        "ledger_counts",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("n", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "recon_counts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("scope", sa.String(64), nullable=False),
        sa.Column("subject_key", sa.Text),
        sa.Column("partner_key", sa.Text),
        sa.Column("entity_key", sa.Text),
        sa.Column("object_key", sa.Text),
        sa.Column("metric", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("period", sa.String(32)),
        sa.Column("period_start", sa.String(10)),
        sa.Column("period_end", sa.String(10)),
        sa.Column("n", sa.Integer, nullable=False),
    )
    op.create_index("ix_recon_counts_scope", "recon_counts", ["scope"])
    op.create_index(
        "ix_recon_counts_pair", "recon_counts", ["subject_key", "partner_key", "metric"]
    )
    op.create_table(
        "recon_totals",
        sa.Column("scope", sa.String(64), primary_key=True),
        sa.Column("facts", sa.Integer, nullable=False),
        sa.Column("fact_items", sa.Integer, nullable=False),
        sa.Column("check_items", sa.Integer, nullable=False),
        sa.Column("related_items", sa.Integer, nullable=False),
        sa.Column("event_items", sa.Integer, nullable=False),
        sa.Column("conflict_verdicts", sa.Integer, nullable=False),
        sa.Column("related_verdicts", sa.Integer, nullable=False),
        sa.Column("consistent_verdicts", sa.Integer, nullable=False),
    )
    op.create_table(
        "recon_cache",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("stamp", sa.String(200), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_index("ix_recon_facts_pair", "recon_facts", ["subject", "partner", "metric"])
    op.create_index("ix_recon_items_verdict_sort", "recon_items", ["verdict", "sort_key"])


def _fill() -> None:
    """Counts and totals of what the ledger holds now."""
    op.execute(
        "INSERT INTO ledger_counts (name, n) "
        "SELECT 'claims', count(*) FROM claims "
        "UNION ALL SELECT 'sources', count(*) FROM sources "
        "UNION ALL SELECT 'changes', 0"
    )
    for status in STATUSES:
        op.execute(
            f"INSERT INTO ledger_counts (name, n) "  # statuses from the constant above
            f"SELECT 'claims:{status}', count(*) FROM claims WHERE status = '{status}'"
        )
    op.execute(
        "INSERT INTO recon_counts (scope, subject_key, partner_key, entity_key, object_key, "
        "metric, status, period, period_start, period_end, n) "
        "SELECT r.scope, r.subject_key, r.partner_key, r.entity_key, r.object_key, c.metric, "
        "c.status, c.period, r.period_start, r.period_end, count(*) "
        "FROM recon_claims r JOIN claims c ON c.id = r.claim_id "
        "GROUP BY r.scope, r.subject_key, r.partner_key, r.entity_key, r.object_key, c.metric, "
        "c.status, c.period, r.period_start, r.period_end"
    )
    op.execute(
        "INSERT INTO recon_totals (scope, facts, fact_items, check_items, related_items, "
        "event_items, conflict_verdicts, related_verdicts, consistent_verdicts) "
        "SELECT scope, sum(facts), sum(fact_items), sum(check_items), sum(related_items), "
        "sum(event_items), sum(conflict_verdicts), sum(related_verdicts), "
        "sum(consistent_verdicts) FROM ("
        " SELECT scope, count(*) AS facts, 0 AS fact_items, 0 AS check_items,"
        " 0 AS related_items, 0 AS event_items, 0 AS conflict_verdicts,"
        " 0 AS related_verdicts, 0 AS consistent_verdicts FROM recon_facts GROUP BY scope"
        " UNION ALL SELECT scope, 0, "
        " sum(CASE WHEN kind = 'fact' THEN 1 ELSE 0 END),"
        " sum(CASE WHEN kind = 'check' THEN 1 ELSE 0 END),"
        " sum(CASE WHEN kind = 'related' THEN 1 ELSE 0 END),"
        " sum(CASE WHEN kind = 'event' THEN 1 ELSE 0 END),"
        " sum(CASE WHEN verdict = 'conflict' THEN 1 ELSE 0 END),"
        " sum(CASE WHEN verdict = 'related-not-comparable' THEN 1 ELSE 0 END),"
        " sum(CASE WHEN verdict = 'consistent' THEN 1 ELSE 0 END) FROM recon_items GROUP BY scope"
        ") AS parts GROUP BY scope"
    )


def _sqlite_triggers() -> None:
    bump = "UPDATE ledger_counts SET n = n + 1 WHERE name = 'changes';"
    op.execute(
        "CREATE TRIGGER ledger_counts_claims_insert AFTER INSERT ON claims BEGIN "
        "UPDATE ledger_counts SET n = n + 1 WHERE name IN ('claims', 'claims:' || NEW.status);"
        f" {bump} END"
    )
    op.execute(
        "CREATE TRIGGER ledger_counts_claims_delete AFTER DELETE ON claims BEGIN "
        "UPDATE ledger_counts SET n = n - 1 WHERE name IN ('claims', 'claims:' || OLD.status);"
        f" {bump} END"
    )
    op.execute(
        "CREATE TRIGGER ledger_counts_claims_update AFTER UPDATE ON claims BEGIN "
        "UPDATE ledger_counts SET n = n - 1 WHERE name = 'claims:' || OLD.status; "
        "UPDATE ledger_counts SET n = n + 1 WHERE name = 'claims:' || NEW.status;"
        f" {bump} END"
    )
    op.execute(
        "CREATE TRIGGER ledger_counts_sources_insert AFTER INSERT ON sources BEGIN "
        f"UPDATE ledger_counts SET n = n + 1 WHERE name = 'sources'; {bump} END"
    )
    op.execute(
        "CREATE TRIGGER ledger_counts_sources_delete AFTER DELETE ON sources BEGIN "
        f"UPDATE ledger_counts SET n = n - 1 WHERE name = 'sources'; {bump} END"
    )
    op.execute(
        f"CREATE TRIGGER ledger_counts_sources_update AFTER UPDATE ON sources BEGIN {bump} END"
    )
    for table in WATCHED:
        for action in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER ledger_counts_{table}_{action.lower()} AFTER {action} "
                f"ON {table} BEGIN {bump} END"
            )


PG_COUNT = """
CREATE FUNCTION geoledger_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO ledger_counts (name, n)
      SELECT TG_TABLE_NAME, count(*) FROM new_rows WHERE TG_OP = 'INSERT'
    ON CONFLICT (name) DO UPDATE SET n = ledger_counts.n + excluded.n;
    IF TG_TABLE_NAME = 'claims' THEN
      INSERT INTO ledger_counts (name, n)
        SELECT 'claims:' || status, count(*) FROM new_rows GROUP BY status
      ON CONFLICT (name) DO UPDATE SET n = ledger_counts.n + excluded.n;
    END IF;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    INSERT INTO ledger_counts (name, n)
      SELECT TG_TABLE_NAME, -count(*) FROM old_rows WHERE TG_OP = 'DELETE'
    ON CONFLICT (name) DO UPDATE SET n = ledger_counts.n + excluded.n;
    IF TG_TABLE_NAME = 'claims' THEN
      INSERT INTO ledger_counts (name, n)
        SELECT 'claims:' || status, -count(*) FROM old_rows GROUP BY status
      ON CONFLICT (name) DO UPDATE SET n = ledger_counts.n + excluded.n;
    END IF;
  END IF;
  UPDATE ledger_counts SET n = n + 1 WHERE name = 'changes';
  RETURN NULL;
END $$
"""

PG_CHANGED = """
CREATE FUNCTION geoledger_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ledger_counts SET n = n + 1 WHERE name = 'changes';
  RETURN NULL;
END $$
"""


def _postgresql_triggers() -> None:
    # Statement triggers with transition tables: one counter update per statement, not per
    # row (a bulk insert of a million claims updates the counters once per batch).
    op.execute(PG_COUNT)
    op.execute(PG_CHANGED)
    for table in ("claims", "sources"):
        for action, tables in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ):
            op.execute(
                f"CREATE TRIGGER ledger_counts_{table}_{action.lower()} AFTER {action} ON {table} "
                f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION geoledger_count_rows()"
            )
    for table in WATCHED:
        op.execute(
            f"CREATE TRIGGER ledger_counts_{table}_change AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION geoledger_count_change()"
        )


def upgrade() -> None:
    _create_tables()
    _fill()
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table in ("claims", "sources"):
            for action in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS ledger_counts_{table}_{action} ON {table}")
        for table in WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS ledger_counts_{table}_change ON {table}")
        op.execute("DROP FUNCTION IF EXISTS geoledger_count_rows()")
        op.execute("DROP FUNCTION IF EXISTS geoledger_count_change()")
    else:
        for table in ("claims", "sources", *WATCHED):
            for action in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS ledger_counts_{table}_{action}")
    op.drop_index("ix_recon_items_verdict_sort", table_name="recon_items")
    op.drop_index("ix_recon_facts_pair", table_name="recon_facts")
    for table in ("recon_cache", "recon_totals", "recon_counts", "ledger_counts"):
        op.drop_table(table)
