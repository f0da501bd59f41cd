"""Extraction speed and accuracy, side by side with quantulum3 in the same run.

Speed: MB/s of extract_claims alone (no I/O, no database) over the shared corpus repeated
to --mb megabytes, after a warm-up on every article, the median of three timed runs; and of
quantulum3's parser.parse over the same documents (a time-boxed prefix of them, since it is
slow). Both are timed in CPU seconds of this process, which is
one core's work (the machine may be shared: wall time is printed too, but says more about the
neighbours); the run exits non-zero below --floor MB/s. Accuracy: mention F1 of both on
../shared/gold, scored with ../shared/tools/score_claims.py.

    .venv/bin/python benchmarks/bench_extract.py [--mb 4] [--quantulum-seconds 30] [--floor 1]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

from geoledger.extract import Gazetteer, claim_to_json, extract_claims
from geoledger.models import Actor, Document

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3  # timed runs of extract_claims over the batch; the median is reported

# quantulum3 unit names -> the units of spec/claims.md, so its mentions can be scored.
_QUANTULUM_UNITS = {
    "dollar": "USD", "united states dollar": "USD", "euro": "EUR", "renminbi": "CNY",
    "yuan": "CNY", "serbian dinar": "RSD", "dinar": "RSD", "pound sterling": "GBP",
    "percentage": "percent", "dimensionless": "count", "kilometre": "km", "hectare": "ha",
    "time": "times",
}  # fmt: skip


def load_docs(shared: Path) -> list[Document]:
    """The shared corpus articles as documents."""
    docs = []
    for path in sorted((shared / "corpus").glob("*.txt")):
        raw = path.read_bytes()
        docs.append(
            Document(
                name=path.name,
                text=raw.decode("utf-8"),
                content_hash=hashlib.sha256(raw).hexdigest(),
            )
        )
    if not docs:
        sys.exit(f"error: no articles in {shared / 'corpus'}")
    return docs


def load_gazetteer(shared: Path) -> Gazetteer:
    """Default table plus the bundled actors."""
    with (shared / "facts" / "actors.csv").open(encoding="utf-8", newline="") as f:
        actors = [
            Actor(
                id=row["actor_id"],
                name=row["name"],
                kind=row["kind"],
                country=row["country"] or None,
                aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
            )
            for row in csv.DictReader(f)
        ]
    return Gazetteer.from_actors(actors)


def repeat(docs: list[Document], megabytes: float) -> list[Document]:
    """Copies of docs, in turn, until their texts hold megabytes of UTF-8."""
    target = int(megabytes * 1024 * 1024)
    out: list[Document] = []
    size = 0
    while size < target:
        for doc in docs:
            out.append(doc)
            size += len(doc.text.encode("utf-8"))
            if size >= target:
                break
    return out


def score(shared: Path, rows: list[dict[str, object]]) -> dict[str, object]:
    """score_claims.score on rows written to a temporary JSONL file."""
    spec = importlib.util.spec_from_file_location(
        "score_claims", shared / "tools" / "score_claims.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        pred.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        return module.score(shared / "gold", pred)  # type: ignore[no-any-return]


def quantulum_rows(parse, doc: Document) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """quantulum3's quantities in doc as spec rows (unit mapped, no attributes)."""
    rows = []
    for q in parse(doc.text):
        start, end = q.span
        unit = _QUANTULUM_UNITS.get(q.unit.name.casefold(), q.unit.name)
        rows.append(
            {"doc": doc.name, "start": start, "end": end, "surface": q.surface,
             "value": q.value, "value_max": None, "unit": unit}
        )  # fmt: skip
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=4.0, help="megabytes of text to extract from")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument(
        "--quantulum-seconds", type=float, default=30.0, help="time box for quantulum3's pass"
    )
    ap.add_argument("--floor", type=float, default=1.0, help="least MB/s (CPU) to pass")
    args = ap.parse_args()

    docs = load_docs(args.shared)
    gazetteer = load_gazetteer(args.shared)
    batch = repeat(docs, args.mb)
    total = sum(len(d.text.encode("utf-8")) for d in batch)

    # Warm on every distinct article, so compiling patterns (once per process, and per alias
    # first met) is not charged to the timed runs; then the median of RUNS timed runs.
    for doc in docs:
        extract_claims(doc, gazetteer=gazetteer)
    runs: list[tuple[float, float, int]] = []
    for _ in range(RUNS):
        t0, c0 = time.perf_counter(), time.process_time()
        n_claims = sum(len(extract_claims(d, gazetteer=gazetteer).claims) for d in batch)
        runs.append((time.process_time() - c0, time.perf_counter() - t0, n_claims))
    ours_s, ours_wall, n_claims = sorted(runs)[len(runs) // 2]
    ours_mbs = total / ours_s / 1e6

    t_import = time.perf_counter()
    with warnings.catch_warnings():
        # Its optional classifier is not installed; the baseline is the plain parser.
        warnings.simplefilter("ignore", UserWarning)
        from quantulum3 import parser  # slow to import; timed apart from parsing

    import_s = time.perf_counter() - t_import
    q_bytes = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for doc in batch:
        parser.parse(doc.text)
        q_bytes += len(doc.text.encode("utf-8"))
        if time.process_time() - c0 > args.quantulum_seconds:
            break
    q_wall, q_s = time.perf_counter() - t0, time.process_time() - c0
    q_mbs = q_bytes / q_s / 1e6

    ours_rows = [
        claim_to_json(c) for d in docs for c in extract_claims(d, gazetteer=gazetteer).claims
    ]
    q_rows = [row for d in docs for row in quantulum_rows(parser.parse, d)]
    ours_score, q_score = score(args.shared, ours_rows), score(args.shared, q_rows)

    print(f"text: {total / 1e6:.2f} MB ({len(batch)} documents from {len(docs)} articles)")
    print(
        f"geoledger extract_claims: {ours_mbs:8.3f} MB/s  ({ours_s:.2f} s CPU, {ours_wall:.2f} s "
        f"wall, {n_claims} claims; median of {RUNS} runs)"
    )
    print(
        f"quantulum3 parser.parse:  {q_mbs:8.3f} MB/s  ({q_s:.2f} s CPU, {q_wall:.2f} s wall on "
        f"the first {q_bytes / 1e6:.2f} MB; import {import_s:.1f} s not counted)"
    )
    print(f"throughput ratio: {ours_mbs / q_mbs:.0f}x quantulum3 (same run, CPU seconds)")
    print(
        f"mention F1 on gold: geoledger {ours_score['f1']:.3f} "
        f"(P={ours_score['precision']:.3f} R={ours_score['recall']:.3f}); "
        f"quantulum3 {q_score['f1']:.3f} "
        f"(P={q_score['precision']:.3f} R={q_score['recall']:.3f})"
    )
    if ours_mbs < args.floor:
        sys.exit(f"error: extraction at {ours_mbs:.3f} MB/s, below the floor of {args.floor} MB/s")


if __name__ == "__main__":
    main()
