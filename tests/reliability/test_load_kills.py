"""kill -9 at random moments of a first `load`: every ledger opens afterwards and loads whole.

On SQLite and (in a full run) PostgreSQL. The killed ledger is reopened and loaded again in
this process; the first one is loaded again by the CLI too, to see its message.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, select, text

from geoledger.pipeline import load_dataset
from geoledger.store import make_engine, schema_version
from geoledger.store import schema as t
from geoledger.store.engine import MIGRATION_LOCK, head_version
from reliability.harness import count, kill9, reset, run_geoledger, start_geoledger


def claims_in(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.claims)).scalar_one()


def migrating(url: str, db: Path, watcher: Engine | None) -> bool:
    """True once the load has begun making the schema (its file, or its advisory lock)."""
    if watcher is None:
        return db.exists()
    with watcher.connect() as conn:
        held = conn.execute(
            text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :k"),
            {"k": MIGRATION_LOCK},
        ).scalar_one()
    return bool(held)


def test_a_killed_first_load_never_leaves_a_ledger_that_cannot_be_opened(
    ledger_url: str, tmp_path: Path
) -> None:
    rng = random.Random(15)
    started = time.monotonic()
    clean = run_geoledger("--db", str(tmp_path / "clean.db"), "load")
    assert clean.returncode == 0, clean.stderr
    whole = time.monotonic() - started
    kills = count(3, 50)
    # A plain engine to watch PostgreSQL's locks (make_engine would make the schema itself).
    watcher = None if ledger_url.startswith("sqlite") else create_engine(ledger_url)
    for number in range(kills):
        db = tmp_path / f"killed-{number}.db"
        url = f"sqlite:///{db}" if ledger_url.startswith("sqlite") else ledger_url
        reset(url)
        proc = start_geoledger("--db", url, "load")
        if number % 2:
            time.sleep(rng.uniform(0, whole))
        else:
            # Every other kill lands while the schema is being made, the narrow window where
            # a migration that is not one transaction leaves a ledger nobody can open.
            while not migrating(url, db, watcher) and proc.poll() is None:
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.15))
        kill9(proc)
        # The killed ledger opens, and a second load completes it.
        engine = make_engine(url, create=True)
        assert schema_version(engine) == head_version()
        claims = claims_in(engine)
        assert claims in (0, 89), f"kill {number}: {claims} claims, a part of a load"
        if number == 0:
            again = run_geoledger("--db", url, "load")
            assert again.returncode == 0, again.stderr
            assert again.stdout.startswith("Loaded china-serbia into ")
        else:
            load_dataset(engine)
        assert claims_in(engine) == 89
        engine.dispose()
    if watcher is not None:
        watcher.dispose()
    print(f"{kills} kills of a first load on {ledger_url.split(':')[0]}: every ledger opened")
