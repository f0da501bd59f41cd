"""Extraction time against document size: one large document, read in linear time.

The shared corpus is joined and repeated into one document of --small and one of --large
megabytes; extract_claims reads each, timed in CPU seconds (the machine is shared, so wall time
says more about the neighbours than about us). Linear means the large one takes at most
1.2 x (large / small) times the small one; the run exits non-zero otherwise.

    .venv/bin/python benchmarks/bench_linear.py [--small 0.25] [--large 1]
    .venv/bin/python benchmarks/bench_linear.py --small 1 --large 16     (issue 15's check)
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

from bench_extract import ROOT, load_docs, load_gazetteer

from geoledger.extract import Gazetteer, extract_claims
from geoledger.extract.quantities import find_quantities
from geoledger.models import Document

SLACK = 1.2


def one_document(base: str, megabytes: float) -> Document:
    """base repeated and cut to megabytes of UTF-8, as one document."""
    size = int(megabytes * 1024 * 1024)
    text = base * (size // len(base.encode("utf-8")) + 1)
    text = text.encode("utf-8")[:size].decode("utf-8", errors="ignore")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(name=f"big-{megabytes}.txt", text=text, content_hash=digest)


def cpu_seconds(doc: Document, gazetteer: Gazetteer) -> tuple[float, float]:
    """CPU seconds of find_quantities and of the whole extract_claims on doc."""
    t0 = time.process_time()
    find_quantities(doc.text)
    quantities_s = time.process_time() - t0
    t0 = time.process_time()
    extract_claims(doc, gazetteer=gazetteer)
    return quantities_s, time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=float, default=0.25, help="megabytes of the small document")
    ap.add_argument("--large", type=float, default=1.0, help="megabytes of the large document")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    if not 0 < args.small < args.large:
        sys.exit("error: give 0 < --small < --large")

    docs = load_docs(args.shared)
    gazetteer = load_gazetteer(args.shared)
    base = "\n\n".join(d.text for d in docs)
    extract_claims(docs[0], gazetteer=gazetteer)  # warm the compiled patterns
    small_q, small_e = cpu_seconds(one_document(base, args.small), gazetteer)
    large_q, large_e = cpu_seconds(one_document(base, args.large), gazetteer)
    growth = args.large / args.small
    limit = SLACK * growth
    print(f"one document of {args.small:g} MB and one of {args.large:g} MB ({growth:g}x the text)")
    print(f"find_quantities: {small_q:.2f} s -> {large_q:.2f} s CPU ({large_q / small_q:.1f}x)")
    print(f"extract_claims:  {small_e:.2f} s -> {large_e:.2f} s CPU ({large_e / small_e:.1f}x)")
    print(f"large/small time {large_e / small_e:.1f}x, limit {limit:.1f}x (linear x {SLACK})")
    print(f"extract_claims on one document: {args.large * 1.048576 / large_e:.2f} MB/s CPU")
    if large_e / small_e > limit:
        sys.exit("error: extraction grows faster than the text")


if __name__ == "__main__":
    main()
