"""Run every benchmark: extraction against quantulum3, then ingest into SQLite.

.venv/bin/python benchmarks/run.py [--mb 100]      (make bench)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    extra = sys.argv[1:]
    scripts = (
        "bench_extract.py",
        "bench_ingest.py",
        "bench_currency.py",
        "bench_check.py",
        "bench_fold.py",
    )
    for script in scripts:
        print(f"\n== {script} ==", flush=True)
        args = extra if script == "bench_ingest.py" else []
        subprocess.run([sys.executable, str(HERE / script), *args], check=True)


if __name__ == "__main__":
    main()
