"""The command line: a thin layer over pipeline; the only place that prints."""

from __future__ import annotations

import os
import sys
from typing import Any

import click
from sqlalchemy import Engine

from geoledger import __version__
from geoledger.config import Settings
from geoledger.errors import GeoledgerError
from geoledger.store import make_engine


class Context:
    """What every command gets: settings, and the ledger opened on first use."""

    def __init__(self, db: str | None, user: str | None, debug: bool) -> None:
        self.db = db
        self.user = user
        self.debug = debug
        self._engine: Engine | None = None

    @property
    def settings(self) -> Settings:
        return Settings.from_env(self.db, self.user)

    def engine(self, *, create: bool = False) -> Engine:
        """The ledger; create=False refuses to make a new SQLite file (read commands)."""
        if self._engine is None:
            self._engine = make_engine(self.settings.database_url, create=create)
        return self._engine


class GeoledgerGroup(click.Group):
    """Turns GeoledgerError into one line on stderr and exit 1 (a traceback with --debug)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GeoledgerError as exc:
            if ctx.obj is not None and getattr(ctx.obj, "debug", False):
                raise
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)


def _remember_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.find_object(Context).db = value  # type: ignore[union-attr]


def add_db_option(command: click.Command) -> None:
    """Give command (and its subcommands) --db too, so it may follow the command's name."""
    if not any(p.name == "db_" for p in command.params):
        command.params.append(
            click.Option(
                ["--db", "db_"],
                expose_value=False,
                callback=_remember_db,
                help="Ledger: a SQLite path or a database URL (default: GEOLEDGER_DB).",
            )
        )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_db_option(sub)


@click.group(cls=GeoledgerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db", help="Ledger: a SQLite path or a SQLAlchemy URL such as postgresql+psycopg://…"
)
@click.option("--user", help="Who you are, for the audit log (default: GEOLEDGER_USER or $USER).")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.version_option(__version__, prog_name="geoledger")
@click.pass_context
def main(ctx: click.Context, db: str | None, user: str | None, debug: bool) -> None:
    """geoledger: a ledger of checkable facts about a country's foreign ties."""
    ctx.obj = Context(db, user, debug or bool(os.environ.get("GEOLEDGER_DEBUG")))


def _register() -> None:
    from geoledger.cli import check, export, extract, index, ledger, review, serve

    for module in (ledger, extract, check, review, serve, index, export):
        module.register(main)
    for command in main.commands.values():
        add_db_option(command)


_register()
