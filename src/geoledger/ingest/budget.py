"""A CPU-time budget per document: past it, the document is refused and the batch goes on."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from geoledger.errors import DocumentRefused

DEFAULT_SECONDS = 120.0
# After the budget the alarm repeats this often: a refusal raised while Python runs a finaliser
# or a callback is printed and dropped by the interpreter, and must not let the document through.
REPEAT_SECONDS = 0.05


def budget_seconds() -> float:
    """CPU seconds one document may take to read and extract (GEOLEDGER_DOC_SECONDS; 0 = none)."""
    raw = os.environ.get("GEOLEDGER_DOC_SECONDS", "")
    try:
        return float(raw) if raw else DEFAULT_SECONDS
    except ValueError:
        return DEFAULT_SECONDS


@contextmanager
def time_budget(path: str, seconds: float | None = None) -> Iterator[None]:
    """Raise DocumentRefused for path once the block has used its CPU seconds (main thread only).

    The clock is the process's CPU time (ITIMER_PROF), not the wall: a document's verdict
    depends on the work it asks for, not on what else the machine is doing meanwhile.
    """
    limit = budget_seconds() if seconds is None else seconds
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if limit <= 0 or not usable:
        yield  # signals reach only the main thread; a server thread relies on the size cap
        return

    def over(_signum: int, _frame: FrameType | None) -> None:
        raise DocumentRefused(
            path, f"took more than its {limit:g} s CPU budget; split it into smaller documents"
        )

    previous = signal.signal(signal.SIGPROF, over)
    signal.setitimer(signal.ITIMER_PROF, limit, REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
