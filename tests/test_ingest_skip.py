"""Re-ingest skips files by their recorded size and mtime, without reading them; a changed
stat means the file is read and hashed again, and only changed bytes are extracted. On SQLite
and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from geoledger import pipeline
from geoledger.pipeline.ingest import ingest_paths
from geoledger.store import make_engine
from geoledger.store import schema as t

HOUR_AGO = time.time() - 3600


def _folder(shared: Path, tmp_path: Path) -> list[Path]:
    """The corpus copied into tmp_path/docs, modified an hour ago (long enough to be trusted)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    copies = []
    for path in sorted((shared / "corpus").glob("*.txt")):
        copy = folder / path.name
        shutil.copy(path, copy)
        os.utime(copy, (HOUR_AGO, HOUR_AGO))
        copies.append(copy)
    return copies


def _records(engine: Engine) -> dict[str, tuple[int, int, str]]:
    f = t.ingest_files.c
    with pipeline.connect(engine) as conn:
        rows = conn.execute(select(f.path, f.size, f.mtime_ns, f.content_hash)).all()
    return {path: (size, mtime, digest) for path, size, mtime, digest in rows}


def _claims(engine: Engine) -> list[tuple[str, str]]:
    with pipeline.connect(engine) as conn:
        return sorted(conn.execute(select(t.claims.c.id, t.claims.c.source_id)).all())


def test_unchanged_files_are_skipped_unread_and_rehash_reads_them(
    ledger_url: str, shared: Path, tmp_path: Path
) -> None:
    engine = make_engine(ledger_url)
    files = _folder(shared, tmp_path)
    first = ingest_paths(engine, [str(tmp_path / "docs")], batch=2)
    assert first.summary() == f"3 documents read (3 new), {first.claims} claims stored."
    records = _records(engine)
    assert sorted(records) == [os.path.abspath(p) for p in files]
    for path in files:
        size, mtime_ns, _ = records[os.path.abspath(path)]
        assert (size, mtime_ns) == (path.stat().st_size, path.stat().st_mtime_ns)
    claims = _claims(engine)

    # The same bytes again: nothing stored, nothing changed.
    again = ingest_paths(engine, [str(tmp_path / "docs")])
    assert again.summary() == "3 documents read (0 new), 0 claims stored."
    assert _claims(engine) == claims and _records(engine) == records

    # Bytes changed in place with size and mtime kept: unseen (the documented limit), as the
    # file is not read; --rehash reads it and stores the new document.
    edited = files[0]
    text = edited.read_bytes()
    edited.write_bytes(text.replace(b"0", b"7"))
    assert edited.stat().st_size == len(text)
    os.utime(edited, ns=(records[os.path.abspath(edited)][1],) * 2)
    unseen = ingest_paths(engine, [str(tmp_path / "docs")])
    assert unseen.summary() == "3 documents read (0 new), 0 claims stored."
    rehashed = ingest_paths(engine, [str(tmp_path / "docs")], rehash=True)
    assert rehashed.new_documents == 1 and rehashed.claims > 0
    assert _records(engine)[os.path.abspath(edited)][2] != records[os.path.abspath(edited)][2]
    engine.dispose()


def test_a_touched_file_is_hashed_again_and_a_changed_one_extracted(
    ledger_url: str, shared: Path, tmp_path: Path
) -> None:
    engine = make_engine(ledger_url)
    files = _folder(shared, tmp_path)
    ingest_paths(engine, [str(tmp_path / "docs")])
    claims, records = _claims(engine), _records(engine)

    # A new mtime, same bytes: read and hashed again, nothing new stored, the record follows.
    touched = files[1]
    os.utime(touched, (HOUR_AGO + 60, HOUR_AGO + 60))
    report = ingest_paths(engine, [str(tmp_path / "docs")])
    assert report.summary() == "3 documents read (0 new), 0 claims stored."
    assert _claims(engine) == claims
    kept = _records(engine)[os.path.abspath(touched)]
    assert kept == (
        touched.stat().st_size,
        touched.stat().st_mtime_ns,
        records[os.path.abspath(touched)][2],
    )

    # New bytes: a new document, its claims extracted and stored beside the old ones.
    changed = files[2]
    with changed.open("a", encoding="utf-8") as out:
        out.write("\nA later edition, with no figure in it.\n")
    os.utime(changed, (HOUR_AGO + 120, HOUR_AGO + 120))
    report = ingest_paths(engine, [str(tmp_path / "docs")])
    assert report.new_documents == 1 and report.claims > 0
    assert set(claims) < set(_claims(engine))
    assert _records(engine)[os.path.abspath(changed)][0] == changed.stat().st_size
    engine.dispose()


def test_a_file_modified_a_moment_ago_is_not_recorded(shared: Path, tmp_path: Path) -> None:
    # Its mtime could change again within the same tick unseen: the next ingest reads it.
    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    fresh = tmp_path / "fresh.txt"
    shutil.copy(sorted((shared / "corpus").glob("*.txt"))[0], fresh)
    report = ingest_paths(engine, [str(fresh)])
    assert report.new_documents == 1
    assert _records(engine) == {}
    engine.dispose()


def test_the_cli_rehashes_on_request(cli: Any, shared: Path, tmp_path: Path) -> None:
    _folder(shared, tmp_path)
    first = cli("ingest", str(tmp_path / "docs"))
    assert first.exit_code == 0 and "3 documents read (3 new)" in first.output
    for args in ((), ("--rehash",)):
        again = cli("ingest", str(tmp_path / "docs"), *args)
        assert again.exit_code == 0
        assert again.output == "3 documents read (0 new), 0 claims stored.\n"
