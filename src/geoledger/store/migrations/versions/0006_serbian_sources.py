"""Sources record their language and encoding; search is blind to script as well as accents.

Revision ID: 0006
Revises: 0002

A Cyrillic query finds Latin text and the reverse: both sides are folded to lower-case Latin
without accents (Кина, Kína -> kina) before they are indexed or looked up. SQLite's FTS5 tables
become contentless and are fed the folded text by triggers through the geoledger_fold()
function the engine registers on every connection; PostgreSQL's indexes fold in SQL.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0002"
branch_labels = None
depends_on = None

# Frozen here as written; store/search.py folds with the very same expressions and
# store/fold.py's table gives the same letters (a test holds the three together).
_MULTI = (("Љ", "lj"), ("Њ", "nj"), ("Џ", "dz"), ("љ", "lj"), ("њ", "nj"), ("џ", "dz"))
_FROM = (
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞàáâãäåçèéêëìíîïðñòóôõöøùúûüýÿĀ"
    "āĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦĨĩĪīĬĭĮįİĲĴĵĶķĹĺĻļĽľĿŁ"
    "łŃńŅņŇňŊŌōŎŏŐőŒŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžЀЁЂ"
    "ЃЄЅІЇЈЋЌЍЎАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрс"
    "туфхцчшѐёђѓїјћќѝў"
)
_TO = (
    "aaaaaaæceeeeiiiidnoooooouuuuyþaaaaaaceeeeiiiidnoooooouuuuyya"
    "aaaaaccccccccddddeeeeeeeeeegggggggghhħiiiiiiiiiĳjjkkllllllŀl"
    "lnnnnnnŋooooooœrrrrrrssssssssttttŧuuuuuuuuuuuuwwyyyzzzzzzееd"
    "гєѕііjcкиуabvgdezziиklmnoprstufhccsщъыьэюяabvgdezziиklmnoprs"
    "tufhccsееdгіjcкиу"
)

_FROM_0002 = "àáâãäåāăąçćčďđèéêëēėęěìíîïīįłñńňòóôõöøōőŕřśšşťţùúûüūůűųýÿźżž"
_TO_0002 = "aaaaaaaaacccddeeeeeeeeiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz"


def _pg_fold(expression: str) -> str:
    for letter, latin in _MULTI:
        expression = f"replace({expression}, '{letter}', '{latin}')"
    return f"translate(lower({expression}), '{_FROM}', '{_TO}')"


_SOURCES = "coalesce(title, '') || ' ' || coalesce(text, '')"
_CLAIMS = (
    "coalesce(surface, '') || ' ' || coalesce(metric, '') || ' ' || coalesce(subject, '') "
    "|| ' ' || coalesce(partner, '') || ' ' || coalesce(entity, '') || ' ' || "
    "coalesce(object, '') || ' ' || coalesce(note, '')"
)
_CLAIM_COLUMNS = ("surface", "metric", "subject", "partner", "entity", "object", "note")
_TRIGGERS = ("ai", "ad", "au")


def _sqlite_statements(fold: str) -> list[str]:
    """Contentless FTS5 tables and the triggers feeding them, each value passed through fold."""
    statements = []
    for table, columns in (("sources", ("title", "text")), ("claims", _CLAIM_COLUMNS)):
        names = ", ".join(columns)
        new = ", ".join(f"{fold}(new.{c})" for c in columns)
        old = ", ".join(f"{fold}(old.{c})" for c in columns)
        add = f"INSERT INTO {table}_fts(rowid, {names}) VALUES (new.rowid, {new});"
        drop = (
            f"INSERT INTO {table}_fts({table}_fts, rowid, {names}) "
            f"VALUES ('delete', old.rowid, {old});"
        )
        statements += [
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5({names}, content='')",
            f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN {add} END",
            f"CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN {drop} END",
            f"CREATE TRIGGER {table}_fts_au AFTER UPDATE ON {table} BEGIN {drop} {add} END",
            f"INSERT INTO {table}_fts(rowid, {names}) SELECT rowid, "
            + ", ".join(f"{fold}({c})" for c in columns)
            + f" FROM {table}",
        ]
    return statements


def _drop_sqlite_fts() -> None:
    for table in ("sources", "claims"):
        for trigger in _TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {table}_fts")


def upgrade() -> None:
    op.add_column("sources", sa.Column("language", sa.String(16), nullable=True))
    op.add_column("sources", sa.Column("encoding", sa.String(32), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        _drop_sqlite_fts()
        for statement in _sqlite_statements("geoledger_fold"):
            op.execute(statement)
        return
    op.execute("DROP INDEX IF EXISTS sources_fts")
    op.execute("DROP INDEX IF EXISTS claims_fts")
    op.execute(
        f"CREATE INDEX sources_fts ON sources USING gin "
        f"(to_tsvector('simple', {_pg_fold(_SOURCES)}))"
    )
    op.execute(
        f"CREATE INDEX claims_fts ON claims USING gin (to_tsvector('simple', {_pg_fold(_CLAIMS)}))"
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of the table would lose its triggers.
    op.execute("ALTER TABLE sources DROP COLUMN encoding")
    op.execute("ALTER TABLE sources DROP COLUMN language")
    if op.get_bind().dialect.name == "sqlite":
        _drop_sqlite_fts()
        # Back to 0001's external-content tables, indexed as written (case and accent only).
        for table, columns in (("sources", ("title", "text")), ("claims", _CLAIM_COLUMNS)):
            names = ", ".join(columns)
            new = ", ".join(f"new.{c}" for c in columns)
            old = ", ".join(f"old.{c}" for c in columns)
            add = f"INSERT INTO {table}_fts(rowid, {names}) VALUES (new.rowid, {new});"
            drop = (
                f"INSERT INTO {table}_fts({table}_fts, rowid, {names}) "
                f"VALUES ('delete', old.rowid, {old});"
            )
            op.execute(
                f"CREATE VIRTUAL TABLE {table}_fts USING fts5({names}, content='{table}', "
                "content_rowid='rowid')"
            )
            op.execute(f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN {add} END")
            op.execute(f"CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN {drop} END")
            op.execute(
                f"CREATE TRIGGER {table}_fts_au AFTER UPDATE ON {table} BEGIN {drop} {add} END"
            )
            op.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
        return
    # Back to 0002's indexes, blind to case and accents only.
    fold = "translate(lower({}), '{}', '{}')".format
    op.execute("DROP INDEX IF EXISTS sources_fts")
    op.execute("DROP INDEX IF EXISTS claims_fts")
    for table, expression in (("sources", _SOURCES), ("claims", _CLAIMS)):
        folded = fold(expression, _FROM_0002, _TO_0002)
        op.execute(
            f"CREATE INDEX {table}_fts ON {table} USING gin (to_tsvector('simple', {folded}))"
        )
