"""Claims per source (and per source and status) kept by triggers, so the claims table's
source facet is read from a few rows instead of counted over every claim.

status '' holds a source's claims of every status: the unfiltered facet is then an index
range on (status, n), read most frequent first. The table is filled here from the claims the
ledger holds (one grouped scan).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _sqlite_triggers() -> None:
    # Row triggers: each claim moves its source's row of its status and the all-status row.
    add = (
        "INSERT INTO claim_source_counts (source_id, status, n) "
        "VALUES (NEW.source_id, NEW.status, 1), (NEW.source_id, '', 1) "
        "ON CONFLICT (source_id, status) DO UPDATE SET n = n + 1;"
    )
    remove = (
        "UPDATE claim_source_counts SET n = n - 1 "
        "WHERE source_id = OLD.source_id AND status IN (OLD.status, ''); "
        "DELETE FROM claim_source_counts WHERE source_id = OLD.source_id AND n <= 0;"
    )
    op.execute(f"CREATE TRIGGER claim_source_counts_insert AFTER INSERT ON claims BEGIN {add} END")
    op.execute(
        f"CREATE TRIGGER claim_source_counts_delete AFTER DELETE ON claims BEGIN {remove} END"
    )
    op.execute(
        "CREATE TRIGGER claim_source_counts_update AFTER UPDATE OF status, source_id ON claims "
        "WHEN OLD.status IS NOT NEW.status OR OLD.source_id IS NOT NEW.source_id "
        f"BEGIN {remove} {add} END"
    )


PG_COUNT = """
CREATE FUNCTION geoledger_count_claim_sources() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    INSERT INTO claim_source_counts (source_id, status, n)
      SELECT o.source_id, u.s, -count(*) FROM old_rows o, unnest(ARRAY[o.status::text, '']) AS u(s)
      GROUP BY o.source_id, u.s
    ON CONFLICT (source_id, status) DO UPDATE SET n = claim_source_counts.n + excluded.n;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO claim_source_counts (source_id, status, n)
      SELECT o.source_id, u.s, count(*) FROM new_rows o, unnest(ARRAY[o.status::text, '']) AS u(s)
      GROUP BY o.source_id, u.s
    ON CONFLICT (source_id, status) DO UPDATE SET n = claim_source_counts.n + excluded.n;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    DELETE FROM claim_source_counts
      WHERE n <= 0 AND source_id IN (SELECT source_id FROM old_rows);
  END IF;
  RETURN NULL;
END $$
"""


def _postgresql_triggers() -> None:
    # Statement triggers with transition tables, as 0008's counters: one grouped upsert per
    # statement, not one per claim.
    op.execute(PG_COUNT)
    for action, tables in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ):
        op.execute(
            f"CREATE TRIGGER claim_source_counts_{action.lower()} AFTER {action} ON claims "
            f"REFERENCING {tables} FOR EACH STATEMENT "
            "EXECUTE FUNCTION geoledger_count_claim_sources()"
        )


def upgrade() -> None:
    op.create_table(
        "claim_source_counts",
        sa.Column("source_id", sa.String(200), primary_key=True),
        sa.Column("status", sa.String(16), primary_key=True),
        sa.Column("n", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_claim_source_counts_status_n", "claim_source_counts", ["status", "n"])
    op.execute(
        "INSERT INTO claim_source_counts (source_id, status, n) "
        "SELECT source_id, status, count(*) FROM claims GROUP BY source_id, status "
        "UNION ALL SELECT source_id, '', count(*) FROM claims GROUP BY source_id"
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for action in ("insert", "delete", "update"):
        on = " ON claims" if postgresql else ""
        op.execute(f"DROP TRIGGER IF EXISTS claim_source_counts_{action}{on}")
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS geoledger_count_claim_sources()")
    op.drop_index("ix_claim_source_counts_status_n", table_name="claim_source_counts")
    op.drop_table("claim_source_counts")
