"""Ingest into SQLite: MB/s on one core and with --jobs 2, and peak memory, on a built corpus.

Runs the real `geoledger ingest` command in a child process on a folder of documents made by
repeating the shared corpus (each copy made unique, so none is skipped as a duplicate), and
compares it in the same run with `geoledger extract` (no database) on the same folder.

    .venv/bin/python benchmarks/bench_ingest.py [--mb 100] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GEOLEDGER = Path(sys.executable).parent / "geoledger"


def build_corpus(shared: Path, folder: Path, megabytes: float) -> int:
    """Write copies of the shared articles into folder until it holds megabytes; return bytes."""
    articles = [p.read_text(encoding="utf-8") for p in sorted((shared / "corpus").glob("*.txt"))]
    if not articles:
        sys.exit(f"error: no articles in {shared / 'corpus'}")
    target = int(megabytes * 1024 * 1024)
    written = copy = 0
    while written < target:
        for index, text in enumerate(articles):
            body = f"{text}\n\nCopy {copy} of article {index}.\n"
            path = folder / f"{copy // 1000:03d}" / f"doc_{copy:06d}_{index}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text(body, encoding="utf-8")
            written += len(body.encode())
        copy += 1
    return written


def run(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run geoledger with args; return (seconds, peak resident memory of it and its workers, KB).

    Each run is its own grandchild, so RUSAGE_CHILDREN of this wrapper is that run's peak only.
    """
    code = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
        "e = time.perf_counter() - t;"
        "print(r.returncode, e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(GEOLEDGER), *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if out[0] != "0":
        sys.exit(f"error: geoledger {' '.join(args)} exited {out[0]}")
    return float(out[1]), int(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="corpus size in MB")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="geoledger-bench-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        size = build_corpus(options.shared, corpus, options.mb)
        mb = size / 1024 / 1024
        files = sum(1 for _ in corpus.rglob("*.txt"))
        print(f"corpus: {files} documents, {mb:.1f} MB (built from {options.shared / 'corpus'})")
        print(f"{'run':<34}{'seconds':>9}{'MB/s':>8}{'peak MB':>9}")
        env = {**os.environ, "GEOLEDGER_DATA_DIR": str(work / "data")}
        env.pop("GEOLEDGER_DB", None)
        for label, args in (
            ("extract, 1 process", ["extract", str(corpus), "--format", "jsonl"]),
            ("extract, --jobs 2", ["extract", str(corpus), "--format", "jsonl", "--jobs", "2"]),
            (
                "ingest into SQLite, 1 process",
                ["--db", str(work / "one.db"), "ingest", str(corpus)],
            ),
            (
                "ingest into SQLite, --jobs 2",
                ["--db", str(work / "two.db"), "ingest", str(corpus), "--jobs", "2"],
            ),
        ):
            seconds, peak_kb = run(args, env)
            print(f"{label:<34}{seconds:>9.1f}{mb / seconds:>8.2f}{peak_kb / 1024:>9.0f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
