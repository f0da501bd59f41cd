"""The first ledger: sources, actors, events, claims, audit log, full-text search.

Revision ID: 0001
Revises:
"""

from alembic import op

from geoledger.store.schema import metadata

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
    bind = op.get_bind()
    metadata.create_all(bind)
    statements = _SQLITE_FTS if bind.dialect.name == "sqlite" else _POSTGRES_FTS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS claims_fts")
        op.execute("DROP TABLE IF EXISTS sources_fts")
    metadata.drop_all(bind)
