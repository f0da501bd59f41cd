"""kill -9 at random moments of ingest, review and restore, on SQLite and PostgreSQL.

Every run ends with an integrity check and a claim hash compared with a clean run.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from sqlalchemy import func, select

from geoledger.pipeline.custody import restore_ledger
from geoledger.pipeline.ingest import ingest_paths
from geoledger.store import make_engine
from geoledger.store import schema as t
from reliability.harness import (
    claim_hash,
    count,
    integrity_problems,
    kill9,
    reset,
    run_geoledger,
    run_python,
    start_geoledger,
    start_python,
)

HERE = Path(__file__).parent


def loaded(url: str) -> str:
    """url holding the bundled dataset."""
    result = run_geoledger("--db", url, "load")
    assert result.returncode == 0, result.stderr
    return url


def kill_at_random(proc, rng: random.Random, whole: float) -> str:  # type: ignore[no-untyped-def]
    """Let proc run a random part of whole seconds, kill -9 it, and return what it printed."""
    time.sleep(rng.uniform(0.3, whole))
    return kill9(proc)


def rounds_of_documents(shared: Path, folder: Path, rounds: int) -> list[Path]:
    """One folder per round: the corpus articles under names and with a last line of its own."""
    made = []
    for number in range(rounds):
        target = folder / f"round{number:02d}"
        target.mkdir(parents=True)
        for article in sorted((shared / "corpus").glob("*.txt"))[: count(1, 3)]:
            text = article.read_text(encoding="utf-8") + f"\nRound {number}.\n"
            (target / f"r{number:02d}_{article.name}").write_text(text, encoding="utf-8")
        made.append(target)
    return made


def test_kill_9_during_ingest_loses_and_duplicates_nothing(
    ledger_url: str, shared: Path, tmp_path: Path
) -> None:
    rng = random.Random(1)
    kills = count(1, 20)
    folders = rounds_of_documents(shared, tmp_path / "docs", kills)
    clean = loaded(f"sqlite:///{tmp_path / 'clean.db'}")
    started = time.monotonic()
    done = run_geoledger("--db", clean, "ingest", *map(str, folders), timeout=600)
    assert done.returncode == 0, done.stderr
    whole = (time.monotonic() - started) / kills
    killed = loaded(ledger_url)
    for folder in folders:
        kill_at_random(start_geoledger("--db", killed, "ingest", str(folder)), rng, whole)
        # The same folder again, in this process (what the CLI runs, without its start-up).
        engine = make_engine(killed, create=False)
        again = ingest_paths(engine, [str(folder)])
        engine.dispose()
        assert again.refused == []
    assert integrity_problems(killed) == []
    assert claim_hash(killed) == claim_hash(clean)
    print(f"{len(folders)} ingest kills on {killed.split(':')[0]}: same claim hash as a clean run")


def test_kill_9_during_reviews_keeps_every_acknowledged_one_once(
    ledger_url: str, tmp_path: Path
) -> None:
    rng = random.Random(2)
    kills = count(2, 20)
    clean = loaded(f"sqlite:///{tmp_path / 'clean.db'}")
    engine = make_engine(clean, create=False)
    with engine.connect() as conn:
        claim_ids = sorted(conn.execute(select(t.claims.c.id)).scalars())[: count(25, 89)]
    engine.dispose()
    reviewer = [str(HERE / "reviewer.py")]
    started = time.monotonic()
    assert run_python(*reviewer, clean).returncode == 0
    start_up = time.monotonic() - started
    started = time.monotonic()
    done = run_python(*reviewer, clean, *claim_ids)
    assert done.returncode == 0, done.stderr
    # Each kill lands within twice its share of the reviews, so all of them meet a reviewer
    # at work rather than one that has finished.
    share = max(time.monotonic() - started - start_up, 0.1) * 2 / kills
    killed = loaded(ledger_url)
    acknowledged: list[str] = []
    for _ in range(kills):
        left = [c for c in claim_ids if c not in set(reviewed(killed))]
        proc = start_python(*reviewer, killed, *left)
        time.sleep(rng.uniform(start_up * 0.8, start_up + share))
        acknowledged += kill9(proc).split()
        assert set(acknowledged) <= set(reviewed(killed))  # nothing acknowledged is lost
    left = [c for c in claim_ids if c not in set(reviewed(killed))]
    assert run_python(*reviewer, killed, *left).returncode == 0
    assert sorted(reviewed(killed)) == claim_ids  # each claim reviewed exactly once
    assert integrity_problems(killed) == []
    assert claim_hash(killed) == claim_hash(clean)
    print(
        f"{kills} review kills on {killed.split(':')[0]}: {len(acknowledged)} acknowledged "
        f"reviews, none lost, {len(claim_ids)} claims reviewed once each, same claim hash"
    )


def test_kill_9_during_restore_leaves_nothing_or_everything(
    ledger_url: str, bundled_db: Path, tmp_path: Path
) -> None:
    rng = random.Random(3)
    backup = tmp_path / "ledger.backup"
    made = run_geoledger("--db", str(bundled_db), "backup", str(backup))
    assert made.returncode == 0, made.stderr
    clean = f"sqlite:///{bundled_db}"
    started = time.monotonic()
    first = tmp_path / "first.db"
    assert run_geoledger("--db", str(first), "restore", str(backup)).returncode == 0
    whole = time.monotonic() - started
    clean_hash = claim_hash(clean)
    outcomes = {0: 0, 89: 0}
    for _ in range(count(2, 20)):
        reset(ledger_url)
        kill_at_random(start_geoledger("--db", ledger_url, "restore", str(backup)), rng, whole)
        engine = make_engine(ledger_url)  # it opens
        with engine.connect() as conn:
            claims = conn.execute(select(func.count()).select_from(t.claims)).scalar_one()
        assert claims in (0, 89)
        outcomes[claims] += 1
        if claims == 0:
            restore_ledger(engine, backup)  # what the CLI runs, without its start-up
        engine.dispose()
        assert integrity_problems(ledger_url) == []
        assert claim_hash(ledger_url) == clean_hash
    print(
        f"{sum(outcomes.values())} restore kills on {ledger_url.split(':')[0]}: {outcomes[0]} "
        f"left nothing, {outcomes[89]} everything; each restored whole, same claim hash"
    )


# --- helpers ---------------------------------------------------------------------------------


def reviewed(url: str) -> list[str]:
    """Claims with a review entry from the kill-test reviewer, once per entry."""
    engine = make_engine(url, create=False)
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.audit_log.c.claim_id).where(t.audit_log.c.why == "kill test")
        ).scalars()
        found = list(rows)
    engine.dispose()
    return found
