"""The ledger's tables as CSV, JSON or Parquet, typed, with every field, written row by row.

Rules (export.v1): one schema per table (TABLES) says each column's name, type and meaning;
every format writes exactly those columns in that order. Numbers stay numbers (CSV writes
every digit, never an exponent); text lists are joined with ' ' (ids) or ' | ' (words).
Rows are produced by generators and written in batches, so memory stays bounded by one
source's claims (claims) or one reconciliation (facts, conflicts) rather than the export.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection

from geoledger import numbers, pipeline, store
from geoledger.errors import InvalidInput
from geoledger.models import Claim, Source
from geoledger.store import ClaimFilter

FORMATS = ("csv", "json", "parquet")
BATCH = 1024


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # string | float64 | int64 | bool
    doc: str


def _cols(*spec: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*s) for s in spec)


SOURCE_COLUMNS = (
    ("source", "string", "source id in the ledger"),
    ("source_title", "string", "the source's title"),
    ("source_outlet", "string", "where it was published"),
    ("source_author", "string", "who wrote it"),
    ("source_date", "string", "publication date, ISO 8601"),
    ("source_url", "string", "where to read it"),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "claims": _cols(
        ("id", "string", "claim id"),
        ("metric", "string", "what is measured, e.g. trade.exports"),
        ("measure", "string", "level, change, share, multiple …: how to read value"),
        ("value", "float64", "the stated value (low end of a range)"),
        ("value_max", "float64", "high end of a stated range; empty if a single value"),
        ("unit", "string", "currency code, percent, fraction, count, times …"),
        ("qualifier", "string", "exact, approx, at_least or at_most"),
        ("period", "string", "the period the figure covers: 2023, 2023/2024, 2021-03"),
        ("subject", "string", "the country or body the figure is about"),
        ("partner", "string", "the other side"),
        ("entity", "string", "company, bank or project named"),
        ("object", "string", "what the figure counts, if narrower than the metric"),
        ("status", "string", "accepted, corrected, candidate or rejected"),
        ("counts_in_headlines", "bool", "true if headline views and the index count it"),
        ("usd", "float64", "value in USD at the period's rate"),
        ("usd_max", "float64", "value_max in USD at the same rate"),
        ("usd_rate", "float64", "USD per unit of the stated currency, as used"),
        ("usd_rate_date", "string", "the date or period of that rate"),
        ("usd_rate_source", "string", "who publishes that rate (ECB, HMRC)"),
        *SOURCE_COLUMNS,
        ("place_start", "int64", "character offset where the claim starts in the source"),
        ("place_end", "int64", "character offset where it ends"),
        ("surface", "string", "the words of the source that state it"),
        ("origin", "string", "curated, extracted or typed in"),
    ),
    "facts": _cols(
        ("id", "string", "fact id"),
        ("metric", "string", "what is measured"),
        ("measure", "string", "how to read the value"),
        ("subject", "string", "about whom"),
        ("partner", "string", "the other side"),
        ("entity", "string", "company, bank or project"),
        ("object", "string", "what is counted"),
        ("period", "string", "period covered"),
        ("verdict", "string", "consistent, single-source or conflict"),
        ("best_claim", "string", "the claim chosen as best value"),
        ("best_value", "float64", "its value"),
        ("best_value_max", "float64", "its range's high end"),
        ("best_unit", "string", "its unit"),
        ("best_usd", "float64", "its value in USD"),
        ("versions", "int64", "how many claims state this fact"),
        ("version_claims", "string", "their ids, space separated"),
        ("sources", "int64", "independent sources behind it"),
        ("accepted", "bool", "a person accepted a version"),
        ("fit_for_aggregation", "bool", "versions agree, accepted, checks pass"),
        ("reason", "string", "why the verdict"),
    ),
    "conflicts": _cols(
        ("id", "string", "conflict id"),
        ("kind", "string", "fact, check, related or event"),
        ("verdict", "string", "conflict, related-not-comparable or consistent"),
        ("metric", "string", "metrics involved, ' | ' separated"),
        ("subject", "string", "subjects involved"),
        ("partner", "string", "partners involved"),
        ("period", "string", "periods involved"),
        ("claims", "string", "claims involved, space separated"),
        ("events", "string", "events involved, space separated"),
        ("versions", "string", "each version as people read it, ' | ' separated"),
        ("reason", "string", "what disagrees and by how much"),
    ),
    "sources": _cols(
        ("id", "string", "source id in the ledger"),
        ("title", "string", "the source's title"),
        ("author", "string", "who wrote it"),
        ("outlet", "string", "where it was published"),
        ("published_on", "string", "publication date, ISO 8601"),
        ("url", "string", "where to read it"),
        ("kind", "string", "what it is: news, analysis, paper, html, pdf …"),
        ("language", "string", "en, sr-Latn or sr-Cyrl"),
        ("has_text", "bool", "true if the ledger stores its text"),
        ("claims", "int64", "claims citing it"),
    ),
    "events": _cols(
        ("id", "string", "event id"),
        ("date", "string", "when, ISO 8601 (a year, a month or a day); empty if undated"),
        ("kind", "string", "agreement, visit, delivery, loan …"),
        ("domain", "string", "economy, politics, security, technology, culture, health …"),
        ("summary", "string", "what happened"),
        ("amount", "float64", "the amount it involves, in currency"),
        ("amount_max", "float64", "high end of a stated range"),
        ("currency", "string", "the amount's currency"),
        ("actors", "string", "who took part, ' | ' separated"),
        ("sources", "string", "sources that report it, space separated"),
    ),
    "actors": _cols(
        ("id", "string", "actor id"),
        ("name", "string", "its name"),
        ("kind", "string", "country, bloc, company, bank, person, organisation …"),
        ("country", "string", "the country it belongs to"),
        ("aliases", "string", "other names it goes by, ' | ' separated"),
        ("note", "string", "what it is"),
        ("sources", "string", "sources that name it, space separated"),
    ),
    "trade": _cols(
        ("subject", "string", "reporting country"),
        ("partner", "string", "partner"),
        ("year", "int64", "calendar year"),
        ("exports", "float64", "exports to partner, USD"),
        ("imports", "float64", "imports from partner, USD"),
        ("total", "float64", "exports + imports, USD"),
        ("balance", "float64", "exports − imports, USD"),
        ("coverage", "float64", "exports / imports, a ratio"),
        ("growth", "float64", "change of total from the year before, percent"),
        ("share_exports", "float64", "partner's share of subject's exports, percent"),
        ("share_imports", "float64", "partner's share of subject's imports, percent"),
        ("derived", "string", "fields computed, not stated, space separated"),
        ("disputed", "string", "fields whose sources disagree (left empty), space separated"),
        ("claims", "string", "claims behind the stated fields"),
        ("versions", "string", "every version as field:claim=USD value, space separated"),
        ("reasons", "string", "why the year is disputed, ' | ' separated"),
    ),
    "index": _cols(
        ("subject", "string", "the country the index is about"),
        ("partner", "string", "the power engaged with it"),
        ("rank", "int64", "partner's rank; empty without a score"),
        ("partner_score", "float64", "overall score 0–100; empty without enough evidence"),
        ("partner_coverage", "float64", "share of the weights with evidence, 0–1"),
        ("domain", "string", "domain of the indicator"),
        ("domain_score", "float64", "domain score 0–100"),
        ("domain_coverage", "float64", "domain coverage 0–1"),
        ("indicator", "string", "indicator id"),
        ("value", "float64", "the indicator's raw value"),
        ("unit", "string", "its unit"),
        ("normalized", "float64", "its score 0–100 among the partners"),
        ("weight", "float64", "its weight in the domain"),
        ("evidence_count", "int64", "claims and events cited"),
        ("evidence", "string", "their ids, space separated"),
    ),
}


def _ids(values: Any) -> str:
    return " ".join(str(v) for v in values or () if v)


def _words(value: Any) -> str | None:
    if isinstance(value, list | tuple):
        return " | ".join("—" if v is None else str(v) for v in value)
    return value


def claim_rows(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every claim with its source's citation, one source's claims in memory at a time."""
    corrected = store.corrected_claim_ids(conn)
    for source in store.list_sources(conn):
        for claim in store.list_claims(conn, ClaimFilter(source=source.id)):
            yield claim_row(claim, source, corrected)


def claim_rows_of(conn: Connection, pages: Iterable[list[Claim]]) -> Iterator[dict[str, Any]]:
    """The claims of pages (say, a filtered table read a page at a time), in their order."""
    from geoledger.store import reconciled

    corrected = store.corrected_claim_ids(conn)
    for page in pages:
        sources = reconciled.sources_by_ids(conn, {c.source_id or "" for c in page})
        for claim in page:
            yield claim_row(claim, sources.get(claim.source_id or ""), corrected)


def claim_row(claim: Claim, source: Source | None, corrected: frozenset[str]) -> dict[str, Any]:
    """One claim as the claims table exports it, cited by its source."""
    from geoledger.pipeline import figures

    titles = {source.id: source.title} if source else {}
    r = pipeline.claim_record(claim, titles, corrected)
    rate = r["usd_rate"]
    return {
        **{c.name: r.get(c.name) for c in TABLES["claims"]},
        "status": r["figure_status"],
        "counts_in_headlines": figures.counts_in_headline(r["figure_status"]),
        "usd_max": None
        if rate is None or r["value_max"] is None
        else round(r["value_max"] * rate, 2),
        "source_outlet": source.outlet if source else None,
        "source_author": source.author if source else None,
        "source_date": source.published_on if source else None,
        "source_url": source.url if source else None,
        "place_start": r["start"],
        "place_end": r["end"],
    }


def source_rows(
    conn: Connection, pages: Iterable[list[dict[str, Any]]] | None = None
) -> Iterator[dict[str, Any]]:
    """Every source (or those of pages) with its citation fields and number of claims."""
    from geoledger.pipeline import pages as paging

    if pages is None:
        pages = _every_source_page(conn, paging)
    for page in pages:
        yield from page


def _every_source_page(conn: Connection, paging: Any) -> Iterator[list[dict[str, Any]]]:
    after = None
    while True:
        found = paging.sources_page(conn, after=after, limit=1000)
        if found["items"]:
            yield found["items"]
        if found["next"] is None:
            return
        after = found["next"]


def actor_rows(
    conn: Connection, pages: Iterable[list[dict[str, Any]]] | None = None
) -> Iterator[dict[str, Any]]:
    """Every actor (or those of pages) with its other names and the sources that name it."""
    if pages is None:
        pages = [[pipeline.actor_record(a) for a in store.list_actors(conn)]]
    for page in pages:
        for r in page:
            yield {
                **r,
                "aliases": _words(r["aliases"]) or None,
                "sources": _ids(r["sources"]) or None,
            }


def event_rows(
    conn: Connection, pages: Iterable[list[dict[str, Any]]] | None = None
) -> Iterator[dict[str, Any]]:
    """Every event (or those of pages) of the timeline, with who took part and who reports it."""
    for page in pages or [pipeline.event_records(conn)]:
        for r in page:
            yield {
                **r,
                "actors": _words(r["actors"]) or None,
                "sources": _ids(r["sources"]) or None,
            }


def fact_rows(
    conn: Connection, pages: Iterable[list[dict[str, Any]]] | None = None
) -> Iterator[dict[str, Any]]:
    """Every fact (or those of pages): its key, verdict, best value and support."""
    from geoledger.api import actions
    from geoledger.pipeline import figures, review

    for r in (r for page in pages or [review.list_facts(conn)] for r in actions.with_ids(page)):
        best = r.get("best") or {}
        support = r.get("support") or {}
        yield {
            "id": r["id"],
            **{k: _words(r["key"].get(k)) for k in ("metric", "measure", "subject", "partner")},
            **{k: _words(r["key"].get(k)) for k in ("entity", "object", "period")},
            "verdict": figures.verdict_name(r),
            "best_claim": best.get("claim"),
            "best_value": best.get("value"),
            "best_value_max": best.get("value_max"),
            "best_unit": best.get("unit"),
            "best_usd": best.get("usd"),
            "versions": len(r["versions"]),
            "version_claims": _ids(v.get("claim") for v in r["versions"]),
            "sources": support.get("sources"),
            "accepted": support.get("accepted"),
            "fit_for_aggregation": support.get("fit_for_aggregation"),
            "reason": r.get("reason"),
        }


def conflict_rows(
    conn: Connection, pages: Iterable[list[dict[str, Any]]] | None = None
) -> Iterator[dict[str, Any]]:
    """Every open disagreement (or those of pages), named by kind, with its versions."""
    from geoledger.api import actions
    from geoledger.pipeline import figures, review

    for page in pages or [review.list_conflicts(conn)]:
        yield from _conflict_rows(figures.with_claim_ranges(conn, actions.with_ids(page)))


def _conflict_rows(rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for r in rows:
        key = r.get("key") or {}
        versions = r.get("versions") or []
        yield {
            "id": r["id"],
            "kind": r["kind"],
            "verdict": r["verdict"],
            **{k: _words(key.get(k)) for k in ("metric", "subject", "partner", "period")},
            "claims": _ids(v.get("claim") for v in versions),
            "events": _ids(v.get("event") for v in versions),
            "versions": " | ".join(
                f"{v.get('claim') or v.get('event')}: "
                + (numbers.claim_amount(v) if v.get("value") is not None else "no amount")
                for v in versions
            ),
            "reason": r.get("reason"),
        }


def trade_rows(conn: Connection, subject: str, partner: str) -> Iterator[dict[str, Any]]:
    """The trade table of one pair, disputed years included with their versions."""
    rows, _ = pipeline.trade_view(conn, subject, partner)
    for r in rows:
        yield {
            **{c.name: r.get(c.name) for c in TABLES["trade"]},
            "subject": subject,
            "partner": partner,
            "derived": _ids(r["derived"]),
            "disputed": _ids(r["disputed"]),
            "claims": _ids(r["claims"]),
            "versions": " ".join(
                f"{v['field']}:{v['claim']}={numbers.plain(v['value'])}" for v in r["versions"]
            ),
            "reasons": " | ".join(r["reasons"]),
        }


def index_rows(conn: Connection, subject: str) -> Iterator[dict[str, Any]]:
    """The engagement index, one row per partner and indicator, numbers as numbers."""
    from geoledger.pipeline.index import compute_index

    index = compute_index(conn, subject)
    for p in index["partners"]:
        for d in p["domains"]:
            for i in d["indicators"]:
                yield {
                    "subject": subject,
                    "partner": p["partner"],
                    "rank": p.get("rank"),
                    "partner_score": p.get("score"),
                    "partner_coverage": p.get("coverage"),
                    "domain": d["domain"],
                    "domain_score": d.get("score"),
                    "domain_coverage": d.get("coverage"),
                    "indicator": i["id"],
                    "value": i.get("value"),
                    "unit": i.get("unit"),
                    "normalized": i.get("normalized"),
                    "weight": i.get("weight"),
                    "evidence_count": len(i.get("evidence") or []),
                    "evidence": _ids(i.get("evidence")),
                }


def rows_of(
    conn: Connection,
    table: str,
    *,
    subject: str = "Serbia",
    partner: str = "China",
    selected: Iterable[list[Any]] | None = None,
) -> Iterator[dict[str, Any]]:
    """The rows of one exported table, typed as its schema says.

    selected: the claims, facts or conflicts to export, a page at a time (a filtered,
    sorted table); by default every row.
    """
    makers: dict[str, Callable[[], Iterator[dict[str, Any]]]] = {
        "claims": lambda: claim_rows(conn) if selected is None else claim_rows_of(conn, selected),
        "facts": lambda: fact_rows(conn, selected),
        "sources": lambda: source_rows(conn, selected),
        "events": lambda: event_rows(conn, selected),
        "actors": lambda: actor_rows(conn, selected),
        "conflicts": lambda: conflict_rows(conn, selected),
        "trade": lambda: trade_rows(conn, subject, partner),
        "index": lambda: index_rows(conn, subject),
    }
    if table not in makers:
        raise InvalidInput(f"No table '{table}' to export; choose one of {', '.join(TABLES)}.")
    columns = TABLES[table]
    for row in makers[table]():
        yield {c.name: _typed(row.get(c.name), c.type) for c in columns}


def _typed(value: Any, kind: str) -> Any:
    """value as the column's type; None stays None (an empty cell, a null)."""
    if value is None or value == "":
        return None  # an empty text and a missing one are one thing in CSV: both are missing
    if kind == "float64":
        return float(value)
    if kind == "int64":
        return int(value)
    if kind == "bool":
        return bool(value)
    return str(value)


def write(rows: Iterator[dict[str, Any]], table: str, fmt: str, out: IO[Any] | Path) -> int:
    """Write rows of table in fmt to out (a text stream for csv/json, a path for parquet)."""
    columns = TABLES[table]
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise InvalidInput("Parquet is binary: give --out FILE.parquet.")
        return _write_parquet(rows, columns, out)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as stream:
            return write(rows, table, fmt, stream)
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow([c.name for c in columns])
        count = 0
        for row in rows:
            writer.writerow([_csv_cell(row[c.name]) for c in columns])
            count += 1
        return count
    if fmt == "json":
        out.write("[")
        count = 0
        for row in rows:
            out.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
            count += 1
        out.write("\n]\n")
        return count
    raise InvalidInput(f"No format '{fmt}'; choose one of {', '.join(FORMATS)}.")


def _csv_cell(value: Any) -> Any:
    if isinstance(value, float):
        return numbers.plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def arrow_schema(table: str) -> Any:
    """The table's columns as a pyarrow schema, each field documented."""
    import pyarrow as pa

    types = {"string": pa.string(), "float64": pa.float64(), "int64": pa.int64()}
    types["bool"] = pa.bool_()
    return pa.schema(
        [pa.field(c.name, types[c.type], metadata={"doc": c.doc}) for c in TABLES[table]],
        metadata={"geoledger.table": table, "geoledger.rule": "export.v1"},
    )


def _write_parquet(rows: Iterator[dict[str, Any]], columns: tuple[Column, ...], out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = next(name for name, cols in TABLES.items() if cols is columns)
    schema = arrow_schema(table)
    count = 0
    with pq.ParquetWriter(str(out), schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            count += 1
            if len(batch) >= BATCH:
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                batch = []
        if batch or count == 0:
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
    return count


def schema_markdown() -> str:
    """Every exported table's columns as Markdown: the documented schema."""
    lines = ["# Export schema (export.v1)", ""]
    lines += [
        "`geoledger export TABLE --format csv|json|parquet` writes these columns in this order.",
        "Empty CSV cells and JSON nulls are missing values; numbers are written out in full.",
    ]
    for name, columns in TABLES.items():
        lines += ["", f"## {name}", "", "| column | type | meaning |", "|---|---|---|"]
        lines += [f"| {c.name} | {c.type} | {c.doc} |" for c in columns]
    return "\n".join(lines) + "\n"
