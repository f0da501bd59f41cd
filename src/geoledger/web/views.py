"""What each dashboard page shows, read from the ledger; templates only lay it out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from sqlalchemy import Connection

from geoledger import pipeline, store
from geoledger.api import actions
from geoledger.errors import GeoledgerError, NotFound
from geoledger.models import Claim, name_key
from geoledger.numbers import amount, claim_amount, short_number, usd
from geoledger.pipeline import figures, pages, tables
from geoledger.pipeline.explain import explain_stored_claim
from geoledger.report import charts
from geoledger.store import ClaimFilter, reconciled

SUBJECT = "Serbia"
PAGE_ROWS = 200  # rows a listing page shows at most
POWERS = ("China", "European Union", "Russia", "United States")
# Okabe–Ito colours (vermillion, blue, reddish purple, bluish green) plus a pattern each, so
# no power is told from another by hue alone.
POWER_COLORS = dict(zip(POWERS, ("#D55E00", "#0072B2", "#CC79A7", "#009E73"), strict=True))
POWER_PATTERNS = dict(zip(POWERS, charts.PATTERNS, strict=True))

# The indicators compared across the four powers: (label, metric, unit note).
POWER_INDICATORS = (
    ("Share of Serbia's exports", "trade.partner_share_exports"),
    ("Share of Serbia's imports", "trade.partner_share_imports"),
    ("Investment (cumulative)", "investment.total"),
    ("Loans", "loan"),
    ("Loans and investment", "finance.total"),
    ("Grants and aid", "aid.grant"),
    ("Serbia's alignment with EU foreign policy", "policy.alignment_rate"),
)


@dataclass(frozen=True, slots=True)
class Domain:
    slug: str
    title: str
    domains: tuple[str, ...]
    metrics: tuple[str, ...]
    blurb: str
    keywords: tuple[str, ...] = ()  # claims of other metrics that belong here by their object


DOMAINS = {
    d.slug: d
    for d in (
        Domain(
            "politics",
            "Politics",
            ("politics",),
            ("policy.alignment_rate", "opinion.share"),
            "Visits, agreements, votes and policy; alignment with EU declarations and polls.",
        ),
        Domain(
            "security",
            "Security",
            ("security",),
            ("security.count",),
            "Arms deliveries, exercises and police cooperation.",
        ),
        Domain(
            "technology",
            "Technology",
            ("technology",),
            (),
            "Surveillance, telecoms and digital contracts.",
            ("ict", "digital", "huawei", "surveillance", "camera", "telecom", "5g"),
        ),
        Domain(
            "soft-power",
            "Soft power",
            ("culture", "health"),
            ("tourism.arrivals", "tourism.overnights", "society.count"),
            "Culture, education, tourism, media and pandemic aid.",
        ),
    )
}


# A source's language tag as people read it; the text itself is always shown as written.
LANGUAGE_NAMES = {"en": "English", "sr-Latn": "Serbian (Latin)", "sr-Cyrl": "Serbian (Cyrillic)"}


# --- links: every figure points at its claim, every claim at its source ----------------------


def claim_href(claim_id: str | None) -> str:
    return f"/claims/{quote(claim_id or '', safe='')}"


def source_href(source_id: str | None, claim_id: str | None = None) -> str:
    anchor = f"#claim-{claim_id}" if claim_id else ""
    return f"/sources/{quote(source_id or '', safe='')}{anchor}"


def claims_href(**filters: Any) -> str:
    return "/claims?" + urlencode({k: v for k, v in filters.items() if v})


def actor_href(name: str) -> str:
    return f"/actors/{quote(name, safe='')}"


def figure(record: dict[str, Any]) -> dict[str, Any]:
    """A claim record with what a page needs to show it as a linked number."""
    return {
        **record,
        "shown": claim_amount(record),
        "usd_shown": usd(record["usd"]) if record["usd"] is not None else None,
        "href": claim_href(record["id"]),
        "source_href": source_href(record["source"], record["id"]),
    }


def _records(conn: Connection, claims: Iterable[Claim]) -> list[dict[str, Any]]:
    claims = list(claims)
    titles = reconciled.source_titles_of(conn, {c.source_id or "" for c in claims})
    corrected = store.corrected_claim_ids(conn)
    return [figure(pipeline.claim_record(c, titles, corrected)) for c in claims]


def _listed(claim: Claim) -> tuple[str, int, str]:
    return (claim.source_id or "", -1 if claim.start is None else claim.start, claim.id or "")


def _keys(conn: Connection, name: str) -> frozenset[str]:
    return frozenset(store.actor_name_keys(conn, name))


def _period_key(record: dict[str, Any]) -> float:
    return charts.year_fraction(record.get("period")) or 0.0


def _latest(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The most recent counted figure (headline.v1); a candidate, marked, only if none is."""
    return figures.headline_figure(records, key=_period_key)


# --- overview ------------------------------------------------------------------------------


def powers(
    conn: Connection, subject: str = SUBJECT, index: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The four powers side by side: latest figure of each indicator, security ties, events.

    Security ties are the events the index counts in its security domain (ties.v1): an
    attack, a bombing or a power's criticism is no tie.
    """
    if index is None:
        from geoledger.pipeline.index import compute_index

        index = compute_index(conn, subject)
    ties_of = figures.security_ties(index)
    events = pipeline.event_records(conn)
    table = []
    for label, metric in POWER_INDICATORS:
        cells = []
        for power in POWERS:
            # A bounded pool of the latest claims and a stored count (pages.headline_claims).
            pool, counted = pages.headline_claims(
                conn, metric=metric, subject=subject, partner=power
            )
            found = [r for r in _records(conn, pool) if r["status"] != "rejected"]
            cells.append({"power": power, "figure": _latest(found), "count": counted})
        if any(c["figure"] for c in cells):
            table.append({"label": label, "metric": metric, "cells": cells})
    ties = []
    for power in POWERS:
        try:
            actor = store.get_actor(conn, power)
        except GeoledgerError:
            ties.append({"power": power, "security": 0, "events": 0, "href": None})
            continue
        mine = [e for e in events if any(r["actor"] == actor.id for r in e["roles"])]
        ties.append(
            {
                "power": power,
                "security": len(ties_of.get(power, ())),
                "events": len(mine),
                "href": actor_href(actor.id),
                "security_href": f"/security?actor={quote(actor.id)}",
            }
        )
    return {"powers": POWERS, "colors": POWER_COLORS, "rows": table, "ties": ties}


VERSIONS_SHOWN = 12  # versions a listed conflict shows; the rest are counted (versions_more)


def conflict_rows(
    conn: Connection,
    *,
    limit: int | None = PAGE_ROWS,
    after: str | None = None,
    rows: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Open disagreements from reconciliation: facts, failed checks, related figures, events
    (or rows, conflict records read already), ready to show."""
    from geoledger.pipeline import figures, review

    if rows is None:
        rows = review.list_conflicts(conn, limit=limit, after=after, full=False)
    rows = pages.trim_versions(actions.with_ids(rows), VERSIONS_SHOWN)
    rows = figures.with_claim_ranges(conn, rows)
    for row in rows:
        row["heading"] = figures.conflict_heading(row)
        row["verdict_name"] = figures.CONFLICT_NAMES.get(row.get("verdict"), row.get("verdict"))
    return rows


def facts(
    conn: Connection, *, limit: int = PAGE_ROWS, after: str | None = None
) -> list[dict[str, Any]]:
    """The first facts in key order, with their ids."""
    from geoledger.pipeline import review

    rows = actions.with_ids(review.list_facts(conn, limit=limit, after=after, full=False))
    for row in rows:
        row["verdict_name"] = figures.verdict_name(row)
    return rows


def trade_chart(conn: Connection, subject: str, partner: str) -> dict[str, Any]:
    """Exports, imports and balance by year, each bar linked to its claim; FTA dates marked."""
    rows, left_out_claims = pipeline.trade_view(conn, subject, partner, left_out_limit=PAGE_ROWS)
    by_id = {
        c.id: c for c in reconciled.claims_by_ids(conn, [i for r in rows for i in r["claims"]])
    }
    metric_of = {"exports": "trade.exports", "imports": "trade.imports", "total": "trade.total"}
    metric_of["balance"] = "trade.balance"
    fta = fta_events(conn, subject, partner)
    years = [r["year"] for r in rows] + [int(e["date"][:4]) for e in fta if e["date"]]
    categories = [str(y) for y in range(min(years), max(years) + 1)] if years else []
    by_year = {str(r["year"]): r for r in rows}
    table = []
    for row in rows:
        stated = {
            name: [
                i
                for i in row["claims"]
                if by_id.get(i)
                and by_id[i].metric == metric_of[name]
                and str(by_id[i].period) == str(row["year"])
            ]
            for name in metric_of
        }
        inputs = stated["exports"][:1] + stated["imports"][:1]
        cells: dict[str, Any] = {}
        for name in ("exports", "imports", "total", "balance"):
            value = row[name]
            if name in row["disputed"]:
                versions = [v for v in row["versions"] if v["field"] == name]
                cells[name] = {
                    "disputed": True,
                    "versions": [{**v, "shown": usd(v["value"])} for v in versions],
                }
                continue
            if value is None:
                cells[name] = None
                continue
            ids = stated[name]
            derived = name in row["derived"]
            href = (
                claims_href(subject=subject, partner=partner, metric="trade", period=row["year"])
                if derived or not ids
                else claim_href(ids[0])
            )
            cells[name] = {
                "value": value,
                "shown": usd(value),
                "href": href,
                "derived": derived,
                "op": {"total": "sum", "balance": "diff"}.get(name) if derived else None,
                "claims": inputs if derived else ids,
                "source_href": source_href(by_id[ids[0]].source_id, ids[0]) if ids else None,
            }
        coverage = None
        if row["coverage"] is not None:
            coverage = {"shown": f"{row['coverage'] * 100:.0f} %", "claims": inputs}
        table.append({"year": row["year"], "cells": cells, "row": row, "coverage": coverage})

    def series(name: str, label: str, color: str, style: str = "bar") -> charts.Series:
        points: list[charts.Point | None] = []
        for year in categories:
            cell = next((t["cells"][name] for t in table if str(t["year"]) == year), None)
            if cell is None or (year not in by_year) or cell.get("disputed"):
                points.append(None)
                continue
            tip = f"{label} {year}: {cell['shown']}" + (" (derived)" if cell["derived"] else "")
            points.append(charts.Point(cell["value"] / 1e9, cell["href"], tip))
        return charts.Series(label, points, color, style)

    markers = [
        charts.Marker(e["date"][:4], e["label"], f"/events#event-{e['id']}")
        for e in fta
        if e["date"]
    ]
    svg = charts.bar_chart(
        f"Trade of {subject} with {partner}",
        "USD billion",
        categories,
        [
            series("exports", "Exports", charts.PALETTE[0]),
            series("imports", "Imports", charts.PALETTE[1]),
            series("balance", "Balance", charts.PALETTE[3], "line"),
        ],
        markers=_spread(markers),
    )
    sources = sorted({c.source_id for c in by_id.values() if c.source_id})
    left_out = [{"id": c.id, "href": claim_href(c.id or "")} for c in left_out_claims]
    return {"svg": svg, "table": table, "fta": fta, "sources": sources, "left_out": left_out}


def _spread(markers: list[charts.Marker]) -> list[charts.Marker]:
    """One marker per year: several FTA steps in one year share a label."""
    merged: dict[str, charts.Marker] = {}
    for marker in markers:
        if marker.category in merged:
            old = merged[marker.category]
            merged[marker.category] = charts.Marker(
                old.category, f"{old.label} / {marker.label}", old.href
            )
        else:
            merged[marker.category] = marker
    return list(merged.values())


def fta_events(conn: Connection, subject: str, partner: str) -> list[dict[str, Any]]:
    """Dated steps of the subject's free trade agreement with partner: signed, in force."""
    pair = (_keys(conn, subject), _keys(conn, partner))
    steps = []
    for event in pipeline.event_records(conn):
        summary = (event["summary"] or "").casefold()
        if event["kind"] != "agreement" or not event["date"]:
            continue
        if "free trade" not in summary and "fta" not in summary.split():
            continue
        # Only this pair's agreement: both sides must be among the event's actors.
        names = {name_key(r["name"]) for r in event["roles"]} | {
            name_key(r["actor"]) for r in event["roles"]
        }
        if not all(names & keys for keys in pair):
            continue
        label = "FTA in force" if "into force" in summary else "FTA signed"
        steps.append({**event, "label": label})
    return steps


def dated_first(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events with a date first (in their order), undated ones after them."""
    return [e for e in events if e["date"]] + [e for e in events if not e["date"]]


def export_composition(conn: Connection, subject: str, partner: str) -> dict[str, Any]:
    """What the subject sells the partner: product exports and product shares."""
    pair = {"subject": subject, "partner": partner}
    exports, _ = pages.sorted_claims(
        conn, metrics=("trade.exports",), with_object=True, limit=PAGE_ROWS, **pair
    )
    share_claims, _ = pages.sorted_claims(
        conn, metrics=("trade.product_share_exports",), sort="period", limit=PAGE_ROWS, **pair
    )
    # In listing order (by source, then place), as the page has always shown them.
    products = [
        r for r in _records(conn, sorted(exports, key=_listed)) if r["status"] != "rejected"
    ]
    shares = [
        r for r in _records(conn, sorted(share_claims, key=_listed)) if r["status"] != "rejected"
    ]
    # One period per chart: bars of different years side by side would read as one year's mix.
    charted = [
        r for r in products if r["usd"] is not None and figures.counts_in_headline(r["status"])
    ]
    periods = sorted({r["period"] for r in charted}, key=lambda p: charts.year_fraction(p) or 0.0)
    period = periods[-1] if periods else None
    rows = [
        (
            str(r["object"]),
            charts.Point(r["usd"] / 1e6, r["href"], f"{r['object']}: {r['shown']}"),
        )
        for r in sorted(charted, key=lambda r: -(r["usd"] or 0))
        if r["period"] == period
    ]
    title = f"{subject}'s exports to {partner} by product, {period or 'no period'}"
    svg = charts.hbar_chart(title, "USD million", rows)
    return {
        "svg": svg,
        "period": period,
        "periods": periods,
        "products": products,
        "shares": shares,
        "sources": sorted({r["source"] for r in products + shares}),
    }


def overview(conn: Connection, subject: str = SUBJECT, partner: str = "China") -> dict[str, Any]:
    """The first page: counts, the four powers, trade, latest events, open conflicts.

    Made of the whole ledger (some 600 queries), so kept in the view cache until the ledger
    changes (stored.cached_view): only the first view after a write computes it.
    """
    from geoledger.pipeline.stored import cached_view

    return cached_view(  # type: ignore[no-any-return]
        conn, ("overview", subject, partner), lambda: _overview(conn, subject, partner)
    )


def trade_page(conn: Connection, subject: str, partner: str) -> dict[str, Any]:
    """{trade, composition} of the trade page, kept in the view cache as the overview is."""
    from geoledger.pipeline.stored import cached_view

    return cached_view(  # type: ignore[no-any-return]
        conn,
        ("trade", subject, partner),
        lambda: {
            "trade": trade_chart(conn, subject, partner),
            "composition": export_composition(conn, subject, partner),
        },
    )


def _overview(conn: Connection, subject: str, partner: str) -> dict[str, Any]:
    engaged = engagement(conn, subject)
    events = pipeline.event_records(conn)
    dated = [e for e in events if e["date"]]
    # Every open disagreement, counted by kind from the stored totals (pages.conflict_overview).
    summary = pages.conflict_overview(conn, first=6)
    return {
        "counts": store.count_rows(conn),
        "candidates": pages.count_claims(conn, status="candidate"),
        "powers": powers(conn, subject, index=engaged["index"]),
        "trade": trade_chart(conn, subject, partner),
        "events": dated[-8:][::-1],
        "conflicts": conflict_rows(conn, rows=summary["first"]),
        "conflict_count": summary["count"],
        "conflict_kinds": summary["kinds"],
        "engagement": engaged,
        "subject": subject,
        "partner": partner,
    }


# --- money ---------------------------------------------------------------------------------


def money(conn: Connection, state: tables.TableState | None = None) -> dict[str, Any]:
    """The money chart of a money table's filters (all kinds when not given): its PAGE_ROWS
    largest figures in USD, one dot per statement, on a timeline with a lane per metric."""
    state = state or tables.TableState(filters={"kind": "all"})
    found = tables.largest_money(conn, state, limit=PAGE_ROWS)
    # A figure curated and extracted both is one statement: one dot.
    records = pipeline.one_row_per_statement(conn, _records(conn, found))
    metrics = tables.MONEY_KINDS[state.filters.get("kind", "all")]
    lanes = [m for m in metrics if any(r["metric"] == m for r in records)]
    biggest = max((r["usd"] or 0 for r in records), default=0) or 1
    marks = [
        charts.Mark(
            when,
            r["metric"],
            f"{r['entity'] or r['partner'] or ''} {r['object'] or ''}: {r['shown']}"
            f" ≈ {r['usd_shown']}".strip(),
            r["href"],
            size=1 + 15 * (r["usd"] or 0) / biggest,
        )
        for r in records
        if (when := charts.year_fraction(r["period"])) is not None
        and figures.counts_in_headline(r["status"])
    ]
    svg = charts.timeline(
        "Money over time, by kind (dot area ∝ USD amount)",
        marks,
        lanes=lanes,
        size_note=f"largest dot: {usd(biggest)}",
    )
    return {"svg": svg, "dots": len(marks), "sources": sorted({r["source"] for r in records})}


# --- domains -------------------------------------------------------------------------------


def domain_page(conn: Connection, slug: str, *, actor: str | None = None) -> dict[str, Any]:
    """One domain's events on a timeline, with the indicators that belong to it."""
    domain = DOMAINS.get(slug)
    if domain is None:
        raise NotFound(f"No page '{slug}'.")
    events = [e for e in pipeline.event_records(conn, actor=actor) if e["domain"] in domain.domains]
    kinds = list(dict.fromkeys(e["kind"] for e in events if e["date"]))
    marks = [
        charts.Mark(
            when, e["kind"], f"{e['date']}: {e['summary'] or e['kind']}", f"#event-{e['id']}"
        )
        for e in events
        if (when := charts.year_fraction(e["date"])) is not None
    ]
    svg = charts.timeline(f"{domain.title}: events by kind", marks, lanes=kinds)
    # The first PAGE_ROWS of the domain's claims from the database (pages.domain_claims).
    found, indicators_total = pages.domain_claims(
        conn, metrics=domain.metrics, keywords=domain.keywords, limit=PAGE_ROWS
    )
    indicators = _records(conn, found)
    indicators.sort(key=lambda r: (r["metric"], _period_key(r)))
    chart = None
    if slug == "politics":
        rows = [r for r in indicators if r["metric"] == "policy.alignment_rate"]
        rows.sort(key=_period_key)
        chart = charts.bar_chart(
            "Serbia's alignment with EU foreign-policy declarations",
            "percent",
            [r["period"] or "n.d." for r in rows],
            [
                charts.Series(
                    "Alignment", [charts.Point(r["value"], r["href"], r["shown"]) for r in rows]
                )
            ],
            height=260,
        )
    return {
        "domain": domain,
        "events": events,
        "svg": svg,
        "indicators": indicators,
        "indicators_total": indicators_total,
        "chart": chart,
        "actor": actor,
        "sources": sorted({s for e in events for s in e["sources"]}),
        "indicator_sources": sorted({r["source"] for r in indicators}),
    }


# --- sources, claims, search, review -------------------------------------------------------


def source_page(conn: Connection, source_id: str) -> dict[str, Any]:
    """A source's text cut into plain and highlighted pieces, one mark per placed claim."""
    source = store.get_source(conn, source_id)
    records = _records(conn, store.list_claims(conn, ClaimFilter(source=source.id)))
    text = source.text or ""
    placed = sorted(
        (r for r in records if r["start"] is not None and r["end"] is not None and text),
        key=lambda r: (r["start"], -r["end"]),
    )
    pieces: list[dict[str, Any]] = []
    cursor = 0
    shown: set[str] = set()
    for r in placed:
        if r["start"] < cursor or r["end"] > len(text):
            continue  # overlapping or out of range: listed below instead of marked twice
        pieces.append({"text": text[cursor : r["start"]], "claim": None})
        pieces.append({"text": text[r["start"] : r["end"]], "claim": r})
        shown.add(r["id"])
        cursor = r["end"]
    pieces.append({"text": text[cursor:], "claim": None})
    record = pages.source_record(conn, source.id)
    return {
        "source": record,
        "has_text": bool(text),
        "pieces": pieces,
        "claims": records,
        "unplaced": [r for r in records if r["id"] not in shown],
        "facts": fact_links(conn, [r["id"] for r in records]),
    }


def fact_links(conn: Connection, claim_ids: list[str]) -> dict[str, str]:
    """Claim id -> its fact's page, where reconciliation has grouped it."""
    found = actions.fact_of_claims(conn, claim_ids)
    return {c: f"/facts/{found[c]}" for c in claim_ids if c in found}


def claim_page(conn: Connection, claim_id: str) -> dict[str, Any]:
    """One claim, its place in its source, and its history."""
    claim = store.get_claim(conn, claim_id)
    record = _records(conn, [claim])[0]
    context = None
    source = store.get_source(conn, claim.source_id or "")
    if source.text and claim.start is not None and claim.end is not None:
        context = _context(source.text, claim.start, claim.end)
    return {
        "claim": record,
        "context": context,
        "history": store.list_history(conn, claim_id),
        "fact": fact_links(conn, [claim_id]).get(claim_id),
        "why": explain_stored_claim(conn, claim),
    }


def _context(text: str, start: int, end: int, *, width: int = 240) -> dict[str, str]:
    """The text around a span: before, the span, after, cut at word boundaries."""
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    if start - width > 0 and " " in before:
        before = "… " + before.split(" ", 1)[1]
    if end + width < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + " …"
    return {"before": before, "span": text[start:end], "after": after}


def review_queue(conn: Connection, *, limit: int = 50) -> dict[str, Any]:
    """Candidate claims with the sentence around each, for accept / edit / reject."""
    candidates = pages.first_claims(conn, limit=limit, status="candidate")
    texts: dict[str, str] = {}
    rows = []
    for record in _records(conn, candidates):
        source_id = record["source"]
        if source_id not in texts:
            texts[source_id] = store.get_source(conn, source_id).text or ""
        text = texts[source_id]
        context = None
        if text and record["start"] is not None and record["end"] is not None:
            context = _context(text, record["start"], record["end"], width=160)
        rows.append({"claim": record, "context": context})
    recent = store.list_recent_reviews(conn, limit=10)
    total = pages.count_claims(conn, status="candidate")
    return {"rows": rows, "total": total, "recent": recent}


def search(conn: Connection, q: str) -> list[dict[str, Any]]:
    """Search hits with the page each opens."""
    hits = pipeline.search_records(conn, q)
    for hit in hits:
        hit["href"] = {
            "actor": actor_href(hit["id"]),
            "source": source_href(hit["id"]),
            "claim": claim_href(hit["id"]),
        }[hit["kind"]]
    return hits


__all__ = ["amount", "short_number"]


# --- the four-powers engagement index ------------------------------------------------------


def evidence_href(item_id: str, evidence: dict[str, dict[str, Any]]) -> str:
    """A cited id's page: a claim's own page, an event's place on the timeline."""
    if evidence.get(item_id, {}).get("type") == "event":
        return f"/events#event-{quote(item_id)}"
    return claim_href(item_id)


def engagement(
    conn: Connection,
    subject: str = SUBJECT,
    year: int | None = None,
    *,
    weights_file: Path | None = None,
    trend: bool = False,
) -> dict[str, Any]:
    """The index by partner and domain as a chart, with every indicator's evidence linked."""
    from geoledger.pipeline.index import bounded_index, compute_index, index_view

    if weights_file is None:
        index = index_view(conn, subject, year=year, trend=trend)
    else:
        index = bounded_index(
            compute_index(conn, subject, year=year, weights_file=weights_file, trend=trend)
        )
    evidence = index.get("evidence", {})
    domains = list(dict.fromkeys(d["domain"] for p in index["partners"] for d in p["domains"]))
    series = []
    for position, partner in enumerate(index["partners"]):
        scores = {d["domain"]: d for d in partner["domains"]}
        points: list[charts.Point | None] = []
        for domain in domains:
            found = scores.get(domain)
            if found is None or found["score"] is None:
                points.append(None)
                continue
            tip = f"{partner['partner']}, {domain}: {found['score']}"
            tip += f" (coverage {found['coverage']:.0%})"
            points.append(
                charts.Point(found["score"], f"/index#{_slug(partner['partner'])}-{domain}", tip)
            )
        color = POWER_COLORS.get(partner["partner"], charts.PALETTE[position % len(charts.PALETTE)])
        pattern = POWER_PATTERNS.get(partner["partner"], "")
        series.append(charts.Series(partner["partner"], points, color, pattern=pattern))
    labels = [d.replace("_", " ") for d in domains]
    svg = charts.bar_chart(
        f"Engagement with {subject} by domain ({index['method']})",
        "score 0–100",
        labels,
        series,
        height=300,
    )
    for partner in index["partners"]:
        partner["slug"] = _slug(partner["partner"])
        for domain in partner["domains"]:
            for indicator in domain["indicators"]:
                indicator["links"] = [
                    {
                        "id": e,
                        "href": evidence_href(e, evidence),
                        "label": evidence.get(e, {}).get("label", e),
                    }
                    for e in indicator["evidence"]
                ]
    sources = sorted({s for item in evidence.values() for s in item.get("sources", [])})
    return {"index": index, "svg": svg, "sources": sources, "subject": subject}


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name.casefold())
