"""The command line: a thin layer over pipeline; the only place that prints."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from geoledger import __version__
from geoledger.config import Settings
from geoledger.errors import GeoledgerError

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Each command's module and the first paragraph of its help, so `--help` and `--version` list the
# commands without importing the database stack (SQLAlchemy, Alembic, Rich: most of a second).
# tests/test_cli_startup.py checks this table against the commands themselves.
COMMANDS: dict[str, tuple[str, str]] = {
    "actor": (
        "ledger",
        "A dossier: who NAME is, its events in order, its claims, the sources that name it.",
    ),
    "actors": ("ledger", "List actors with their aliases."),
    "audit": ("admin", "Check the audit log: every review decision, sealed in a hash chain."),
    "backup": (
        "admin",
        "Write everything in the ledger, as of one moment, to FILE; safe while the server runs.",
    ),
    "check": (
        "check",
        "Check every figure of PATH (or '-' for standard input) against the ledger.",
    ),
    "claims": ("ledger", "List claims; every stated quantity with its source and USD value."),
    "conflicts": (
        "review",
        "Where sources disagree: conflicting facts, failed checks, related figures, events.",
    ),
    "demo": ("ledger", "The overview a newcomer sees first: trade, money, latest events, counts."),
    "events": ("ledger", "A timeline of events."),
    "export": (
        "export",
        "Write TABLE (claims, facts, conflicts, trade, index) with every field, typed.",
    ),
    "extract": ("extract", "Print the claims found in files, folders and globs; store nothing."),
    "facts": ("review", "Claims grouped into facts: best value and its rule, verdict, support."),
    "history": ("review", "Every change to a claim: who, when, before, after, why."),
    "index": (
        "index",
        "Compare SUBJECT's engagement with China, the EU, Russia and the US, domain by domain.",
    ),
    "ingest": (
        "extract",
        "Read files, folders and globs (text, Markdown, HTML, PDF) and store their claims as "
        "candidates.",
    ),
    "issues": ("ledger", "Problems met while ingesting: refused files and unread quantities."),
    "load": (
        "ledger",
        "Load the bundled China–Serbia dataset, or a DATASET folder of the same format.",
    ),
    "reconcile": (
        "review",
        "Bring the stored facts and conflicts up to date (--rebuild: recompute them all).",
    ),
    "report": ("serve", "Write a brief on SUBJECT's ties with PARTNER, with numbered citations."),
    "restore": (
        "admin",
        "Load a backup FILE into an empty ledger, all or nothing, checking its audit chain.",
    ),
    "review": (
        "review",
        "Walk through candidate claims one at a time; or accept|reject|edit|restore ID.",
    ),
    "search": ("ledger", "Full-text search over actors, sources and claims."),
    "serve": ("serve", "Serve the REST API and the dashboard; prints the URL and the write token."),
    "sources": ("ledger", "List the sources: articles and papers the ledger cites."),
    "token": (
        "admin",
        "Named reviewer tokens: each decision made with one is logged under its name.",
    ),
    "trade": (
        "ledger",
        "Trade of SUBJECT with PARTNER by year, in USD, with the claims behind each row.",
    ),
}


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
            from geoledger.store import make_engine

            self._engine = make_engine(self.settings.database_url, create=create)
        return self._engine


class GeoledgerGroup(click.Group):
    """Turns GeoledgerError into one line on stderr and exit 1 (a traceback with --debug).

    Commands are imported on first use: listing them (`--help`) reads COMMANDS instead.
    """

    _loaded = False

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            _register()

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands) if self._loaded else sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load()
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self._loaded:
            super().format_commands(ctx, formatter)
            return
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit))
            for name in sorted(COMMANDS)
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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
    from geoledger.cli import admin, check, export, extract, index, ledger, review, serve

    for module in (ledger, extract, check, review, serve, index, export, admin):
        module.register(main)
    for command in main.commands.values():
        add_db_option(command)
