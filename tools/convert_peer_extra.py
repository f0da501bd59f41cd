#!/usr/bin/env python3
"""Convert other projects' public quantity suites into tests/data/peer_extra/*.json.

Usage: python tools/convert_peer_extra.py RAW_DIR [--run-peer ../shared/peer/run_peer.py]

RAW_DIR holds the raw files named as ../shared/peer/run_peer.py expects them
(duckling_AmountOfMoney_EN_Corpus.hs, q3_quantities.json, q3_quantities.ambiguity.json,
price_parser_test_price_parsing.py; sources in tests/data/peer_extra/SOURCES.md). Duckling's and
quantulum3's suites are read with run_peer.py's own loaders, so expected spans, units, sub-unit
scales and exclusions are exactly those of the shared scorer; this script only writes the cases out
as JSON, one file per suite, for tools/run_peer_extra.py. Duckling's cryptocurrency blocks (no ISO
4217 code; run_peer.py has no unit for them) are cut off first. price-parser's examples are read
by `pp_cases` below (its test file is parsed, never run).
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import json
import re
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
PRICE_PARSER_FILE = "price_parser_test_price_parsing.py"
# price-parser's lists whose expectations hold (its xfail lists and the decimal-separator list,
# which parses with a forced separator, are left out).
PRICE_PARSER_LISTS = (
    "PRICE_PARSING_EXAMPLES_BUGS_CAUGHT",
    "PRICE_PARSING_EXAMPLES_NEW",
    "PRICE_PARSING_EXAMPLES",
    "PRICE_PARSING_EXAMPLES_2",
    "PRICE_PARSING_EXAMPLES_3",
    "PRICE_PARSING_EXAMPLES_NO_PRICE",
    "PRICE_PARSING_EXAMPLES_NO_CURRENCY",
)
# price-parser's currency strings -> the ISO 4217 codes a reader would take them for. Strings that
# name no one currency (R, L, Br, kr, ...) are absent: their cases are left out.
PRICE_PARSER_ISO = {
    "$": ["USD"], "US$": ["USD"], "USD": ["USD"],
    "€": ["EUR"], "EUR": ["EUR"], "euro": ["EUR"],
    "£": ["GBP"], "₤": ["GBP"], "GBP": ["GBP"],
    "Kč": ["CZK"], "zł": ["PLN"], "Zł": ["PLN"], "PLN": ["PLN"], "pln": ["PLN"],
    "руб.": ["RUB"], "руб": ["RUB"], "Р": ["RUB"], "₽": ["RUB"], "р.": ["RUB"],
    "R$": ["BRL"], "грн.": ["UAH"], "грн": ["UAH"], "DKK": ["DKK"], "Rp": ["IDR"],
    "lei": ["RON"], "LEI": ["RON"], "Lei": ["RON"], "RON": ["RON"], "₫": ["VND"], "đ": ["VND"],
    "Ft": ["HUF"], "HUF": ["HUF"], "TL": ["TRY"], "SGD": ["SGD"], "CHF": ["CHF"], "Fr.": ["CHF"],
    "₪": ["ILS"], "NOK": ["NOK"], "C$": ["CAD", "NIO"], "CA$": ["CAD"], "₹": ["INR"],
    "Rs": ["INR", "PKR", "LKR", "NPR"], "лв.": ["BGN"], "лв": ["BGN"], "KD": ["KWD"],
    "AED": ["AED"], "RM": ["MYR"], "NT$": ["TWD"], "A$": ["AUD"], "AU$": ["AUD"], "AUD": ["AUD"],
    "NZD": ["NZD"], "MX$": ["MXN"], "OMR": ["OMR"], "PTE": ["PTE"], "DEM": ["DEM"], "฿": ["THB"],
    "円": ["JPY"], "원": ["KRW"], "Dinara": ["RSD"],
}  # fmt: skip
# An amount written the English way: 1,234,567.89 or 1234.5 (comma-decimal and space-grouped
# shop prices are left out: they are not how English articles write amounts).
ENGLISH_AMOUNT = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
NUMBER_TOKEN = re.compile(r"\d[\d.,]*")


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


def pp_examples(path: Path) -> list[tuple[str, Any, Any, Any, Any, Any]]:
    """(list name, currency_raw, price_raw, currency, amount_text, amount) of every Example(...)."""
    out = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.List):
            continue
        name = node.targets[0].id  # type: ignore[attr-defined]
        if name not in PRICE_PARSER_LISTS:
            continue
        for call in node.value.elts:
            args = [
                float(ast.literal_eval(a.args[0]))
                if isinstance(a, ast.Call)
                else ast.literal_eval(a)
                for a in call.args  # type: ignore[attr-defined]
            ]
            out.append((name, *args))
    return out


def pp_cases(path: Path) -> list[dict[str, Any]]:
    """price-parser's examples as cases: the price string is the text.

    A case is kept when its currency string is in the text and names one ISO 4217 currency and
    its amount is written the English way (the expected item: the amount, value as price-parser
    reads it); or, as a negative case, when the text holds no currency string at all (any money
    claim on it is false). Money precision counts only in texts with one number in them.
    """
    examples = pp_examples(path)
    markers = sorted({e[3] for e in examples if e[3]}, key=len, reverse=True)
    cases, seen = [], set()
    for _list, _raw_hint, text, cur, amount_text, amount in examples:
        if not text or text in seen:
            continue
        one_number = len(NUMBER_TOKEN.findall(text)) <= 1
        has_marker = any(m.lower() in text.lower() for m in markers)
        if not has_marker:
            seen.add(text)
            cases.append(
                {"cid": f"pp-{len(cases):03d}", "text": text, "items": [], "scope": ["money"]}
            )
            continue
        if cur not in PRICE_PARSER_ISO or cur not in text or amount_text is None:
            continue
        if not ENGLISH_AMOUNT.fullmatch(amount_text) or amount_text not in text:
            continue
        if abs(float(amount_text.replace(",", "")) - amount) > 1e-9 * max(1.0, amount):
            continue
        seen.add(text)
        start = text.index(amount_text)
        cs, ce = text.index(cur), text.index(cur) + len(cur)
        lo, hi = min(start, cs), max(start + len(amount_text), ce)
        item = {
            "cat": "currency",
            "start": lo,
            "end": hi,
            "surface": text[lo:hi],
            "alts": [[PRICE_PARSER_ISO[cur], amount, None]],
            "qual": None,
            "excl": None,
        }
        scope = ["money"] if one_number else []
        cases.append({"cid": f"pp-{len(cases):03d}", "text": text, "items": [item], "scope": scope})
    return cases


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
        if (raw / PRICE_PARSER_FILE).exists():
            cases = pp_cases(raw / PRICE_PARSER_FILE)
            out = OUT / "pp.json"
            out.write_text(json.dumps(cases, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
            print(f"pp: {len(cases)} cases -> {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
