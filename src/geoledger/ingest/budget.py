"""A time budget per document: past it, the document is refused and the batch goes on."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from geoledger.errors import DocumentRefused

DEFAULT_SECONDS = 120.0


def budget_seconds() -> float:
    """Seconds one document may take to read and extract (GEOLEDGER_DOC_SECONDS; 0 = none)."""
    raw = os.environ.get("GEOLEDGER_DOC_SECONDS", "")
    try:
        return float(raw) if raw else DEFAULT_SECONDS
    except ValueError:
        return DEFAULT_SECONDS


@contextmanager
def time_budget(path: str, seconds: float | None = None) -> Iterator[None]:
    """Raise DocumentRefused for path if the block runs past its budget (main thread only)."""
    limit = budget_seconds() if seconds is None else seconds
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if limit <= 0 or not usable:
        yield  # signals reach only the main thread; a server thread relies on the size cap
        return

    def over(_signum: int, _frame: FrameType | None) -> None:
        raise DocumentRefused(
            path, f"took longer than its {limit:g} s budget; split it into smaller documents"
        )

    previous = signal.signal(signal.SIGALRM, over)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
