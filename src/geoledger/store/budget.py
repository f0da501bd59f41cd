"""Queries under a time budget: stopped in the database when they run past it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError


class TimeUp(Exception):
    """A query ran past its time budget and was stopped."""


@contextmanager
def time_limit(conn: Connection, seconds: float) -> Iterator[None]:
    """Stop the queries run inside after seconds (SQLite: a progress handler; PostgreSQL:
    statement_timeout in a savepoint); raise TimeUp then. The transaction stays usable."""
    if seconds <= 0:
        raise TimeUp  # nothing left: do not start
    if conn.dialect.name == "sqlite":
        raw: Any = conn.connection.driver_connection
        deadline = time.monotonic() + seconds
        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)
        try:
            yield
        except DBAPIError as error:
            if "interrupt" in str(error.orig).lower():
                raise TimeUp from None
            raise
        finally:
            raw.set_progress_handler(None, 0)
        return
    if conn.dialect.name != "postgresql":
        yield
        return
    set_timeout = text("SELECT set_config('statement_timeout', :ms, true)")
    try:
        with conn.begin_nested():
            was = conn.execute(text("SELECT current_setting('statement_timeout')")).scalar_one()
            conn.execute(set_timeout, {"ms": str(max(1, int(seconds * 1000)))})
            yield
            conn.execute(set_timeout, {"ms": was})
    except DBAPIError as error:
        if "statement timeout" in str(error.orig).lower():
            raise TimeUp from None
        raise
