"""Checking a ~5,000-word article against the ledger, on the bundled ledger and a grown one.

.venv/bin/python benchmarks/bench_check.py [--claims 1000000]

Goal: under 1 s on the bundled ledger and under 2 s at a million claims. Baselines in the same run:
extraction alone of the same article (the floor: a check extracts, then reads the ledger), and
the whole-ledger reconciliation every fact view used to do (what a check would cost if it matched
against every fact), timed on the bundled ledger only.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from geoledger import pipeline, store
from geoledger.extract import extract_claims
from geoledger.ingest.read import read_document
from geoledger.models import METRICS
from geoledger.pipeline.check import check_document
from geoledger.pipeline.ingest import ledger_gazetteer
from geoledger.pipeline.review import reconcile_ledger
from geoledger.store import schema as t

SHARED = Path(__file__).resolve().parents[2] / "shared"
ARTICLE = SHARED / "corpus" / "002_fa7102139ac1f54f.txt"  # 4,976 words
COUNTRIES = (
    "Serbia",
    "Montenegro",
    "Hungary",
    "North Macedonia",
    "Albania",
    "Bosnia and Herzegovina",
)
PARTNERS = ("China", "European Union", "Russia", "United States", "Germany", "Turkey")


def grow(engine: object, claims: int, *, seed: int = 7) -> None:
    """Add claims generated in bulk: many sources, metrics, countries, years and versions."""
    rng = random.Random(seed)
    now = "2026-01-01T00:00:00Z"
    per_source = 25
    with pipeline.connect(engine) as conn:  # type: ignore[arg-type]
        for first in range(0, claims, 50_000):
            batch = range(first, min(claims, first + 50_000))
            sources = sorted({n // per_source for n in batch})
            conn.execute(
                insert(t.sources),
                [
                    {"id": f"gen{s:07d}.txt", "title": f"Generated {s}", "kind": "text"}
                    for s in sources
                ],
            )
            rows = []
            for n in batch:
                metric = rng.choice(METRICS)
                value = float(rng.choice((1, 2, 5, 12, 150, 1.5e6, 2.4e8, 6.1e9)))
                rows.append(
                    {
                        "id": f"g{n:08d}",
                        "source_id": f"gen{n // per_source:07d}.txt",
                        "start": (n % per_source) * 40,
                        "end": (n % per_source) * 40 + 10,
                        "surface": str(value),
                        "value": value,
                        "unit": rng.choice(("USD", "EUR", "percent", "count")),
                        "metric": metric,
                        "period": str(rng.randint(1995, 2026)),
                        "subject": rng.choice(COUNTRIES),
                        "partner": rng.choice(PARTNERS),
                        "status": rng.choice(("candidate", "candidate", "accepted")),
                        "origin": "extracted",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            conn.execute(insert(t.claims), rows)


def timed(run: object, repeat: int = 3) -> float:
    """The best of repeat runs, after one warm-up, in seconds."""
    run()  # type: ignore[operator]
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000, help="claims to grow the ledger by")
    args = parser.parse_args()
    doc = read_document(ARTICLE)
    words = len(doc.text.split())
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "ledger.db"
        engine = store.make_engine(f"sqlite:///{db}")
        pipeline.load_dataset(engine)
        with pipeline.connect(engine) as conn:
            gazetteer = ledger_gazetteer(conn)
            claims = store.count_rows(conn)["claims"]

            def check() -> None:
                check_document(conn, doc, gazetteer=gazetteer)

            small = timed(check)
            extract_only = timed(lambda: extract_claims(doc, gazetteer=gazetteer))
            whole = timed(lambda: reconcile_ledger(conn))
        cli = [sys.executable, "-m", "geoledger", "--db", str(db), "check", str(ARTICLE)]
        started = time.perf_counter()
        subprocess.run(cli, check=True, capture_output=True)
        command = time.perf_counter() - started
        print(f"article: {ARTICLE.name}, {words:,} words, {len(doc.text):,} characters")
        print(f"{'run':<52}{'seconds':>9}")
        print(f"{f'check, bundled ledger ({claims:,} claims)':<52}{small:>9.3f}")
        print(f"{'  baseline: extraction alone':<52}{extract_only:>9.3f}")
        print(f"{'  baseline: reconciling the whole ledger':<52}{whole:>9.3f}")
        print(f"{'  the command, start to end (a new process)':<52}{command:>9.3f}")
        started = time.perf_counter()
        grow(engine, args.claims)
        built = time.perf_counter() - started
        with pipeline.connect(engine) as conn:
            total = store.count_rows(conn)["claims"]
            large = timed(lambda: check_document(conn, doc, gazetteer=gazetteer))
        label = f"check, grown ledger ({total:,} claims; built in {built:.0f} s)"
        print(f"{label:<52}{large:>9.3f}")
        engine.dispose()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
