"""The first ledger: sources, actors, events, claims, audit log, full-text search.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# External-content FTS5 tables kept in step by triggers, so every write path is indexed.
_SQLITE_FTS = [
    "CREATE VIRTUAL TABLE sources_fts USING fts5(title, text, content='sources', "
    "content_rowid='rowid')",
    "CREATE TRIGGER sources_fts_ai AFTER INSERT ON sources BEGIN "
    "INSERT INTO sources_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE TRIGGER sources_fts_ad AFTER DELETE ON sources BEGIN "
    "INSERT INTO sources_fts(sources_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); END",
    "CREATE TRIGGER sources_fts_au AFTER UPDATE ON sources BEGIN "
    "INSERT INTO sources_fts(sources_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, old.title, old.text); "
    "INSERT INTO sources_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END",
    "CREATE VIRTUAL TABLE claims_fts USING fts5(surface, metric, subject, partner, entity, "
    "object, note, content='claims', content_rowid='rowid')",
    "CREATE TRIGGER claims_fts_ai AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, surface, metric, subject, partner, entity, object, note) "
    "VALUES (new.rowid, new.surface, new.metric, new.subject, new.partner, new.entity, "
    "new.object, new.note); END",
    "CREATE TRIGGER claims_fts_ad AFTER DELETE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, surface, metric, subject, partner, entity, "
    "object, note) VALUES ('delete', old.rowid, old.surface, old.metric, old.subject, "
    "old.partner, old.entity, old.object, old.note); END",
    "CREATE TRIGGER claims_fts_au AFTER UPDATE ON claims BEGIN "
    "INSERT INTO claims_fts(claims_fts, rowid, surface, metric, subject, partner, entity, "
    "object, note) VALUES ('delete', old.rowid, old.surface, old.metric, old.subject, "
    "old.partner, old.entity, old.object, old.note); "
    "INSERT INTO claims_fts(rowid, surface, metric, subject, partner, entity, object, note) "
    "VALUES (new.rowid, new.surface, new.metric, new.subject, new.partner, new.entity, "
    "new.object, new.note); END",
]

_POSTGRES_FTS = [
    "CREATE INDEX sources_fts ON sources USING gin "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(text, '')))",
    "CREATE INDEX claims_fts ON claims USING gin (to_tsvector('simple', "
    "coalesce(surface, '') || ' ' || coalesce(metric, '') || ' ' || coalesce(subject, '') "
    "|| ' ' || coalesce(partner, '') || ' ' || coalesce(entity, '') || ' ' || "
    "coalesce(object, '') || ' ' || coalesce(note, '')))",
]


def upgrade() -> None:
    # Frozen as written, not taken from schema.py: a later schema change is a new migration.
    op.create_table(
        "actors",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("country", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="accepted", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("date", sa.String(length=32), nullable=True),
        sa.Column("date_precision", sa.String(length=16), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("domain", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.Column("amount_max", sa.Float(), nullable=True),
        sa.Column("currency", sa.String(length=8), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "ingest_issues",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("doc", sa.Text(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code", "doc", "start", "message", name="uq_ingest_issue"),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("published_on", sa.String(length=32), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("fetched_at", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash"),
    )
    op.create_table(
        "actor_aliases",
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("alias_key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
        ),
        sa.PrimaryKeyConstraint("actor_id", "alias"),
    )
    op.create_index(
        op.f("ix_actor_aliases_alias_key"), "actor_aliases", ["alias_key"], unique=False
    )
    op.create_table(
        "actor_sources",
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
        ),
        sa.PrimaryKeyConstraint("actor_id", "source_id"),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("surface", sa.Text(), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("value_max", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("qualifier", sa.String(length=16), server_default="exact", nullable=False),
        sa.Column("measure", sa.String(length=16), server_default="level", nullable=False),
        sa.Column("period", sa.String(length=32), nullable=True),
        sa.Column("metric", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("partner", sa.Text(), nullable=True),
        sa.Column("entity", sa.Text(), nullable=True),
        sa.Column("object", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="candidate", nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("made_by", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_claims_metric"), "claims", ["metric"], unique=False)
    op.create_index(op.f("ix_claims_source_id"), "claims", ["source_id"], unique=False)
    op.create_index("ix_claims_subject_partner", "claims", ["subject", "partner"], unique=False)
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), server_default="participant", nullable=False),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
        ),
        sa.PrimaryKeyConstraint("event_id", "actor_id"),
    )
    op.create_table(
        "event_conflicts",
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("other_id", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
        ),
        sa.PrimaryKeyConstraint("event_id", "other_id"),
    )
    op.create_table(
        "event_sources",
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
        ),
        sa.PrimaryKeyConstraint("event_id", "source_id"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("claim_id", sa.String(length=200), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("why", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_audit_log_claim_id"), "audit_log", ["claim_id"], unique=False)
    bind = op.get_bind()
    statements = _SQLITE_FTS if bind.dialect.name == "sqlite" else _POSTGRES_FTS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS claims_fts")
        op.execute("DROP TABLE IF EXISTS sources_fts")
    for table in (
        "audit_log",
        "claims",
        "event_conflicts",
        "event_sources",
        "event_actors",
        "actor_sources",
        "actor_aliases",
        "ingest_issues",
        "events",
        "actors",
        "sources",
    ):
        op.drop_table(table)
