"""Every API endpoint and dashboard page timed on ledgers of 10 k, 100 k and 1 M claims.

Builds each ledger once (benchmarks/ledger.py: bulk inserts through the store's tables) and
keeps it under /tmp/geoledger-bench (SQLite) or in a PostgreSQL database named after the
GEOLEDGER_BENCH_POSTGRES (or GEOLEDGER_TEST_POSTGRES) database, then times each URL through
the app in process (FastAPI's TestClient: server time plus a little client overhead) after
a warm-up, and prints p50/p95 per URL, with the growth from the smallest ledger to the largest.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_volume.py                  # 10 k, SQLite
    PYTHONPATH=src .venv/bin/python benchmarks/bench_volume.py --claims 10000,100000,1000000 \
        --backend sqlite,postgresql --json benchmarks/results/after.json

--src PATH times another checkout's code (e.g. the code before stored reconciliation) on
ledgers it builds itself; targets at 1 M: p95 < 50 ms per API endpoint, < 150 ms per page.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("GEOLEDGER_BENCH_CACHE", "/tmp/geoledger-bench"))
API_TARGET_MS, PAGE_TARGET_MS, GROWTH_TARGET = 50.0, 150.0, 3.0
# The generated data's version (benchmarks/ledger.py): ledgers of another version are not reused.
DATA = "d2"


def _urls(client: Any) -> list[tuple[str, str]]:
    """(kind, url) of every endpoint and page, with ids taken from the ledger itself."""
    source = "gen_0000010.txt"
    claim = client.get(f"/api/claims?source={source}&limit=1").json()["items"][0]["id"]
    facts = client.get("/api/facts?limit=1").json()["items"]
    fact = facts[0]["id"] if facts else "none"
    api = [
        "/api/sources?limit=100",
        f"/api/sources/{source}",
        "/api/actors?limit=100",
        "/api/actors/HBIS",
        "/api/events?limit=100",
        "/api/claims?limit=100",
        "/api/claims?limit=100&subject=Serbia&partner=China&metric=trade",
        "/api/claims?limit=100&period=2020&status=candidate",
        f"/api/claims/{claim}",
        f"/api/claims/{claim}/history",
        "/api/trade?subject=Serbia&partner=China",
        "/api/search?q=copper",
        "/api/index",
        "/api/facts?limit=100",
        "/api/facts?limit=100&subject=Serbia&partner=China&period=2020",
        f"/api/facts/{fact}",
        "/api/conflicts?limit=100",
    ]
    pages = [
        "/",
        "/trade",
        "/money",
        "/index",
        "/events",
        "/actors",
        "/actors/HBIS",
        "/sources",
        f"/sources/{source}",
        "/claims",
        f"/claims/{claim}",
        "/conflicts",
        "/facts",
        f"/facts/{fact}",
        "/search?q=copper",
        "/politics",
        # Table pages: facets counted in the database, sorted keyset pages (web/tables.py).
        "/claims?sort=usd&order=desc",
        "/claims?partner=China&metric=trade&period=2020",
        "/claims?status=accepted&sort=period",
        "/claims?search=copper",
        _next_page(client, "/claims?sort=metric"),
        "/facts?verdict=conflict",
        "/conflicts?kind=check&order=desc",
        "/sources?year=2020&order=desc",
        "/events?domain=economy",
        "/actors?kind=company",
    ]
    return [("api", u) for u in api] + [("page", u) for u in pages]


def _next_page(client: Any, path: str) -> str:
    """The URL of the page after path's first, as its Next link gives it (a keyset cursor)."""
    import html
    import re

    found = re.search(r'rel="next" href="([^"]+)"', client.get(path).text)
    return html.unescape(found.group(1)) if found else path


def _ledger_url(backend: str, n: int, label: str) -> str:
    if backend == "sqlite":
        CACHE.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{CACHE / f'{DATA}-{label}-{n}.db'}"
    from sqlalchemy.engine import make_url

    base = os.environ.get("GEOLEDGER_BENCH_POSTGRES") or os.environ.get("GEOLEDGER_TEST_POSTGRES")
    if not base:
        sys.exit("error: set GEOLEDGER_BENCH_POSTGRES to a PostgreSQL URL for --backend postgresql")
    url = make_url(base)
    return url.set(database=f"{url.database}_bench_{DATA}-{label}_{n}").render_as_string(False)


def _exists(url: str) -> bool:
    """True when the ledger at url was built completely (the build marks it last)."""
    from sqlalchemy import create_engine, inspect, text

    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return False
    engine = None
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            if "bench_built" not in inspect(conn).get_table_names():
                return False
            return bool(conn.execute(text("SELECT count(*) FROM bench_built")).scalar())
    except Exception:
        return False
    finally:
        if engine is not None:
            engine.dispose()  # a pooled session would keep the ledger from being a template


def _create_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def _copy_older(url: str, n: int) -> bool:
    """Copy a complete ledger of the same data built under an older schema to url; True if one was.

    Opening the copy upgrades its schema and reconciles what the migrations mark as changed, so
    a new migration costs a file copy (SQLite) or a template clone (PostgreSQL), not a rebuild.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    if url.startswith("sqlite:///"):
        target = Path(url.removeprefix("sqlite:///"))
        for older in sorted(CACHE.glob(f"{DATA}-r*-{n}.db"), key=lambda p: -p.stat().st_mtime):
            if older != target and _exists(f"sqlite:///{older}"):
                shutil.copyfile(older, target)
                return True
        return False
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            names = conn.execute(text("SELECT datname FROM pg_database")).scalars().all()
            prefix, suffix = parsed.database.split(f"_{DATA}-r")[0], f"_{n}"
            for name in sorted(names, reverse=True):
                older = parsed.set(database=name).render_as_string(False)
                if (
                    name != parsed.database
                    and name.startswith(f"{prefix}_{DATA}-r")
                    and name.endswith(suffix)
                    and _exists(older)
                ):
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
                    # A template must have no other session: wait for a run timing it to pause.
                    for attempt in range(120):
                        try:
                            conn.execute(
                                text(f'CREATE DATABASE "{parsed.database}" TEMPLATE "{name}"')
                            )
                            return True
                        except Exception:
                            if attempt == 119:
                                raise
                            time.sleep(5)
    finally:
        admin.dispose()
    return False


def build(url: str, n: int, *, fresh: bool = True) -> float:
    """Build the ledger at url with n generated claims (once); seconds, or 0.0 when cached.

    fresh=False: only reuse (or upgrade a copy of an older schema's); never build anew."""
    from sqlalchemy import text

    from geoledger.store import make_engine

    if _exists(url):
        return 0.0
    began = time.perf_counter()
    if _copy_older(url, n):
        try:
            engine = make_engine(url)  # upgrades the copied schema
            with engine.begin() as conn:
                from geoledger.pipeline.stored import ensure_reconciled

                ensure_reconciled(conn)
            engine.dispose()
            return time.perf_counter() - began
        except Exception as exc:  # an older checkout (--src) cannot open a newer schema
            print(f"  (copy not usable: {str(exc).splitlines()[0]}; building)", flush=True)
    if not fresh:
        raise SystemExit(f"no cached ledger of {n:,} claims at {url} (--cached-only)")
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        _create_database(url)
    sys.path.insert(0, str(HERE))
    from ledger import build_ledger

    reconcile_cpu = [0.0]

    def reconcile(conn: Any) -> None:
        try:
            from geoledger.pipeline.stored import rebuild_reconciliation
        except ImportError:  # the code before stored reconciliation reconciles per request
            return
        began_cpu = time.process_time()
        rebuild_reconciliation(conn)
        reconcile_cpu[0] = time.process_time() - began_cpu

    began_cpu = time.process_time()
    engine = make_engine(url)
    seconds = build_ledger(engine, n, after_rows=reconcile)
    # CPU seconds and peak memory say what the build costs on a shared machine; wall does not.
    cpu = time.process_time() - began_cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE bench_built (seconds FLOAT, cpu_s FLOAT, reconcile_cpu_s FLOAT,"
                " peak_rss_mb FLOAT)"
            )
        )
        conn.execute(
            text("INSERT INTO bench_built VALUES (:s, :cpu, :reconcile, :rss)"),
            {"s": seconds, "cpu": cpu, "reconcile": reconcile_cpu[0], "rss": peak_mb},
        )
    engine.dispose()
    print(
        f"  built {n:,} claims: {seconds:.0f} s wall, {cpu:.0f} s CPU "
        f"({reconcile_cpu[0]:.0f} s of it rebuild_reconciliation), peak RSS {peak_mb:.0f} MB",
        flush=True,
    )
    return seconds


def time_urls(
    url: str, *, repeat: int, warmup: int, give_up_s: float, timeout_s: float | None = None
) -> dict[str, Any]:
    """{url: {kind, p50_ms, p95_ms, n, bytes}} for every endpoint and page.

    With timeout_s each URL is timed in a process of its own, stopped after timeout_s seconds
    and recorded as timed out at that time (a request cannot be stopped inside a process).
    """
    from fastapi.testclient import TestClient

    from geoledger.api import create_app
    from geoledger.config import Settings

    app = create_app(Settings(database_url=url, api_token="bench-token"))
    results: dict[str, Any] = {}
    with TestClient(app) as client:
        paths = _urls(client)
    if timeout_s is not None:
        for kind, path in paths:
            results[path] = _time_alone(url, kind, path, repeat, warmup, give_up_s, timeout_s)
            print(f"  {path:70s} p95 {results[path]['p95_ms']:9.1f} ms", flush=True)
        return results
    with TestClient(app) as client:
        for kind, path in paths:
            timings: list[float] = []
            cpu: list[float] = []
            size = 0
            for i in range(warmup + repeat):
                began, began_cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                elapsed = (time.perf_counter() - began) * 1000
                # The app runs in this process: its CPU time is the server's, whatever the load.
                spent = (time.process_time() - began_cpu) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"error: {path} answered {response.status_code}")
                size = len(response.content)
                if i >= warmup or elapsed > give_up_s * 1000:
                    timings.append(elapsed)
                    cpu.append(spent)
                if elapsed > give_up_s * 1000:
                    break  # one slow answer is the measurement; do not wait for twenty
            timings.sort()
            results[path] = {
                "kind": kind,
                "p50_ms": statistics.median(timings),
                "p95_ms": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
                "cpu_p50_ms": statistics.median(cpu),
                "n": len(timings),
                "bytes": size,
            }
            print(
                f"  {path:70s} p95 {results[path]['p95_ms']:9.1f} ms"
                f"  p50 {results[path]['p50_ms']:8.1f} ms  cpu {statistics.median(cpu):8.1f} ms",
                flush=True,
            )
    return results


def _time_alone(
    url: str, kind: str, path: str, repeat: int, warmup: int, give_up_s: float, timeout_s: float
) -> dict[str, Any]:
    """Time one URL in a child process (see time_urls); a timed-out one is marked so."""
    child = [sys.executable, __file__, "--path", f"{kind}:{url}:{path}"]
    child += ["--repeat", str(repeat), "--warmup", str(warmup), "--give-up", str(give_up_s)]
    try:
        done = subprocess.run(child, stderr=subprocess.PIPE, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        limit = timeout_s * 1000
        return {
            "kind": kind,
            "p50_ms": limit,
            "p95_ms": limit,
            "n": 0,
            "bytes": 0,
            "timed_out": True,
        }
    if done.returncode != 0:
        sys.exit(f"error: {path}: {done.stderr.strip().splitlines()[-1]}")
    return json.loads(done.stderr.strip().splitlines()[-1])


def _time_path(url: str, kind: str, path: str, args: argparse.Namespace) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from geoledger.api import create_app
    from geoledger.config import Settings

    app = create_app(Settings(database_url=url, api_token="bench-token"))
    timings: list[float] = []
    size = 0
    with TestClient(app) as client:
        for i in range(args.warmup + args.repeat):
            began = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - began) * 1000
            if response.status_code != 200:
                raise SystemExit(f"error: {path} answered {response.status_code}")
            size = len(response.content)
            if i >= args.warmup or elapsed > args.give_up * 1000:
                timings.append(elapsed)
            if elapsed > args.give_up * 1000:
                break
    timings.sort()
    return {
        "kind": kind,
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
        "n": len(timings),
        "bytes": size,
    }


def _forget_views(url: str) -> None:
    """Empty the view cache, so that the warm-up computes each kept view with the code timed:
    a kept view is stamped with the ledger's changes and the package version, not the code."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    with engine.begin() as conn:
        if "recon_cache" in inspect(conn).get_table_names():
            conn.execute(text("DELETE FROM recon_cache"))
    engine.dispose()


def _label() -> str:
    """The code's schema: its newest migration and a digest of every migration file."""
    import hashlib

    import geoledger.store
    from geoledger.store.engine import head_version

    folder = Path(geoledger.store.__file__).parent / "migrations" / "versions"
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.read_bytes())
    return f"r{head_version()}-{digest.hexdigest()[:8]}"


def run_one(backend: str, n: int, args: argparse.Namespace) -> dict[str, Any]:
    """Build (or reuse) and time one ledger in this process."""
    label = _label()
    url = _ledger_url(backend, n, label)
    seconds = build(url, n, fresh=not args.cached_only)
    built = f"built in {seconds:.0f} s" if seconds else "cached"
    print(f"{backend} {n:,} claims, code {label}: {built}", flush=True)
    _forget_views(url)
    load_before = os.getloadavg()[0]
    urls = time_urls(
        url, repeat=args.repeat, warmup=args.warmup, give_up_s=args.give_up, timeout_s=args.timeout
    )
    return {
        "backend": backend,
        "claims": n,
        "code": label,
        "build_s": seconds,
        "load": [load_before, os.getloadavg()[0]],  # 1-minute load average before and after
        "urls": urls,
    }


def _cell(timing: dict[str, Any] | None) -> str:
    if timing is None:
        return "–"
    if timing.get("timed_out"):
        return f"> {timing['p95_ms'] / 1000:.0f} s (stopped)"
    cpu = f", cpu {timing['cpu_p50_ms']:.1f}" if "cpu_p50_ms" in timing else ""
    return f"{timing['p95_ms']:.1f} ({timing['p50_ms']:.1f}{cpu})"


def table(runs: list[dict[str, Any]]) -> str:
    """A Markdown table: p95 per URL per ledger size, growth smallest -> largest, target met."""
    lines = []
    for backend in dict.fromkeys(r["backend"] for r in runs):
        mine = sorted((r for r in runs if r["backend"] == backend), key=lambda r: r["claims"])
        sizes = [f"{r['claims']:,}" for r in mine]
        loads = ", ".join(
            f"{r['claims']:,}: {r['load'][0]:.1f}–{r['load'][1]:.1f}" for r in mine if "load" in r
        )
        lines.append(
            f"\n{backend}, code {mine[0]['code']}: p95 ms (p50 ms, CPU p50 ms); "
            f"load average {loads}\n"
        )
        lines.append("| URL | " + " | ".join(sizes) + " | growth | target |")
        lines.append("|---|" + "---|" * (len(sizes) + 2))
        for path, first in mine[0]["urls"].items():
            cells = [_cell(r["urls"].get(path)) for r in mine]
            last = mine[-1]["urls"].get(path)
            growth = last["p95_ms"] / first["p95_ms"] if last and first["p95_ms"] else None
            limit = API_TARGET_MS if first["kind"] == "api" else PAGE_TARGET_MS
            met = last is not None and last["p95_ms"] < limit
            met = met and (growth is None or len(mine) < 2 or growth <= GROWTH_TARGET)
            shown = "–" if growth is None or len(mine) < 2 else f"{growth:.1f}×"
            lines.append(
                f"| `{path}` | " + " | ".join(cells) + f" | {shown} | {'yes' if met else 'no'} |"
            )
    return "\n".join(lines)


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> str:
    """A Markdown table per backend: p95 (p50) before and after at each size, growth after."""
    lines = []
    for backend in dict.fromkeys(r["backend"] for r in after):
        old = sorted((r for r in before if r["backend"] == backend), key=lambda r: r["claims"])
        new = sorted((r for r in after if r["backend"] == backend), key=lambda r: r["claims"])
        heads = [f"before {r['claims']:,}" for r in old] + [f"after {r['claims']:,}" for r in new]
        lines.append(f"\n{backend}: p95 ms (p50 ms), before -> after\n")
        lines.append("| URL | " + " | ".join(heads) + " | growth after | target |")
        lines.append("|---|" + "---|" * (len(heads) + 2))
        for path, first in new[0]["urls"].items():
            shown = path if not path.startswith("/") else f"`{path}`"
            cells = [_cell(r["urls"].get(path)) for r in (*old, *new)]
            last = new[-1]["urls"].get(path)
            growth = last["p95_ms"] / first["p95_ms"] if last and first["p95_ms"] else None
            limit = API_TARGET_MS if first["kind"] == "api" else PAGE_TARGET_MS
            met = last is not None and last["p95_ms"] < limit
            met = met and (growth is None or len(new) < 2 or growth <= GROWTH_TARGET)
            grown = "–" if growth is None or len(new) < 2 else f"{growth:.1f}×"
            lines.append(
                f"| {shown} | " + " | ".join(cells) + f" | {grown} | {'yes' if met else 'no'} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", default="10000", help="Ledger sizes, comma-separated.")
    parser.add_argument("--backend", default="sqlite", help="sqlite, postgresql or both (comma).")
    parser.add_argument("--repeat", type=int, default=20, help="Timed requests per URL.")
    parser.add_argument("--warmup", type=int, default=2, help="Untimed requests per URL first.")
    parser.add_argument("--give-up", type=float, default=20.0, help="Seconds; slower: one try.")
    parser.add_argument("--src", help="Time the code of another checkout's src folder.")
    parser.add_argument("--json", type=Path, help="Also write the results to this JSON file.")
    parser.add_argument("--build-only", action="store_true", help="Build the ledgers, time none.")
    parser.add_argument(
        "--cached-only",
        action="store_true",
        help="Time only the ledgers already built (or copied from an older schema); build none.",
    )
    parser.add_argument(
        "--timeout", type=float, help="Seconds: time each URL in its own process, stop it then."
    )
    parser.add_argument(
        "--compare",
        nargs="+",
        type=Path,
        help="BEFORE.json... AFTER.json: print results as one before/after table, time nothing.",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)  # backend:n, run in a child process
    parser.add_argument("--path", help=argparse.SUPPRESS)  # kind:url:path, one URL in a child
    args = parser.parse_args()
    if args.build_only:
        for backend in args.backend.split(","):
            for n in sorted(int(x) for x in args.claims.split(",")):
                seconds = build(_ledger_url(backend, n, _label()), n)
                print(f"{backend} {n:,}: built in {seconds:.0f} s (0: cached)", flush=True)
        return
    if args.compare:
        *befores, after_file = args.compare
        before = [run for f in befores for run in json.loads(f.read_text(encoding="utf-8"))]
        print(compare(before, json.loads(after_file.read_text(encoding="utf-8"))))
        return
    if args.path:
        kind, rest = args.path.split(":", 1)
        url, path = rest.rsplit(":", 1)
        print(json.dumps(_time_path(url, kind, path, args)), file=sys.stderr)
        return
    if args.one:
        backend, n = args.one.split(":")
        print(json.dumps(run_one(backend, int(n), args)), file=sys.stderr)
        return
    runs = []
    for backend in args.backend.split(","):
        for n in sorted(int(x) for x in args.claims.split(",")):
            # Each ledger in a fresh process with the chosen code first on the path.
            env = dict(os.environ)
            if args.src:
                env["PYTHONPATH"] = str(Path(args.src).resolve())
            child = [sys.executable, __file__, "--one", f"{backend}:{n}"]
            child += ["--repeat", str(args.repeat), "--warmup", str(args.warmup)]
            child += ["--give-up", str(args.give_up)]
            if args.cached_only:
                child.append("--cached-only")
            if args.timeout:
                child += ["--timeout", str(args.timeout)]
            done = subprocess.run(child, env=env, stderr=subprocess.PIPE, text=True)
            if done.returncode != 0 and args.cached_only and "--cached-only" in done.stderr:
                print(done.stderr.strip().splitlines()[-1], flush=True)  # skip it, time the rest
                continue
            if done.returncode != 0:
                sys.exit(f"error: {backend} {n}: {done.stderr.strip().splitlines()[-1]}")
            runs.append(json.loads(done.stderr.strip().splitlines()[-1]))
    print(table(runs))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(runs, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
