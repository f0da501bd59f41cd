"""Schema creation and upgrades are one transaction; a half-made schema is reported and rebuilt."""

from __future__ import annotations

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


def test_two_first_runs_at_once_make_one_schema(ledger_url: str) -> None:
    import threading

    errors: list[BaseException] = []

    def open_ledger() -> None:
        try:
            make_engine(ledger_url).dispose()
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_ledger) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = make_engine(ledger_url)
    assert store.schema_version(engine) == head_version()
    engine.dispose()
