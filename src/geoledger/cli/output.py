"""Print listings as a table for people, CSV for spreadsheets, or JSON for programs."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from geoledger import numbers

FORMATS = ("table", "csv", "json")

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format; json is a list of objects.",
)


def console() -> Console:
    """A console on stdout that does not wrap when output goes to a file or pipe."""
    # A pipe or file has no width: use a wide one rather than folding every cell
    # (GEOLEDGER_TABLE_WIDTH to choose).
    # COLUMNS is ignored there on purpose: CI shells often set it to 80.
    wanted = os.environ.get("GEOLEDGER_TABLE_WIDTH", "240")
    width = None if sys.stdout.isatty() else int(wanted) if wanted.isdigit() else 240
    return Console(width=width, highlight=False)


def show_number(value: Any) -> str:
    """A number as people read it: thousands separated, every digit, never 2e+10."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(show_number(v) for v in value)
    return numbers.grouped(value)


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> None:
    """Write rows in fmt; table and csv show columns (default: every key of the first row)."""
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
        return
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=cols, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_cell(row.get(k)) for k in cols})
        return
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in cols:
        numeric = any(isinstance(r.get(col), int | float) for r in rows)
        table.add_column(col, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        table.add_row(*(_cell(c, row.get(c)) for c in cols))
    out = console()
    out.print(table)
    if not rows:
        out.print("(no rows)")


RAW_COLUMNS = {"year", "start", "end", "id", "period"}


def _cell(column: str, value: Any) -> str:
    return "" if value is None else str(value) if column in RAW_COLUMNS else show_number(value)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        if any(isinstance(v, dict | list | tuple) for v in value):
            return json.dumps(value, ensure_ascii=False)  # never a Python repr in a cell
        return ";".join(numbers.plain(v) if isinstance(v, float) else str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return numbers.plain(value)
    return value
