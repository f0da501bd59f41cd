"""Documents through extraction into the ledger: read, extract (in parallel), store."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from functools import lru_cache

from sqlalchemy import Connection, Engine

from geoledger import store
from geoledger.errors import DocumentRefused
from geoledger.extract import Gazetteer, extract_claims
from geoledger.ingest import expand_paths, read_document
from geoledger.ingest.budget import time_budget
from geoledger.models import Actor, Document, Extraction, Issue, Source
from geoledger.pipeline import bundled_dataset, connect, read_dataset
from geoledger.pipeline.lifeline import die_with_parent
from geoledger.pipeline.stored import refresh_reconciliation

INGESTER = "geoledger-ingest"
BATCH_DOCUMENTS = 50  # documents written (and reconciled) per transaction


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
        with time_budget(path):
            doc = read_document(path)
            extraction = extract_claims(doc, gazetteer=gazetteer)
    except DocumentRefused as refusal:
        return DocumentResult(path=path, refused=str(refusal))
    return DocumentResult(path=path, doc=doc, extraction=extraction, size=_size(path))


def warm_up(gazetteer: Gazetteer) -> None:
    """Compile the extractor's patterns once, so no document's time budget pays for them."""
    extract_claims(Document(name="warm-up", text="", content_hash=""), gazetteer=gazetteer)


_worker_gazetteer: Gazetteer | None = None


def _init_worker(gazetteer: Gazetteer, parent_pid: int) -> None:
    # Each worker process receives the gazetteer once, not once per document.
    global _worker_gazetteer
    die_with_parent(parent_pid)  # a killed ingest leaves no workers behind
    _worker_gazetteer = gazetteer


def _work(path: str) -> DocumentResult:
    assert _worker_gazetteer is not None
    return process_document(path, _worker_gazetteer)


def file_hash(path: str) -> str | None:
    """sha256 of a file's bytes (what Document.content_hash holds), or None if unreadable."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def process_paths(
    args: Sequence[str],
    *,
    gazetteer: Gazetteer,
    jobs: int = 1,
    known: Container[str] = frozenset(),
) -> Iterator[DocumentResult]:
    """Every file named by args (files, folders, globs), read and extracted, in order.

    A file whose sha256 is in known (the ledger's content hashes) is hashed, not extracted:
    re-ingesting an unchanged folder costs a read of its bytes.
    """
    paths, missing = expand_paths(args)
    for refusal in missing:
        yield DocumentResult(path=refusal.path, refused=str(refusal))
    names = []
    for path in paths:
        if known and file_hash(str(path)) in known:
            yield DocumentResult(path=str(path), known=True, size=_size(str(path)))
        else:
            names.append(str(path))
    if names:
        warm_up(gazetteer)  # before the first document's budget starts, and before any fork
    if jobs <= 1 or len(names) <= 1:
        for name in names:
            yield process_document(name, gazetteer)
        return
    # At most 2 documents in flight per worker keeps memory bounded on huge batches;
    # results come back in input order so output is reproducible.
    with ProcessPoolExecutor(
        jobs, initializer=_init_worker, initargs=(gazetteer, os.getpid())
    ) as pool:
        pending: dict[int, Future[DocumentResult]] = {}
        done: dict[int, DocumentResult] = {}
        next_submit = next_yield = 0
        while next_yield < len(names):
            while next_submit < len(names) and len(pending) + len(done) < 2 * jobs:
                pending[next_submit] = pool.submit(_work, names[next_submit])
                next_submit += 1
            if next_yield not in done:
                finished, _ = wait(pending.values(), return_when=FIRST_COMPLETED)
                for index, future in list(pending.items()):
                    if future in finished:
                        done[index] = future.result()
                        del pending[index]
                continue
            yield done.pop(next_yield)
            next_yield += 1


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
    source = Source(
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
    source_id, created = store.save_source(conn, source)
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


def ingest_paths(
    engine: Engine,
    args: Sequence[str],
    *,
    jobs: int = 1,
    on_result: Callable[[DocumentResult], None] | None = None,
    citation: Mapping[str, str] | None = None,
    batch: int = BATCH_DOCUMENTS,
) -> IngestReport:
    """Ingest files, folders and globs; one transaction per batch of documents.

    Files whose bytes the ledger holds are skipped before extraction. Each batch's claims
    are reconciled inside its transaction, so facts and conflicts are current when it commits.
    citation: title, outlet, author, published_on, url given for the documents (the CLI's
    options); they win over a sidecar file and over what the file says of itself.
    """
    with connect(engine) as conn:
        gazetteer = ledger_gazetteer(conn)
        known = store.content_hashes(conn)
    report = IngestReport()
    pending: list[DocumentResult] = []

    def write() -> None:
        with connect(engine) as conn:
            for result in pending:
                if result.refused:
                    store.lock_document(conn, result.path)
                    store.save_issues(conn, [Issue("refused", result.path, result.refused)])
                    continue
                new, claims, proposed = store_document(conn, result)
                report.new_documents += new
                report.claims += claims
                report.proposed_actors += proposed
            refresh_reconciliation(conn)
        pending.clear()

    for result in process_paths(args, gazetteer=gazetteer, jobs=jobs, known=known):
        if result.refused:
            report.refused.append(result.refused)
            pending.append(result)
        elif result.known:
            report.documents += 1
        else:
            if citation and result.doc is not None:
                result = replace(result, doc=replace(result.doc, **citation))
            report.documents += 1
            pending.append(result)
        if len(pending) >= batch:
            write()
        if on_result:
            on_result(result)
    if pending:
        write()
    return report


def count_bytes(args: Sequence[str]) -> int:
    """How many bytes the files args name hold, for a progress bar's rate and time left."""
    paths, _ = expand_paths(args)
    return sum(_size(str(p)) for p in paths)


def count_files(args: Sequence[str]) -> int:
    """How many files args name, for a progress bar's total."""
    paths, missing = expand_paths(args)
    return len(paths) + len(missing)


__all__ = ["DocumentResult", "IngestReport", "ingest_paths", "ledger_gazetteer", "process_paths"]
