"""A CPU-time budget per document: past it, the document is refused and the batch goes on."""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from geoledger.errors import DocumentRefused

DEFAULT_SECONDS = 120.0
# After the budget the refusal repeats this often: one raised while Python runs a finaliser
# or a callback is printed and dropped by the interpreter, and must not let the document through.
REPEAT_SECONDS = 0.05


def budget_seconds() -> float:
    """CPU seconds one document may take to read and extract (GEOLEDGER_DOC_SECONDS; 0 = none)."""
    raw = os.environ.get("GEOLEDGER_DOC_SECONDS", "")
    try:
        return float(raw) if raw else DEFAULT_SECONDS
    except ValueError:
        return DEFAULT_SECONDS


def over_budget(path: str, limit: float) -> DocumentRefused:
    return DocumentRefused(
        path, f"took more than its {limit:g} s CPU budget; split it into smaller documents"
    )


@contextmanager
def time_budget(path: str, seconds: float | None = None) -> Iterator[None]:
    """Raise DocumentRefused for path once the block has used its CPU seconds.

    The clock is CPU time, not the wall: a document's verdict depends on the work it asks for,
    not on what else the machine is doing meanwhile. In the main thread a profiling timer
    (ITIMER_PROF) interrupts the block; in any other thread (the server's) a watchdog reads the
    thread's own CPU clock and raises the refusal in it.
    """
    limit = budget_seconds() if seconds is None else seconds
    if limit <= 0:
        yield
    elif hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        with _signal_budget(path, limit):
            yield
    else:
        with _watchdog_budget(path, limit):
            yield


@contextmanager
def _signal_budget(path: str, limit: float) -> Iterator[None]:
    def over(_signum: int, _frame: FrameType | None) -> None:
        raise over_budget(path, limit)

    previous = signal.signal(signal.SIGPROF, over)
    signal.setitimer(signal.ITIMER_PROF, limit, REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@contextmanager
def _watchdog_budget(path: str, limit: float) -> Iterator[None]:
    target = threading.get_ident()
    clock = time.pthread_getcpuclockid(target)
    start = time.clock_gettime(clock)

    # The interpreter raises an exception in another thread by its class, made without
    # arguments: this one carries the document's refusal.
    class OverBudget(DocumentRefused):
        def __init__(self) -> None:
            refusal = over_budget(path, limit)
            super().__init__(refusal.path, refusal.reason)

    done = threading.Event()

    def watch() -> None:
        while not done.wait(REPEAT_SECONDS):
            if time.clock_gettime(clock) - start >= limit:
                _raise_in(target, OverBudget)

    watcher = threading.Thread(target=watch, name=f"budget-{target}", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()
        _raise_in(target, None)  # a refusal set but not yet raised must not escape later


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    """Have thread_id raise exception at its next bytecode (None: forget a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )
