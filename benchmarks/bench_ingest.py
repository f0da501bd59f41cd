"""Ingest MB/s on SQLite or PostgreSQL, with 1 and 2 jobs or on Dask; re-ingest; memory.

Runs the real `geoledger ingest` command in a child process on a folder of generated
articles: the shared corpus and the tune parts of the dev set (English and Serbian), each
copy with its figures, years and country names varied, so facts get a realistic number of
versions rather than one fact per sentence with thousands of identical copies. Peak memory is
the largest sum of resident memory over the command and all its processes (workers too).
With --baseline SRC the same runs are repeated, in the same run, with the code in SRC
(e.g. a checkout of main), for a before/after table.

    .venv/bin/python benchmarks/bench_ingest.py [--mb 100,300] [--jobs 1,2] [--shared ../shared]
        [--runs ingest-1,ingest-2,reingest,rehash,extract-2,cluster]
        [--baseline /path/to/other/src] [--postgres URL] [--corpus DIR]

Columns: CPU s sums the command and its workers; writer CPU is the ingesting process's
share of it (reading, hashing, writing, reconciling) when workers extract; peak MB is the
largest sum of resident memory sampled over all processes, parent and worker their own
high-water marks; "1 GB, min" projects the CPU seconds to a gigabyte on an idle 2-core
machine (the workers' CPU over the cores, or the writer's, whichever is longer).
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
from dataclasses import dataclass
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


def _high_water_kb(pid: int) -> int:
    """The most resident memory process pid has held (VmHWM): exact, not sampled."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Measured:
    """One run: wall and CPU seconds (all processes, and the writing process alone), memory."""

    seconds: float
    cpu: float  # the command and every worker
    parent_cpu: float  # the command's own process: reading, hashing, writing, reconciling
    peak_sum_mb: float  # the largest sum of resident memory over all its processes (sampled)
    parent_mb: float  # the command's own high-water mark (VmHWM)
    worker_mb: float  # the largest high-water mark of any worker


def run(args: list[str], env: dict[str, str], *, label: str = "") -> Measured:
    """Run geoledger with args and measure it (see Measured).

    CPU seconds hardly change with the machine's load, as wall seconds do: on a shared machine
    compare those, and read wall seconds as what an idle machine would give at most. The
    command's own CPU is its last sample (every 0.1 s) before it ended.
    """
    cpu_before = _children_cpu()
    started = time.perf_counter()
    child = psutil.Popen(
        [sys.executable, "-m", "geoledger", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = parent_cpu = 0.0
    parent_kb = worker_kb = 0
    shown = started
    while child.poll() is None:
        total = 0
        with contextlib.suppress(psutil.Error):  # ended between the listing and the reading
            times = child.cpu_times()
            parent_cpu = times.user + times.system
            parent_kb = max(parent_kb, _high_water_kb(child.pid))
            for proc in [child, *child.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
                    if proc.pid != child.pid:
                        worker_kb = max(worker_kb, _high_water_kb(proc.pid))
        peak = max(peak, total)
        if time.perf_counter() - shown > 60:  # a long run says it is alive, with its CPU so far
            shown = time.perf_counter()
            print(
                f"  … {label}: {shown - started:.0f} s, this process {parent_cpu:.0f} CPU s",
                file=sys.stderr,
                flush=True,
            )
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    stderr = child.stderr.read().decode() if child.stderr else ""
    # ingest exits 1 when a file was refused; anything else is a failed run.
    if child.returncode not in (0, 1) or "Traceback" in stderr:
        sys.exit(f"error: geoledger {' '.join(args)} exited {child.returncode}: {stderr[-2000:]}")
    return Measured(
        seconds,
        _children_cpu() - cpu_before,
        parent_cpu,
        peak / 2**20,
        parent_kb / 1024,
        worker_kb / 1024,
    )


def runs_for(jobs: list[int]) -> dict[str, tuple[str, list[str]]]:
    """The runs, by name: ingest with each number of jobs, re-ingest, extraction alone, Dask.

    Ingest runs write {db}-<name>; re-ingest and its --rehash twin read the folder again into
    the ledger the last ingest run filled, so they run after one.
    """
    found: dict[str, tuple[str, list[str]]] = {}
    for n in jobs:
        found[f"extract-{n}"] = (
            f"extract alone, -j {n}",
            ["extract", "{corpus}", "--format", "jsonl", "-j", str(n)],
        )
        found[f"ingest-{n}"] = (
            f"ingest, -j {n}",
            ["--db", "{db}", "ingest", "{corpus}", "-j", str(n)],
        )
    found["reingest"] = ("re-ingest unchanged", ["--db", "{last}", "ingest", "{corpus}"])
    found["rehash"] = (
        "re-ingest unchanged --rehash",
        ["--db", "{last}", "ingest", "{corpus}", "--rehash"],
    )
    found["cluster"] = (
        "ingest, --cluster local:2",
        ["--db", "{db}", "ingest", "{corpus}", "--cluster", "local:2"],
    )
    return found


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _supports(src: Path, name: str, args: list[str]) -> bool:
    """Whether the code in src has what a run needs (an older baseline may not)."""
    if name == "cluster":
        return (src / "geoledger" / "pipeline" / "cluster.py").exists()
    if "--rehash" in args:
        return "rehash" in (src / "geoledger" / "cli" / "extract.py").read_text()
    return True


HEAD = (
    f"{'code':<10}{'run':<30}{'MB':>6}{'seconds':>9}{'MB/s':>7}{'CPU s':>8}{'MB/CPU s':>9}"
    f"{'writer CPU':>11}{'peak MB':>8}{'parent':>7}{'worker':>7}{'1 GB, min':>10}"
)


def _row(code: str, label: str, mb: float, m: Measured, workers: int) -> str:
    # The writer's share: the ingesting process's CPU over all CPU (with workers extracting).
    share = f"{100 * m.parent_cpu / m.cpu:.0f} %" if workers > 1 and m.cpu else "-"
    # 1 GB on an idle 2-core machine, from CPU: the workers' CPU spread over min(workers, 2)
    # cores, or the writer's own, whichever is longer.
    cores = max(1, min(workers, 2))
    projected = max((m.cpu - m.parent_cpu) / cores, m.parent_cpu) if workers > 1 else m.cpu
    gigabyte = f"{projected * 1024 / mb / 60:.1f}" if "ingest" in label[:6] else "-"
    return (
        f"{code:<10}{label:<30}{mb:>6.0f}{m.seconds:>9.1f}{mb / m.seconds:>7.2f}{m.cpu:>8.1f}"
        f"{mb / m.cpu:>9.2f}{share:>11}{m.peak_sum_mb:>8.0f}{m.parent_mb:>7.0f}"
        f"{m.worker_mb:>7.0f}{gigabyte:>10}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", default="100", help="corpus sizes in MB, e.g. 100,300")
    parser.add_argument("--jobs", default="1,2", help="numbers of extraction jobs, e.g. 1,2")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument(
        "--runs",
        help="runs in order (default: ingest-N for each --jobs, reingest, rehash); also "
        "extract-N (extraction alone: the ceiling) and cluster",
    )
    parser.add_argument("--baseline", type=Path, help="another src folder to run the same runs")
    parser.add_argument("--baseline-runs", help="the runs for the baseline (default: --runs)")
    parser.add_argument(
        "--postgres", help="a PostgreSQL URL to ingest into instead of SQLite (its schema is reset)"
    )
    parser.add_argument("--corpus", type=Path, help="a folder to build the corpus in and keep")
    options = parser.parse_args()
    jobs = [int(n) for n in options.jobs.split(",") if n]
    known = runs_for(jobs)
    default = [f"ingest-{n}" for n in jobs] + ["reingest", "rehash"]
    names = [n for n in options.runs.split(",") if n] if options.runs else default
    if unknown := [n for n in names if n not in known]:
        sys.exit(f"error: unknown run {', '.join(unknown)}; choose from {', '.join(known)}")
    work = Path(tempfile.mkdtemp(prefix="geoledger-bench-"))
    try:
        for megabytes in [float(mb) for mb in options.mb.split(",") if mb]:
            corpus = (options.corpus or work) / f"corpus-{megabytes:g}mb"
            if corpus.exists() and any(corpus.iterdir()):
                size = sum(p.stat().st_size for p in corpus.rglob("*.txt"))
                sources = 0
            else:
                corpus.mkdir(parents=True, exist_ok=True)
                size, sources = build_corpus(options.shared, corpus, megabytes)
                # Files written a moment ago are read again by the next ingest (their mtime
                # could still change unseen): age them, as files ingested later would be.
                old = time.time() - 3600
                for path in corpus.rglob("*.txt"):
                    os.utime(path, (old, old))
            mb = size / 1024 / 1024
            files = sum(1 for _ in corpus.rglob("*.txt"))
            print(f"corpus: {files} documents, {mb:.1f} MB ({sources or 'kept'} articles varied)")
            print(HEAD, flush=True)
            trees = [("this", ROOT / "src", names)]
            if options.baseline:
                chosen = (options.baseline_runs or ",".join(names)).split(",")
                trees.insert(0, ("baseline", options.baseline.resolve(), [n for n in chosen if n]))
            for code, src, runs in trees:
                env = {
                    **os.environ,
                    "GEOLEDGER_DATA_DIR": str(work / "data"),
                    "PYTHONPATH": str(src),
                }
                env.pop("GEOLEDGER_DB", None)
                last = ""
                for name in runs:
                    label, template = known[name]
                    if not _supports(src, name, template):
                        continue
                    db = options.postgres or str(work / f"{name}.db")
                    if "{db}" in template:
                        if options.postgres:
                            _reset_postgres(options.postgres)
                        last = db
                    args = [a.format(corpus=corpus, db=db, last=last) for a in template]
                    workers = 2 if name == "cluster" else int(args[-1]) if "-j" in args else 1
                    measured = run(args, env, label=f"{code} {label}")
                    print(_row(code, label, mb, measured, workers), flush=True)
                for db_file in work.glob("*.db*"):
                    db_file.unlink()
            if not options.corpus:
                shutil.rmtree(corpus, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
