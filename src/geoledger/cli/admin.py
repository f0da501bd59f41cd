"""Commands that keep the ledger: audit verify, reviewer tokens, backup and restore."""

from __future__ import annotations

import sys
from typing import Any

import click

from geoledger.pipeline import custody


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


def register(group: click.Group) -> None:
    """Add this module's commands to the CLI."""
    for command in (audit,):
        group.add_command(command)
