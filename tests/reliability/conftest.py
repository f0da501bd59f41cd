"""Fixtures of the reliability suite (the harness is in harness.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reliability.harness import POSTGRES, Server, kill9, start_server


@pytest.fixture
def ledger_url(ledger_url: str) -> str:
    """The suite's ledgers; PostgreSQL ones only in a full run, to keep the default run short."""
    if ledger_url.startswith("postgresql") and not POSTGRES:
        pytest.skip("kill tests on PostgreSQL run with GEOLEDGER_RELIABILITY=full (or =postgres)")
    return ledger_url


@pytest.fixture
def serve() -> Iterator:
    """Start servers with serve(db, **env); every one still running is killed at the end."""
    started: list[Server] = []

    def _start(db: str, **env: str) -> Server:
        server = start_server(db, **env)
        started.append(server)
        return server

    yield _start
    for server in started:
        if server.proc.poll() is None:
            kill9(server.proc)
