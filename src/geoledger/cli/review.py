"""Commands that reconcile and review: facts, conflicts, review, history, claims add."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import click

from geoledger import numbers, pipeline
from geoledger.cli.ledger import claim_filter_options, where_from_options
from geoledger.cli.output import console, emit, format_option, show_number
from geoledger.errors import ConflictingWrite, GeoledgerError, InvalidInput
from geoledger.models import MEASURES, METRICS, QUALIFIERS
from geoledger.pipeline import figures
from geoledger.pipeline import review as reviewing
from geoledger.reconcile import show_amount

FACT_COLUMNS = (
    "verdict",
    "metric",
    "subject",
    "partner",
    "what",
    "period",
    "best",
    "usd",
    "versions",
    "sources",
    "accepted",
    "fit",
    "reason",
)
CONFLICT_COLUMNS = (
    "kind",
    "verdict",
    "metric",
    "subject",
    "partner",
    "what",
    "period",
    "versions",
    "computed",
    "reason",
)
HISTORY_COLUMNS = ("at", "who", "action", "before", "after", "why")
_CORPUS_NAME = re.compile(r"^(\d+)_[0-9a-f]{8,}\.\w+$")
KEYS_HELP = "[a]ccept  [e]dit a field  [r]eject  [s]kip  [q]uit"


def _key_text(value: Any) -> str:
    if isinstance(value, list):
        return " | ".join("—" if v is None else str(v) for v in value)
    return "" if value is None else str(value)


def _what(key: dict[str, Any]) -> str:
    return " / ".join(t for t in (_key_text(key["entity"]), _key_text(key["object"])) if t)


def _source_label(source_id: str) -> str:
    """Corpus file names are long: 000_6507202e5f058613.txt is shown as 000."""
    return ";".join(_CORPUS_NAME.sub(r"\1", part) for part in source_id.split(";"))


def _version_line(version: dict[str, Any]) -> str:
    label = version.get("claim") or version.get("event") or ""
    if version.get("event") and version.get("claim"):
        label = f"{version['event']}→{version['claim']}"
    amount = numbers.claim_amount(version) if version.get("value") is not None else ""
    if version.get("unit") not in (None, "USD") and version.get("usd") is not None:
        amount += f" (= {numbers.usd(version['usd'])})"
    if version.get("event"):
        # An event's version is its date and what it says: the reason says "read the versions".
        amount += f" {version.get('date') or 'no date'}: «{version.get('summary') or ''}»"
    role = f"{version['role']}: " if version.get("role") else ""
    source = _source_label(version.get("source") or "")
    return f"{role}{label} {amount} [{source}]".replace("  ", " ")


def _flat(record: dict[str, Any], *, count_versions: bool = False) -> dict[str, Any]:
    key = record["key"]
    row: dict[str, Any] = {
        "kind": record["kind"],
        "verdict": figures.verdict_name(record),
        "metric": _key_text(key["metric"]),
        "subject": _key_text(key["subject"]),
        "partner": _key_text(key["partner"]),
        "what": _what(key),
        "period": _key_text(key["period"]),
        "versions": "; ".join(_version_line(v) for v in record["versions"]),
        "reason": record["reason"],
    }
    computed = record.get("computed")
    row["computed"] = (
        ""
        if not computed
        else f"{show_amount(computed['value'], computed['unit'])} ({computed['formula']})"
    )
    best = record.get("best")
    if best is not None:
        row["best"] = f"{best['claim']}: {numbers.claim_amount(best)}"
        row["usd"] = best["usd"]
    support = record.get("support")
    if support is not None:
        row["sources"] = support["sources"]
        row["accepted"] = "yes" if support["accepted"] else "no"
        row["fit"] = "yes" if support["fit_for_aggregation"] else "no"
    if count_versions:
        row["versions"] = len(record["versions"])
    return row


@click.command()
@claim_filter_options
@format_option
@click.pass_obj
def facts(obj: Any, fmt: str, **filters: Any) -> None:
    """Claims grouped into facts: best value and its rule, verdict, support."""
    with pipeline.connect(obj.engine()) as conn:
        rows = reviewing.list_facts(
            conn, where_from_options(conn, filters), period=filters.get("period")
        )
    if fmt == "json":
        emit(rows, fmt)
        return
    emit([_flat(r, count_versions=True) for r in rows], fmt, columns=FACT_COLUMNS)


@click.command()
@claim_filter_options
@click.option("--no-events", is_flag=True, help="Leave out disagreements between events.")
@format_option
@click.pass_obj
def conflicts(obj: Any, fmt: str, no_events: bool, **filters: Any) -> None:
    """Where sources disagree: conflicting facts, failed checks, related figures, events."""
    with pipeline.connect(obj.engine()) as conn:
        rows = reviewing.list_conflicts(
            conn,
            where_from_options(conn, filters),
            period=filters.get("period"),
            events=not no_events,
        )
        rows = figures.with_claim_ranges(conn, rows)
    if fmt == "json":
        emit(rows, fmt)
        return
    emit([_flat(r) for r in rows], fmt, columns=CONFLICT_COLUMNS)
    if fmt == "table":
        kinds = figures.conflict_summary(rows)
        counted = ", ".join(f"{k['count']} {k['name']}" for k in kinds) or "nothing open"
        console().print(f"{len(rows)} open: {counted}.", soft_wrap=True)


@click.command()
@click.option(
    "--rebuild", is_flag=True, help="Recompute every fact and conflict (after an upgrade)."
)
@click.pass_obj
def reconcile(obj: Any, rebuild: bool) -> None:
    """Bring the stored facts and conflicts up to date (--rebuild: recompute them all)."""
    from geoledger.pipeline import stored

    with pipeline.connect(obj.engine()) as conn:
        if rebuild:
            count = stored.rebuild_reconciliation(conn)
            click.echo(f"Rebuilt {count} facts ({stored.RECONCILE_VERSION}).")
        else:
            stored.refresh_reconciliation(conn)
            click.echo(f"Facts and conflicts are up to date ({stored.RECONCILE_VERSION}).")


# --- review -------------------------------------------------------------------------------------


def _show_card(card: dict[str, Any], position: str) -> None:
    claim = card["claim"]
    click.echo("")
    click.secho(
        f"{position} {claim.id} · {claim.status} · {claim.origin}"
        + (f" by {claim.made_by}" if claim.made_by else ""),
        bold=True,
    )
    click.echo(
        f"Source: {claim.source_id}"
        + (f" — {card['source_title']}" if card["source_title"] else "")
    )
    sentence = card["sentence"]
    if sentence is not None:
        before, surface, after = sentence
        click.echo("  " + before + click.style(f"»{surface}«", bold=True, reverse=True) + after)
    elif claim.surface:
        click.echo("  " + click.style(f"»{claim.surface}«", bold=True, reverse=True))
    else:
        click.echo("  (no text stored for this claim)")
    for name in reviewing.EDITABLE:
        value = getattr(claim, name)
        if value is None:
            continue
        shown = show_number(value)
        if name == "value" and card["usd"] is not None and claim.unit != "USD":
            shown += f" {claim.unit} (= {show_amount(card['usd'], 'USD')}, {card['usd_rate_date']})"
        click.echo(f"  {name:<10} {shown}")


def _decide(obj: Any, claim_id: str, version: int) -> str:
    """Ask for one key and carry out the decision; returns what happened."""
    who = obj.settings.user
    while True:
        try:
            key = click.getchar()
        except OSError:  # no terminal to read keys from (a pipe, a cron job)
            # Not InvalidInput: the loop below shows those and asks again; this must end it.
            raise GeoledgerError(
                "'geoledger review' reads keys from a terminal; in scripts use "
                "'geoledger review accept|reject|edit|restore ID'."
            ) from None
        if key in ("\r", "\n", " ", ""):
            continue
        key = key.lower()
        click.echo(key)
        if key in ("s", "q"):
            return {"s": "skipped", "q": "quit"}[key]
        if key == "a":
            with pipeline.connect(obj.engine()) as conn:
                reviewing.accept_claim(conn, claim_id, who=who, expected_version=version)
            return "accepted"
        if key == "r":
            why = click.prompt("Why reject it")
            with pipeline.connect(obj.engine()) as conn:
                reviewing.reject_claim(conn, claim_id, who=who, why=why, expected_version=version)
            return "rejected"
        if key == "e":
            field = click.prompt("Field", type=click.Choice(reviewing.EDITABLE))
            value = click.prompt(f"New {field} (empty for none)", default="", show_default=False)
            why = click.prompt("Why (optional)", default="", show_default=False)
            with pipeline.connect(obj.engine()) as conn:
                reviewing.edit_claim(
                    conn,
                    claim_id,
                    {field: value},
                    who=who,
                    why=why or None,
                    expected_version=version,
                )
            return "edited"
        click.echo(KEYS_HELP)


@click.group(invoke_without_command=True)
@claim_filter_options
@click.pass_context
def review(ctx: click.Context, **filters: Any) -> None:
    """Walk through candidate claims one at a time; or accept|reject|edit|restore ID."""
    if ctx.invoked_subcommand is not None:
        return
    obj = ctx.obj
    with pipeline.connect(obj.engine()) as conn:
        queue = reviewing.review_queue(
            conn, where_from_options(conn, filters), period=filters.get("period")
        )
    if not queue:
        click.echo("Nothing to review: no candidate claims match.")
        return
    tally: dict[str, int] = {}
    for number, claim_id in enumerate(queue, start=1):
        outcome = ""
        while not outcome:
            with pipeline.connect(obj.engine()) as conn:
                card = reviewing.review_card(conn, claim_id)
            _show_card(card, f"[{number}/{len(queue)}]")
            click.echo(KEYS_HELP)
            try:
                outcome = _decide(obj, claim_id, card["version"])
            except ConflictingWrite as exc:
                click.secho(f"{exc} Showing it again.", fg="yellow")
            except InvalidInput as exc:
                click.secho(f"error: {exc}", fg="red")
        if outcome == "quit":
            break
        tally[outcome] = tally.get(outcome, 0) + 1
    done = ", ".join(f"{n} {what}" for what, n in tally.items()) or "nothing decided"
    click.echo(f"Reviewed {sum(tally.values())} of {len(queue)}: {done}.")


_expect = click.option(
    "--expect-version",
    type=int,
    help="Refuse if the claim is no longer at this version (someone changed it meanwhile).",
)


def _decide_all(
    obj: Any,
    claim_ids: tuple[str, ...],
    expect_version: int | None,
    decide: Callable[[Any, str], str],
) -> None:
    """Apply decide(conn, id) -> line to every id in one transaction: all of them or none."""
    if expect_version is not None and len(claim_ids) > 1:
        raise InvalidInput("--expect-version names one claim's version: give one claim id.")
    with pipeline.connect(obj.engine()) as conn:
        lines = [decide(conn, claim_id) for claim_id in claim_ids]
    click.echo("\n".join(lines))


@review.command(name="accept")
@click.argument("claim_ids", nargs=-1, required=True)
@click.option("--why", help="Why, for the audit log.")
@_expect
@click.pass_obj
def accept_(
    obj: Any, claim_ids: tuple[str, ...], why: str | None, expect_version: int | None
) -> None:
    """Accept one or more claims: all of them, or none if one cannot be."""

    def accept(conn: Any, claim_id: str) -> str:
        who = obj.settings.user
        _, changed = reviewing.accept_claim(
            conn, claim_id, who=who, why=why, expected_version=expect_version
        )
        return f"{claim_id}: accepted." if changed else f"{claim_id}: already accepted."

    _decide_all(obj, claim_ids, expect_version, accept)


@review.command(name="reject")
@click.argument("claim_ids", nargs=-1, required=True)
@click.option("--why", required=True, help="Why the claim is wrong (kept in the audit log).")
@_expect
@click.pass_obj
def reject_(obj: Any, claim_ids: tuple[str, ...], why: str, expect_version: int | None) -> None:
    """Reject one or more claims, saying why; they stay in the ledger and can be restored."""

    def reject(conn: Any, claim_id: str) -> str:
        who = obj.settings.user
        _, changed = reviewing.reject_claim(
            conn, claim_id, who=who, why=why, expected_version=expect_version
        )
        return f"{claim_id}: rejected." if changed else f"{claim_id}: already rejected."

    _decide_all(obj, claim_ids, expect_version, reject)


@review.command(name="restore")
@click.argument("claim_ids", nargs=-1, required=True)
@click.option("--why", help="Why, for the audit log.")
@_expect
@click.pass_obj
def restore_(
    obj: Any, claim_ids: tuple[str, ...], why: str | None, expect_version: int | None
) -> None:
    """Restore rejected claims to the status they had before."""

    def restore(conn: Any, claim_id: str) -> str:
        who = obj.settings.user
        claim = reviewing.restore_claim(
            conn, claim_id, who=who, why=why, expected_version=expect_version
        )
        return f"{claim_id}: restored ({claim.status})."

    _decide_all(obj, claim_ids, expect_version, restore)


def _field_options(func: Any) -> Any:
    """--metric, --value … one option per editable field."""
    for name in reversed(reviewing.EDITABLE):
        flag = "--" + name.replace("_", "-")
        func = click.option(flag, f"field_{name}", help=f"New {name}.")(func)
    return func


def _pairs(pairs: tuple[str, ...], options: dict[str, Any]) -> dict[str, Any]:
    changes = {k.removeprefix("field_"): v for k, v in options.items() if v is not None}
    for pair in pairs:
        field, sep, value = pair.partition("=")
        if not sep:
            raise InvalidInput(f"{pair!r} is not FIELD=VALUE (e.g. period=2024).")
        changes[field.strip()] = value
    return changes


@review.command(name="edit")
@click.argument("claim_id")
@click.argument("pairs", nargs=-1)
@_field_options
@click.option("--why", help="Why, for the audit log.")
@_expect
@click.pass_obj
def edit_(
    obj: Any,
    claim_id: str,
    pairs: tuple[str, ...],
    why: str | None,
    expect_version: int | None,
    **options: Any,
) -> None:
    """Change fields of a claim: FIELD=VALUE pairs or --FIELD VALUE options (empty clears)."""
    changes = _pairs(pairs, options)
    with pipeline.connect(obj.engine()) as conn:
        _, changed = reviewing.edit_claim(
            conn, claim_id, changes, who=obj.settings.user, why=why, expected_version=expect_version
        )
    if not changed:
        click.echo(f"{claim_id}: nothing changed.")
        return
    shown = ", ".join(f"{k}={'' if v is None else show_number(v)}" for k, v in changed.items())
    click.echo(f"{claim_id}: edited {shown}.")


@click.command()
@click.argument("claim_id")
@format_option
@click.pass_obj
def history(obj: Any, claim_id: str, fmt: str) -> None:
    """Every change to a claim: who, when, before, after, why."""
    with pipeline.connect(obj.engine()) as conn:
        rows = reviewing.history_records(conn, claim_id)
    if fmt == "json":
        emit(rows, fmt)
        return

    def fields(value: dict[str, Any] | None) -> str:
        if not value:
            return ""
        return ", ".join(f"{k}={'' if v is None else show_number(v)}" for k, v in value.items())

    emit(
        [{**r, "before": fields(r["before"]), "after": fields(r["after"])} for r in rows],
        fmt,
        columns=HISTORY_COLUMNS,
    )


@click.command(name="add")
@click.option("--metric", required=True, type=click.Choice(METRICS), help="What it measures.")
@click.option("--value", required=True, help="The value in base units (1.5e9, 93, 6).")
@click.option("--unit", required=True, help="USD, EUR, percent, count, times …")
@click.option("--source", help="An existing source id (see 'geoledger sources').")
@click.option("--source-title", help="Title of a new source.")
@click.option("--source-url", help="URL of a new source.")
@click.option("--value-max", help="Upper end of a range.")
@click.option("--qualifier", type=click.Choice(QUALIFIERS), default="exact", show_default=True)
@click.option("--measure", type=click.Choice(MEASURES), default="level", show_default=True)
@click.option("--subject")
@click.option("--partner")
@click.option("--entity")
@click.option("--object", "object_")
@click.option("--period", help="ISO period: 2023, 2024-07, 2010/2019, 2024-H1.")
@click.option("--note")
@click.option("--accept", "accept_now", is_flag=True, help="Accept it at once (logged too).")
@click.pass_obj
def add(obj: Any, accept_now: bool, **options: Any) -> None:
    """Enter a claim by hand with its source; prints the new claim's id."""
    who = obj.settings.user
    fields = {
        "value_max": options["value_max"],
        "qualifier": options["qualifier"],
        "measure": options["measure"],
        "subject": options["subject"],
        "partner": options["partner"],
        "entity": options["entity"],
        "object": options["object_"],
        "period": options["period"],
        "note": options["note"],
    }
    with pipeline.connect(obj.engine()) as conn:
        claim_id, created = reviewing.add_claim(
            conn,
            metric=options["metric"],
            value=options["value"],
            unit=options["unit"],
            who=who,
            source=options["source"],
            source_title=options["source_title"],
            source_url=options["source_url"],
            fields=fields,
        )
        if accept_now:
            reviewing.accept_claim(conn, claim_id, who=who, why="entered and accepted")
    click.echo(claim_id)
    if not created:
        click.echo(f"(already in the ledger: {claim_id})", err=True)


def register(group: click.Group) -> None:
    """Add this module's commands to the CLI (and `add` under `claims`)."""
    for command in (facts, conflicts, reconcile, review, history):
        group.add_command(command)
    claims = group.commands.get("claims")
    if isinstance(claims, click.Group):
        claims.add_command(add)
