"""backup and restore carry everything: claims with status, audit, sources with text, tokens."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from geoledger.auth import tokens
from geoledger.pipeline import review as reviewing
from geoledger.pipeline.ingest import ingest_paths
from geoledger.store import make_engine
from geoledger.store import schema as t


@pytest.fixture
def rich_db(bundled_db: Path, tmp_path: Path) -> Path:
    """The bundled ledger plus an ingested document, two reviews and a reviewer token."""
    doc = tmp_path / "loan.md"
    doc.write_text(
        "---\ntitle: A loan\nurl: https://example.org/loan\n---\n\n"
        "In 2021 China lent Serbia $150 million for a bypass.\n",
        encoding="utf-8",
    )
    engine = make_engine(f"sqlite:///{bundled_db}")
    ingest_paths(engine, [str(doc)])
    with engine.begin() as conn:
        reviewing.reject_claim(conn, "c001", who="ana", why="typo in the source")
        reviewing.accept_claim(conn, "c001", who="boris")
        tokens.add_token(conn, "ana")
    engine.dispose()
    return bundled_db


def body(path: Path) -> list[str]:
    """A backup's lines without its header (which says when it was made)."""
    return path.read_text(encoding="utf-8").splitlines()[1:]


def test_a_backup_restores_whole_and_backs_up_the_same(
    cli, rich_db: Path, ledger_url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first = tmp_path / "first.backup"
    made = cli("--db", str(rich_db), "backup", str(first))
    n = ingested(first)
    assert n >= 1
    assert made.output == (
        f"Backed up to {first}: {89 + n} claims, {91 + n} audit entries, 6 sources, "
        "164 actors, 183 events, 1 reviewer tokens.\n"
    )
    restored = cli("--db", ledger_url, "restore", str(first))
    assert restored.exit_code == 0, restored.output
    assert cli("--db", ledger_url, "audit", "verify").output.startswith(
        f"Audit log intact: {91 + n} entries"
    )
    second = tmp_path / "second.backup"
    cli("--db", ledger_url, "backup", str(second))
    assert body(second) == body(first)
    history = cli("--db", ledger_url, "history", "c001", "--format", "csv").output.splitlines()
    assert [line.split(",")[1:3] for line in history[-2:]] == [
        ["ana", "reject"],
        ["boris", "accept"],
    ]
    text = cli("--db", ledger_url, "sources", "--format", "json").output
    assert "https://example.org/loan" in text


def ingested(path: Path) -> int:
    """How many claims the extractor found in the ingested document (its own business)."""
    return sum(
        1
        for line in body(path)[:-1]
        if json.loads(line)["table"] == "claims"
        and json.loads(line)["row"]["source_id"] == "loan.md"
    )


def test_restore_refuses_a_ledger_that_holds_data(cli, rich_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    backup = tmp_path / "b.backup"
    cli("--db", str(rich_db), "backup", str(backup))
    result = cli("--db", str(rich_db), "restore", str(backup))
    assert (result.exit_code, result.output) == (
        1,
        f"error: The ledger {rich_db} is not empty (164 rows in actors); restore into a new "
        "ledger (--db NEW).\n",
    )


def test_a_cut_backup_restores_nothing(cli, rich_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    backup = tmp_path / "b.backup"
    cli("--db", str(rich_db), "backup", str(backup))
    lines = backup.read_text(encoding="utf-8").splitlines(keepends=True)
    backup.write_text("".join(lines[:-40]), encoding="utf-8")
    target = tmp_path / "new.db"
    result = cli("--db", str(target), "restore", str(backup))
    rows = len(lines) - 40 - 1
    assert (result.exit_code, result.output) == (
        1,
        f"error: {backup} ends early: the backup is incomplete ({rows} rows read).\n",
    )
    engine = make_engine(f"sqlite:///{target}")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.claims)).scalar_one() == 0
    engine.dispose()


def test_a_backup_with_a_forged_audit_entry_is_refused(cli, rich_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    backup = tmp_path / "b.backup"
    cli("--db", str(rich_db), "backup", str(backup))
    header, *rows, _end = backup.read_text(encoding="utf-8").splitlines()
    forged = []
    for line in rows:
        record = json.loads(line)
        if record["table"] == "audit_log" and record["row"]["id"] == 5:
            record["row"]["who"] = "mallory"
            line = json.dumps(record, ensure_ascii=False, sort_keys=True)
        forged.append(line)
    digest = hashlib.sha256("".join(forged).encode()).hexdigest()
    end = json.dumps({"end": {"rows": len(forged), "sha256": digest}})
    backup.write_text("\n".join([header, *forged, end]) + "\n", encoding="utf-8")
    result = cli("--db", str(tmp_path / "new.db"), "restore", str(backup))
    assert (result.exit_code, result.output) == (
        1,
        f"error: {backup}: Audit entry 5 (claim c005, create by mallory) does not match its "
        "hash: it was changed. Nothing was restored.\n",
    )
