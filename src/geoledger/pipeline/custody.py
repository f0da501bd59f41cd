"""Keeping the ledger: verify the audit chain, back up and restore everything."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from geoledger.errors import GeoledgerError, InvalidInput
from geoledger.store import describe, now_utc, schema_version
from geoledger.store.audit import AuditCheck, verify_chain
from geoledger.store.backup import FORMAT, dump_rows, encode, ledger_is_empty, load_rows

VERSION = 1


def verify_audit(engine: Engine) -> AuditCheck:
    """Recompute the audit log's hash chain in one read transaction."""
    with snapshot(engine) as conn:
        return verify_chain(conn)


@contextmanager
def snapshot(engine: Engine, *, write: bool = False) -> Iterator[Connection]:
    """One transaction that sees a single moment of the ledger while others keep writing."""
    if engine.dialect.name != "sqlite":
        level = "SERIALIZABLE" if write else "REPEATABLE READ"
        with engine.connect().execution_options(isolation_level=level) as conn, conn.begin():
            yield conn
        return
    # pysqlite runs each SELECT outside a transaction; an explicit BEGIN pins one WAL
    # snapshot for every read (IMMEDIATE takes the write lock first, for a restore).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield conn
        except BaseException:
            conn.exec_driver_sql("ROLLBACK")
            raise
        conn.exec_driver_sql("COMMIT")


@dataclass(frozen=True, slots=True)
class BackupReport:
    """What a backup or restore moved: rows by table, and the file."""

    path: Path
    counts: dict[str, int]

    @property
    def summary(self) -> str:
        parts = [("claims", "claims"), ("audit_log", "audit entries"), ("sources", "sources")]
        parts += [("actors", "actors"), ("events", "events"), ("tokens", "reviewer tokens")]
        return ", ".join(f"{self.counts.get(name, 0)} {label}" for name, label in parts)


def backup_ledger(engine: Engine, path: Path) -> BackupReport:
    """Write every row of the ledger, as of one moment, to path (replaced only when complete)."""
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    counts: dict[str, int] = {}
    digest = hashlib.sha256()
    try:
        with snapshot(engine) as conn, partial.open("w", encoding="utf-8") as out:
            header = {
                "format": FORMAT,
                "version": VERSION,
                "schema": schema_version(engine),
                "made_at": now_utc(),
            }
            out.write(json.dumps(header, sort_keys=True) + "\n")
            for table, row in dump_rows(conn):
                line = encode(table, row)
                digest.update(line.encode("utf-8"))
                out.write(line + "\n")
                counts[table] = counts.get(table, 0) + 1
            out.write(
                json.dumps({"end": {"rows": sum(counts.values()), "sha256": digest.hexdigest()}})
                + "\n"
            )
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except OSError as exc:
        raise GeoledgerError(f"Cannot write the backup {path}: {exc.strerror or exc}.") from None
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(path, counts)


def _read_backup(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """The rows of a backup file, checked line by line and against its closing digest."""
    digest = hashlib.sha256()
    rows = 0
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"Cannot read the backup {path}: {exc.strerror or exc}.") from None
    with handle:
        first = handle.readline()
        try:
            header = json.loads(first)
        except ValueError:
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise InvalidInput(f"{path} is not a geoledger backup (see 'geoledger backup').")
        for number, line in enumerate(handle, start=2):
            try:
                record = json.loads(line)
            except ValueError:
                raise InvalidInput(
                    f"{path}, line {number}: not JSON; the backup is damaged."
                ) from None
            if "end" in record:
                end = record["end"]
                if end.get("rows") != rows or end.get("sha256") != digest.hexdigest():
                    raise InvalidInput(f"{path}: the rows do not match the backup's digest.")
                return
            digest.update(line.rstrip("\n").encode("utf-8"))
            rows += 1
            yield record["table"], record["row"]
    raise InvalidInput(f"{path} ends early: the backup is incomplete ({rows} rows read).")


def restore_ledger(engine: Engine, path: Path) -> BackupReport:
    """Load a backup into an empty ledger in one transaction, checking its audit chain."""
    where = describe(engine.url.render_as_string(hide_password=False))
    with snapshot(engine, write=True) as conn:
        held = ledger_is_empty(conn)
        if held:
            raise InvalidInput(
                f"The ledger {where} is not empty ({held}); restore into a new ledger (--db NEW)."
            )
        counts = load_rows(conn, _read_backup(path))
        check = verify_chain(conn)
        if check.broken:
            raise InvalidInput(f"{path}: {check.broken} Nothing was restored.")
    return BackupReport(path, counts)
