"""PostgreSQL full-text search ignores case and accents, as SQLite's FTS5 already does.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen here as written; store/search.py queries with the very same expressions.
_FROM = "àáâãäåāăąçćčďđèéêëēėęěìíîïīįłñńňòóôõöøōőŕřśšşťţùúûüūůűųýÿźżž"
_TO = "aaaaaaaaacccddeeeeeeeeiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz"


def _fold(expression: str) -> str:
    return f"translate(lower({expression}), '{_FROM}', '{_TO}')"


_SOURCES = "coalesce(title, '') || ' ' || coalesce(text, '')"
_CLAIMS = (
    "coalesce(surface, '') || ' ' || coalesce(metric, '') || ' ' || coalesce(subject, '') "
    "|| ' ' || coalesce(partner, '') || ' ' || coalesce(entity, '') || ' ' || "
    "coalesce(object, '') || ' ' || coalesce(note, '')"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS sources_fts")
    op.execute("DROP INDEX IF EXISTS claims_fts")
    op.execute(
        f"CREATE INDEX sources_fts ON sources USING gin (to_tsvector('simple', {_fold(_SOURCES)}))"
    )
    op.execute(
        f"CREATE INDEX claims_fts ON claims USING gin (to_tsvector('simple', {_fold(_CLAIMS)}))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS sources_fts")
    op.execute("DROP INDEX IF EXISTS claims_fts")
    op.execute(f"CREATE INDEX sources_fts ON sources USING gin (to_tsvector('simple', {_SOURCES}))")
    op.execute(f"CREATE INDEX claims_fts ON claims USING gin (to_tsvector('simple', {_CLAIMS}))")
