"""recon_counts summed per facet value, metric and status, kept by triggers on recon_counts:
a claims table filtered by nothing but metrics and status (/claims, /money, a status) reads
its facets and total from a few hundred rows instead of grouping every recon_counts row
(which grows with the ledger: its keys hold every entity, object and period).

facet is one of country (subject_key), power (partner_key), entity (entity_key) and year
(the year a period lies in, 'undated' or 'several years', as store/facets.py names it); a
missing key is ''. Every recon_counts row adds its n to one row of each facet, so the rows
of one facet also count claims by metric and status. Filled here with one grouped read.

Also an index on stored facts by (verdict, metric): the facts table filtered by a verdict
counts its metric facet from the index alone, not from rows holding every record.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _values(row: str) -> dict[str, str]:
    """Facet -> its value's SQL expression over a recon_counts row called row."""
    return {
        "country": f"coalesce({row}.subject_key, '')",
        "power": f"coalesce({row}.partner_key, '')",
        "entity": f"coalesce({row}.entity_key, '')",
        "year": (
            f"CASE WHEN {row}.period_start IS NULL THEN 'undated' "
            f"WHEN substr({row}.period_start, 1, 4) = substr({row}.period_end, 1, 4) "
            f"THEN substr({row}.period_start, 1, 4) ELSE 'several years' END"
        ),
    }


def _grouped(rows: str, sign: str) -> str:
    """SELECT of (facet, value, metric, status, n) summed over the recon_counts rows rows."""
    return " UNION ALL ".join(
        f"SELECT '{facet}', {value}, r.metric, r.status, {sign}sum(r.n) FROM {rows} r "
        f"GROUP BY {value}, r.metric, r.status"
        for facet, value in _values("r").items()
    )


_UPSERT = (
    "INSERT INTO recon_facet_counts (facet, value, metric, status, n) {rows} "
    "ON CONFLICT (facet, metric, status, value) DO UPDATE SET n = recon_facet_counts.n + excluded.n"
)


def _sqlite_triggers() -> None:
    def rows(row: str, sign: str) -> str:
        return "VALUES " + ", ".join(
            f"('{facet}', {value}, {row}.metric, {row}.status, {sign}{row}.n)"
            for facet, value in _values(row).items()
        )

    # SQLite parses `INSERT ... VALUES ... ON CONFLICT` in a trigger without the SELECT's
    # ambiguity, so each row's four values go in one statement.
    add = _UPSERT.format(rows=rows("NEW", "")) + ";"
    remove = (
        _UPSERT.format(rows=rows("OLD", "-"))
        + "; DELETE FROM recon_facet_counts WHERE n <= 0 AND metric = OLD.metric"
        " AND status = OLD.status;"
    )
    op.execute(
        f"CREATE TRIGGER recon_facet_counts_insert AFTER INSERT ON recon_counts BEGIN {add} END"
    )
    op.execute(
        f"CREATE TRIGGER recon_facet_counts_delete AFTER DELETE ON recon_counts BEGIN {remove} END"
    )
    op.execute(
        "CREATE TRIGGER recon_facet_counts_update AFTER UPDATE ON recon_counts "
        f"BEGIN {remove} {add} END"
    )


def _postgresql_triggers() -> None:
    # Statement triggers with transition tables (as 0009's): one grouped upsert per statement.
    op.execute(
        "CREATE FUNCTION geoledger_count_recon_facets() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  IF TG_OP IN ('DELETE', 'UPDATE') THEN\n"
        f"    {_UPSERT.format(rows=_grouped('old_rows', '-'))};\n"
        "  END IF;\n"
        "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n"
        f"    {_UPSERT.format(rows=_grouped('new_rows', ''))};\n"
        "  END IF;\n"
        "  IF TG_OP IN ('DELETE', 'UPDATE') THEN\n"
        "    DELETE FROM recon_facet_counts WHERE n <= 0;\n"
        "  END IF;\n"
        "  RETURN NULL;\n"
        "END $$"
    )
    for action, tables in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ):
        op.execute(
            f"CREATE TRIGGER recon_facet_counts_{action.lower()} AFTER {action} ON recon_counts "
            f"REFERENCING {tables} FOR EACH STATEMENT "
            "EXECUTE FUNCTION geoledger_count_recon_facets()"
        )


def upgrade() -> None:
    op.create_table(
        "recon_facet_counts",
        sa.Column("facet", sa.String(16), primary_key=True),
        sa.Column("metric", sa.String(64), primary_key=True),
        sa.Column("status", sa.String(16), primary_key=True),
        sa.Column("value", sa.Text, primary_key=True),
        sa.Column("n", sa.BigInteger, nullable=False),
    )
    op.execute(
        "INSERT INTO recon_facet_counts (facet, value, metric, status, n) "
        + _grouped("recon_counts", "")
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()
    op.create_index("ix_recon_facts_verdict_metric", "recon_facts", ["verdict", "metric"])


def downgrade() -> None:
    op.drop_index("ix_recon_facts_verdict_metric", table_name="recon_facts")
    postgresql = op.get_bind().dialect.name == "postgresql"
    for action in ("insert", "delete", "update"):
        on = " ON recon_counts" if postgresql else ""
        op.execute(f"DROP TRIGGER IF EXISTS recon_facet_counts_{action}{on}")
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS geoledger_count_recon_facets()")
    op.drop_table("recon_facet_counts")
