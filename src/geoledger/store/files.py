"""What ingest last read at each path, so an unchanged file is skipped without being read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from geoledger.store import schema as t

_CHUNK = 500  # paths per IN list: well under SQLite's and PostgreSQL's parameter limits


class FileRecord(NamedTuple):
    """A file as ingest last read it: where, how large, when modified, and its bytes' sha256."""

    path: str
    size: int
    mtime_ns: int
    content_hash: str


def file_records(conn: Connection, paths: Iterable[str]) -> dict[str, FileRecord]:
    """path -> its record, for the paths ingest has read before."""
    f = t.ingest_files.c
    found: dict[str, FileRecord] = {}
    wanted = list(dict.fromkeys(paths))
    for begin in range(0, len(wanted), _CHUNK):
        query = select(f.path, f.size, f.mtime_ns, f.content_hash).where(
            f.path.in_(wanted[begin : begin + _CHUNK])
        )
        found.update((row[0], FileRecord(*row)) for row in conn.execute(query))
    return found


def save_file_records(conn: Connection, records: Sequence[FileRecord]) -> None:
    """Keep records, replacing what was kept for the same paths, in one upsert."""
    latest = {r.path: r for r in records}  # a path read twice in one batch: the last read
    if not latest:
        return
    # An upsert, not delete-then-insert: two ingests of the same folder at once both succeed.
    upsert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(
        t.ingest_files
    )
    conn.execute(
        upsert.on_conflict_do_update(
            index_elements=[t.ingest_files.c.path],
            set_={name: upsert.excluded[name] for name in ("size", "mtime_ns", "content_hash")},
        ),
        [r._asdict() for r in latest.values()],
    )
