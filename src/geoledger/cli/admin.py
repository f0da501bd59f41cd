"""Commands that keep the ledger: audit verify, reviewer tokens, backup and restore."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from geoledger import pipeline
from geoledger.auth import tokens
from geoledger.cli.output import emit, format_option
from geoledger.pipeline import custody
from geoledger.store import describe


@click.group()
def audit() -> None:
    """Check the audit log: every review decision, sealed in a hash chain."""


@audit.command("verify")
@click.pass_obj
def audit_verify(obj: Any) -> None:
    """Recompute the audit log's hash chain; exit 1 naming the first entry that was changed."""
    check = custody.verify_audit(obj.engine())
    if check.broken:
        click.echo(f"error: {check.broken} {check.entries} entries read.", err=True)
        sys.exit(1)
    head = check.head[:16] if check.head else "none"
    click.echo(f"Audit log intact: {check.entries} entries, chain head {head}.")


@click.group()
def token() -> None:
    """Named reviewer tokens: each decision made with one is logged under its name."""


@token.command("add")
@click.argument("name")
@click.pass_obj
def token_add(obj: Any, name: str) -> None:
    """Make a write token for reviewer NAME; it is shown once and only its digest is kept."""
    with pipeline.connect(obj.engine()) as conn:
        secret = tokens.add_token(conn, name)
    click.echo(f"Token for {name.strip()} (shown once, keep it): {secret}")


@token.command("list")
@format_option
@click.pass_obj
def token_list(obj: Any, fmt: str) -> None:
    """List reviewer tokens by name, with when they were made and revoked."""
    with pipeline.connect(obj.engine()) as conn:
        rows = [
            {"name": i.name, "created_at": i.created_at, "revoked_at": i.revoked_at or ""}
            for i in tokens.list_tokens(conn)
        ]
    emit(rows, fmt, columns=("name", "created_at", "revoked_at"))


@token.command("revoke")
@click.argument("name")
@click.pass_obj
def token_revoke(obj: Any, name: str) -> None:
    """Revoke reviewer NAME's token at once, ending its dashboard sessions."""
    with pipeline.connect(obj.engine()) as conn:
        revoked = tokens.revoke_token(conn, name)
    if revoked:
        click.echo(f"Token '{name}' revoked; its sessions are ended.")
    else:
        click.echo(f"Token '{name}' was revoked already.")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup(obj: Any, file: Path) -> None:
    """Write everything in the ledger, as of one moment, to FILE; safe while the server runs."""
    report = custody.backup_ledger(obj.engine(), file)
    click.echo(f"Backed up to {file}: {report.summary}.")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def restore(obj: Any, file: Path) -> None:
    """Load a backup FILE into an empty ledger, all or nothing, checking its audit chain."""
    report = custody.restore_ledger(obj.engine(create=True), file)
    click.echo(f"Restored {file} into {describe(obj.settings.database_url)}: {report.summary}.")


def register(group: click.Group) -> None:
    """Add this module's commands to the CLI."""
    for command in (audit, token, backup, restore):
        group.add_command(command)
