"""Export memory and speed: geoledger export streams rows; a list of every record is the baseline.

.venv/bin/python benchmarks/bench_export.py [--claims 40000]

Builds a SQLite ledger of N claims over N/100 sources, then measures, in this same run, the
peak Python memory (tracemalloc) of (a) loading every claim record into one list, as the
listing commands do, and (b) writing the claims table as CSV and as Parquet row by row.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

from geoledger import pipeline, store
from geoledger.models import Claim, Source
from geoledger.report import export


def build(path: Path, count: int) -> str:
    url = f"sqlite:///{path}"
    engine = store.make_engine(url)
    per_source = 100
    with pipeline.connect(engine) as conn:
        for s in range(count // per_source):
            source_id = f"s{s:05d}.txt"
            store.save_source(conn, Source(id=source_id, title=f"Source {s}", outlet="Bench"))
            claims = [
                Claim(
                    id=f"c{s:05d}_{i:03d}",
                    source_id=source_id,
                    value=1_000_000.0 * (i + 1),
                    value_max=None if i % 3 else 2_000_000.0 * (i + 1),
                    unit=("USD", "EUR", "RSD")[i % 3],
                    metric="investment.deal",
                    period=str(2010 + i % 15),
                    subject="Serbia",
                    partner="China",
                    entity=f"Company {i}",
                    status="accepted",
                )
                for i in range(per_source)
            ]
            store.save_claims(conn, claims, who="bench")
    engine.dispose()
    return url


def measure(label: str, work) -> None:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    started = time.perf_counter()
    rows = work()
    took = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<38} {rows:>7,} rows  {took:6.2f} s  peak {peak / 2**20:7.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=40_000)
    count = parser.parse_args().claims
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = build(folder / "ledger.db", count)
        engine = store.make_engine(url)

        def baseline() -> int:
            with pipeline.connect(engine) as conn:
                return len(pipeline.claim_records(conn))

        def to(fmt: str) -> int:
            with pipeline.connect(engine) as conn:
                rows = export.rows_of(conn, "claims")
                return export.write(rows, "claims", fmt, folder / f"claims.{fmt}")

        measure("baseline: every claim record in a list", baseline)
        measure("export claims --format csv", lambda: to("csv"))
        measure("export claims --format parquet", lambda: to("parquet"))
        engine.dispose()


if __name__ == "__main__":
    main()
