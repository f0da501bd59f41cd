"""A brief on one relationship: key figures, trade, money, politics and security, conflicts,
with numbered citations; rendered to self-contained HTML or to Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy import Connection

from geoledger import pipeline, store
from geoledger.errors import GeoledgerError, InvalidInput
from geoledger.numbers import claim_amount, usd
from geoledger.pipeline import figures, review
from geoledger.report import charts
from geoledger.store import ClaimFilter

KEY_METRICS = (
    ("Two-way trade", "trade.total"),
    ("Exports", "trade.exports"),
    ("Imports", "trade.imports"),
    ("Partner's share of exports", "trade.partner_share_exports"),
    ("Partner's share of imports", "trade.partner_share_imports"),
    ("Investment (cumulative)", "investment.total"),
    ("Loans", "loan"),
    ("Loans and investment", "finance.total"),
    ("Grants and aid", "aid.grant"),
)


@dataclass
class Report:
    """Everything a brief shows; each figure carries the number of the source that states it."""

    subject: str
    partner: str
    generated_on: str
    counts: dict[str, int]
    key_figures: list[dict[str, Any]] = field(default_factory=list)
    trade: list[dict[str, Any]] = field(default_factory=list)
    trade_svg: str = ""
    money: list[dict[str, Any]] = field(default_factory=list)
    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    figure_conflicts: list[dict[str, Any]] = field(default_factory=list)
    conflict_kinds: list[dict[str, Any]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)

    def cite(self, source_id: str | None, sources: dict[str, dict[str, Any]]) -> int | None:
        """The reference number of source_id, numbering sources in order of first use."""
        if not source_id:
            return None
        for number, citation in enumerate(self.citations, start=1):
            if citation["id"] == source_id:
                return number
        record = sources.get(source_id, {"id": source_id, "title": None})
        self.citations.append(record)
        return len(self.citations)


def _period_key(record: dict[str, Any]) -> float:
    return charts.year_fraction(record.get("period")) or 0.0


def build_report(conn: Connection, subject: str, partner: str) -> Report:
    """Gather the brief on subject and partner from the ledger."""
    subject_actor = store.get_actor(conn, subject)
    partner_actor = store.get_actor(conn, partner)
    if subject_actor.id == partner_actor.id:
        raise InvalidInput(f"'{subject}' and '{partner}' are the same actor; name two.")
    sources = {s["id"]: s for s in pipeline.source_records(conn)}
    titles = store.source_titles(conn)
    report = Report(
        subject=subject_actor.name,
        partner=partner_actor.name,
        generated_on=datetime.now(UTC).date().isoformat(),
        counts=store.count_rows(conn),
    )
    where = ClaimFilter(
        subject=frozenset(store.actor_name_keys(conn, subject_actor.id)),
        partner=frozenset(store.actor_name_keys(conn, partner_actor.id)),
    )
    corrected = store.corrected_claim_ids(conn)
    records = [
        pipeline.claim_record(c, titles, corrected)
        for c in store.list_claims(conn, where)
        if c.status != "rejected"
    ]

    def with_ref(record: dict[str, Any]) -> dict[str, Any]:
        return {
            **record,
            "shown": claim_amount(record),
            "usd_shown": usd(record["usd"]) if record["usd"] is not None else None,
            "ref": report.cite(record["source"], sources),
        }

    for label, metric in KEY_METRICS:
        found = [r for r in records if r["metric"] == metric and not r["object"]]
        latest = figures.headline_figure(found, key=_period_key)
        if latest is not None:
            report.key_figures.append({"label": label, **with_ref(latest)})

    by_id = {r["id"]: r for r in records}
    for row in pipeline.trade_rows(conn, subject_actor.id, partner_actor.id):
        mentioned = row["claims"] + [v["claim"] for v in row["versions"]]
        refs = sorted(
            {report.cite(by_id[i]["source"], sources) or 0 for i in mentioned if i in by_id}
        )
        report.trade.append({**row, "refs": [r for r in refs if r], "cells": _trade_cells(row)})
    report.trade_svg = _trade_svg(report)

    money = pipeline.one_row_per_statement(
        conn, [r for r in records if r["metric"] in pipeline.MONEY_METRICS]
    )
    money.sort(key=lambda r: -(r["usd"] or 0))
    report.money = [with_ref(r) for r in money[:15]]

    events = pipeline.event_records(conn, actor=partner_actor.id)
    for domain in ("politics", "security", "technology", "culture"):
        chosen = [e for e in events if e["domain"] == domain and e["date"]]
        report.events[domain] = [
            {**e, "refs": [report.cite(s, sources) for s in e["sources"]]} for e in chosen
        ]
    report.conflicts = _conflicts(conn, events, report, sources)
    disputes = review.list_conflicts(conn, where, events=False)
    report.conflict_kinds = figures.conflict_summary(disputes)
    for dispute in disputes:
        if dispute["verdict"] != "conflict":
            continue
        versions = [
            {**v, "shown": claim_amount(v), "ref": report.cite(v.get("source"), sources)}
            for v in dispute["versions"]
            if v.get("claim")
        ]
        heading = figures.conflict_heading(dispute)
        report.figure_conflicts.append({**dispute, "heading": heading, "versions": versions})
    return report


def _trade_cells(row: dict[str, Any]) -> dict[str, dict[str, Any] | None]:
    """Each money cell of a trade year: stated (its claim), derived (its inputs) or disputed."""
    claims = {v["field"]: v["claim"] for v in row["versions"] if v["used"]}
    inputs = [claims[f] for f in ("exports", "imports") if f in claims]
    cells: dict[str, dict[str, Any] | None] = {}
    for name in ("exports", "imports", "total", "balance"):
        if name in row["disputed"]:
            versions = [v for v in row["versions"] if v["field"] == name]
            cells[name] = {"versions": [{**v, "shown": usd(v["value"])} for v in versions]}
        elif row[name] is None:
            cells[name] = None
        elif name in row["derived"]:
            op = {"total": "sum", "balance": "diff"}[name]
            cells[name] = {"shown": usd(row[name]), "op": op, "claims": inputs}
        else:
            cells[name] = {"shown": usd(row[name]), "claim": claims.get(name)}
    return cells


def _conflicts(
    conn: Connection,
    events: list[dict[str, Any]],
    report: Report,
    sources: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """Pairs of events whose sources disagree, among the partner's events."""
    by_id = {e["id"]: e for e in pipeline.event_records(conn)}
    pairs, seen = [], set()
    for event in events:
        for other_id in event["conflict_with"]:
            other = by_id.get(other_id)
            key = frozenset((event["id"], other_id))
            if other is None or key in seen:
                continue
            seen.add(key)
            pairs.append(
                {
                    "one": {**event, "refs": [report.cite(s, sources) for s in event["sources"]]},
                    "other": {**other, "refs": [report.cite(s, sources) for s in other["sources"]]},
                }
            )
    return pairs


def _trade_svg(report: Report) -> str:
    years = [r["year"] for r in report.trade]
    if not years:
        return charts.bar_chart(
            f"Trade of {report.subject} with {report.partner}", "USD billion", [], []
        )
    categories = [str(y) for y in range(min(years), max(years) + 1)]
    by_year = {str(r["year"]): r for r in report.trade}

    def series(name: str, label: str, color: str, style: str = "bar") -> charts.Series:
        points: list[charts.Point | None] = []
        for year in categories:
            row = by_year.get(year)
            if row is None or row[name] is None:
                points.append(None)
                continue
            href = f"#ref-{row['refs'][0]}" if row["refs"] else None
            tip = f"{label} {year}: {usd(row[name])}"
            points.append(charts.Point(row[name] / 1e9, href, tip))
        return charts.Series(label, points, color, style)

    return charts.bar_chart(
        f"Trade of {report.subject} with {report.partner}",
        "USD billion",
        categories,
        [
            series("exports", "Exports", charts.PALETTE[0]),
            series("imports", "Imports", charts.PALETTE[1]),
            series("balance", "Balance", charts.PALETTE[3], "line"),
        ],
        width=720,
        height=300,
    )


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["usd"] = usd
    return env


def render_html(report: Report) -> str:
    """The brief as one HTML file: inline CSS and SVG, no request leaves the page."""
    return _environment().get_template("brief.html").render(r=report)


def render_markdown(report: Report) -> str:
    """The brief as Markdown, with the same numbered citations."""
    return _environment().get_template("brief.md").render(r=report)


def write_report(report: Report, out: Path) -> Path:
    """Write the brief to out as HTML or Markdown, by its suffix."""
    suffix = out.suffix.lower()
    if suffix in (".html", ".htm"):
        text = render_html(report)
    elif suffix in (".md", ".markdown"):
        text = render_markdown(report)
    else:
        raise InvalidInput(f"{out}: write the report to a .html or a .md file.")
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise GeoledgerError(f"Cannot write {out}: {exc.strerror}.") from exc
    return out


__all__ = ["Report", "build_report", "render_html", "render_markdown", "write_report"]
