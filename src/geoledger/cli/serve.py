"""Commands that show the ledger to people: serve (API + dashboard) and report."""

from __future__ import annotations

import secrets
from dataclasses import replace
from pathlib import Path
from typing import Any

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.pass_obj
def serve(obj: Any, host: str, port: int) -> None:
    """Serve the REST API and the dashboard; prints the URL and the write token."""
    import uvicorn

    from geoledger.api import create_app
    from geoledger.api.security import server_options

    settings = obj.settings
    made_up = settings.api_token is None
    if made_up:
        settings = replace(settings, api_token=secrets.token_urlsafe(24))
    app = create_app(settings, engine=obj.engine(create=False))
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(f"geoledger dashboard: http://{shown_host}:{port}/   API docs: /docs")
    where = (
        "made up for this run; set GEOLEDGER_TOKEN to choose one" if made_up else "GEOLEDGER_TOKEN"
    )
    click.echo(f"write token ({where}): {settings.api_token}")
    click.echo("reviewers: 'geoledger token add NAME' gives each person a token of their own.")
    uvicorn.run(app, host=host, port=port, log_level="warning", **server_options())


@click.command()
@click.argument("subject")
@click.argument("partner")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the brief: a .html or a .md file.",
)
@click.pass_obj
def report(obj: Any, subject: str, partner: str, out: Path) -> None:
    """Write a brief on SUBJECT's ties with PARTNER, with numbered citations."""
    from geoledger import pipeline
    from geoledger.report import build_report, write_report

    with pipeline.connect(obj.engine(create=False)) as conn:
        brief = build_report(conn, subject, partner)
    write_report(brief, out)
    click.echo(
        f"Wrote {out}: {len(brief.key_figures)} key figures, {len(brief.trade)} years of trade, "
        f"{len(brief.citations)} sources cited."
    )


def register(group: click.Group) -> None:
    """Add serve and report to the command group."""
    group.add_command(serve)
    group.add_command(report)
