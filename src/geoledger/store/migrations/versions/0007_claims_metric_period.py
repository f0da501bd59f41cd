"""An index on claims (metric, period): a text check reads only the claims of its figures' keys.

Revision ID: 0007
Revises: 0003
"""

from alembic import op

revision = "0007"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_claims_metric_period", "claims", ["metric", "period"])


def downgrade() -> None:
    op.drop_index("ix_claims_metric_period", table_name="claims")
