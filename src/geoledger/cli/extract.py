"""Commands that read documents: ingest (store candidate claims) and extract (print them)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from geoledger.cli.output import emit
from geoledger.errors import InvalidInput, NotFound
from geoledger.pipeline import connect

# Extraction, HTML and PDF libraries load only when a command here runs: every other
# command starts faster without them.

jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Documents read in parallel processes.",
)


class _ByteAdvance:
    """Advances a byte bar: by a streamed document's windows as they are read (part), and by
    each document's bytes not yet counted when its result arrives (call)."""

    def __init__(self, bar: Any = None, task: Any = None) -> None:
        self.bar, self.task, self.counted = bar, task, 0

    def part(self, size: int) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, size)
            self.counted += size

    def __call__(self, result: Any) -> None:
        if self.bar is not None:
            self.bar.advance(self.task, max(0, result.size - self.counted))
            self.counted = 0


# One file this large is streamed in windows: worth a bar of its own.
_LARGE_BYTES = 4 * 1024 * 1024


@contextmanager
def byte_progress(files: int, total_bytes: int) -> Iterator[Any]:
    """Progress on stderr in bytes read, with the rate (MB/s) and time left; silent if short."""
    err = Console(stderr=True)
    if (files < 5 and total_bytes < _LARGE_BYTES) or not err.is_terminal:
        yield _ByteAdvance()
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("ingesting", total=total_bytes)
        yield _ByteAdvance(bar, task)


@contextmanager
def progress_bar(total: int) -> Iterator[Any]:
    """A progress bar on stderr for batches of more than a few files; silent otherwise."""
    err = Console(stderr=True)
    if total < 5 or not err.is_terminal:
        yield lambda _result: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("reading", total=total)
        yield lambda _result: bar.advance(task)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@jobs_option
@click.option(
    "--cluster",
    metavar="local[:N]|tcp://HOST:PORT",
    help="Extract on Dask workers: a local cluster of N processes (2 if N is left out) or "
    "the scheduler at an address; this process still reads the files and writes the ledger.",
)
@click.option(
    "--rehash",
    is_flag=True,
    help="Read and hash every file, even those whose size and modification time are as when "
    "they were last ingested (which are otherwise skipped unread).",
)
@click.option("--title", help="The document's title, to cite it by.")
@click.option("--outlet", help="Where it was published.")
@click.option("--author", help="Who wrote it.")
@click.option("--date", help="When it was published: 2024, 2024-05 or 2024-05-08.")
@click.option("--url", help="Where to read it.")
@click.pass_obj
def ingest(
    obj: Any,
    paths: tuple[str, ...],
    jobs: int,
    cluster: str | None,
    rehash: bool,
    **given: str | None,
) -> None:
    """Read files, folders and globs (text, Markdown, HTML, PDF) and store their claims as
    candidates.

    Cite a document with --title, --outlet, --author, --date and --url, or with a sidecar
    file beside it, DOCUMENT.meta.json, holding the same fields as a JSON object.
    """
    from geoledger.ingest.sidecar import citation_fields
    from geoledger.pipeline.ingest import count_files_and_bytes, ingest_paths

    citation = citation_fields(given)
    files, size = count_files_and_bytes(paths)
    if citation and files != 1:
        raise InvalidInput(
            "--title, --outlet, --author, --date and --url describe one document; "
            "for several, put a DOCUMENT.meta.json beside each."
        )
    if cluster and jobs > 1:
        raise InvalidInput("--jobs and --cluster exclude each other: a cluster has its workers.")
    pool = None
    if cluster:
        from functools import partial

        from geoledger.pipeline.cluster import DaskPool, parse_cluster

        parse_cluster(cluster)  # a wrong address fails before the ledger is opened
        pool = partial(DaskPool.open, cluster)
    engine = obj.engine(create=True)

    def report_refusal(result: Any) -> None:
        if result.refused:
            click.echo(f"error: {result.refused}", err=True)

    with byte_progress(files, size) as advance:

        def on_result(result: Any) -> None:
            report_refusal(result)
            advance(result)

        report = ingest_paths(
            engine,
            paths,
            jobs=jobs,
            on_result=on_result,
            citation=citation,
            pool=pool,
            on_progress=advance.part,
            rehash=rehash,
        )
    click.echo(report.summary())
    if report.refused:
        sys.exit(1)


def _gazetteer(obj: Any) -> Any:
    # Link names through the ledger's actors when a ledger exists; never create one here.
    from geoledger.pipeline.ingest import ledger_gazetteer

    try:
        engine = obj.engine(create=False)
    except NotFound:
        return ledger_gazetteer(None)
    with connect(engine) as conn:
        return ledger_gazetteer(conn)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "table", "csv"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one claim a line, the fields of the claim spec.",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Say for each claim which words decided its metric, period, subject, partner and entity.",
)
@jobs_option
@click.pass_obj
def extract(obj: Any, paths: tuple[str, ...], fmt: str, jobs: int, explain: bool) -> None:
    """Print the claims found in files, folders and globs; store nothing."""
    from geoledger.extract import claim_to_json, explain_claims
    from geoledger.pipeline.ingest import count_files, process_paths

    gazetteer = _gazetteer(obj)
    rows: list[dict[str, Any]] = []
    refused = documents = found = 0
    with progress_bar(count_files(paths)) as advance:
        for result in process_paths(paths, gazetteer=gazetteer, jobs=jobs):
            advance(result)
            if result.refused:
                refused += 1
                click.echo(f"error: {result.refused}", err=True)
                continue
            documents += 1
            assert result.extraction is not None and result.doc is not None
            pairs: list[tuple[Any, dict[str, str] | None]] = (
                list(explain_claims(result.doc, gazetteer=gazetteer))
                if explain
                else [(claim, None) for claim in result.extraction.claims]
            )
            for claim, why in pairs:
                found += 1
                row = claim_to_json(claim)
                if why is not None and fmt in ("jsonl", "json"):
                    row["why"] = why
                elif why is not None:
                    row.update({f"why_{key}": text for key, text in why.items()})
                if fmt == "jsonl":
                    click.echo(json.dumps(row, ensure_ascii=False))
                else:
                    rows.append({**row, "rule": claim.made_by})
    if fmt != "jsonl":
        emit(
            rows,
            fmt,
            columns=(
                "doc",
                "start",
                "surface",
                "value",
                "unit",
                "metric",
                "period",
                "subject",
                "partner",
                "entity",
                "object",
                "qualifier",
                *(WHY_COLUMNS if explain and fmt != "json" else ()),
            ),
        )
    summary = f"{documents} document{'s' * (documents != 1)} read, {found} claims found"
    if refused:
        summary += f"; {refused} file{'s' * (refused != 1)} refused"
    click.echo(summary + ".", err=True)
    if refused:
        sys.exit(1)


WHY_COLUMNS = ("why_metric", "why_period", "why_subject", "why_partner", "why_entity")


def register(group: click.Group) -> None:
    """Add this module's commands to the CLI."""
    group.add_command(ingest)
    group.add_command(extract)
