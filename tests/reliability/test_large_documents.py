"""One very large document: extracted whole within its budget, or refused in one line.

The full run reads a 50 MB document (issue #15); the default run 1 MB. The budget is the
default per-document CPU budget; how long it takes is the budget's business, not the test's
(bench_linear.py measures how time grows with size).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from geoledger.ingest.budget import DEFAULT_SECONDS
from reliability.harness import count, geoledger_env


def corpus_document(shared: Path, target: Path, megabytes: int) -> None:
    """The shared corpus articles, one after another, repeated to megabytes of text."""
    base = "\n\n".join(
        p.read_text(encoding="utf-8") for p in sorted((shared / "corpus").glob("*.txt"))
    ).encode("utf-8")
    size = megabytes * 1024 * 1024
    with target.open("wb") as out:
        written = 0
        while written < size:
            block = base[: size - written]
            out.write(block)
            written += len(block)


def test_a_very_large_document_is_read_within_its_budget_or_refused(
    shared: Path, tmp_path: Path
) -> None:
    megabytes = count(1, 50)
    document = tmp_path / "large.txt"
    corpus_document(shared, document, megabytes)
    claims = tmp_path / "claims.jsonl"
    with claims.open("w") as out:
        done = subprocess.run(
            [sys.executable, "-m", "geoledger", "extract", str(document), "--format", "jsonl"],
            env=geoledger_env(),
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=3600,  # a guard against a hang only: the budget counts CPU, not wall time
        )
    found = sum(1 for _ in claims.open())
    if done.returncode == 0:
        assert done.stderr == f"1 document read, {found} claims found.\n"
        assert found > megabytes * 1000
        with claims.open() as rows:
            assert json.loads(next(rows))["doc"] == "large.txt"
        outcome = f"extracted whole: {found:,} claims"
    else:
        assert done.returncode == 1
        assert done.stderr.splitlines() == [
            f"error: {document}: took more than its {DEFAULT_SECONDS:g} s CPU budget; split it "
            "into smaller documents"
        ]
        assert found == 0
        outcome = "refused past its budget"
    print(f"a {megabytes} MB document: {outcome}")
