"""The sources table's facets (outlet, language, kind, year) are counted from indexes, not by
reading every source's row: a row holds the source's text, so a count by outlet read the
whole table (tens of megabytes at 100 k claims, four times per /sources page).

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_INDEXES = {
    "ix_sources_outlet": "outlet",
    "ix_sources_language": "language",
    "ix_sources_kind": "kind",
    "ix_sources_published_on": "published_on",
}


def upgrade() -> None:
    for name, column in _INDEXES.items():
        op.create_index(name, "sources", [column])


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="sources")
