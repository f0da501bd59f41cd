"""`geoledger --help` and `--version` answer without importing the database stack."""

from __future__ import annotations

import subprocess
import sys

import click

from geoledger.cli import COMMANDS, main

PROBE = """
import sys
import click
from geoledger.cli import main
if {load!r}:
    main.get_command(click.Context(main), "claims")
try:
    main([{arg!r}], prog_name="geoledger")
except SystemExit:
    pass
heavy = ("sqlalchemy", "alembic", "rich", "geoledger.store")
print("HEAVY:" + ",".join(m for m in heavy if m in sys.modules))
"""


def _run(arg: str, *, load: bool = False) -> str:
    code = PROBE.format(arg=arg, load=load)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout


def test_help_and_version_import_no_database_stack() -> None:
    for arg in ("--help", "--version"):
        out = _run(arg)
        assert out.rstrip().endswith("HEAVY:"), out


def test_the_command_table_matches_the_commands() -> None:
    ctx = click.Context(main)
    main.get_command(ctx, "claims")  # loads every command
    found = {}
    for name, command in main.commands.items():
        module = command.callback.__module__.rsplit(".", 1)[-1] if command.callback else "?"
        summary = " ".join((command.help or "").split("\n\n")[0].split())
        found[name] = (module, summary)
    assert found == COMMANDS


def test_lazy_help_is_the_help_of_the_loaded_commands() -> None:
    lazy = _run("--help").split("HEAVY:")[0]
    loaded = _run("--help", load=True).split("HEAVY:")[0]
    assert "Commands:" in lazy
    assert lazy == loaded
