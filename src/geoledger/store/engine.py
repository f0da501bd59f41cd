"""Open a ledger: make the engine, bring its schema to the newest version."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from geoledger.errors import GeoledgerError, NotFound
from geoledger.store.fold import fold_text

MIGRATIONS = Path(__file__).parent / "migrations"
# Key of the PostgreSQL advisory lock held while the schema is made or upgraded ("geol").
MIGRATION_LOCK = 0x67656F6C
# Tables a first run makes, dependants first so they can be dropped in this order.
LEDGER_OBJECTS = (
    "sessions",
    "tokens",
    "claims_fts",
    "sources_fts",
    "audit_log",
    "ingest_issues",
    "claims",
    "event_conflicts",
    "event_sources",
    "event_actors",
    "events",
    "actor_sources",
    "actor_aliases",
    "actors",
    "sources",
    "alembic_version",
)
log = logging.getLogger("geoledger.store")
SQLITE_MMAP_BYTES = 1 << 30
SQLITE_CACHE_KIB = 64 * 1024  # per connection, filled only as pages are used


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # busy_timeout makes writers queue; WAL lets readers go on while a writer commits.
    cursor.execute("PRAGMA busy_timeout=30000")
    _enter_wal(cursor)
    # In WAL mode NORMAL keeps the file consistent on a crash and skips an fsync per commit;
    # only the last commits before a power cut can be lost.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Reads map the file instead of copying pages through a 2 MB cache: a million-claim
    # ledger's index pages stay in the OS cache, shared by every connection.
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()
    # The full-text triggers of migration 0006 index text folded to one script through this.
    dbapi_connection.create_function("geoledger_fold", 1, _fold_or_null, deterministic=True)


def _enter_wal(cursor) -> None:  # type: ignore[no-untyped-def]
    """Switch the file to WAL, waiting while another first run holds it."""
    # The switch needs the file to itself and SQLite does not call the busy handler for it,
    # so two first runs at once would fail with "database is locked": retry for busy_timeout.
    deadline = time.monotonic() + 30.0
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def _fold_or_null(value: object) -> object:
    return fold_text(value) if isinstance(value, str) else value


# Statistics are taken again when the claims have grown this many times since they were
# last taken: ANALYZE reads every index, so doing it per doubling costs O(1) per claim.
STATISTICS_GROWTH = 2.0


def refresh_statistics(conn: Connection, *, unless_grown_below: float | None = None) -> None:
    """Let the query planner see the tables' sizes and spreads again (after a bulk change).

    Without statistics SQLite takes any index on a filter as selective (status: most claims
    match) and sorts what it finds; PostgreSQL's autovacuum would analyze later, this is now.
    With unless_grown_below, nothing is done unless the claims have grown that many times
    since the statistics were last taken. (SQLite's analysis_limit sampling is not used: it
    misjudges indexes whose first column has few values, such as status.)
    """
    if unless_grown_below is not None:
        claims = int(
            conn.execute(text("SELECT n FROM ledger_counts WHERE name = 'claims'")).scalar() or 0
        )
        if claims < unless_grown_below * max(1, _claims_at_last_statistics(conn)):
            return
    conn.exec_driver_sql("ANALYZE")


def _claims_at_last_statistics(conn: Connection) -> int:
    """How many claims the planner's statistics saw (0 if none were taken)."""
    if conn.dialect.name == "sqlite":
        if not conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).first():
            return 0
        stat = conn.exec_driver_sql(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'claims' LIMIT 1"
        ).scalar()
        return int(str(stat).split()[0]) if stat else 0
    found = conn.exec_driver_sql("SELECT reltuples FROM pg_class WHERE relname = 'claims'").scalar()
    return max(0, int(found or 0))


def describe(url: str) -> str:
    """A URL as shown to people: the file for SQLite, the URL without password otherwise."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def make_engine(url: str, *, create: bool = True) -> Engine:
    """Open the ledger at url, creating or upgrading its schema; create=False refuses a new one."""
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        if not path.exists():
            if not create:
                raise NotFound(f"No ledger at {path}. Run 'geoledger load' first.")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise GeoledgerError(
                    f"Cannot create a ledger at {path}: {exc.strerror or exc} ({exc.filename})."
                ) from None
    try:
        engine = create_engine(url, future=True)
    except Exception as exc:  # a bad URL or a missing driver
        raise GeoledgerError(f"Cannot open ledger {describe(url)}: {exc}") from exc
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        upgrade_schema(engine)
    except GeoledgerError:
        raise
    except Exception as exc:
        engine.dispose()
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GeoledgerError(f"Cannot open ledger {describe(url)}: {first}") from exc
    return engine


def schema_version(engine: Engine) -> str | None:
    """The ledger's current migration revision, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_version() -> str | None:
    """The newest migration this version of geoledger knows."""
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def upgrade_schema(engine: Engine) -> None:
    """Apply every migration the ledger has not had yet, all in one transaction or none."""
    if schema_version(engine) == head_version():
        return
    if engine.dialect.name == "sqlite":
        # pysqlite commits before every DDL statement by itself, so a kill between two
        # CREATE TABLEs used to leave half a schema; with the driver's own transaction
        # handling off, BEGIN IMMEDIATE makes the whole migration one transaction, taken
        # under the write lock so two first runs queue instead of racing.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                _migrate(engine, conn)
            except BaseException:
                conn.exec_driver_sql("ROLLBACK")
                raise
            conn.exec_driver_sql("COMMIT")
        return
    with engine.begin() as conn:
        # PostgreSQL DDL is transactional already; the advisory lock makes concurrent
        # first runs wait for each other rather than both creating the same tables.
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        _migrate(engine, conn)


def _migrate(engine: Engine, conn: Connection) -> None:
    """Inside the migration transaction: repair a half-made schema, then upgrade to head."""
    if MigrationContext.configure(conn).get_current_revision() == head_version():
        return  # another process finished it while this one waited for the lock
    _repair_interrupted_creation(engine, conn)
    config = _alembic_config()
    config.attributes["connection"] = conn
    command.upgrade(config, "head")


def _repair_interrupted_creation(engine: Engine, conn: Connection) -> None:
    """Drop the empty tables a first run killed before its version row left behind, saying so."""
    inspector = inspect(conn)
    names = set(inspector.get_table_names())
    if "alembic_version" in names and MigrationContext.configure(conn).get_current_revision():
        return
    ours = [name for name in LEDGER_OBJECTS if name in names]
    if not ours:
        return
    where = describe(engine.url.render_as_string(hide_password=False))
    for name in ours:
        if (
            not name.endswith("_fts")
            and conn.execute(
                text(f'SELECT 1 FROM "{name}" LIMIT 1')  # names from our own list, not input
            ).first()
        ):
            raise GeoledgerError(
                f"The ledger {where} has data in '{name}' but no schema version: it was not "
                "made by geoledger, or its creation was interrupted. Move it aside and run "
                "'geoledger load' again."
            )
    for name in ours:
        conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')
    log.warning(
        "The ledger %s held %d tables of an interrupted first run and no data; "
        "they were removed and the schema made again.",
        where,
        len(ours),
    )
