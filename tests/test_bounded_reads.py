"""Reads that read only their page (issue 16) answer what reading everything answers, on a
generated ledger (benchmarks/ledger.py) on SQLite and PostgreSQL."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from geoledger import pipeline, store
from geoledger.numbers import amount
from geoledger.store import ClaimFilter, make_engine

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def bench_engine(ledger_url: str) -> Iterator[Engine]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from ledger import build_ledger
    finally:
        sys.path.remove(str(BENCHMARKS))
    from geoledger.pipeline.stored import rebuild_reconciliation

    engine = make_engine(ledger_url)
    build_ledger(engine, 1500, after_rows=rebuild_reconciliation)
    yield engine
    engine.dispose()


def _search_everything(conn: Any, text_: str, limit: int) -> list[dict[str, Any]]:
    """The search answer as it was made before paging: every hit read in full, then cut."""
    key = text_.casefold()
    rows = [
        {"kind": "actor", "id": a.id, "label": a.name, "snippet": a.note or ""}
        for a in store.list_actors(conn)
        if any(key in s.casefold() for s in (a.name, a.id, *a.aliases))
    ]
    sources = store.search_sources(conn, text_, limit=limit)
    titles = store.source_titles_of(conn, [i for i, _ in sources])
    rows += [
        {"kind": "source", "id": i, "label": titles.get(i) or "", "snippet": cut}
        for i, cut in sources
    ]
    found = store.matching_claim_ids(conn, text_, limit=limit * 3)
    rows += [
        {
            "kind": "claim",
            "id": c.id,
            "label": f"{c.metric} {c.period or ''}".strip(),
            "snippet": f"{amount(c.value, c.unit)} · {c.subject or ''} / "
            f"{c.partner or ''} · {c.entity or c.object or ''}",
        }
        for c in store.list_claims(conn, ClaimFilter(ids=found))
    ]
    return rows[: limit * 3]


def test_search_pages_are_slices_of_the_whole_answer(bench_engine: Engine) -> None:
    with pipeline.connect(bench_engine) as conn:
        for words, limit in (("copper", 1000), ("copper", 4), ("Serbia China", 7), ("hbis", 5)):
            whole = _search_everything(conn, words, limit)
            assert whole, words
            assert pipeline.search_records(conn, words, limit=limit) == whole
            for offset, rows in ((0, 3), (2, 5), (len(whole) - 2, 10), (len(whole) + 1, 5)):
                page, total = pipeline.search_page(
                    conn, words, limit=limit, offset=offset, rows=rows
                )
                assert total == len(whole), words
                assert page == whole[offset : offset + rows], (words, offset)
        kinds = {hit["kind"] for hit in _search_everything(conn, "copper", 4)}
        assert kinds == {"actor", "source", "claim"}  # the cap cuts across every kind
