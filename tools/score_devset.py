#!/usr/bin/env python3
"""Score geoledger's extractor on the real-article development sets in tests/data/realdev.

Usage: python tools/score_devset.py [PART_DIR ...] [--show-misses] [--json] [--by-script]

Each part (en/tune, en/test, sr/tune, sr/test) is a folder of excerpts with hand-made gold in gold/.
The extractor runs as a user runs it: the real CLI in a child process, on a fresh ledger holding the
bundled dataset (its actors and aliases). Matching follows ../shared/spec/claims.md: same document,
overlapping spans, same unit, values (and value_max) within 0.5 %. Printed per part: mention
precision, recall and F1; junk (predictions whose span overlaps no gold claim at all, as a share of
predictions); and over matched pairs the accuracy of each attribute and the share with all four of
metric, period, subject and partner right. A part whose sources.csv names more than one script
(the Serbian parts: Latin and Cyrillic) also gets one row per script, always; --by-script asks for
them on every part.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REALDEV = ROOT / "tests" / "data" / "realdev"
ATTRIBUTES = ("metric", "period", "subject", "partner", "entity", "qualifier", "measure")
CORE = ("metric", "period", "subject", "partner")
TOLERANCE = 0.005


def close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    return a == b or abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def same_value(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if not close(pred.get("value"), gold.get("value")):
        return False
    if gold.get("value_max") is None:
        return pred.get("value_max") is None or close(pred["value_max"], pred.get("value"))
    return close(pred.get("value_max"), gold["value_max"])


def norm(value: Any) -> str | None:
    text = None if value is None else str(value).strip().casefold()
    return text or None


def overlap(a: dict[str, Any], b: dict[str, Any]) -> int:
    return min(a["end"], b["end"]) - max(a["start"], b["start"])


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def extract(part: Path) -> list[dict[str, Any]]:
    """Run the real CLI on a part's excerpts with a ledger that holds the bundled dataset."""
    files = sorted(str(p) for p in part.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        db = ["--db", str(Path(tmp) / "ledger.db")]
        cli = [sys.executable, "-m", "geoledger", *db]
        subprocess.run([*cli, "load"], check=True, capture_output=True)
        out = subprocess.run(
            [*cli, "extract", *files, "--format", "jsonl"], check=True, capture_output=True
        )
    return [json.loads(line) for line in out.stdout.decode("utf-8").splitlines() if line]


def scripts(part: Path) -> dict[str, str]:
    """Each excerpt's script ('Latin', 'Cyrillic') from the part's sources.csv, where it says."""
    path = part / "sources.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {row["file"]: row["script"] for row in csv.DictReader(f) if row.get("script")}


def score(
    part: Path, preds: list[dict[str, Any]], *, docs: set[str] | None = None, label: str = ""
) -> dict[str, Any]:
    """Mention and attribute scores of preds against a part's gold (only docs, where given)."""
    gold: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((part / "gold").glob("*.jsonl")):
        for row in read_jsonl(path):
            if docs is None or row["doc"] in docs:
                gold.setdefault(row["doc"], []).append(row)
    preds = [p for p in preds if p.get("doc") in gold]
    used: set[tuple[str, int]] = set()
    pairs, unmatched = [], []
    for pred in preds:
        best, best_overlap = None, 0
        for i, cand in enumerate(gold[pred["doc"]]):
            if (pred["doc"], i) in used or cand["unit"] != pred.get("unit"):
                continue
            ov = overlap(pred, cand)
            if ov > best_overlap and same_value(pred, cand):
                best, best_overlap = i, ov
        if best is None:
            unmatched.append(pred)
        else:
            used.add((pred["doc"], best))
            pairs.append((pred, gold[pred["doc"]][best]))
    missed = [g for doc, rows in gold.items() for i, g in enumerate(rows) if (doc, i) not in used]
    junk = [p for p in unmatched if not any(overlap(p, g) > 0 for g in gold[p["doc"]])]
    n_gold, n_pred, n_match = sum(map(len, gold.values())), len(preds), len(pairs)
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def right(attr: str, pred: dict[str, Any], cand: dict[str, Any]) -> bool:
        return norm(pred.get(attr)) == norm(cand.get(attr))

    accuracy = {
        attr: sum(right(attr, p, g) for p, g in pairs) / n_match if n_match else 0.0
        for attr in ATTRIBUTES
    }
    all_four = sum(all(right(a, p, g) for a in CORE) for p, g in pairs)
    name = str(part.relative_to(REALDEV)) if part.is_relative_to(REALDEV) else str(part)
    return {
        "part": f"{name} {label}".strip(),
        "docs": len(gold),
        "gold": n_gold,
        "predicted": n_pred,
        "matched": n_match,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "junk": len(junk) / n_pred if n_pred else 0.0,
        **accuracy,
        "all_four": all_four / n_match if n_match else 0.0,
        "_pairs": pairs,
        "_missed": missed,
        "_unmatched": unmatched,
    }


def show_misses(result: dict[str, Any]) -> None:
    for pred, cand in result["_pairs"]:
        wrong = [a for a in ATTRIBUTES if norm(pred.get(a)) != norm(cand.get(a))]
        if wrong:
            detail = ", ".join(f"{a}: {pred.get(a)!r} vs gold {cand.get(a)!r}" for a in wrong)
            print(f"  {cand['doc']}:{cand['start']} {cand['surface']!r}: {detail}")
    for cand in result["_missed"]:
        print(f"  MISSED {cand['doc']}:{cand['start']} {cand['surface']!r} ({cand['unit']})")
    for pred in result["_unmatched"]:
        print(
            f"  EXTRA {pred['doc']}:{pred['start']} {pred.get('surface')!r} "
            f"{pred.get('value')} {pred.get('unit')}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", type=Path, help="part folders (default: every part)")
    parser.add_argument("--show-misses", action="store_true", help="list every disagreement")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--by-script", action="store_true", help="a row per script on every part, not only sr"
    )
    args = parser.parse_args()
    # 'sr/tune' names a part of tests/data/realdev from anywhere; a path that exists is itself.
    parts = [p if p.exists() or not (REALDEV / p).exists() else REALDEV / p for p in args.parts]
    parts = parts or sorted(p.parent for p in REALDEV.glob("*/*/gold"))
    results = []
    for part in parts:
        preds = extract(part)
        results.append(score(part, preds))
        by_script: dict[str, set[str]] = {}
        for doc, script in scripts(part).items():
            by_script.setdefault(script, set()).add(doc)
        if len(by_script) > 1 or (args.by_script and by_script):
            for script, docs in sorted(by_script.items(), key=lambda kv: kv[0] != "Latin"):
                results.append(score(part, preds, docs=docs, label=script))
    public = [{k: v for k, v in r.items() if not k.startswith("_")} for r in results]
    if args.json:
        print(json.dumps(public, indent=2))
        return 0
    head = ["part", "docs", "gold", "P", "R", "F1", "junk", *ATTRIBUTES, "all_four"]
    width = max(9, *(len(r["part"]) for r in public))
    print(f"{head[0]:<{width}} " + " ".join(f"{h:>9}" for h in head[1:]))
    for r in public:
        cells = [r["docs"], r["gold"], r["precision"], r["recall"], r["f1"], r["junk"]]
        cells += [r[a] for a in ATTRIBUTES] + [r["all_four"]]
        row = " ".join(f"{c:>9.3f}" if isinstance(c, float) else f"{c!s:>9}" for c in cells)
        print(f"{r['part']:<{width}} {row}")
    if args.show_misses:
        for result in results:
            if result["part"].endswith(("Latin", "Cyrillic")) or " " in result["part"]:
                continue  # a script's misses are already listed under its part
            print(f"\n== {result['part']} ==")
            show_misses(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
