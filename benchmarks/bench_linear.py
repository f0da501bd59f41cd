"""Extraction time against document size: one large document, read in linear time.

The shared corpus is joined and repeated into one document of --small and one of --large
megabytes; extract_claims reads each, timed in CPU seconds (the machine is shared, so wall time
says more about the neighbours than about us). Linear means the large one takes at most
1.2 x (large / small) times the small one; the run exits non-zero otherwise.

    .venv/bin/python benchmarks/bench_linear.py [--small 0.25] [--large 1]
    .venv/bin/python benchmarks/bench_linear.py --small 1 --large 16     (issue 15's check)

--stream MB compares the whole path with the streaming path (pipeline.windows) on one document
of MB megabytes, each in a fresh process so each peak resident memory (ru_maxrss) is its own:
CPU seconds, claims and peak RSS, side by side.

    .venv/bin/python benchmarks/bench_linear.py --stream 50
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
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


def one_path(path: str, megabytes: float, shared: Path) -> dict[str, float]:
    """Run one path on one document in this process: CPU seconds, claims, peak RSS in MB."""
    from geoledger.pipeline.windows import extract_streaming

    docs = load_docs(shared)
    gazetteer = load_gazetteer(shared)
    extract_claims(docs[0], gazetteer=gazetteer)  # warm the compiled patterns
    doc = one_document("\n\n".join(d.text for d in docs), megabytes)
    windows: list[int] = []
    # The document and its building's temporaries are the same for both paths: the peak so far.
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.process_time()
    if path == "stream":
        claims = extract_streaming(
            doc,
            gazetteer=gazetteer,
            total_seconds=0,
            on_window=lambda done, _total: windows.append(done),
        ).claims
    else:
        claims = extract_claims(doc, gazetteer=gazetteer).claims
    seconds = time.process_time() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {
        "cpu_s": seconds,
        "claims": len(claims),
        "before_mb": before_mb,
        "peak_mb": peak_mb,
        "windows": len(windows),
    }


def compare_paths(megabytes: float, shared: Path) -> None:
    """The whole and the streaming path on the same document, each in its own process."""
    rows = {}
    for path in ("whole", "stream"):
        out = subprocess.run(
            [sys.executable, __file__, "--one", path, "--stream", str(megabytes)]
            + ["--shared", str(shared)],
            check=True,
            capture_output=True,
            text=True,
        )
        rows[path] = json.loads(out.stdout.splitlines()[-1])
    print(f"one document of {megabytes:g} MB, each path in a fresh process")
    for path, row in rows.items():
        print(
            f"{path:6}: {row['cpu_s']:7.1f} s CPU, {row['claims']:7,.0f} claims, "
            f"peak RSS {row['peak_mb']:6.0f} MB ({row['before_mb']:.0f} MB before extracting), "
            f"{row['windows']:.0f} windows"
        )
    whole, stream = rows["whole"], rows["stream"]
    print(
        f"stream/whole: CPU {stream['cpu_s'] / whole['cpu_s']:.2f}x, "
        f"peak RSS {stream['peak_mb'] / whole['peak_mb']:.2f}x"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=float, default=0.25, help="megabytes of the small document")
    ap.add_argument("--large", type=float, default=1.0, help="megabytes of the large document")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--stream", type=float, help="compare whole and streaming on MB megabytes")
    ap.add_argument("--one", choices=["whole", "stream"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one_path(args.one, args.stream, args.shared)))
        return
    if args.stream:
        compare_paths(args.stream, args.shared)
        return
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
