"""Stored facts carry their actors' name keys and their period's span, indexed, so a facts
listing filtered by actor or period reads a range of facts rather than every claim naming the
actors; and the planner gets table statistics (SQLite had none: it chose a status index that
matches most claims, then sorted them all).

The new columns are filled here from what is stored: the keys from the facts' names (as the
writer makes them), the span from any of the fact's claims (they share its period).

Revision ID: 0011
Revises: 0010_ingest_files
"""

import sqlalchemy as sa
from alembic import op

from geoledger.models import name_key
from geoledger.store.engine import refresh_statistics

revision = "0011"
down_revision = "0010_ingest_files"
branch_labels = None
depends_on = None

_KEYED = ("subject", "partner", "entity", "object")


def upgrade() -> None:
    for column in _KEYED:
        op.add_column("recon_facts", sa.Column(f"{column}_key", sa.Text))
    op.add_column("recon_facts", sa.Column("period_start", sa.String(10)))
    op.add_column("recon_facts", sa.Column("period_end", sa.String(10)))
    conn = op.get_bind()
    facts = sa.table("recon_facts", *(sa.column(c) for c in (*_KEYED, "id")))
    for column in _KEYED:
        names = conn.execute(sa.select(facts.c[column]).distinct()).scalars().all()
        for name in names:
            key = name_key(name or "")
            target = sa.table("recon_facts", sa.column(column), sa.column(f"{column}_key"))
            found = target.c[column].is_(None) if name is None else target.c[column] == name
            conn.execute(sa.update(target).where(found).values({f"{column}_key": key}))
    op.execute(
        "UPDATE recon_facts SET "
        "period_start = (SELECT r.period_start FROM recon_claims r "
        "WHERE r.fact_id = recon_facts.id LIMIT 1), "
        "period_end = (SELECT r.period_end FROM recon_claims r "
        "WHERE r.fact_id = recon_facts.id LIMIT 1)"
    )
    op.create_index(
        "ix_recon_facts_pair_keys",
        "recon_facts",
        ["subject_key", "partner_key", "period_start"],
    )
    op.create_index("ix_recon_facts_entity_key", "recon_facts", ["entity_key"])
    refresh_statistics(conn)


def downgrade() -> None:
    op.drop_index("ix_recon_facts_entity_key", table_name="recon_facts")
    op.drop_index("ix_recon_facts_pair_keys", table_name="recon_facts")
    with op.batch_alter_table("recon_facts") as batch:
        for column in (*(f"{c}_key" for c in _KEYED), "period_start", "period_end"):
            batch.drop_column(column)
