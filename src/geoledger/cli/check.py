"""The check command: a draft or a new article's figures against the ledger; stores nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from geoledger.cli.output import console, emit
from geoledger.numbers import claim_amount
from geoledger.pipeline import connect
from geoledger.report.check import VERDICT_WORDS, check_markdown, counts_line, figure_label


def _rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for n, figure in enumerate(report["figures"], 1):
        sources = sorted({e["source_title"] or e["source"] for e in figure["evidence"]})
        rows.append(
            {
                "#": n,
                "figure": figure["surface"],
                "value": claim_amount(figure),
                "means": figure_label(figure),
                "verdict": VERDICT_WORDS[figure["verdict"]],
                "why": figure["reason"],
                "sources": "; ".join(sources),
            }
        )
    return rows


@click.command()
@click.argument("path")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
    help="json: one object per figure with its evidence; markdown: to paste into notes.",
)
@click.option(
    "--name",
    default="input.txt",
    show_default=True,
    help="With '-': the input's file name, whose suffix says its type (.txt, .md, .html, .pdf).",
)
@click.option("--ingest", is_flag=True, help="Afterwards, store the text as a source too.")
@click.pass_obj
def check(obj: Any, path: str, fmt: str, name: str, ingest: bool) -> None:
    """Check every figure of PATH (or '-' for standard input) against the ledger.

    Each figure is said to agree, differ within rounding, differ, be new, or be unclear.
    Nothing is written to the ledger unless --ingest is given.
    """
    from geoledger.ingest.read import read_document
    from geoledger.pipeline.check import (
        CHECK_MAX_BYTES,
        check_document,
        check_report,
        ingest_checked,
        read_input,
    )
    from geoledger.pipeline.ingest import ledger_gazetteer

    if path == "-":
        doc = read_input(sys.stdin.buffer.read(CHECK_MAX_BYTES + 1), name)
    else:
        doc = read_document(Path(path), max_bytes=CHECK_MAX_BYTES)
    engine = obj.engine(create=False)
    with connect(engine) as conn:
        result = check_document(conn, doc, gazetteer=ledger_gazetteer(conn))
    report = check_report(result)
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        click.echo(check_markdown(report), nl=False)
    else:
        emit(_rows(report), "table", title=f"Figures in {doc.name} checked against the ledger")
        console().print(counts_line(report["counts"]))
    if ingest:
        with connect(obj.engine(create=False)) as conn:
            new, claims = ingest_checked(conn, result)
        said = f"{claims} claims stored as candidates" if new else "already in the ledger"
        click.echo(f"{doc.name}: {said}.", err=True)


def register(group: click.Group) -> None:
    """Add this module's commands to the CLI."""
    group.add_command(check)
