"""Stored reconciliation: facts, conflicts and checks kept in tables, plus indexes for paging.

Revision ID: 0003
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0005"
branch_labels = None
depends_on = None


def _sort_type() -> sa.String:
    # Sort keys compare as bytes on both backends, as Python compares the strings.
    if op.get_bind().dialect.name == "postgresql":
        return sa.String(collation="C")
    return sa.String()


def upgrade() -> None:
    """Create the reconciliation tables (empty: the first use rebuilds them) and indexes."""
    op.create_table(
        "recon_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "recon_dirty",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(8), nullable=False),  # claim | name
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "recon_claims",
        sa.Column("claim_id", sa.String(200), primary_key=True),
        sa.Column("scope", sa.String(64), nullable=False),
        sa.Column("fact_id", sa.String(64), nullable=False),
        sa.Column("subject_key", sa.Text),
        sa.Column("partner_key", sa.Text),
        sa.Column("entity_key", sa.Text),
        sa.Column("object_key", sa.Text),
        sa.Column("period_start", sa.String(10)),
        sa.Column("period_end", sa.String(10)),
        sa.Column("usd", sa.Float),  # the claim's value in USD, where it is money with a rate
    )
    op.create_index("ix_recon_claims_usd", "recon_claims", ["usd"])
    op.create_index("ix_recon_claims_period_end", "recon_claims", ["period_end"])
    for column in ("scope", "fact_id"):
        op.create_index(f"ix_recon_claims_{column}", "recon_claims", [column])
    for column in ("subject_key", "partner_key", "entity_key", "object_key"):
        # With the claim id: an actor's claims come in id order straight from the index.
        op.create_index(f"ix_recon_claims_{column}", "recon_claims", [column, "claim_id"])
    op.create_table(
        "recon_facts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("scope", sa.String(64), nullable=False, index=True),
        sa.Column("sort_key", _sort_type(), nullable=False, index=True),
        sa.Column("metric", sa.String(64), nullable=False),
        sa.Column("subject", sa.Text),
        sa.Column("partner", sa.Text),
        sa.Column("entity", sa.Text),
        sa.Column("object", sa.Text),
        sa.Column("period", sa.String(32)),
        sa.Column("measure", sa.String(16)),
        sa.Column("verdict", sa.String(32), nullable=False),
        sa.Column("fit", sa.Boolean, nullable=False),
        sa.Column("best_claim", sa.String(200)),
        sa.Column("versions", sa.Integer, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("ix_recon_facts_verdict_sort", "recon_facts", ["verdict", "sort_key"])
    op.create_index("ix_recon_facts_best_claim", "recon_facts", ["best_claim"])
    op.create_table(
        "recon_items",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("scope", sa.String(64), nullable=False, index=True),
        sa.Column("sort_key", _sort_type(), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("verdict", sa.String(32), nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_table(
        "recon_item_claims",
        sa.Column("item_id", sa.String(64), primary_key=True),
        sa.Column("claim_id", sa.String(200), primary_key=True),
    )
    op.create_index("ix_recon_item_claims_claim", "recon_item_claims", ["claim_id"])
    # Keyset paging of claims in their listed order, and the usual filters.
    op.create_index(
        "ix_claims_order", "claims", ["source_id", sa.text("coalesce(start, -1)"), "id"]
    )
    op.create_index("ix_sources_order", "sources", [sa.text("coalesce(published_on, '')"), "id"])
    op.create_index("ix_claims_status", "claims", ["status"])
    op.create_index("ix_claims_partner", "claims", ["partner"])
    op.create_index("ix_claims_entity", "claims", ["entity"])
    op.create_index("ix_claims_object", "claims", ["object"])
    op.create_index("ix_audit_log_action", "audit_log", ["action", "claim_id"])


def downgrade() -> None:
    """Drop what upgrade created."""
    for name in ("ix_claims_order", "ix_claims_status", "ix_claims_partner", "ix_claims_entity"):
        op.drop_index(name, table_name="claims")
    op.drop_index("ix_claims_object", table_name="claims")
    op.drop_index("ix_audit_log_action", table_name="audit_log")
    op.drop_index("ix_sources_order", table_name="sources")
    for table in (
        "recon_item_claims",
        "recon_items",
        "recon_facts",
        "recon_claims",
        "recon_dirty",
        "recon_meta",
    ):
        op.drop_table(table)
