"""The table pages (facets, sorted keyset pages) on a ledger of a million claims, against OFFSET.

bench_volume.py builds its ledgers with the full stored reconciliation, which takes hours at
1 M claims on a loaded 2-core machine. The claims and sources tables read only claims, their
per-claim reconciliation columns (actor keys, period span, USD) and sources, so this builds
those alone: benchmarks/ledger.py's generated articles and claims, with each claim's
recon_claims row computed as stored reconciliation computes it (its facts are not grouped:
the facts and conflicts tables are left to bench_volume). Cached under /tmp/dash-bench.

It then times, in one run and one process (FastAPI's TestClient, after a warm-up):
  - the table pages and their facets, filtered and not;
  - the same deep page read by keyset (a cursor) and by OFFSET, the baseline the keyset
    replaces: page 1, page 100 and page 1,000 of 50 rows.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_tables.py --claims 1000000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("GEOLEDGER_BENCH_CACHE", "/tmp/dash-bench"))


def build(url: str, n: int) -> float:
    """Claims, sources and per-claim reconciliation rows of n generated claims; seconds."""
    from sqlalchemy import insert

    from geoledger.models import Claim
    from geoledger.pipeline import stored
    from geoledger.pipeline.review import name_map
    from geoledger.reconcile import key_of
    from geoledger.store import make_engine
    from geoledger.store import schema as t
    from geoledger.store.ledger import CLAIM_COLUMNS

    sys.path.insert(0, str(HERE))
    from ledger import CLAIMS_PER_SOURCE, _companies, generate

    path = Path(url.removeprefix("sqlite:///"))
    done = path.with_suffix(".built")
    if done.exists():
        return 0.0
    path.unlink(missing_ok=True)
    began = time.perf_counter()
    engine = make_engine(url)
    from geoledger import pipeline

    pipeline.load_dataset(engine)
    companies = _companies(engine)
    with engine.begin() as conn:
        names = name_map(conn)
        batch: dict[str, list[dict[str, Any]]] = {"sources": [], "claims": [], "recon": []}
        for source, rows in generate(n, companies):
            batch["sources"].append(source)
            for row in rows:
                batch["claims"].append(row)
                claim = Claim(**{k: row[k] for k in CLAIM_COLUMNS})
                start, end = stored._span(claim.period)
                batch["recon"].append(
                    {
                        "claim_id": claim.id,
                        "scope": stored.scope_of(claim, names),
                        "fact_id": stored._fact_key_id(key_of(claim, names)),
                        "subject_key": stored._key(claim.subject),
                        "partner_key": stored._key(claim.partner),
                        "entity_key": stored._key(claim.entity),
                        "object_key": stored._key(claim.object),
                        "period_start": start,
                        "period_end": end,
                        "usd": stored._usd(claim),
                    }
                )
            if len(batch["claims"]) >= 20_000 - CLAIMS_PER_SOURCE:
                _flush(conn, batch, insert, t)
        _flush(conn, batch, insert, t)
        _count_claims(conn)
    engine.dispose()
    done.write_text(f"{time.perf_counter() - began:.0f}\n")
    return time.perf_counter() - began


BASE = 10_000  # claims generated one by one; larger ledgers are copies of these


def build_copies(url: str, n: int) -> float:
    """A ledger of n claims: the BASE ledger's generated articles copied n / BASE times in SQL.

    Generating a million claims one by one in Python takes an hour on the loaded machine; a
    copy keeps the mix of pairs, metrics, years, outlets and statuses, and each copy's rows are
    new rows (ids, sources and places of their own), indexed and searchable like the rest.
    """
    import shutil

    from sqlalchemy import text

    from geoledger.store import make_engine
    from geoledger.store import schema as t

    base = CACHE / f"tables-{BASE}.db"
    build(f"sqlite:///{base}", BASE)
    path = Path(url.removeprefix("sqlite:///"))
    done = path.with_suffix(".built")
    if done.exists():
        return 0.0
    began = time.perf_counter()
    shutil.copyfile(base, path)
    copies = n // BASE - 1
    renamed = {
        "sources": {
            "id": "id || '~' || k.i",
            "title": "title || ' (' || k.i || ')'",
            "content_hash": "content_hash || '~' || k.i",
        },
        "claims": {"id": "id || '~' || k.i", "source_id": "source_id || '~' || k.i"},
        "recon_claims": {"claim_id": "claim_id || '~' || k.i"},
    }
    generated = {
        "sources": "id LIKE 'gen_%'",
        "claims": "source_id LIKE 'gen_%'",
        "recon_claims": "claim_id IN (SELECT id FROM claims WHERE source_id LIKE 'gen_%')",
    }
    engine = make_engine(url)  # with the functions the search triggers call
    with engine.begin() as conn:
        for table in ("sources", "claims", "recon_claims"):
            names = [c.name for c in t.metadata.tables[table].columns]
            chosen = ", ".join(renamed[table].get(c, f'"{c}"') for c in names)
            columns = ", ".join(f'"{c}"' for c in names)
            conn.execute(
                text(
                    f"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k "
                    f"WHERE i < {copies}) INSERT INTO {table} ({columns}) "
                    f"SELECT {chosen} FROM {table}, k WHERE {generated[table]}"
                )
            )
        _count_claims(conn)
        conn.execute(text("ANALYZE"))
    engine.dispose()
    done.write_text(f"{time.perf_counter() - began:.0f}\n")
    return time.perf_counter() - began


def _count_claims(conn: Any) -> None:
    """recon_counts of the claims written here, as the stored reconciliation keeps them (the
    facets read them); claim_source_counts are kept by the claims' own triggers."""
    from sqlalchemy import text

    conn.execute(text("DELETE FROM recon_counts"))
    conn.execute(
        text(
            "INSERT INTO recon_counts (scope, subject_key, partner_key, entity_key, object_key, "
            "metric, status, period, period_start, period_end, n) "
            "SELECT r.scope, r.subject_key, r.partner_key, r.entity_key, r.object_key, c.metric, "
            "c.status, c.period, r.period_start, r.period_end, count(*) "
            "FROM recon_claims r JOIN claims c ON c.id = r.claim_id "
            "GROUP BY r.scope, r.subject_key, r.partner_key, r.entity_key, r.object_key, "
            "c.metric, c.status, c.period, r.period_start, r.period_end"
        )
    )


def _flush(conn: Any, batch: dict[str, list[dict[str, Any]]], insert: Any, t: Any) -> None:
    for table, key in ((t.sources, "sources"), (t.claims, "claims"), (t.recon_claims, "recon")):
        if batch[key]:
            conn.execute(insert(table), batch[key])
        batch[key].clear()


def _deep_pages(client: Any, offset: int) -> list[str]:
    """Rows offset.. of the claims in listing order, three ways: API by OFFSET (the baseline),
    API by cursor, dashboard table by cursor (the cursors name the row before offset)."""
    from geoledger.store.pages import encode_cursor

    row = client.get(f"/api/claims?limit=1&offset={offset - 1}").json()["items"][0]
    key = [row["doc"], -1 if row["start"] is None else row["start"], row["id"]]
    return [
        f"/api/claims?limit=50&offset={offset}",
        f"/api/claims?limit=50&after={encode_cursor(key)}",
        f"/claims?after={encode_cursor([0, key])}",
    ]


def time_urls(url: str, claims: int, *, repeat: int, warmup: int) -> dict[str, dict[str, float]]:
    from fastapi.testclient import TestClient

    from geoledger.api import create_app
    from geoledger.config import Settings

    app = create_app(Settings(database_url=url, api_token="bench-token"))
    results: dict[str, dict[str, float]] = {}
    with TestClient(app) as client:
        urls = [
            "/claims",
            "/claims?sort=usd&order=desc",
            "/claims?sort=period",
            "/claims?partner=China&metric=trade&period=2020",
            "/claims?status=accepted&sort=usd&order=desc",
            "/claims?subject=Serbia&partner=Russia&metric=loan",
            "/claims?search=copper",
            "/sources",
            "/sources?outlet=Outlet%2007&order=desc",
            "/claims?search=copper&partner=China",
            "/money",
            "/money?kind=loan&sort=period",
            "/money?search=copper",
            # Keyset against OFFSET: page 1, page 100 and the page halfway through (those the
            # ledger holds: a small one has no page 100).
            "/api/claims?limit=50",
        ]
        for offset in sorted({4_950, (claims // 2) // 50 * 50}):
            if 50 <= offset < claims:
                urls += _deep_pages(client, offset)
        for path in urls:
            timings: list[float] = []
            cpu: list[float] = []
            for i in range(warmup + repeat):
                began, began_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                elapsed = (time.perf_counter() - began) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"error: {path} answered {response.status_code}")
                if i >= warmup:
                    timings.append(elapsed)
                    # The app runs in this process: its CPU time, not the machine's load.
                    cpu.append((time.process_time() - began_cpu) * 1000)
            timings.sort()
            results[path] = {
                "p50_ms": statistics.median(timings),
                "p95_ms": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
                "cpu_p50_ms": statistics.median(cpu),
                "timed_out_facets": float(response.text.count("Too many rows to count in time")),
            }
            shown = path if len(path) < 70 else path[:67] + "…"
            print(
                f"| `{shown}` | {results[path]['p50_ms']:.0f} | {results[path]['p95_ms']:.0f} "
                f"| {results[path]['cpu_p50_ms']:.0f} | {int(results[path]['timed_out_facets'])} |",
                flush=True,
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{CACHE / f'tables-{args.claims}.db'}"
    seconds = build(url, args.claims) if args.claims <= BASE else build_copies(url, args.claims)
    print(f"{args.claims:,} claims: " + (f"built in {seconds:.0f} s" if seconds else "cached"))
    print(
        "| URL | p50 ms | p95 ms | CPU p50 ms | facets out of time |\n|---|---|---|---|---|",
        flush=True,
    )
    time_urls(url, args.claims, repeat=args.repeat, warmup=args.warmup)


if __name__ == "__main__":
    main()
