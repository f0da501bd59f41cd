"""Commands that load and read the ledger: load, claims, sources, actors, actor, events, trade,
search, issues, demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from geoledger import numbers, pipeline, store
from geoledger.cli.output import console, emit, format_option
from geoledger.store import describe

CLAIM_COLUMNS = (
    "id",
    "metric",
    "value",
    "unit",
    "usd",
    "period",
    "subject",
    "partner",
    "entity",
    "object",
    "qualifier",
    "status",
    "source",
)
# A file loses nothing a figure needs: its range, what it measures, the rate used, its source.
CLAIM_FILE_COLUMNS = (
    *CLAIM_COLUMNS[:3],
    "value_max",
    "unit",
    "measure",
    "usd",
    "usd_rate",
    "usd_rate_date",
    *CLAIM_COLUMNS[5:12],
    "figure_status",
    "source",
    "source_title",
    "start",
    "end",
)


def claim_filter_options(func: Any) -> Any:
    """The filters shared by claims, facts and conflicts."""
    options = [
        click.option("--metric", help="A metric or a metric family (trade, investment …)."),
        click.option("--subject", help="Subject actor: any name or alias, case-blind."),
        click.option("--partner", help="Partner actor: any name or alias."),
        click.option("--entity", help="Entity (company, bank, person): any name or alias."),
        click.option("--object", "object_", help="Object (product, asset, project)."),
        click.option("--period", help="Period, or a span that the claim's period lies inside."),
        click.option("--source", help="Source id."),
        click.option("--status", type=click.Choice(["candidate", "accepted", "rejected"])),
        click.option("--search", help="Words to find in claims or in their sources' text."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def where_from_options(conn: Any, filters: dict[str, Any]) -> Any:
    """The ClaimFilter that the shared filter options describe."""
    return pipeline.claim_filter(
        conn,
        metric=filters.get("metric"),
        subject=filters.get("subject"),
        partner=filters.get("partner"),
        entity=filters.get("entity"),
        object=filters.get("object_"),
        source=filters.get("source"),
        status=filters.get("status"),
        search=filters.get("search"),
    )


@click.command()
@click.argument("dataset", required=False, type=click.Path(path_type=Path))
@click.pass_obj
def load(obj: Any, dataset: Path | None) -> None:
    """Load the bundled China–Serbia dataset, or a DATASET folder of the same format."""
    engine = obj.engine(create=True)
    report = pipeline.load_dataset(engine, dataset)
    added = ", ".join(f"{n} {k}" for k, n in report.added.items())
    present = sum(report.present.values())
    click.echo(
        f"Loaded {report.dataset} into {describe(obj.settings.database_url)}: {added} added"
        f" ({present} already present)."
    )


@click.group(invoke_without_command=True)
@claim_filter_options
@format_option
@click.pass_context
def claims(ctx: click.Context, fmt: str, **filters: Any) -> None:
    """List claims; every stated quantity with its source and USD value."""
    if ctx.invoked_subcommand is not None:
        return
    engine = ctx.obj.engine()
    filters["object"] = filters.pop("object_")
    with pipeline.connect(engine) as conn:
        rows = pipeline.claim_records(conn, **filters)
    emit(rows, fmt, columns=CLAIM_COLUMNS if fmt == "table" else CLAIM_FILE_COLUMNS)


@click.command()
@format_option
@click.pass_obj
def sources(obj: Any, fmt: str) -> None:
    """List the sources: articles and papers the ledger cites."""
    with pipeline.connect(obj.engine()) as conn:
        rows = pipeline.source_records(conn)
    columns = ("id", "title", "author", "outlet", "published_on", "kind", "language", "claims")
    emit(rows, fmt, columns=columns)


@click.command()
@click.option("--kind", help="Only actors of this kind (country, company, bank, person …).")
@click.option(
    "--status",
    type=click.Choice(["accepted", "proposed"]),
    help="proposed: organisations ingest met that the ledger did not know.",
)
@format_option
@click.pass_obj
def actors(obj: Any, kind: str | None, status: str | None, fmt: str) -> None:
    """List actors with their aliases."""
    with pipeline.connect(obj.engine()) as conn:
        found = store.list_actors(conn, kind=kind, status=status)
        rows = [pipeline.actor_record(a) for a in found]
    emit(rows, fmt, columns=("id", "name", "kind", "country", "aliases", "status"))


@click.command()
@click.argument("name")
@format_option
@click.pass_obj
def actor(obj: Any, name: str, fmt: str) -> None:
    """A dossier: who NAME is, its events in order, its claims, the sources that name it."""
    with pipeline.connect(obj.engine()) as conn:
        dossier = pipeline.actor_dossier(conn, name)
    if fmt == "json":
        emit([dossier], fmt)
        return
    if fmt == "csv":
        emit(dossier["claims"], fmt, columns=CLAIM_COLUMNS)
        return
    who = dossier["actor"]
    out = console()
    out.print(f"[bold]{who['name']}[/bold] ({who['kind']}, id {who['id']})")
    if who["aliases"]:
        out.print(f"Also: {', '.join(who['aliases'])}")
    if who["note"]:
        out.print(who["note"])
    emit(
        dossier["events"],
        "table",
        columns=("date", "kind", "domain", "summary"),
        title=f"Events ({len(dossier['events'])})",
    )
    emit(
        dossier["claims"],
        "table",
        columns=CLAIM_COLUMNS,
        title=f"Claims ({len(dossier['claims'])})",
    )
    emit(
        dossier["sources"],
        "table",
        columns=("id", "title", "published_on"),
        title=f"Sources ({len(dossier['sources'])})",
    )


@click.command()
@click.option("--actor", "actor_name", help="Only events this actor took part in.")
@click.option("--kind", help="Event kind (acquisition, loan, visit, agreement …).")
@click.option("--domain", help="Domain (economy, politics, security, technology …).")
@click.option("--since", help="From this date on (2019, 2019-05, 2019-05-08).")
@click.option("--until", help="Up to and including this date.")
@format_option
@click.pass_obj
def events(
    obj: Any,
    actor_name: str | None,
    kind: str | None,
    domain: str | None,
    since: str | None,
    until: str | None,
    fmt: str,
) -> None:
    """A timeline of events."""
    with pipeline.connect(obj.engine()) as conn:
        rows = pipeline.event_records(
            conn, actor=actor_name, kind=kind, domain=domain, since=since, until=until
        )
    emit(
        rows,
        fmt,
        columns=("id", "date", "kind", "domain", "actors", "amount", "currency", "summary"),
    )


@click.command()
@click.argument("subject")
@click.argument("partner")
@click.option(
    "--all-claims",
    is_flag=True,
    help="Use every claim not rejected, not only facts fit for aggregation.",
)
@format_option
@click.pass_obj
def trade(obj: Any, subject: str, partner: str, all_claims: bool, fmt: str) -> None:
    """Trade of SUBJECT with PARTNER by year, in USD, with the claims behind each row.

    By default only facts fit for aggregation count (versions agree, accepted, checks pass);
    the claims left out are named below the table.
    """
    with pipeline.connect(obj.engine()) as conn:
        rows, left_out = pipeline.trade_view(conn, subject, partner, fit_only=not all_claims)
    if left_out and fmt == "table":
        ids = ", ".join(sorted(c.id or "" for c in left_out))
        note = (
            f"Only facts fit for aggregation are used; left out: {ids} "
            "(see 'geoledger conflicts', or use --all-claims)."
        )
    if fmt == "table":
        people = [
            {
                **r,
                **{k: _trade_cell(r, k) for k in ("exports", "imports", "total", "balance")},
                "coverage": None if r["coverage"] is None else f"{r['coverage']:.2f}",
                "growth": numbers.signed_percent(r["growth"]) if r["growth"] is not None else None,
                "derived": ", ".join(r["derived"]),
                "claims": ", ".join(r["claims"]),
                "disputed": "sources disagree: " + ", ".join(r["disputed"])
                if r["disputed"]
                else "",
            }
            for r in rows
        ]
        emit(
            people,
            fmt,
            columns=(
                "year",
                "exports",
                "imports",
                "total",
                "balance",
                "coverage",
                "growth",
                "share_exports",
                "share_imports",
                "derived",
                "disputed",
                "claims",
            ),
            title=f"Trade of {subject} with {partner} (USD)",
        )
        for r in rows:
            for reason in r["reasons"]:
                console().print(f"{r['year']} disputed: {reason}", soft_wrap=True)
        if left_out:
            console().print(note, soft_wrap=True)
        return
    if fmt == "csv":
        rows = [
            {
                **r,
                "versions": " ".join(
                    f"{v['field']}:{v['claim']}={numbers.plain(v['value'])}" for v in r["versions"]
                ),
                "reasons": " | ".join(r["reasons"]),
            }
            for r in rows
        ]
    emit(rows, fmt)


def _trade_cell(row: dict[str, Any], field: str) -> str | None:
    """A trade cell: its value, or every version when the sources disagree."""
    if field in row["disputed"]:
        versions = [v for v in row["versions"] if v["field"] == field]
        return " / ".join(f"{numbers.usd(v['value'])} ({v['claim']})" for v in versions) + " ?"
    return None if row[field] is None else numbers.usd(row[field])


@click.command()
@click.argument("text")
@format_option
@click.pass_obj
def search(obj: Any, text: str, fmt: str) -> None:
    """Full-text search over actors, sources and claims."""
    with pipeline.connect(obj.engine()) as conn:
        rows = pipeline.search_records(conn, text)
    emit(rows, fmt, columns=("kind", "id", "label", "snippet"))


@click.command(name="issues")
@format_option
@click.pass_obj
def issues_(obj: Any, fmt: str) -> None:
    """Problems met while ingesting: refused files and unread quantities."""
    with pipeline.connect(obj.engine()) as conn:
        rows = store.list_issues(conn)
    emit(rows, fmt, columns=("at", "code", "doc", "start", "message"))


@click.command()
@click.option("--subject", default="Serbia", show_default=True)
@click.option("--partner", default="China", show_default=True)
@click.pass_obj
def demo(obj: Any, subject: str, partner: str) -> None:
    """The overview a newcomer sees first: trade, money, latest events, counts."""
    with pipeline.connect(obj.engine()) as conn:
        view = pipeline.overview(conn, subject, partner)
    out = console()
    counts = view["counts"]
    out.print(
        f"[bold]geoledger[/bold] · {describe(obj.settings.database_url)} · "
        + ", ".join(f"{n} {k}" for k, n in counts.items())
    )
    rows = [
        {
            "year": r["year"],
            "exports": numbers.usd(r["exports"]),
            "imports": numbers.usd(r["imports"]),
            "total": numbers.usd(r["total"]),
            "balance": numbers.usd(r["balance"]),
            "derived": ", ".join(r["derived"]),
        }
        for r in view["trade"]
    ]
    emit(rows, "table", title=f"Trade of {subject} with {partner}, USD")
    if view["trade_left_out"]:
        out.print(
            "Only facts fit for aggregation are counted; left out: "
            f"{', '.join(view['trade_left_out'])} (see 'geoledger conflicts').",
            soft_wrap=True,
        )
    money = [
        {
            "metric": m["metric"],
            "amount": numbers.amount(m["value"], m["unit"]),
            "usd": numbers.usd(m["usd"]),
            "period": m["period"],
            "who": m["entity"] or m["partner"],
            "what": m["object"],
            "claim": m["id"],
        }
        for m in view["money"]
    ]
    emit(money, "table", title="Largest investments and loans")
    emit(
        view["events"],
        "table",
        columns=("date", "kind", "domain", "summary"),
        title="Latest events",
    )


def register(group: click.Group) -> None:
    """Add this module's commands to the CLI."""
    for command in (load, claims, sources, actors, actor, events, trade, search, issues_, demo):
        group.add_command(command)
