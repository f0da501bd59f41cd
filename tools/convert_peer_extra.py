#!/usr/bin/env python3
"""Convert other projects' public quantity suites into tests/data/peer_extra/*.json.

Usage: python tools/convert_peer_extra.py RAW_DIR [--run-peer ../shared/peer/run_peer.py]

RAW_DIR holds the raw files named as ../shared/peer/run_peer.py expects them
(duckling_AmountOfMoney_EN_Corpus.hs, q3_quantities.json, q3_quantities.ambiguity.json; sources in
tests/data/peer_extra/SOURCES.md). The suites are read with run_peer.py's own loaders, so expected
spans, units, sub-unit scales and exclusions are exactly those of the shared scorer; this script
only writes the cases out as JSON, one file per suite, for tools/run_peer_extra.py. Duckling's
cryptocurrency blocks (no ISO 4217 code; run_peer.py has no unit for them) are cut off first.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "peer_extra"
CRYPTO_MARK = "  -- Cryptocurrencies"
SUITES = {
    "dk": ("duckling_AmountOfMoney_EN_Corpus.hs", "dk_cases"),
    "q3": ("q3_quantities.json", "q3_cases"),
}


def load_run_peer(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("run_peer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_json(case: dict[str, Any]) -> dict[str, Any]:
    items = [
        {
            "cat": it["cat"],
            "start": it["start"],
            "end": it["end"],
            "surface": it["surface"],
            "alts": [[sorted(units), v, vmax] for units, v, vmax in it["alts"]],
            "qual": it["qual"],
            "excl": it["excl"],
        }
        for it in case["items"]
    ]
    return {
        "cid": case["cid"],
        "text": case["text"],
        "items": items,
        "scope": sorted(case["scope"]),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("raw_dir", type=Path)
    ap.add_argument(
        "--run-peer", type=Path, default=ROOT.parent / "shared" / "peer" / "run_peer.py"
    )
    args = ap.parse_args()
    run_peer = load_run_peer(args.run_peer)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="peer-raw-") as tmp:
        raw = Path(tmp)
        for path in args.raw_dir.iterdir():
            shutil.copy(path, raw / path.name)
        duckling = raw / SUITES["dk"][0]
        if duckling.exists():
            text = duckling.read_text(encoding="utf-8")
            if CRYPTO_MARK in text:
                duckling.write_text(text.split(CRYPTO_MARK, 1)[0] + "  ]\n", encoding="utf-8")
        run_peer.DATA = raw
        for suite, (raw_name, loader) in SUITES.items():
            if not (raw / raw_name).exists():
                print(f"{suite}: {raw_name} missing, skipped")
                continue
            cases = [as_json(c) for c in getattr(run_peer, loader)()]
            out = OUT / f"{suite}.json"
            dumped = json.dumps(cases, ensure_ascii=False, indent=0)
            out.write_text(dumped + "\n", encoding="utf-8")
            print(f"{suite}: {len(cases)} cases -> {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
