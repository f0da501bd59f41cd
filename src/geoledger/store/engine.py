"""Open a ledger: make the engine, bring its schema to the newest version."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from geoledger.errors import GeoledgerError, NotFound
from geoledger.store.fold import fold_text

MIGRATIONS = Path(__file__).parent / "migrations"


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while a writer commits; busy_timeout makes writers queue.
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL keeps the file consistent on a crash and skips an fsync per commit;
    # only the last commits before a power cut can be lost.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    # The full-text triggers of migration 0006 index text folded to one script through this.
    dbapi_connection.create_function("geoledger_fold", 1, _fold_or_null, deterministic=True)


def _fold_or_null(value: object) -> object:
    return fold_text(value) if isinstance(value, str) else value


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
    """Apply every migration the ledger has not had yet, in one transaction."""
    if schema_version(engine) == head_version():
        return
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
