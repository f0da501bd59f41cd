"""kill -9 at random moments of a first `load`: every ledger opens afterwards and loads whole."""

from __future__ import annotations

import random
import time
from pathlib import Path

from sqlalchemy import func, select

from geoledger.store import make_engine, schema_version
from geoledger.store import schema as t
from geoledger.store.engine import head_version
from reliability.harness import count, kill9, run_geoledger, start_geoledger


def test_a_killed_first_load_never_leaves_a_ledger_that_cannot_be_opened(tmp_path: Path) -> None:
    rng = random.Random(15)
    started = time.monotonic()
    clean = run_geoledger("--db", str(tmp_path / "clean.db"), "load")
    assert clean.returncode == 0, clean.stderr
    whole = time.monotonic() - started
    for number in range(count(3, 50)):
        db = tmp_path / f"killed-{number}.db"
        proc = start_geoledger("--db", str(db), "load")
        if number % 2:
            time.sleep(rng.uniform(0, whole))
        else:
            # Every other kill lands while the schema is being made, the narrow window where
            # a migration that is not one transaction leaves a ledger nobody can open.
            while not db.exists() and proc.poll() is None:
                time.sleep(0.001)
            time.sleep(rng.uniform(0, 0.15))
        kill9(proc)
        # The killed ledger opens, and a second load completes it.
        engine = make_engine(f"sqlite:///{db}", create=True)
        assert schema_version(engine) == head_version()
        with engine.connect() as conn:
            claims = conn.execute(select(func.count()).select_from(t.claims)).scalar_one()
        engine.dispose()
        assert claims in (0, 89), f"kill {number}: {claims} claims, a part of a load"
        again = run_geoledger("--db", str(db), "load")
        assert again.returncode == 0, again.stderr
        assert again.stdout.startswith("Loaded china-serbia into ")
