"""The audit log is a hash chain the database keeps append-only, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from geoledger import store
from geoledger.pipeline import load_dataset
from geoledger.pipeline import review as reviewing
from geoledger.store import make_engine


def forge(url: str, statement: str) -> None:
    """Change the audit log as someone with the database's owner rights would: triggers off."""
    engine = create_engine(url)
    with engine.begin() as conn:
        if url.startswith("postgresql"):
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            conn.execute(text(statement))
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
            conn.execute(text(statement))
    engine.dispose()


@pytest.fixture
def loaded(ledger_url: str) -> str:
    engine = make_engine(ledger_url)
    load_dataset(engine)
    engine.dispose()
    return ledger_url


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET who = 'someone else'", "DELETE FROM audit_log WHERE id = 1"],
)
def test_update_and_delete_on_the_audit_log_are_refused(loaded: str, statement: str) -> None:
    engine = create_engine(loaded)
    with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
        conn.execute(text(statement))
    assert "the audit log is append-only" in str(caught.value)
    engine.dispose()


def test_truncate_on_postgresql_is_refused(loaded: str) -> None:
    if not loaded.startswith("postgresql"):
        pytest.skip("TRUNCATE is PostgreSQL's")
    engine = create_engine(loaded)
    with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_log CASCADE"))
    assert "the audit log is append-only (TRUNCATE refused)" in str(caught.value)
    engine.dispose()


def test_audit_verify_passes_an_untouched_log(loaded: str, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--db", loaded, "audit", "verify")
    assert result.exit_code == 0
    assert result.output.startswith("Audit log intact: 89 entries, chain head ")


def test_audit_verify_names_a_forged_row(loaded: str, cli) -> None:  # type: ignore[no-untyped-def]
    forge(loaded, "UPDATE audit_log SET who = 'mallory' WHERE id = 7")
    result = cli("--db", loaded, "audit", "verify")
    assert result.exit_code == 1
    assert result.output == (
        "error: Audit entry 7 (claim c007, create by mallory) does not match its hash: "
        "it was changed. 7 entries read.\n"
    )


def test_audit_verify_finds_a_removed_row(loaded: str, cli) -> None:  # type: ignore[no-untyped-def]
    forge(loaded, "DELETE FROM audit_log WHERE id = 40")
    result = cli("--db", loaded, "audit", "verify")
    assert result.exit_code == 1
    assert result.output == "error: Audit entries 40–40 are missing. 40 entries read.\n"


def test_concurrent_reviews_keep_one_unbroken_chain(loaded: str, cli) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(loaded)
    with engine.connect() as conn:
        ids = [c.id for c in store.list_claims(conn)][:40]
    failures: list[BaseException] = []

    def review(part: list[str]) -> None:
        try:
            for claim_id in part:
                with engine.begin() as conn:
                    reviewing.reject_claim(conn, claim_id, who="tester", why="race")
        except BaseException as exc:  # collected and asserted below
            failures.append(exc)

    threads = [threading.Thread(target=review, args=(ids[n::4],)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    assert failures == []
    result = cli("--db", loaded, "audit", "verify")
    assert result.output.startswith("Audit log intact: 129 entries, chain head ")
