#!/usr/bin/env python3
"""Snapshot the extractor's output, and check a later run against it (for speed work: no change).

Usage: python tools/extract_snapshot.py write SNAPSHOT.jsonl
       python tools/extract_snapshot.py check SNAPSHOT.jsonl

Runs the real CLI, `geoledger extract --format jsonl --explain`, on every article of
../shared/corpus and every excerpt of tests/data/realdev/*/*, twice: with a ledger holding the
bundled dataset (as tools/score_devset.py runs it) and with no ledger (the built-in gazetteer).
`check` prints how many lines differ per document and exits 1 if any do. Lines are shown only
for documents outside the measuring-only test parts: their texts and claims stay unread.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SHOWN_PER_DOC = 3


def input_files() -> list[str]:
    """The corpus articles and every development-set excerpt, sorted."""
    files = sorted((SHARED / "corpus").glob("*.txt"))
    files += sorted((ROOT / "tests" / "data" / "realdev").glob("*/*/*.txt"))
    return [str(p) for p in files]


def run_extract(files: list[str]) -> list[str]:
    """The CLI's JSONL lines, each tagged with the gazetteer it ran with."""
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        cli = [sys.executable, "-m", "geoledger"]
        loaded = ["--db", str(Path(tmp) / "ledger.db")]
        subprocess.run([*cli, *loaded, "load"], check=True, capture_output=True)
        empty = ["--db", str(Path(tmp) / "none.db")]
        for label, db in (("ledger", loaded), ("no-ledger", empty)):
            out = subprocess.run(
                [*cli, *db, "extract", *files, "--format", "jsonl", "--explain"],
                check=True,
                capture_output=True,
            )
            lines += [
                json.dumps({"run": label, **json.loads(line)}, ensure_ascii=False, sort_keys=True)
                for line in out.stdout.decode("utf-8").splitlines()
                if line
            ]
    return lines


def is_measuring_only(doc: str) -> bool:
    realdev = ROOT / "tests" / "data" / "realdev"
    return any((realdev / lang / "test" / doc).exists() for lang in ("en", "sr"))


def check(snapshot: Path, lines: list[str]) -> int:
    """Print differing lines per document (texts of test parts withheld); the count of them."""
    old, new = Counter(snapshot.read_text(encoding="utf-8").splitlines()), Counter(lines)
    gone, added = old - new, new - old
    per_doc: dict[str, list[str]] = {}
    for sign, diff in (("-", gone), ("+", added)):
        for line in diff.elements():
            per_doc.setdefault(json.loads(line)["doc"], []).append(f"{sign} {line}")
    for doc, rows in sorted(per_doc.items()):
        print(f"{doc}: {len(rows)} lines differ")
        if not is_measuring_only(doc):
            for row in sorted(rows, key=lambda r: r[2:])[:SHOWN_PER_DOC]:
                print(f"  {row[:400]}")
    print(f"{sum(len(r) for r in per_doc.values())} lines differ of {len(lines)}")
    return sum(len(r) for r in per_doc.values())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=("write", "check"))
    ap.add_argument("snapshot", type=Path)
    args = ap.parse_args()
    lines = run_extract(input_files())
    if args.action == "write":
        args.snapshot.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        print(f"{len(lines)} lines written to {args.snapshot}")
        return 0
    return 1 if check(args.snapshot, lines) else 0


if __name__ == "__main__":
    sys.exit(main())
