"""What ingest last read at each path: size, modification time and the bytes' sha256, so a
file whose size and mtime have not changed is skipped without being read again.

Revision ID: 0010_ingest_files
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_ingest_files"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingest_files",
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("mtime_ns", sa.BigInteger, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ingest_files")
