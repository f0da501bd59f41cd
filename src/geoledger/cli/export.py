"""The export command: claims, facts, conflicts, trade and index as CSV, JSON or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from geoledger import pipeline
from geoledger.errors import InvalidInput
from geoledger.report import export as exporting


@click.command("export")
@click.argument("table", type=click.Choice(list(exporting.TABLES)), required=False)
@click.option(
    "--format", "fmt", type=click.Choice(exporting.FORMATS), default="csv", show_default=True
)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="File to write.")
@click.option("--subject", default="Serbia", show_default=True, help="For trade and index.")
@click.option("--partner", default="China", show_default=True, help="For trade.")
@click.option("--schema", is_flag=True, help="Print every table's columns, types and meaning.")
@click.pass_obj
def export(
    obj: Any,
    table: str | None,
    fmt: str,
    out: Path | None,
    subject: str,
    partner: str,
    schema: bool,
) -> None:
    """Write TABLE (claims, facts, conflicts, trade, index) with every field, typed."""
    if schema:
        click.echo(exporting.schema_markdown(), nl=False)
        return
    if table is None:
        raise InvalidInput(f"Export what? Name a table: {', '.join(exporting.TABLES)}.")
    if fmt == "parquet" and out is None:
        raise InvalidInput("Parquet is binary: give --out FILE.parquet.")
    with pipeline.connect(obj.engine()) as conn:
        rows = exporting.rows_of(conn, table, subject=subject, partner=partner)
        count = exporting.write(rows, table, fmt, out if out is not None else sys.stdout)
    if out is not None:
        click.echo(f"Wrote {count} {table} rows to {out} ({fmt}).", err=True)


def register(group: click.Group) -> None:
    """Add the export command to group."""
    group.add_command(export)
