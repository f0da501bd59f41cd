"""Documents through extraction into the ledger: read, extract (in parallel), store."""

from __future__ import annotations

import hashlib
import itertools
import os
import time
from collections import deque
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection, Engine

from geoledger import store
from geoledger.errors import DocumentRefused
from geoledger.extract import Gazetteer, extract_claims
from geoledger.ingest import expand_paths
from geoledger.ingest.budget import time_budget
from geoledger.ingest.read import RawFile, parse_raw, read_raw
from geoledger.models import Actor, Document, Extraction, Issue, Source
from geoledger.pipeline import bundled_dataset, connect, read_dataset
from geoledger.pipeline.lifeline import die_with_parent
from geoledger.pipeline.stored import refresh_reconciliation
from geoledger.pipeline.windows import extract_streaming, should_stream
from geoledger.store.files import FileRecord

INGESTER = "geoledger-ingest"
BATCH_DOCUMENTS = 50  # documents written per transaction
# Reconcile when this many claims (or as many as the ledger held at the last reconciliation)
# were stored since: the total cost stays linear in the ledger's size.
RECONCILE_MIN_CLAIMS = 20_000
IN_FLIGHT_PER_WORKER = 2  # chunks queued per worker: one at work, one waiting
# New files go to workers in chunks of this many bytes (or files): a task costs a fraction of a
# millisecond to send and schedule, as much as extracting a short article.
CHUNK_BYTES = 256 * 1024
CHUNK_FILES = 64
# A file modified this recently when it was read could change again within the same mtime
# tick (coarse on some filesystems) without its size or mtime showing it: it is not recorded,
# so the next ingest reads it again rather than trusting its stat.
RECENT_NS = 2_000_000_000
RECORDS_PER_WRITE = 2000  # file records of known files written in one transaction


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One document's outcome: its text and claims, or why it was refused."""

    path: str
    doc: Document | None = None
    extraction: Extraction | None = None
    refused: str | None = None  # the one-line reason, "<path>: <why>"
    known: bool = False  # its bytes are in the ledger already: not read, not extracted
    size: int = 0  # bytes, for progress


@dataclass
class IngestReport:
    documents: int = 0  # read successfully
    new_documents: int = 0  # not in the ledger before
    claims: int = 0  # new claims stored
    proposed_actors: int = 0
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The one line a batch ends with."""
        line = (
            f"{self.documents} document{'s' * (self.documents != 1)} read "
            f"({self.new_documents} new), {self.claims} claim{'s' * (self.claims != 1)} stored"
        )
        if self.proposed_actors:
            line += f", {self.proposed_actors} new actor(s) proposed"
        if self.refused:
            line += f"; {len(self.refused)} file{'s' * (len(self.refused) != 1)} refused"
        return line + "."


def ledger_gazetteer(conn: Connection | None) -> Gazetteer:
    """Names to link: the built-in table, the bundled dataset's actors, and the ledger's."""
    actors: list[Actor] = list(read_dataset(bundled_dataset())[2])
    if conn is not None:
        actors.extend(a for a in store.list_actors(conn) if a.kind)
    return _gazetteer_of(tuple(actors))


@lru_cache(maxsize=4)
def _gazetteer_of(actors: tuple[Actor, ...]) -> Gazetteer:
    # Building one compiles thousands of patterns (about half a second); a server answering
    # uploads and checks builds it again only when the ledger's actors change.
    return Gazetteer.from_actors(actors)


def process_document(path: str, gazetteer: Gazetteer) -> DocumentResult:
    """Read one file and extract its claims; a refusal is a result, not an exception."""
    try:
        file = read_raw(path)
    except DocumentRefused as refusal:
        return DocumentResult(path=path, refused=str(refusal))
    return extract_file(file, gazetteer)


def extract_file(
    file: RawFile, gazetteer: Gazetteer, on_progress: Callable[[int], None] | None = None
) -> DocumentResult:
    """Parse a file's bytes and extract its claims: the work a worker (process or Dask) does.

    A document above the streaming threshold is read window by window (pipeline.windows), in
    bounded memory, with a CPU budget per window and the document's budget over all of them;
    on_progress(bytes) then hears how far it got, in the file's bytes, after each window.
    """
    started = time.thread_time()
    try:
        extraction: Extraction | None = None
        with time_budget(file.path):
            doc = parse_raw(file)
            if not should_stream(doc):
                extraction = extract_claims(doc, gazetteer=gazetteer)
        if extraction is None:
            shown = 0

            def advance(done: int, total: int) -> None:
                nonlocal shown
                if on_progress is not None:
                    now = done * len(file.raw) // max(1, total)  # characters -> the file's bytes
                    on_progress(now - shown)
                    shown = now

            extraction = extract_streaming(
                doc,
                gazetteer=gazetteer,
                already_spent=time.thread_time() - started,  # parse_raw's, in the same budget
                on_window=advance,
            )
    except DocumentRefused as refusal:
        return DocumentResult(path=file.path, refused=str(refusal))
    return DocumentResult(path=file.path, doc=doc, extraction=extraction, size=len(file.raw))


def extract_files(files: Sequence[RawFile], gazetteer: Gazetteer) -> list[DocumentResult]:
    """extract_file for each of a chunk of files: one task, so a task's overhead is shared."""
    return [extract_file(file, gazetteer) for file in files]


class ResultLike(Protocol):
    """What both concurrent.futures and dask.distributed futures offer."""

    def result(self, timeout: float | None = None) -> list[DocumentResult]: ...


class ExtractionPool(Protocol):
    """Where extraction runs: local processes (LocalPool) or a Dask cluster (pipeline.cluster).

    The seam is submit(chunk of files, a key naming it) -> a future of their results; the
    ingesting process reads, hashes and writes, and only parsing and extraction (pure, and
    safe to run twice) go to the pool.
    """

    workers: int

    def submit(self, files: Sequence[RawFile], key: str) -> ResultLike: ...

    def close(self) -> None: ...


# Words that reach the extractor's lazily built patterns (periods, money, tables) in both
# languages: an empty text compiles only some of them, and the rest cost a second of CPU.
_WARM_UP_TEXT = (
    "Trade in 2021\nPublished: 2022-03-01\n\n"
    "Serbia and China signed a loan worth $150 million in March 2021, up 5% from last year.\n"
    "Srbija je u prvih šest meseci 2024. godine izvezla robu vrednu 1,5 milijardi evra.\n"
    "Србија је прошле године увезла 30 одсто више.\n"
)


def warm_up(gazetteer: Gazetteer) -> None:
    """Compile the extractor's patterns once, so no document's time budget pays for them."""
    for text in ("", _WARM_UP_TEXT):
        extract_claims(Document(name="warm-up", text=text, content_hash=""), gazetteer=gazetteer)


_worker_gazetteer: Gazetteer | None = None


def _init_worker(gazetteer: Gazetteer, parent_pid: int) -> None:
    # Each worker process receives the gazetteer once, not once per document.
    global _worker_gazetteer
    die_with_parent(parent_pid)  # a killed ingest leaves no workers behind
    _worker_gazetteer = gazetteer


def _work(files: Sequence[RawFile]) -> list[DocumentResult]:
    assert _worker_gazetteer is not None
    return extract_files(files, _worker_gazetteer)


class LocalPool:
    """Extraction in local worker processes, each given the gazetteer once."""

    def __init__(self, jobs: int, gazetteer: Gazetteer) -> None:
        self.workers = jobs
        self._pool = ProcessPoolExecutor(
            jobs, initializer=_init_worker, initargs=(gazetteer, os.getpid())
        )

    def submit(self, files: Sequence[RawFile], key: str) -> ResultLike:
        return self._pool.submit(_work, files)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


@dataclass(slots=True)
class _Chunk:
    """Files extracted as one task; future is set once the chunk is submitted."""

    files: list[RawFile] = field(default_factory=list)
    key: str = ""
    size: int = 0
    future: ResultLike | None = None


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _read_all(
    paths: Sequence[Path],
    missing: Sequence[DocumentRefused],
    known: Container[str],
    recorded: Mapping[str, FileRecord],
    on_read: Callable[[FileRecord], None] | None,
) -> Iterator[DocumentResult | tuple[RawFile, str]]:
    """Each file's bytes and sha256, or its result when it is known or refused: no parsing.

    A file whose recorded size and mtime match its stat, and whose recorded sha256 the ledger
    holds, is known without being read; every file read is reported to on_read.
    """
    for refusal in missing:
        yield DocumentResult(path=refusal.path, refused=str(refusal))
    for path in paths:
        where = str(path)
        absolute = os.path.abspath(where)
        try:
            info: os.stat_result | None = os.stat(where)
        except OSError:
            info = None  # read_raw says why
        record = recorded.get(absolute)
        if (
            record is not None
            and info is not None
            and record.size == info.st_size
            and record.mtime_ns == info.st_mtime_ns
            and record.content_hash in known
        ):
            yield DocumentResult(path=where, known=True, size=info.st_size)
            continue
        try:
            file = read_raw(path)
        except DocumentRefused as refusal:
            yield DocumentResult(path=where, refused=str(refusal))
            continue
        content_hash = hashlib.sha256(file.raw).hexdigest()
        # Stat before the read: a file changed while read is recorded with its old mtime,
        # so the next ingest reads it again.
        if (
            on_read is not None
            and info is not None
            and info.st_size == len(file.raw)
            and info.st_mtime_ns < time.time_ns() - RECENT_NS
        ):
            on_read(FileRecord(absolute, info.st_size, info.st_mtime_ns, content_hash))
        if content_hash in known:
            yield DocumentResult(path=file.path, known=True, size=len(file.raw))
        else:
            yield file, content_hash


def process_paths(
    args: Sequence[str],
    *,
    gazetteer: Gazetteer,
    jobs: int = 1,
    known: Container[str] = frozenset(),
    pool: ExtractionPool | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[DocumentResult]:
    """Every file named by args (files, folders, globs), read and extracted, in input order.

    What process_files does for the files args expand to (see there).
    """
    paths, missing = expand_paths(args)
    return process_files(
        paths,
        missing,
        gazetteer=gazetteer,
        jobs=jobs,
        known=known,
        pool=pool,
        chunk_bytes=chunk_bytes,
        on_progress=on_progress,
    )


def process_files(
    paths: Sequence[Path],
    missing: Sequence[DocumentRefused] = (),
    *,
    gazetteer: Gazetteer,
    jobs: int = 1,
    known: Container[str] = frozenset(),
    recorded: Mapping[str, FileRecord] | None = None,
    on_read: Callable[[FileRecord], None] | None = None,
    pool: ExtractionPool | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[DocumentResult]:
    """A result for each of missing, then every file of paths read and extracted, in order.

    Each file is read once, here: a file whose sha256 is in known (the ledger's content
    hashes) is hashed, not parsed or extracted, and one whose recorded size and mtime (in
    recorded, by absolute path) match and whose recorded sha256 is known is not even read,
    so re-ingesting an unchanged folder costs a stat a file. on_read hears the record of
    every file read. Others go to pool (or to LocalPool(jobs) when jobs > 1), at most a few
    per worker in flight, so memory stays bounded however large the batch. on_progress hears
    the bytes of a streamed document as its windows are read (in this process only).
    """
    items: Iterator[DocumentResult | tuple[RawFile, str]] = _read_all(
        paths, missing, known, recorded or {}, on_read
    )
    # Known and refused files need no extractor: a re-ingest with nothing new compiles no
    # patterns and starts no workers.
    for item in items:
        if isinstance(item, DocumentResult):
            yield item
            continue
        items = itertools.chain([item], items)
        break
    else:
        return
    warm_up(gazetteer)  # before the first document's budget starts, and before any fork
    owned = pool is None and jobs > 1
    if owned:
        pool = LocalPool(jobs, gazetteer)
    if pool is None:
        for item in items:
            if isinstance(item, DocumentResult):
                yield item
            else:
                yield extract_file(item[0], gazetteer, on_progress)
        return
    # New files go in chunks of about CHUNK_BYTES; results leave in input order, except that
    # a known or refused file may leave before new files read before it (it waits for nothing).
    window: deque[DocumentResult | _Chunk] = deque()
    open_chunk: _Chunk | None = None
    in_flight, limit = 0, IN_FLIGHT_PER_WORKER * max(1, pool.workers)
    numbers = itertools.count()

    def submit(chunk: _Chunk) -> None:
        nonlocal open_chunk, in_flight
        assert pool is not None
        chunk.future = pool.submit(chunk.files, chunk.key)
        in_flight += 1
        if chunk is open_chunk:
            open_chunk = None

    def ready() -> Iterator[DocumentResult]:
        # Yield from the head while it is ready, or while too many chunks are in flight.
        nonlocal in_flight
        while window:
            head = window[0]
            if isinstance(head, DocumentResult):
                yield window.popleft()
                continue
            if in_flight < limit:
                return
            if head.future is None:
                submit(head)
                continue
            window.popleft()
            in_flight -= 1
            yield from head.future.result()

    try:
        for item in items:
            if isinstance(item, DocumentResult):
                window.append(item)
            else:
                file, content_hash = item
                if open_chunk is None:
                    open_chunk = _Chunk(key=f"{content_hash[:20]}-{next(numbers)}")
                    window.append(open_chunk)
                open_chunk.files.append(file)
                open_chunk.size += len(file.raw)
                if open_chunk.size >= chunk_bytes or len(open_chunk.files) >= CHUNK_FILES:
                    submit(open_chunk)
            yield from ready()
        if open_chunk is not None:
            submit(open_chunk)
        while window:
            head = window.popleft()
            if isinstance(head, DocumentResult):
                yield head
            else:
                assert head.future is not None
                yield from head.future.result()
    finally:
        if owned:
            pool.close()


def store_document(conn: Connection, result: DocumentResult) -> tuple[bool, int, int]:
    """Save a document, its candidate claims and proposed actors; (new?, claims, actors)."""
    assert result.doc is not None and result.extraction is not None
    doc = result.doc
    store.lock_document(conn, doc.name, doc.content_hash)  # concurrent ingests take turns
    # A curated source of the same name without text (the bundled dataset cites files by name)
    # receives the text, so its candidates sit beside its curated claims.
    if store.attach_source_text(
        conn,
        doc.name,
        text=doc.text,
        content_hash=doc.content_hash,
        language=doc.language,
        encoding=doc.encoding,
    ):
        return _store_extraction(conn, result, doc.name)
    source_id = store.free_source_id(conn, doc.name, doc.content_hash)
    source_id, created = store.save_source(conn, _source_of(doc, source_id))
    if not created:
        return False, 0, 0  # same bytes seen before: ingesting twice changes nothing
    return _store_extraction(conn, result, source_id)


def _store_extraction(
    conn: Connection, result: DocumentResult, source_id: str
) -> tuple[bool, int, int]:
    assert result.extraction is not None
    claims = [
        replace(
            claim,
            source_id=source_id,
            id=store.claim_id_for(source_id, claim),
            status="candidate",
            origin="extracted",
        )
        for claim in result.extraction.claims
    ]
    stored = store.save_claims(conn, claims, who=INGESTER)
    proposed = 0
    for actor in result.extraction.proposed_actors:
        proposed += store.propose_actor(conn, actor.name, actor.kind, source_id)
    store.save_issues(conn, (replace(i, doc=source_id) for i in result.extraction.issues))
    return True, stored, proposed


def _source_of(doc: Document, source_id: str) -> Source:
    return Source(
        id=source_id,
        title=doc.title,
        author=doc.author,
        outlet=doc.outlet,
        published_on=doc.published_on,
        url=doc.url,
        kind=doc.kind,
        content_hash=doc.content_hash,
        text=doc.text,
        language=doc.language,
        encoding=doc.encoding,
    )


def store_documents(conn: Connection, results: Sequence[DocumentResult]) -> tuple[int, int, int]:
    """What store_document does for each result, in order, with a few statements per batch.

    Returns (new documents, claims stored, actors proposed). Sources, claims and issues go
    in as multi-row inserts after one read of the hashes and ids they could collide with.
    """
    docs = [r.doc for r in results if r.doc is not None and r.extraction is not None]
    if not docs:
        return 0, 0, 0
    store.lock_document(conn, *{d.name for d in docs}, *{d.content_hash for d in docs})
    by_hash = store.source_ids_by_hash(conn, (d.content_hash for d in docs))
    taken = store.source_hashes_by_id(
        conn, [name for d in docs for name in (d.name, f"{d.name}#{d.content_hash[:8]}")]
    )
    sources: list[Source] = []
    stored: list[tuple[DocumentResult, str]] = []
    for result in results:
        doc = result.doc
        if doc is None or result.extraction is None or doc.content_hash in by_hash:
            continue  # same bytes seen before: ingesting twice changes nothing
        if doc.name in taken and taken[doc.name] is None:
            # A curated source cited by name without text receives it (see store_document).
            attached = store.attach_source_text(
                conn,
                doc.name,
                text=doc.text,
                content_hash=doc.content_hash,
                language=doc.language,
                encoding=doc.encoding,
            )
            if attached:
                taken[doc.name], by_hash[doc.content_hash] = doc.content_hash, doc.name
                stored.append((result, doc.name))
                continue
        source_id = doc.name if doc.name not in taken else f"{doc.name}#{doc.content_hash[:8]}"
        if source_id in taken:
            continue  # that id holds other bytes already: as save_source, store nothing
        taken[source_id], by_hash[doc.content_hash] = doc.content_hash, source_id
        sources.append(_source_of(doc, source_id))
        stored.append((result, source_id))
    store.insert_sources(conn, sources)
    claims = [
        replace(
            claim,
            source_id=source_id,
            id=store.claim_id_for(source_id, claim),
            status="candidate",
            origin="extracted",
        )
        for result, source_id in stored
        for claim in result.extraction.claims  # type: ignore[union-attr]
    ]
    saved = store.save_claims(conn, claims, who=INGESTER)
    proposed = 0
    for result, source_id in stored:
        for actor in result.extraction.proposed_actors:  # type: ignore[union-attr]
            proposed += store.propose_actor(conn, actor.name, actor.kind, source_id)
    store.save_issues(
        conn,
        (
            replace(issue, doc=source_id)
            for result, source_id in stored
            for issue in result.extraction.issues  # type: ignore[union-attr]
        ),
    )
    return len(stored), saved, proposed


class _BatchWriter:
    """The one writer: documents in batches, one transaction each, reconciled now and then.

    Facts and conflicts are reconciled inside a batch's transaction once the claims stored
    since the last reconciliation reach the number the ledger held then (and always in the
    last batch): reconciling a scope reads all its claims, so doing it every batch would
    cost the square of the ledger's size, and this keeps the total linear. The records of
    files read go in with the batch they were read in: one whose document is not stored
    (refused, or the ingest stopped) names a hash the ledger lacks, and is read again.
    """

    def __init__(self, engine: Engine, report: IngestReport, *, batch: int, claims: int) -> None:
        self.engine, self.report, self.batch = engine, report, batch
        self.pending: list[DocumentResult] = []
        self.records: list[FileRecord] = []
        self.reconciled, self.unreconciled = claims, 0

    def add(self, result: DocumentResult) -> None:
        self.pending.append(result)
        if len(self.pending) >= self.batch:
            self.write(last=False)

    def add_record(self, record: FileRecord) -> None:
        self.records.append(record)
        if len(self.records) >= RECORDS_PER_WRITE:
            self.write(last=False)

    def finish(self) -> None:
        if self.pending or self.records or self.unreconciled:
            self.write(last=True)

    def write(self, *, last: bool) -> None:
        report = self.report
        with connect(self.engine) as conn:
            refused = [r for r in self.pending if r.refused]
            if refused:
                store.lock_document(conn, *(r.path for r in refused))
                store.save_issues(conn, (Issue("refused", r.path, r.refused) for r in refused))
            new, claims, proposed = store_documents(conn, self.pending)
            store.save_file_records(conn, self.records)
            report.new_documents += new
            report.claims += claims
            report.proposed_actors += proposed
            self.unreconciled += claims
            if last or self.unreconciled >= max(RECONCILE_MIN_CLAIMS, self.reconciled):
                refresh_reconciliation(conn)
                self.reconciled, self.unreconciled = self.reconciled + self.unreconciled, 0
        self.pending.clear()
        self.records.clear()


def ingest_paths(
    engine: Engine,
    args: Sequence[str],
    *,
    jobs: int = 1,
    on_result: Callable[[DocumentResult], None] | None = None,
    citation: Mapping[str, str] | None = None,
    batch: int = BATCH_DOCUMENTS,
    pool: Callable[[Gazetteer], ExtractionPool] | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    on_progress: Callable[[int], None] | None = None,
    rehash: bool = False,
) -> IngestReport:
    """Ingest files, folders and globs; one transaction per batch of documents.

    Files whose bytes the ledger holds are skipped before extraction; files whose size and
    mtime are those recorded when they were last read, and whose bytes the ledger holds, are
    skipped without being read (rehash=True reads them all: a file changed in place with its
    size and mtime kept is read again only then). Extraction runs in the pool that
    pool(gazetteer) opens (a Dask cluster, say; closed at the end) or in jobs local processes,
    new files sent in chunks of about chunk_bytes; writing stays here, in one writer,
    idempotent by content hash. citation: title, outlet, author, published_on, url given for
    the documents (the CLI's options); they win over a sidecar file and over what the file
    says of itself.
    """
    paths, missing = expand_paths(args)
    with connect(engine) as conn:
        gazetteer = ledger_gazetteer(conn)
        known = store.content_hashes(conn)
        claims = store.count_rows(conn)["claims"]
        recorded = {} if rehash else store.file_records(conn, map(os.path.abspath, paths))
    report = IngestReport()
    writer = _BatchWriter(engine, report, batch=batch, claims=claims)
    opened = pool(gazetteer) if pool is not None else None
    try:
        for result in process_files(
            paths,
            missing,
            gazetteer=gazetteer,
            jobs=jobs,
            known=known,
            recorded=recorded,
            on_read=writer.add_record,
            pool=opened,
            chunk_bytes=chunk_bytes,
            on_progress=on_progress,
        ):
            if result.refused:
                report.refused.append(result.refused)
                writer.add(result)
            elif result.known:
                report.documents += 1
            else:
                if citation and result.doc is not None:
                    result = replace(result, doc=replace(result.doc, **citation))
                report.documents += 1
                writer.add(result)
            if on_result:
                on_result(result)
    finally:
        if opened is not None:
            opened.close()
    writer.finish()
    return report


def count_files_and_bytes(args: Sequence[str]) -> tuple[int, int]:
    """How many files args name and how many bytes they hold, for a progress bar."""
    paths, missing = expand_paths(args)
    return len(paths) + len(missing), sum(_size(str(p)) for p in paths)


def count_files(args: Sequence[str]) -> int:
    """How many files args name, for a progress bar's total."""
    paths, missing = expand_paths(args)
    return len(paths) + len(missing)


__all__ = [
    "DocumentResult",
    "IngestReport",
    "ingest_paths",
    "ledger_gazetteer",
    "process_files",
    "process_paths",
]
