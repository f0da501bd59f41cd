"""The batch writer stores what storing documents one by one stores, in a few statements."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, select

from geoledger.pipeline import connect
from geoledger.pipeline.ingest import (
    ledger_gazetteer,
    process_paths,
    store_document,
    store_documents,
)
from geoledger.store import make_engine
from geoledger.store import schema as t


def _rows(engine: Engine) -> dict[str, list[Any]]:
    with connect(engine) as conn:
        return {
            "sources": sorted(
                conn.execute(
                    select(t.sources.c.id, t.sources.c.content_hash, t.sources.c.text)
                ).all()
            ),
            "claims": sorted(conn.execute(select(t.claims.c.id, t.claims.c.source_id)).all()),
            "issues": sorted(
                conn.execute(
                    select(t.ingest_issues.c.code, t.ingest_issues.c.doc, t.ingest_issues.c.start)
                ).all(),
                key=repr,
            ),
            "actors": sorted(conn.execute(select(t.actors.c.id, t.actors.c.status)).all()),
        }


def test_a_batch_is_stored_as_its_documents_one_by_one_are(
    shared: Path, bundled_db: Path, tmp_path: Path
) -> None:
    # The bundled dataset cites the corpus files by name, without text: they receive it.
    # other/ holds a file of the same name with other bytes (stored under name#hash) and a
    # byte-for-byte copy under another name (stored once).
    corpus = sorted((shared / "corpus").glob("*.txt"))
    other = tmp_path / "other"
    other.mkdir()
    (other / corpus[0].name).write_text(corpus[0].read_text() + "\nA later edition.\n")
    shutil.copy(corpus[1], other / "copy_of_second.txt")
    args = [str(shared / "corpus"), str(other)]
    one_by_one = tmp_path / "one_by_one.db"
    shutil.copy(bundled_db, one_by_one)
    engines = {
        "batch": make_engine(f"sqlite:///{bundled_db}"),
        "one_by_one": make_engine(f"sqlite:///{one_by_one}"),
    }
    with connect(engines["batch"]) as conn:
        gazetteer = ledger_gazetteer(conn)
    results = list(process_paths(args, gazetteer=gazetteer))
    assert len(results) == 5 and not any(r.refused for r in results)

    statements: list[str] = []
    event.listen(engines["batch"], "before_cursor_execute", lambda *a: statements.append(a[2]))
    with connect(engines["batch"]) as conn:
        batch = store_documents(conn, results)
    with connect(engines["one_by_one"]) as conn:
        singles = [store_document(conn, r) for r in results]
    assert batch == (
        sum(s[0] for s in singles),
        sum(s[1] for s in singles),
        sum(s[2] for s in singles),
    )
    assert batch[0] == 4  # five files, one of them a byte-for-byte copy
    stored = _rows(engines["batch"])
    assert stored == _rows(engines["one_by_one"])
    ids = {row[0]: row[1] for row in stored["sources"]}
    name = corpus[0].name
    first, second = [r.doc for r in results if r.doc is not None and r.doc.name == name]
    assert ids[name] == first.content_hash  # the first of a name takes it, as one by one
    assert ids[f"{name}#{second.content_hash[:8]}"] == second.content_hash
    copies = [r.doc.content_hash for r in results if r.doc and r.doc.name == corpus[1].name]
    assert list(ids.values()).count(copies[0]) == 1  # the same bytes twice: stored once
    # A statement count that does not grow with the documents' claims and issues.
    assert len(statements) < 40, statements
    for engine in engines.values():
        engine.dispose()
