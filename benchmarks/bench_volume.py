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
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("GEOLEDGER_BENCH_CACHE", "/tmp/geoledger-bench"))
API_TARGET_MS, PAGE_TARGET_MS, GROWTH_TARGET = 50.0, 150.0, 3.0


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
        return f"sqlite:///{CACHE / f'{label}-{n}.db'}"
    from sqlalchemy.engine import make_url

    base = os.environ.get("GEOLEDGER_BENCH_POSTGRES") or os.environ.get("GEOLEDGER_TEST_POSTGRES")
    if not base:
        sys.exit("error: set GEOLEDGER_BENCH_POSTGRES to a PostgreSQL URL for --backend postgresql")
    url = make_url(base)
    return url.set(database=f"{url.database}_bench_{label}_{n}").render_as_string(False)


def _exists(url: str) -> bool:
    """True when the ledger at url was built completely (the build marks it last)."""
    from sqlalchemy import create_engine, inspect, text

    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return False
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            if "bench_built" not in inspect(conn).get_table_names():
                return False
            return bool(conn.execute(text("SELECT count(*) FROM bench_built")).scalar())
    except Exception:
        return False


def _create_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def build(url: str, n: int) -> float:
    """Build the ledger at url with n generated claims (once); seconds, or 0.0 when cached."""
    from sqlalchemy import text

    from geoledger.store import make_engine

    if _exists(url):
        return 0.0
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        _create_database(url)
    sys.path.insert(0, str(HERE))
    from ledger import build_ledger

    def reconcile(conn: Any) -> None:
        try:
            from geoledger.pipeline.stored import rebuild_reconciliation
        except ImportError:  # the code before stored reconciliation reconciles per request
            return
        rebuild_reconciliation(conn)

    engine = make_engine(url)
    seconds = build_ledger(engine, n, after_rows=reconcile)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE bench_built (seconds FLOAT)"))
        conn.execute(text("INSERT INTO bench_built VALUES (:s)"), {"s": seconds})
    engine.dispose()
    return seconds


def time_urls(url: str, *, repeat: int, warmup: int, give_up_s: float) -> dict[str, Any]:
    """{url: {kind, p50_ms, p95_ms, n, bytes}} for every endpoint and page."""
    from fastapi.testclient import TestClient

    from geoledger.api import create_app
    from geoledger.config import Settings

    app = create_app(Settings(database_url=url, api_token="bench-token"))
    results: dict[str, Any] = {}
    with TestClient(app) as client:
        for kind, path in _urls(client):
            timings: list[float] = []
            size = 0
            for i in range(warmup + repeat):
                began = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - began) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"error: {path} answered {response.status_code}")
                size = len(response.content)
                if i >= warmup or elapsed > give_up_s * 1000:
                    timings.append(elapsed)
                if elapsed > give_up_s * 1000:
                    break  # one slow answer is the measurement; do not wait for twenty
            timings.sort()
            results[path] = {
                "kind": kind,
                "p50_ms": statistics.median(timings),
                "p95_ms": timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))],
                "n": len(timings),
                "bytes": size,
            }
            print(f"  {path:70s} p95 {results[path]['p95_ms']:9.1f} ms", flush=True)
    return results


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
    seconds = build(url, n)
    built = f"built in {seconds:.0f} s" if seconds else "cached"
    print(f"{backend} {n:,} claims, code {label}: {built}", flush=True)
    return {
        "backend": backend,
        "claims": n,
        "code": label,
        "build_s": seconds,
        "urls": time_urls(url, repeat=args.repeat, warmup=args.warmup, give_up_s=args.give_up),
    }


def table(runs: list[dict[str, Any]]) -> str:
    """A Markdown table: p95 per URL per ledger size, growth smallest -> largest, target met."""
    lines = []
    for backend in dict.fromkeys(r["backend"] for r in runs):
        mine = sorted((r for r in runs if r["backend"] == backend), key=lambda r: r["claims"])
        sizes = [f"{r['claims']:,}" for r in mine]
        lines.append(f"\n{backend}, code {mine[0]['code']}: p95 ms (p50 ms)\n")
        lines.append("| URL | " + " | ".join(sizes) + " | growth | target |")
        lines.append("|---|" + "---|" * (len(sizes) + 2))
        for path, first in mine[0]["urls"].items():
            cells = [
                f"{r['urls'][path]['p95_ms']:.1f} ({r['urls'][path]['p50_ms']:.1f})"
                if path in r["urls"]
                else "–"
                for r in mine
            ]
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
    parser.add_argument("--one", help=argparse.SUPPRESS)  # backend:n, run in a child process
    args = parser.parse_args()
    if args.build_only:
        for backend in args.backend.split(","):
            for n in sorted(int(x) for x in args.claims.split(",")):
                seconds = build(_ledger_url(backend, n, _label()), n)
                print(f"{backend} {n:,}: built in {seconds:.0f} s (0: cached)", flush=True)
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
            done = subprocess.run(child, env=env, stderr=subprocess.PIPE, text=True)
            if done.returncode != 0:
                sys.exit(f"error: {backend} {n}: {done.stderr.strip().splitlines()[-1]}")
            runs.append(json.loads(done.stderr.strip().splitlines()[-1]))
    print(table(runs))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(runs, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
