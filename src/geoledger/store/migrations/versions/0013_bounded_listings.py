"""Stored facts and conflicts carry a listing record beside their full one: the same record
with its first versions only and how many there are in all. A listing page read every
version of every row it showed (a fact many sources repeat has ~13 k versions at 1 M
claims, a failed check those of all its parts) and then cut them to a dozen.

The column is filled here from the stored records, a batch of rows at a time.

Revision ID: 0013
Revises: 0012
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# As store.reconciled.LISTED_VERSIONS when this migration was written.
_LISTED_VERSIONS = 20
_BATCH = 500


def _listing(record: str) -> str:
    found = json.loads(record)
    versions = found.get("versions") or []
    found["versions_total"] = len(versions)
    found["versions"] = versions[:_LISTED_VERSIONS]
    return json.dumps(found)


def _fill(table_name: str) -> None:
    conn = op.get_bind()
    table = sa.table(table_name, sa.column("id"), sa.column("record"), sa.column("listing"))
    last = ""
    while True:
        rows = conn.execute(
            sa.select(table.c.id, table.c.record)
            .where(table.c.id > last)
            .order_by(table.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for row in rows:
            conn.execute(
                sa.update(table).where(table.c.id == row.id).values(listing=_listing(row.record))
            )
        last = rows[-1].id


def upgrade() -> None:
    for table in ("recon_facts", "recon_items"):
        op.add_column(table, sa.Column("listing", sa.Text))
        _fill(table)


def downgrade() -> None:
    for table in ("recon_facts", "recon_items"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("listing")
