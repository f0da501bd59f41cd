"""Build a ledger of N generated claims fast, straight through the store's tables.

The claims look like extracted ones: articles (sources with text) of about 25 claims each,
from many outlets and authors; subjects and partners from the bundled dataset's countries,
skewed as a real press corpus is (Serbia–China leads); companies and banks as entities of
money; 25 metrics; years 2000–2025 and some undated figures; versions of one fact that
agree, that agree within tolerance and that conflict; a few accepted or rejected by a
reviewer (with their audit entries). Rows go in with executemany in one transaction; the
bundled dataset is loaded first through the normal path, so events and curated claims exist.

Deterministic for a given N (random.Random(N)): the same N gives the same ledger.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Engine, insert, select

from geoledger import pipeline
from geoledger.store import schema as t
from geoledger.store.audit import FIELDS, entry_hash

CLAIMS_PER_SOURCE = 25
BUILD_CACHE_KIB = 4 * 1024 * 1024  # SQLite page cache while building: the whole ledger fits
OUTLETS = [f"Outlet {i:02d}" for i in range(60)]
AUTHORS = [f"Reporter {i:03d}" for i in range(400)]
PAIRS_WEIGHTED = [
    (("Serbia", "China"), 10),
    (("Serbia", "Russia"), 4),
    (("Serbia", "European Union"), 4),
    (("Serbia", "United States"), 3),
    (("Hungary", "China"), 2),
    (("Montenegro", "China"), 2),
    (("Bosnia and Herzegovina", "China"), 2),
    (("North Macedonia", "China"), 1),
]
MONEY = ("investment.deal", "investment.pledge", "loan", "project.value", "aid.grant")
METRIC_WEIGHTS = {
    "trade.total": 6,
    "trade.exports": 8,
    "trade.imports": 8,
    "trade.balance": 3,
    "trade.partner_share_exports": 2,
    "trade.product_share_exports": 2,
    "investment.total": 4,
    "investment.deal": 8,
    "investment.pledge": 3,
    "investment.stake": 2,
    "loan": 5,
    "finance.total": 2,
    "aid.grant": 2,
    "project.value": 5,
    "macro.gdp_share": 1,
    "macro.unemployment": 1,
    "policy.alignment_rate": 1,
    "opinion.share": 2,
    "tourism.arrivals": 2,
    "tourism.overnights": 1,
    "security.count": 2,
    "society.count": 1,
    "other": 1,
}
PRODUCTS = ("copper", "tyres", "steel", "electric cables", "fruit", "maize", "machinery")
YEARS = list(range(2000, 2026))


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([w[0] for w in weighted], [w[1] for w in weighted])[0]


def _companies(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.actors.c.name).where(t.actors.c.kind.in_(["company", "bank", "project"]))
        )
        return sorted(rows.scalars())


def _fact(rng: random.Random, companies: list[str]) -> dict[str, Any]:
    """One statement many articles may report: its key and its true value."""
    subject, partner = _pick(rng, PAIRS_WEIGHTED)
    metric = _pick(rng, list(METRIC_WEIGHTS.items()))
    entity = rng.choice(companies) if metric in MONEY or metric == "investment.stake" else None
    obj = rng.choice(PRODUCTS) if metric == "trade.product_share_exports" else None
    period = None if rng.random() < 0.04 else str(rng.choice(YEARS))
    if metric.startswith(("trade.partner", "trade.product", "macro", "policy", "opinion")):
        unit, value = "percent", round(rng.uniform(1, 60), 1)
    elif metric.endswith("stake"):
        unit, value = "percent", float(rng.choice((10, 25, 49, 51, 63, 100)))
    elif metric.startswith(("tourism", "security", "society", "other")):
        unit, value = "count", float(rng.randint(3, 200_000))
    else:
        unit = "EUR" if rng.random() < 0.3 else "USD"
        value = round(rng.uniform(0.05, 9.5), rng.choice((1, 2))) * 10 ** rng.choice((6, 8, 9))
    measure = "change" if rng.random() < 0.05 else "level"
    return {
        "metric": metric,
        "subject": subject,
        "partner": partner,
        "entity": entity,
        "object": obj,
        "period": period,
        "unit": unit,
        "value": value,
        "measure": measure,
    }


def _version_value(rng: random.Random, value: float) -> tuple[float, str]:
    """Most versions repeat the figure; some round or approximate it; a few disagree."""
    roll = rng.random()
    if roll < 0.75:
        return value, "exact"
    if roll < 0.9:
        return float(f"{value:.2g}"), "approx"
    if roll < 0.95:
        return value * rng.choice((0.5, 1.3, 2.0)), "exact"
    return value, rng.choice(("at_least", "approx"))


def _describe(fact: dict[str, Any], surface: str) -> str:
    what = fact["metric"].replace(".", " ").replace("_", " ")
    who = f"{fact['subject']} and {fact['partner']}"
    entity = f" by {fact['entity']}" if fact["entity"] else ""
    year = f" in {fact['period']}" if fact["period"] else ""
    return f"The {what}{entity} between {who} was {surface}{year}, officials said. "


def _surface(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{value:g} percent"
    if unit == "count":
        return f"{value:,.0f}"
    if value >= 1e9:
        return f"{value / 1e9:g} billion {unit}"
    return f"{value / 1e6:g} million {unit}"


def generate(n_claims: int, companies: list[str]) -> Iterator[tuple[dict, list[dict]]]:
    """(source row, its claim rows) for n_claims claims in articles of about 25 claims."""
    rng = random.Random(n_claims)
    # About one fact per eight claims: each fact is reported by several articles.
    facts = [_fact(rng, companies) for _ in range(max(1, n_claims // 8))]
    weights = [rng.paretovariate(1.2) for _ in facts]  # a few facts are reported very often
    stamp = "2026-01-01T00:00:00+00:00"
    made = 0
    article = 0
    while made < n_claims:
        count = min(CLAIMS_PER_SOURCE, n_claims - made)
        source_id = f"gen_{article:07d}.txt"
        text_parts: list[str] = [f"Generated article {article} about regional ties. "]
        offset = len(text_parts[0])
        claims = []
        for fact in rng.choices(facts, weights, k=count):
            value, qualifier = _version_value(rng, fact["value"])
            surface = _surface(value, fact["unit"])
            sentence = _describe(fact, surface)
            start = offset + sentence.index(surface)
            claim_id = "g" + hashlib.sha256(f"{source_id}:{made}".encode()).hexdigest()[:15]
            roll = rng.random()
            status = "accepted" if roll < 0.01 else "rejected" if roll < 0.015 else "candidate"
            claims.append(
                {
                    "id": claim_id,
                    "source_id": source_id,
                    "start": start,
                    "end": start + len(surface),
                    "surface": surface,
                    "value": value,
                    "value_max": None,
                    "unit": fact["unit"],
                    "qualifier": qualifier,
                    "measure": fact["measure"],
                    "period": fact["period"],
                    "metric": fact["metric"],
                    "subject": fact["subject"],
                    "partner": fact["partner"],
                    "entity": fact["entity"],
                    "object": fact["object"],
                    "status": status,
                    "origin": "extracted",
                    "made_by": "money.v1",
                    "note": None,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "version": 1 if status == "candidate" else 2,
                }
            )
            text_parts.append(sentence)
            offset += len(sentence)
            made += 1
        source = {
            "id": source_id,
            "title": f"Generated article {article}",
            "author": rng.choice(AUTHORS),
            "outlet": rng.choice(OUTLETS),
            "published_on": f"{rng.choice(YEARS)}-{rng.randint(1, 12):02d}-01",
            "url": f"https://example.org/news/{article}",
            "kind": "text",
            "content_hash": hashlib.sha256(source_id.encode()).hexdigest(),
            "text": "".join(text_parts),
            "fetched_at": stamp,
        }
        article += 1
        yield source, claims


def build_ledger(
    engine: Engine, n_claims: int, *, after_rows: Callable[[Any], None] | None = None
) -> float:
    """Load the bundled dataset and n_claims generated claims into engine; seconds taken."""
    began = time.perf_counter()
    pipeline.load_dataset(engine)
    companies = _companies(engine)
    sources: list[dict] = []
    claims: list[dict] = []
    audit: list[dict] = []
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            # One transaction of a million rows: with the default cache SQLite spills dirty
            # pages to the WAL over and over (GBs written, the build bound by I/O).
            conn.exec_driver_sql(f"PRAGMA cache_size=-{BUILD_CACHE_KIB}")
        chain = _AuditChain(conn)
        for source, rows in generate(n_claims, companies):
            sources.append(source)
            claims += rows
            for row in rows:
                audit.append(chain.seal(_audit(row, "create", "money.v1", None)))
                if row["status"] != "candidate":
                    action = "accept" if row["status"] == "accepted" else "reject"
                    audit.append(chain.seal(_audit(row, action, "reviewer", "candidate")))
            if len(claims) >= 20_000:
                _flush(conn, sources, claims, audit)
        _flush(conn, sources, claims, audit)
        if after_rows is not None:
            after_rows(conn)
    return time.perf_counter() - began


class _AuditChain:
    """Ids and hashes for audit rows appended after the chain's head, as store.audit seals them.

    The rows go in by executemany, so the chain is extended here rather than through
    append_entries (which reads the head per call); `geoledger audit verify` accepts the result.
    """

    def __init__(self, conn: Any) -> None:
        log = t.audit_log.c
        head = conn.execute(select(log.id, log.hash).order_by(log.id.desc()).limit(1)).first()
        self.last_id, self.last_hash = (head.id, head.hash) if head else (0, None)

    def seal(self, entry: dict[str, Any]) -> dict[str, Any]:
        self.last_id += 1
        self.last_hash = entry_hash(self.last_hash, self.last_id, entry)
        return {
            **{name: entry.get(name) for name in FIELDS},
            "id": self.last_id,
            "hash": self.last_hash,
        }


def _audit(row: dict[str, Any], action: str, who: str, before: str | None) -> dict[str, Any]:
    after = row if action == "create" else {"status": row["status"]}
    return {
        "claim_id": row["id"],
        "at": row["created_at"],
        "who": who,
        "action": action,
        "before": None if before is None else json.dumps({"status": before}),
        "after": json.dumps({k: v for k, v in after.items() if k != "version"}, sort_keys=True),
        "why": "generated review" if action == "reject" else None,
    }


def _flush(conn: Any, sources: list[dict], claims: list[dict], audit: list[dict]) -> None:
    for table, rows in ((t.sources, sources), (t.claims, claims), (t.audit_log, audit)):
        if rows and conn.dialect.name == "postgresql":
            _copy(conn, table, rows)
        elif rows:
            conn.execute(insert(table), rows)
        rows.clear()


def _copy(conn: Any, table: Any, rows: list[dict]) -> None:
    """rows into table by one COPY: psycopg's executemany sends a statement per row, and the
    statement triggers of migrations 0008/0009 then run once per row (hours at 1 M)."""
    names = list(rows[0])
    columns = ", ".join(f'"{name}"' for name in names)
    cursor = conn.connection.dbapi_connection.cursor()
    with cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[name] for name in names])
    cursor.close()
