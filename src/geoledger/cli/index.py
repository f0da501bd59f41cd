"""The index command: the four powers compared, by domain, with coverage and sensitivity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from geoledger import numbers, pipeline
from geoledger.analysis.index import INDEX_DOMAINS
from geoledger.cli.output import console, emit, format_option
from geoledger.pipeline.index import DEFAULT_PARTNERS, compute_index


def _score(value: float | None) -> str:
    """A score for people: one decimal, a dash where evidence is missing."""
    return "—" if value is None else f"{value:.1f}"


def _share(value: float) -> str:
    return f"{100 * value:.0f}%"


def partner_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One row a partner: rank, score, its range and rank share under sensitivity, domains."""
    sens = record.get("sensitivity") or {}
    rows = []
    for p in record["partners"]:
        low, high = sens.get("score_ranges", {}).get(p["partner"], [None, None])
        shares = sens.get("ranks", {}).get(p["partner"], {})
        held = shares.get(str(p["rank"])) if p["rank"] is not None else None
        rows.append(
            {
                "rank": p["rank"],
                "partner": p["partner"],
                "score": p["score"],
                "range": None if low is None else f"{low:.1f}–{high:.1f}",
                "rank_held": None if held is None else _share(held),
                "coverage": _share(p["coverage"]),
                "evidence": p.get("evidence_count"),
                **{d["domain"]: d["score"] for d in p["domains"]},
            }
        )
    return rows


def indicator_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One row an indicator: each partner's raw value, normalised score and evidence count."""
    rows: dict[str, dict[str, Any]] = {}
    for p in record["partners"]:
        for d in p["domains"]:
            for i in d["indicators"]:
                row = rows.setdefault(
                    i["id"], {"indicator": i["id"], "domain": d["domain"], "weight": i["weight"]}
                )
                if i["value"] is None:
                    row[p["partner"]] = "—"
                else:
                    row[p["partner"]] = (
                        f"{_score(i['normalized'])} ({numbers.amount(i['value'], i['unit'])}; "
                        f"{len(i['evidence'])} cited)"
                    )
    return list(rows.values())


def trend_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One row a year: each partner's overall score (coverage)."""
    rows = []
    for entry in record.get("trend", []):
        row: dict[str, Any] = {"year": entry["year"]}
        for p in entry["partners"]:
            row[p["partner"]] = (
                "—" if p["score"] is None else f"{p['score']:.1f} ({_share(p['coverage'])})"
            )
        rows.append(row)
    return rows


@click.command("index")
@click.argument("subject")
@click.option("--year", type=int, help="Score as of this year (evidence up to it, in windows).")
@click.option(
    "--partner",
    "partners",
    multiple=True,
    help=f"A partner to compare (repeatable; default: {', '.join(DEFAULT_PARTNERS)}).",
)
@click.option(
    "--weights",
    type=click.Path(path_type=Path, dir_okay=False),
    help="TOML file with [domains] and/or [indicators] weights overriding the defaults.",
)
@click.option(
    "--indicators",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Your own copy of indicators.toml to use instead of the shipped one.",
)
@click.option("--years", "trend", is_flag=True, help="Also the index for each year of evidence.")
@format_option
@click.pass_obj
def index(
    obj: Any,
    subject: str,
    year: int | None,
    partners: tuple[str, ...],
    weights: Path | None,
    indicators: Path | None,
    trend: bool,
    fmt: str,
) -> None:
    """Compare SUBJECT's engagement with China, the EU, Russia and the US, domain by domain."""
    with pipeline.connect(obj.engine()) as conn:
        record = compute_index(
            conn,
            subject,
            year=year,
            partners=partners or None,
            weights_file=weights,
            indicators_file=indicators,
            trend=trend,
        )
    if fmt == "json":
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    as_of = f"as of {year}" if year else "all evidence"
    rows = partner_rows(record)
    if fmt == "table":  # people see a dash for a missing score; CSV keeps the cell empty
        rows = [{k: "—" if v is None and k != "rank" else v for k, v in r.items()} for r in rows]
    emit(
        rows,
        fmt,
        columns=(
            "rank",
            "partner",
            "score",
            "range",
            "rank_held",
            "coverage",
            "evidence",
            *INDEX_DOMAINS,
        ),
        title=f"Engagement with {record['subject']}, 0–100 ({as_of}; {record['method']})",
    )
    if fmt != "table":
        return
    names = [p["partner"] for p in record["partners"]]
    emit(
        indicator_rows(record),
        fmt,
        columns=("indicator", "domain", "weight", *names),
        title="Indicators: normalised score (raw value; claims and events cited)",
    )
    if trend:
        emit(trend_rows(record), fmt, columns=("year", *names), title="Score by year (coverage)")
    sens = record["sensitivity"]
    out = console()
    out.print(
        f"Sensitivity: {sens['runs']} runs (weights perturbed at random with a fixed seed, and "
        "each domain left out); range = lowest–highest score, rank_held = share of runs at this "
        "rank. A dash is missing evidence, never zero. Evidence ids: --format json."
    )
    if record.get("evidence_warning"):
        out.print(record["evidence_warning"], soft_wrap=True)


def register(group: click.Group) -> None:
    """Add this module's commands to the CLI."""
    group.add_command(index)
