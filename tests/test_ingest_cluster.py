"""Ingest through Dask: the same ledger as a local ingest, even when a worker is killed."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from geoledger.pipeline import connect
from geoledger.pipeline.cluster import DaskPool, parse_cluster
from geoledger.pipeline.ingest import DocumentResult, ingest_paths
from geoledger.store import make_engine
from geoledger.store import schema as t

distributed = pytest.importorskip("distributed")

COPIES = 4
# Columns that say when a row was written, not what it holds.
WHEN = {"created_at", "updated_at", "fetched_at", "at"}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A real LocalCluster: two worker processes (each under a nanny that restarts it)."""
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def articles(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copies of the shared articles, each made unique, and one empty file to be refused."""
    folder = tmp_path_factory.mktemp("articles")
    for copy in range(COPIES):
        for article in sorted((shared / "corpus").glob("*.txt")):
            text = article.read_text(encoding="utf-8")
            (folder / f"{article.stem}_{copy}.txt").write_text(
                f"{text}\n\nCopy {copy}.\n", encoding="utf-8"
            )
    (folder / "blank.txt").write_bytes(b"")
    return folder


def ledger_rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """What a ledger holds, table by table, in a fixed order and without write times."""
    tables = {
        "sources": t.sources,
        "claims": t.claims,
        "actors": t.actors,
        "ingest_issues": t.ingest_issues,
        "recon_claims": t.recon_claims,
        "recon_facts": t.recon_facts,
        "recon_items": t.recon_items,
        "recon_item_claims": t.recon_item_claims,
    }
    out: dict[str, list[tuple[Any, ...]]] = {}
    with connect(engine) as conn:
        for name, table in tables.items():
            columns = [c for c in table.c if c.name not in WHEN]
            if name == "ingest_issues":
                columns = [c for c in columns if c.name != "id"]  # a counter
            rows = conn.execute(select(*columns)).all()
            out[name] = sorted(
                (tuple(int(v) if isinstance(v, bool) else v for v in row) for row in rows),
                key=repr,
            )
        out["audit"] = sorted(
            conn.execute(select(t.audit_log.c.claim_id, t.audit_log.c.action)).all()
        )
    return out


@pytest.fixture(scope="module")
def local_ledger(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('local') / 'ledger.db'}")
    report = ingest_paths(engine, [str(articles)], batch=5)
    rows = ledger_rows(engine)
    engine.dispose()
    return {"summary": report.summary(), "rows": rows}


def test_the_local_ledger_holds_every_article_once(local_ledger: dict[str, Any]) -> None:
    rows = local_ledger["rows"]
    assert local_ledger["summary"] == (
        f"{3 * COPIES} documents read ({3 * COPIES} new), "
        f"{len(rows['claims'])} claims stored; 1 file refused."
    )
    assert len(rows["sources"]) == 3 * COPIES and len(rows["claims"]) > 50 * COPIES
    assert rows["recon_facts"], "ingest reconciles before it ends"
    assert rows["audit"] == sorted((c[0], "create") for c in rows["claims"])


def test_two_local_processes_fed_in_chunks_give_the_same_ledger(
    articles: Path, local_ledger: dict[str, Any], tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    report = ingest_paths(engine, [str(articles)], batch=5, jobs=2, chunk_bytes=30_000)
    assert report.summary() == local_ledger["summary"]
    assert ledger_rows(engine) == local_ledger["rows"]
    engine.dispose()


def test_ingest_on_a_local_dask_cluster_gives_the_same_ledger(
    client: Any, articles: Path, local_ledger: dict[str, Any], ledger_url: str
) -> None:
    engine = make_engine(ledger_url)
    report = ingest_paths(
        engine,
        [str(articles)],
        batch=5,
        pool=lambda gazetteer: DaskPool(client, gazetteer),
        chunk_bytes=40_000,  # a few documents a task
    )
    assert report.summary() == local_ledger["summary"]
    assert ledger_rows(engine) == local_ledger["rows"]
    engine.dispose()


def test_a_worker_killed_mid_ingest_loses_and_duplicates_nothing(
    client: Any, articles: Path, local_ledger: dict[str, Any], tmp_path: Path
) -> None:
    before = client.run(os.getpid)  # worker address -> its process id
    victim_address, victim = sorted(before.items())[0]
    seen: list[DocumentResult] = []

    def kill_after_the_first(result: DocumentResult) -> None:
        seen.append(result)
        if len(seen) == 1:  # tasks of the next 3 documents are queued on the two workers
            os.kill(victim, signal.SIGKILL)

    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    report = ingest_paths(
        engine,
        [str(articles)],
        batch=5,
        pool=lambda gazetteer: DaskPool(client, gazetteer),
        on_result=kill_after_the_first,
        chunk_bytes=1,  # a task a document: several on each worker when the kill comes
    )
    assert report.summary() == local_ledger["summary"]
    assert ledger_rows(engine) == local_ledger["rows"]
    engine.dispose()
    client.wait_for_workers(2, timeout=60)  # the nanny restarted the killed worker
    after = client.run(os.getpid)
    assert victim not in after.values() and len(after) == 2, (victim_address, after)


def test_the_cli_ingests_on_a_local_cluster_and_refuses_a_wrong_address(
    cli: Any, articles: Path, local_ledger: dict[str, Any]
) -> None:
    result = cli("ingest", str(articles), "--cluster", "local:1")
    assert result.exit_code == 1  # the empty file is refused, the rest stored
    assert result.output.splitlines()[-1] == local_ledger["summary"]
    wrong = cli("ingest", str(articles), "--cluster", "nohost:8786")
    assert wrong.exit_code == 1
    assert wrong.output == (
        "error: --cluster 'nohost:8786': use local, local:N (N worker processes here) "
        "or a scheduler address such as tcp://HOST:8786.\n"
    )
    both = cli("ingest", str(articles), "--cluster", "local", "--jobs", "2")
    assert both.output == (
        "error: --jobs and --cluster exclude each other: a cluster has its workers.\n"
    )


def test_cluster_addresses_are_read_or_refused() -> None:
    assert parse_cluster("local") == ("local", 2)
    assert parse_cluster("local:3") == ("local", 3)
    assert parse_cluster("tcp://10.0.0.5:8786") == ("scheduler", "tcp://10.0.0.5:8786")
    with pytest.raises(Exception, match="at least 1 worker"):
        parse_cluster("local:0")
