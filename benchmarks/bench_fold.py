"""Script folding for search and language detection: MB/s against cyrtranslit in the same run.

.venv/bin/python benchmarks/bench_fold.py [--mb 20]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import cyrtranslit

from geoledger.ingest.language import detect_language
from geoledger.store.fold import FoldMap, fold_text

ROOT = Path(__file__).resolve().parents[1]


def build_text(shared: Path, megabytes: float) -> str:
    """Corpus articles, every other one spelt in Serbian Cyrillic, repeated to the size asked."""
    articles = [p.read_text(encoding="utf-8") for p in sorted((shared / "corpus").glob("*.txt"))]
    pieces = [cyrtranslit.to_cyrillic(a, "sr") if i % 2 else a for i, a in enumerate(articles)]
    text = "\n\n".join(pieces)
    target = int(megabytes * 1024 * 1024)
    return (text * (target // len(text.encode()) + 1))[:target]


def timed(label: str, mb: float, call: object) -> None:
    start = time.perf_counter()
    call()  # type: ignore[operator]
    seconds = time.perf_counter() - start
    print(f"{label:<40}{seconds:>9.2f}{mb / seconds:>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="text size in MB")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    options = parser.parse_args()
    text = build_text(options.shared, options.mb)
    mb = len(text.encode()) / 1024 / 1024
    print(f"text: {mb:.1f} MB, Latin and Cyrillic")
    print(f"{'run':<40}{'seconds':>9}{'MB/s':>9}")
    timed("baseline: cyrtranslit.to_latin", mb, lambda: cyrtranslit.to_latin(text, "sr"))
    timed("fold_text (search index form)", mb, lambda: fold_text(text))
    timed("FoldMap (fold + offset map)", mb, lambda: FoldMap(text))
    docs = [text[i : i + 20_000] for i in range(0, len(text), 20_000)]
    timed("detect_language, 20 kB documents", mb, lambda: [detect_language(d) for d in docs])


if __name__ == "__main__":
    main()
