"""Schema creation and upgrades are one transaction; a half-made schema is reported and rebuilt."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from geoledger import store
from geoledger.errors import GeoledgerError
from geoledger.store import make_engine
from geoledger.store import schema as t
from geoledger.store.engine import head_version


def test_tables_left_by_an_interrupted_first_run_are_rebuilt_with_a_warning(
    ledger_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    # What a first run killed between two CREATE TABLEs left before migrations were atomic.
    raw = create_engine(ledger_url)
    with raw.begin() as conn:
        t.sources.create(conn)
        t.actors.create(conn)
    raw.dispose()
    with caplog.at_level("WARNING", logger="geoledger.store"):
        engine = make_engine(ledger_url)
    assert store.schema_version(engine) == head_version()
    assert [r.getMessage() for r in caplog.records] == [
        f"The ledger {store.describe(ledger_url)} held 2 tables of an interrupted first run and "
        "no data; they were removed and the schema made again."
    ]
    engine.dispose()


def test_a_database_with_data_but_no_schema_version_is_refused(ledger_url: str) -> None:
    raw = create_engine(ledger_url)
    with raw.begin() as conn:
        t.sources.create(conn)
        conn.execute(t.sources.insert().values(id="s1", title="kept"))
    raw.dispose()
    with pytest.raises(GeoledgerError) as caught:
        make_engine(ledger_url)
    assert str(caught.value) == (
        f"The ledger {store.describe(ledger_url)} has data in 'sources' but no schema version: "
        "it was not made by geoledger, or its creation was interrupted. Move it aside and run "
        "'geoledger load' again."
    )


def _open_at_once(url: str, times: int = 4) -> list[BaseException]:
    """Open the ledger at url from several threads at once; what each raised."""
    errors: list[BaseException] = []

    def open_ledger() -> None:
        try:
            make_engine(url).dispose()
        except BaseException as exc:  # collected and asserted by the caller
            errors.append(exc)

    threads = [threading.Thread(target=open_ledger) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_first_runs_at_once_make_one_schema(ledger_url: str) -> None:
    assert _open_at_once(ledger_url) == []
    engine = make_engine(ledger_url)
    assert store.schema_version(engine) == head_version()
    engine.dispose()


def test_the_upgrade_to_the_chain_seals_entries_written_before_it(ledger_url: str) -> None:
    from alembic import command
    from sqlalchemy import column, insert, select, table

    from geoledger.store.audit import verify_chain
    from geoledger.store.engine import _alembic_config

    raw = create_engine(ledger_url)
    with raw.begin() as conn:
        config = _alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        conn.execute(insert(t.sources).values(id="s1", title="old"))
        stamp = "2026-01-01T00:00:00Z"
        conn.execute(
            insert(t.claims).values(
                id="c1",
                source_id="s1",
                value=1.0,
                unit="USD",
                metric="trade.total",
                origin="entered",
                created_at=stamp,
                updated_at=stamp,
            )
        )
        old_log = table(
            "audit_log", *(column(n) for n in ("id", "claim_id", "at", "who", "action"))
        )
        # Ids with a gap, as a rolled-back transaction leaves them in a PostgreSQL sequence.
        for entry_id, action in ((1, "create"), (3, "accept"), (4, "reject")):
            conn.execute(
                insert(old_log).values(
                    id=entry_id, claim_id="c1", at=stamp, who="old", action=action
                )
            )
    raw.dispose()
    engine = make_engine(ledger_url)
    with engine.connect() as conn:
        check = verify_chain(conn)
        rows = conn.execute(select(t.audit_log.c.id, t.audit_log.c.action).order_by("id")).all()
    engine.dispose()
    assert (check.entries, check.broken) == (3, None)
    assert [tuple(r) for r in rows] == [(1, "create"), (2, "accept"), (3, "reject")]


def test_many_first_runs_at_once_on_new_sqlite_files_all_open(tmp_path: Path) -> None:
    # Switching a new file to WAL does not wait on the busy handler; four first runs at
    # once used to fail with "database is locked" about one time in ten.
    errors = [
        error
        for round_number in range(25)
        for error in _open_at_once(f"sqlite:///{tmp_path / f'ledger{round_number}.db'}")
    ]
    assert errors == []
