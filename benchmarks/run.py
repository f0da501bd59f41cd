"""Run every benchmark: extraction against quantulum3, extraction time against document size,
then ingest into SQLite, currency conversion, the check command, the API and dashboard timed on
a generated 10 k-claim ledger (bench_volume.py --claims 1000000 for 1 M) and exports.

.venv/bin/python benchmarks/run.py [--mb 100]      (make bench)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    extra = sys.argv[1:]
    scripts = (
        "bench_extract.py",
        "bench_linear.py",
        "bench_ingest.py",
        "bench_currency.py",
        "bench_check.py",
        "bench_fold.py",
        "bench_volume.py",
        "bench_export.py",
        "bench_reconcile.py",
    )
    missed = []
    for script in scripts:
        print(f"\n== {script} ==", flush=True)
        args = extra if script == "bench_ingest.py" else []
        if script == "bench_volume.py":
            args = ["--claims", "10000", "--repeat", "10"]
        if script == "bench_reconcile.py":
            args = ["--claims", "20000"]
        # A benchmark below its goal exits non-zero; the others still run, and the list ends it.
        if subprocess.run([sys.executable, str(HERE / script), *args]).returncode != 0:
            missed.append(script)
    if missed:
        print(f"\nbelow goal or failed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
