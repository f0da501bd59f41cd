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


def kill9(proc: subprocess.Popen) -> None:
    """SIGKILL the process and its group, then reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    for stream in (proc.stdout, proc.stderr):
        if stream:
            stream.close()


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


def start_server(db: str) -> Server:
    """Serve the ledger at db on a free port; return once it answers."""
    port = free_port()
    proc = start_geoledger("--db", db, "serve", "--port", str(port))
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
