"""Fixtures of the reliability suite (the harness is in harness.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reliability.harness import Server, kill9, start_server


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
