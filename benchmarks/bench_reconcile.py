"""Reconciliation CPU and identity: a full rebuild with this code and a baseline, same ledgers.

    .venv/bin/python benchmarks/bench_reconcile.py [--claims 20000,100000] [--baseline SRC]
        [--db LEDGER.db ...] [--keep DIR]

Each ledger (the bundled dataset plus N generated claims, benchmarks/ledger.py; or a SQLite
ledger given with --db, e.g. one an ingest made) is copied and rebuilt by
pipeline.stored.rebuild_reconciliation in a child process per code tree, timed in CPU seconds
(the process's own, so other load on the machine hardly moves it). The child then writes every
stored reconciliation row (facts, conflicts, checks, relations, events, counts) and each fact's
origins (claim ids grouped by shared origin) to a file; the two files must be identical.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Stored reconciliation: every table it writes, but not its bookkeeping (version, dirty, cache).
_SKIPPED = {"recon_meta", "recon_dirty", "recon_cache"}


def child(db: Path, out: Path) -> None:
    """Rebuild db's reconciliation, then dump what it stored and each fact's origins to out."""
    from sqlalchemy import select

    from geoledger import reconcile, store
    from geoledger.pipeline.review import reconcile_ledger
    from geoledger.pipeline.stored import rebuild_reconciliation
    from geoledger.store import schema

    engine = store.make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        started = time.process_time()
        facts = rebuild_reconciliation(conn)
        cpu = time.process_time() - started
    dump: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for name, table in sorted(schema.metadata.tables.items()):
            if name.startswith("recon_") and name not in _SKIPPED:
                # A surrogate id counts rows in insertion order, which follows set order.
                columns = [c for c in table.c if not (c.name == "id" and c.autoincrement is True)]
                rows = conn.execute(select(*columns)).all()
                dump[name] = sorted(json.dumps(list(row), default=str) for row in rows)
        result = reconcile_ledger(conn, events=False)
        dump["origins"] = sorted(
            json.dumps([[v.id for v in group] for group in reconcile.origins(fact.live)])
            for fact in result.facts
        )
    engine.dispose()
    out.write_text(json.dumps(dump))
    print(json.dumps({"cpu": cpu, "facts": facts}))


def _rebuild(src: Path, ledger: Path, work: Path, label: str) -> tuple[float, int, dict]:
    db = work / f"{label}.db"
    shutil.copy(ledger, db)
    out = work / f"{label}.json"
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(db), str(out)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    dump = json.loads(out.read_text())
    db.unlink()
    return measured["cpu"], measured["facts"], dump


def _differences(base: dict, this: dict) -> list[str]:
    found = []
    for name in sorted(set(base) | set(this)):
        a, b = base.get(name, []), this.get(name, [])
        if a != b:
            only_a = sorted(set(a) - set(b))[:2]
            only_b = sorted(set(b) - set(a))[:2]
            found.append(f"{name}: {len(a)} vs {len(b)} rows; baseline {only_a}; this {only_b}")
    return found


def _digest(dump: dict) -> str:
    return hashlib.sha256(json.dumps(dump, sort_keys=True).encode()).hexdigest()[:12]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", default="20000,100000", help="generated ledger sizes")
    parser.add_argument("--db", type=Path, action="append", default=[], help="a SQLite ledger")
    parser.add_argument("--baseline", type=Path, help="another src folder, e.g. main's")
    parser.add_argument("--keep", type=Path, help="a folder to keep generated ledgers in")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(*options.child)
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ledger import build_ledger

    from geoledger import store

    work = Path(tempfile.mkdtemp(prefix="geoledger-bench-reconcile-"))
    keep = options.keep or work
    keep.mkdir(parents=True, exist_ok=True)
    ledgers: list[tuple[str, Path]] = []
    for n in [int(n) for n in options.claims.split(",") if n]:
        path = keep / f"ledger-{n}.db"
        if not path.exists():
            engine = store.make_engine(f"sqlite:///{path}")
            build_ledger(engine, n)
            engine.dispose()
        ledgers.append((f"{n:,} generated", path))
    ledgers += [(path.name, path) for path in options.db]
    print(f"{'ledger':<24}{'facts':>8}{'baseline CPU s':>16}{'this CPU s':>12}{'ratio':>7}  same")
    failed = False
    try:
        for label, path in ledgers:
            this_cpu, facts, this = _rebuild(ROOT / "src", path, work, "this")
            base_cpu, same = float("nan"), "-"
            if options.baseline:
                base_cpu, _, base = _rebuild(options.baseline.resolve(), path, work, "baseline")
                differences = _differences(base, this)
                same = "yes" if not differences else "NO"
                failed = failed or bool(differences)
                for line in differences:
                    print(f"  differs: {line}", file=sys.stderr)
            ratio = f"{base_cpu / this_cpu:.2f}" if options.baseline else "-"
            print(
                f"{label:<24}{facts:>8}{base_cpu:>16.2f}{this_cpu:>12.2f}{ratio:>7}  {same}"
                f" ({_digest(this)})",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failed:
        sys.exit("error: this code's reconciliation differs from the baseline's")


if __name__ == "__main__":
    main()
