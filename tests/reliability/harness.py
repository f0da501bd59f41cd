"""The reliability suite's harness: real servers and CLI runs in subprocesses, killed for real.

Counts are small by default so the suite fits the normal test budget;
GEOLEDGER_RELIABILITY=full runs the counts issue #15 names (see tests/reliability/README.md).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
FULL = os.environ.get("GEOLEDGER_RELIABILITY") == "full"
# Kill tests on PostgreSQL: in a full run, or at the small counts with =postgres.
POSTGRES = os.environ.get("GEOLEDGER_RELIABILITY") in ("full", "postgres")
TOKEN = "reliability-master-token"


def count(default: int, full: int) -> int:
    """How many rounds to run: the small default, or the issue's number in a full run."""
    return full if FULL else default


def geoledger_env(**extra: str) -> dict[str, str]:
    """The environment a geoledger subprocess runs in: this worktree's sources first."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env.update(GEOLEDGER_USER="operator", GEOLEDGER_TOKEN=TOKEN, **extra)
    return env


def run_geoledger(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """Run the real CLI in a subprocess and wait for it."""
    return subprocess.run(
        [sys.executable, "-m", "geoledger", *args],
        env=geoledger_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_geoledger(*args: str, **env: str) -> subprocess.Popen:
    """Start the real CLI in a subprocess of its own process group (so kill -9 reaches all)."""
    return subprocess.Popen(
        [sys.executable, "-m", "geoledger", *args],
        env=geoledger_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def kill9(proc: subprocess.Popen) -> str:
    """SIGKILL the process and its group, reap it, and return what it had printed."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    printed = proc.stdout.read() if proc.stdout else ""
    for stream in (proc.stdout, proc.stderr):
        if stream:
            stream.close()
    return printed


def run_python(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run a Python script with this worktree's sources and wait for it."""
    return subprocess.run(
        [sys.executable, *args],
        env=geoledger_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_python(*args: str) -> subprocess.Popen:
    """Start a Python script in a process group of its own."""
    return subprocess.Popen(
        [sys.executable, *args],
        env=geoledger_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running `geoledger serve` subprocess."""

    proc: subprocess.Popen
    url: str

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60)


def start_server(db: str, **env: str) -> Server:
    """Serve the ledger at db on a free port (env added to its environment); return once it
    answers."""
    port = free_port()
    proc = start_geoledger("--db", db, "serve", "--port", str(port), **env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            if httpx.get(f"{url}/api/sources?limit=1", timeout=2).status_code == 200:
                return Server(proc, url)
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    kill9(proc)
    raise RuntimeError("server did not answer within 60 s")


CLAIM_FIELDS = (
    "id", "source_id", "start", "end", "surface", "value", "value_max", "unit", "qualifier",
    "measure", "period", "metric", "subject", "partner", "entity", "object", "status", "origin",
    "made_by", "note",
)  # fmt: skip


def claim_hash(url: str) -> str:
    """sha256 of every claim's content and status (not its timestamps), in id order."""
    import hashlib
    import json

    from sqlalchemy import select

    from geoledger.store import make_engine
    from geoledger.store import schema as t

    engine = make_engine(url, create=False)
    with engine.connect() as conn:
        columns = [t.claims.c[name] for name in CLAIM_FIELDS]
        rows = sorted(list(r) for r in conn.execute(select(*columns)))
    engine.dispose()
    # Sorted here, not by the database: PostgreSQL's collation orders ids unlike SQLite's.
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def integrity_problems(url: str) -> list[str]:
    """Problems of a ledger: SQLite's own check, the audit chain, claims without entry or source."""
    from sqlalchemy import select, text

    from geoledger.store import make_engine
    from geoledger.store import schema as t
    from geoledger.store.audit import verify_chain

    problems: list[str] = []
    engine = make_engine(url, create=False)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            verdict = conn.execute(text("PRAGMA integrity_check")).scalar_one()
            if verdict != "ok":
                problems.append(f"integrity_check: {verdict}")
        check = verify_chain(conn)
        if check.broken:
            problems.append(check.broken)
        created = set(
            conn.execute(
                select(t.audit_log.c.claim_id).where(t.audit_log.c.action == "create")
            ).scalars()
        )
        claims = dict(conn.execute(select(t.claims.c.id, t.claims.c.source_id)).all())
        sources = set(conn.execute(select(t.sources.c.id)).scalars())
    engine.dispose()
    problems += [f"claim {c} has no create entry" for c in sorted(set(claims) - created)]
    problems += [
        f"claim {c} cites no source" for c, s in sorted(claims.items()) if s not in sources
    ]
    return problems


def reset(url: str) -> None:
    """Make the PostgreSQL database empty again (a SQLite path is simply removed)."""
    from sqlalchemy import create_engine, text

    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
