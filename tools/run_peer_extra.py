#!/usr/bin/env python3
"""Score geoledger's quantity parser on the extra public suites in tests/data/peer_extra.

Usage: python tools/run_peer_extra.py [--half tune|heldout|both] [--show-misses] [--json]

Scored exactly like ../shared/peer/run_peer.py: every sentence is one small document, all of
them extracted in ONE `geoledger extract` call; an expected quantity is found when a claim's span
overlaps it, its value (and value_max) agrees within 0.5 % and its unit is one the suite
accepts. Precision counts, per kind, claims of that kind that match no expected item, in cases
that list every quantity of that kind; claims over excluded items are neutral.

Each suite is split by case into a tune half and a held-out half by a hash of the sentence, so the
split is fixed whatever order or version the files come in. Rules are tuned on the tune half's
misses only; --show-misses refuses the held-out half.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "peer_extra"
SUITES = ("dk", "q3", "pp")
CATS = ("currency", "percent", "count", "bare", "fraction")
KIND = {
    "currency": "money",
    "percent": "percent",
    "count": "number",
    "bare": "number",
    "fraction": "number",
}
DEFAULT_CAT = {"money": "currency", "percent": "percent", "number": "count"}
TOLERANCE = 0.005


def half_of(text: str) -> str:
    return "tune" if hashlib.sha1(text.encode("utf-8")).digest()[0] % 2 == 0 else "heldout"


def load_cases(suites: tuple[str, ...] = SUITES) -> list[dict[str, Any]]:
    cases = []
    for suite in suites:
        for case in json.loads((DATA / f"{suite}.json").read_text(encoding="utf-8")):
            case["suite"], case["half"] = suite, half_of(case["text"])
            cases.append(case)
    return cases


def pred_kind(unit: Any) -> str | None:
    if unit == "percent":
        return "percent"
    if unit in ("count", "fraction", "times"):
        return "number"
    if isinstance(unit, str) and len(unit) == 3 and unit.isascii() and unit.isupper():
        return "money"
    return None


def agree(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    a, b = float(a), float(b)
    return a == b or abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def overlaps(it: dict[str, Any], p: dict[str, Any]) -> bool:
    return p["start"] < it["end"] and it["start"] < p["end"]


def fits(it: dict[str, Any], p: dict[str, Any]) -> bool:
    return any(
        p.get("unit") in units
        and agree(p.get("value"), v)
        and (vmax is None or agree(p.get("value_max"), vmax))
        for units, v, vmax in it["alts"]
    )


def shown(p: dict[str, Any]) -> str:
    return f"{p.get('surface')!r}={p.get('value')}-{p.get('value_max')} {p.get('unit')}"


def extract(cases: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """One CLI call over all sentences, as run_peer.py does."""
    preds: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="peer-extra-") as tmp:
        files = []
        for c in cases:
            path = Path(tmp) / f"{c['suite']}-{c['cid']}.txt"
            path.write_text(c["text"], encoding="utf-8")
            c["doc"] = path.name
            files.append(str(path))
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        cmd = [sys.executable, "-m", "geoledger", "extract", "--format", "jsonl", *files]
        proc = subprocess.run(
            cmd, capture_output=True, text=True, encoding="utf-8", env=env, check=True
        )
    for line in proc.stdout.splitlines():
        p = json.loads(line)
        preds[p["doc"]].append(p)
    return preds


def score(cases: list[dict[str, Any]], preds: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """(suite, half, cat) -> found, n, tp, fp; plus the misses and false positives."""
    table: dict[tuple[str, str, str], list[int]] = collections.defaultdict(lambda: [0, 0, 0, 0])
    misses = []
    for c in cases:
        ps = preds.get(c["doc"], [])
        used: dict[int, str] = {}
        for it in c["items"]:
            if it["excl"]:
                continue
            cand = [
                i for i, p in enumerate(ps) if i not in used and overlaps(it, p) and fits(it, p)
            ]
            cand.sort(
                key=lambda i: -(min(it["end"], ps[i]["end"]) - max(it["start"], ps[i]["start"]))
            )
            row = table[(c["suite"], c["half"], it["cat"])]
            row[1] += 1
            if cand:
                row[0] += 1
                used[cand[0]] = it["cat"]
            else:
                near = [shown(p) for p in ps if overlaps(it, p)]
                misses.append((c, f"missed {it['surface']!r} {it['alts'][0][:3]}; near: {near}"))
        for i, p in enumerate(ps):
            kind = pred_kind(p.get("unit"))
            if i in used:
                table[(c["suite"], c["half"], used[i])][2] += 1
                continue
            if any(it["excl"] and overlaps(it, p) for it in c["items"]) or kind not in c["scope"]:
                continue
            cat = next(
                (
                    it["cat"]
                    for it in c["items"]
                    if not it["excl"] and KIND[it["cat"]] == kind and overlaps(it, p)
                ),
                DEFAULT_CAT[kind],
            )
            table[(c["suite"], c["half"], cat)][3] += 1
            misses.append((c, f"false {kind}: {shown(p)}"))
    return {"table": table, "misses": misses}


def summary(table: dict[tuple[str, str, str], list[int]]) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, Any]] = {}
    for (suite, half, cat), (found, n, tp, fp) in sorted(table.items()):
        for key in (f"{suite}/{half}", f"all/{half}"):
            acc = out.setdefault(key, {}).setdefault(cat, [0, 0, 0, 0])
            for k, x in enumerate((found, n, tp, fp)):
                acc[k] += x
    order = [f"{suite}/{half}" for suite in (*SUITES, "all") for half in ("tune", "heldout")]
    return {
        key: {
            cat: {
                "recall": f / n if n else None,
                "n": n,
                "precision": tp / (tp + fp) if tp + fp else None,
            }
            for cat, (f, n, tp, fp) in cats.items()
        }
        for key, cats in sorted(out.items(), key=lambda kv: order.index(kv[0]))
    }


def run(halves: tuple[str, ...] = ("tune", "heldout")) -> dict[str, Any]:
    cases = [c for c in load_cases() if c["half"] in halves]
    return score(cases, extract(cases))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", choices=("tune", "heldout", "both"), default="both")
    ap.add_argument("--show-misses", action="store_true", help="tune half only")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.show_misses and args.half != "tune":
        ap.error("--show-misses is for the tune half only (add --half tune)")
    halves = ("tune", "heldout") if args.half == "both" else (args.half,)
    result = run(halves)
    rows = summary(result["table"])
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(f"{'suite/half':16} " + " ".join(f"{cat:>22}" for cat in CATS))
    for key, cats in rows.items():
        cells = []
        for cat in CATS:
            r = cats.get(cat)
            if not r:
                cells.append(f"{'-':>22}")
                continue
            rec = "n/a" if r["recall"] is None else f"{r['recall']:.2f}"
            prec = "n/a" if r["precision"] is None else f"{r['precision']:.2f}"
            n = r["n"]
            cells.append(f"{f'R {rec} P {prec} n={n}':>22}")
        print(f"{key:16} " + " ".join(cells))
    if args.show_misses:
        for c, why in result["misses"]:
            print(f"  {c['suite']}/{c['cid']} {c['text'][:70]!r}: {why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
