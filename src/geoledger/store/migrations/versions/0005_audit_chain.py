"""The audit log becomes a hash chain the database keeps append-only; named reviewer tokens.

Revision ID: 0005
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from geoledger.store.audit import entry_hash

revision = "0005"
down_revision = "0006"
branch_labels = None
depends_on = None

REFUSAL = "the audit log is append-only"

_SQLITE = [
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
]
_POSTGRES = [
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{REFUSAL} (% refused)', TG_OP; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
]


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("hash", sa.String(64)))
    bind = op.get_bind()
    log = sa.table(
        "audit_log",
        *(sa.column(name) for name in ("id", "claim_id", "at", "who", "action", "before")),
        *(sa.column(name) for name in ("after", "why", "hash")),
    )
    # Seal the entries written before the chain existed, renumbered 1, 2, … in their order.
    rows = bind.execute(sa.select(log).order_by(log.c.id)).mappings().all()
    prev = None
    for number, row in enumerate(rows, start=1):
        prev = entry_hash(prev, number, dict(row))
        bind.execute(sa.update(log).where(log.c.id == row["id"]).values(id=-number, hash=prev))
    bind.execute(sa.update(log).values(id=-log.c.id))
    for statement in _POSTGRES if bind.dialect.name == "postgresql" else _SQLITE:
        op.execute(statement)
    # Links stored before only http(s) was allowed: a javascript: link must not stay clickable.
    op.execute(
        "UPDATE sources SET url = NULL WHERE url IS NOT NULL "
        "AND lower(url) NOT LIKE 'http://%' AND lower(url) NOT LIKE 'https://%'"
    )
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("revoked_at", sa.String(32)),
    )
    op.create_table(
        "sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("token_id", sa.Integer, sa.ForeignKey("tokens.id")),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sessions")
    op.drop_table("tokens")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER audit_log_no_change ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER audit_log_no_delete")
        op.execute("DROP TRIGGER audit_log_no_update")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("hash")
