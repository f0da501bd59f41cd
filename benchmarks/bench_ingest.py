"""Ingest into SQLite: MB/s with 1 and 2 local jobs and on a Dask LocalCluster, re-ingest, memory.

Runs the real `geoledger ingest` command in a child process on a folder of generated
articles: the shared corpus and the tune parts of the dev set (English and Serbian), each
copy with its figures, years and country names varied, so facts get a realistic number of
versions rather than one fact per sentence with thousands of identical copies. Peak memory is
the largest sum of resident memory over the command and all its processes (workers too).
With --baseline SRC the same runs are repeated, in the same run, with the code in SRC
(e.g. a checkout of main), for a before/after table.

    .venv/bin/python benchmarks/bench_ingest.py [--mb 100] [--shared ../shared]
        [--runs ingest-1,ingest-2,reingest,cluster] [--baseline /path/to/other/src]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
TUNE = [ROOT / "tests" / "data" / "realdev" / part / "tune" for part in ("en", "sr")]
# Partners swapped per copy (English names and adjectives), so scopes and facts vary.
NAMES = {
    "China": ("China", "Russia", "Germany", "Turkey", "Hungary", "Italy"),
    "Chinese": ("Chinese", "Russian", "German", "Turkish", "Hungarian", "Italian"),
}
_NAME = re.compile(r"\b(?:" + "|".join(NAMES) + r")\b")
_NUMBER = re.compile(r"\d+")


def _articles(shared: Path) -> list[str]:
    paths = sorted((shared / "corpus").glob("*.txt"))
    for folder in TUNE:  # never the test parts
        paths += sorted(folder.glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def vary(text: str, rng: random.Random) -> str:
    """text with years shifted, other figures redrawn (same digit count) and partners swapped."""
    shift = rng.randint(-6, 2)
    pick = rng.randrange(len(NAMES["China"]))

    def number(match: re.Match[str]) -> str:
        digits = match.group()
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return str(int(digits) + shift)
        if len(digits) == 1 or digits[0] == "0":
            return digits
        return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))

    text = _NUMBER.sub(number, text)
    return _NAME.sub(lambda m: NAMES[m.group()][pick], text)


def build_corpus(shared: Path, folder: Path, megabytes: float) -> tuple[int, int]:
    """Write varied copies of the articles into folder until it holds megabytes.

    Returns (bytes written, articles copied).
    """
    articles = _articles(shared)
    if not articles:
        sys.exit(f"error: no articles in {shared / 'corpus'}")
    rng = random.Random(20261202)
    target = int(megabytes * 1024 * 1024)
    written = copy = 0
    while written < target:
        for index, text in enumerate(articles):
            body = f"{vary(text, rng)}\n\nCopy {copy} of article {index}.\n"
            path = folder / f"{copy // 100:03d}" / f"doc_{copy:06d}_{index:02d}.txt"
            path.parent.mkdir(exist_ok=True)
            path.write_text(body, encoding="utf-8")
            written += len(body.encode())
        copy += 1
    return written, len(articles)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Run geoledger with args: (seconds, CPU seconds of it and its workers, peak summed RSS).

    CPU seconds hardly change with the machine's load, as wall seconds do: on a shared machine
    compare those, and read wall seconds as what an idle machine would give at most.
    """
    cpu_before = _children_cpu()
    started = time.perf_counter()
    child = psutil.Popen(
        [sys.executable, "-m", "geoledger", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = 0
    while child.poll() is None:
        total = 0
        with contextlib.suppress(psutil.Error):  # ended between the listing and the reading
            for proc in [child, *child.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
        peak = max(peak, total)
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    stderr = child.stderr.read().decode() if child.stderr else ""
    # ingest exits 1 when a file was refused; anything else is a failed run.
    if child.returncode not in (0, 1) or "Traceback" in stderr:
        sys.exit(f"error: geoledger {' '.join(args)} exited {child.returncode}: {stderr[-2000:]}")
    return seconds, _children_cpu() - cpu_before, peak


RUNS = {
    "extract-1": ("extract, 1 process", ["extract", "{corpus}", "--format", "jsonl"]),
    "extract-2": ("extract, --jobs 2", ["extract", "{corpus}", "--format", "jsonl", "-j", "2"]),
    "ingest-1": ("ingest, 1 process", ["--db", "{work}/one.db", "ingest", "{corpus}"]),
    "ingest-2": ("ingest, --jobs 2", ["--db", "{work}/two.db", "ingest", "{corpus}", "-j", "2"]),
    # The same unchanged folder again, into the ledger the previous run filled.
    "reingest": ("re-ingest unchanged", ["--db", "{work}/two.db", "ingest", "{corpus}"]),
    "cluster": (
        "ingest, --cluster local:2",
        ["--db", "{work}/dask.db", "ingest", "{corpus}", "--cluster", "local:2"],
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100.0, help="corpus size in MB")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--runs", default="ingest-1,ingest-2,reingest,cluster")
    parser.add_argument("--baseline", type=Path, help="another src folder to run the same runs")
    parser.add_argument("--baseline-runs", help="the runs for the baseline (default: --runs)")
    options = parser.parse_args()
    names = [n for n in options.runs.split(",") if n]
    if unknown := [n for n in names if n not in RUNS]:
        sys.exit(f"error: unknown run {', '.join(unknown)}; choose from {', '.join(RUNS)}")
    work = Path(tempfile.mkdtemp(prefix="geoledger-bench-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        size, sources = build_corpus(options.shared, corpus, options.mb)
        mb = size / 1024 / 1024
        files = sum(1 for _ in corpus.rglob("*.txt"))
        print(f"corpus: {files} documents, {mb:.1f} MB (varied copies of {sources} articles)")
        head = f"{'seconds':>9}{'MB/s':>8}{'CPU s':>8}{'MB/CPU s':>9}{'peak MB':>9}"
        print(f"{'code':<10}{'run':<32}{head}")
        trees = [("this", ROOT / "src", names)]
        if options.baseline:
            chosen = (options.baseline_runs or options.runs).split(",")
            trees.insert(0, ("baseline", options.baseline.resolve(), [n for n in chosen if n]))
        for code, src, runs in trees:
            env = {**os.environ, "GEOLEDGER_DATA_DIR": str(work / "data"), "PYTHONPATH": str(src)}
            env.pop("GEOLEDGER_DB", None)
            for name in runs:
                label, template = RUNS[name]
                if (
                    name == "cluster"
                    and code == "baseline"
                    and not (src / "geoledger" / "pipeline" / "cluster.py").exists()
                ):
                    continue
                args = [a.format(corpus=corpus, work=work) for a in template]
                seconds, cpu, peak = run(args, env)
                print(
                    f"{code:<10}{label:<32}{seconds:>9.1f}{mb / seconds:>8.2f}"
                    f"{cpu:>8.1f}{mb / cpu:>9.2f}{peak / 2**20:>9.0f}",
                    flush=True,
                )
            for db in work.glob("*.db*"):
                db.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
