"""Every row of a ledger out as JSON lines and back in: the tables in dependency order."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Integer, Table, func, insert, select, text

from geoledger.errors import InvalidInput
from geoledger.store import schema as t

FORMAT = "geoledger-backup"
# Sign-ins are not part of the record: a restored ledger starts with no one signed in.
# Row counts are kept by triggers as rows go in, and cached views are made again on demand.
SKIPPED = {"sessions", "ledger_counts", "claim_source_counts", "recon_facet_counts", "recon_cache"}


def backup_tables() -> list[Table]:
    """The tables a backup holds, parents before the rows that point at them."""
    return [table for table in t.metadata.sorted_tables if table.name not in SKIPPED]


def dump_rows(conn: Connection) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table name, row) for every row, in primary-key order, streamed from the database."""
    for table in backup_tables():
        query = select(table).order_by(*table.primary_key.columns)
        for row in conn.execution_options(yield_per=2000).execute(query).mappings():
            yield table.name, dict(row)


def ledger_is_empty(conn: Connection) -> str | None:
    """None if no table holds a row, else what the first non-empty table holds."""
    for table in backup_tables():
        rows = conn.execute(select(func.count()).select_from(table)).scalar_one()
        if rows:
            return f"{rows} rows in {table.name}"
    return None


def load_rows(conn: Connection, rows: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, int]:
    """Insert rows as they come (parents first); counts by table. Unknown tables are refused."""
    tables = {table.name: table for table in backup_tables()}
    counts: dict[str, int] = {}
    pending: list[dict[str, Any]] = []
    current: str | None = None

    def flush() -> None:
        if pending and current:
            conn.execute(insert(tables[current]), pending)
            pending.clear()

    for name, row in rows:
        table = tables.get(name)
        if table is None:
            raise InvalidInput(f"The backup holds a table this ledger does not have: '{name}'.")
        if name != current or len(pending) >= 1000:
            flush()
            current = name
        unknown = set(row) - set(table.columns.keys())
        if unknown:
            raise InvalidInput(f"The backup's {name} rows have unknown columns: {sorted(unknown)}.")
        pending.append(row)
        counts[name] = counts.get(name, 0) + 1
    flush()
    if conn.dialect.name == "postgresql":
        _advance_sequences(conn, tables.values())
    return counts


def _advance_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """Move each serial id past the restored rows, so the next insert gets a fresh id."""
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        top = conn.execute(select(func.max(keys[0]))).scalar_one()
        if top is not None:
            conn.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, :column), :top)"),
                {"table": table.name, "column": keys[0].name, "top": top},
            )


def encode(table: str, row: dict[str, Any]) -> str:
    """One backup line for a row."""
    return json.dumps({"table": table, "row": row}, ensure_ascii=False, sort_keys=True)
