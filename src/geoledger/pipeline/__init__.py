"""Wires the stages to the store: read rows, call pure stages, write results back.

One module per concern: this one loads datasets and reads the ledger; ingest.py runs
documents through extraction; review.py groups claims into facts and records decisions;
index.py computes the four-powers comparison.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from geoledger import store
from geoledger.analysis.currency import NoConversion, UsdConversion, to_usd, usd_or_reason
from geoledger.errors import GeoledgerError, InvalidInput
from geoledger.models import Actor, Claim, Event, EventActor, Source, name_key
from geoledger.numbers import amount
from geoledger.periods import parse_period, period_within
from geoledger.store import ClaimFilter

CURATOR = "geoledger-dataset"


def bundled_dataset() -> Path:
    """The folder of the China–Serbia dataset shipped inside the package."""
    return Path(str(resources.files("geoledger") / "data" / "china_serbia"))


@contextmanager
def connect(engine: Engine) -> Iterator[Connection]:
    """One transaction: everything inside commits together or not at all."""
    with engine.begin() as conn:
        yield conn


# --- loading a dataset folder --------------------------------------------------------------


@dataclass
class LoadReport:
    dataset: str
    added: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split(";") if part.strip())


def _none(cell: str | None) -> str | None:
    return cell if cell not in (None, "") else None


def _float(cell: str | None, where: str = "") -> float | None:
    if cell in (None, ""):
        return None
    try:
        return float(cell)
    except ValueError:
        raise InvalidInput(f"{where}: '{cell}' is not a number.") from None


def _amount(cell: str | None, where: str) -> tuple[float | None, float | None]:
    """An amount, or a range written low-high: (amount, amount_max)."""
    if cell and "-" in cell.strip().lstrip("-"):
        low, _, high = cell.strip().partition("-")
        return _float(low, where), _float(high, where)
    return _float(cell, where), None


REQUIRED_COLUMNS = {
    "sources": ("id",),
    "actors": ("id", "name", "kind"),
    "events": ("id", "kind", "domain"),
    "claims": ("id", "source", "metric", "value", "unit"),
}


def _read_csv(folder: Path, name: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    path = folder / name
    if not path.is_file():
        raise InvalidInput(f"{path}: missing; a dataset folder needs {name}.")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or ())]
            if missing:
                raise InvalidInput(f"{path}: no column {', '.join(missing)} in the header.")
            return list(reader)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 (byte {exc.start}).") from None


def _parse_rows(path: Path, rows: list[dict[str, str]], build: Any) -> list[Any]:
    """build(row, where) for every row; a bad cell names its file and line."""
    records = []
    for line, row in enumerate(rows, start=2):
        where = f"{path}:{line}"
        try:
            records.append(build(row, where))
        except ValueError as exc:
            raise InvalidInput(f"{where}: {exc}") from None
    return records


def read_dataset(folder: Path) -> tuple[str, list[Source], list[Actor], list[Event], list[Claim]]:
    """Parse a dataset folder (dataset.toml and four CSV files) into ledger records."""
    if not folder.is_dir():
        raise InvalidInput(f"{folder}: no such dataset folder.")
    manifest_path = folder / "dataset.toml"
    manifest: dict[str, Any] = {}
    if manifest_path.is_file():
        try:
            manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"{manifest_path}: not valid TOML ({exc}).") from None
    files = {
        "sources": "sources.csv",
        "actors": "actors.csv",
        "events": "events.csv",
        "claims": "claims.csv",
        **manifest.get("files", {}),
    }
    name = str(manifest.get("name", folder.name))

    def source(r: dict[str, str], _where: str) -> Source:
        return Source(
            id=r["id"],
            title=_none(r.get("title")),
            author=_none(r.get("author")),
            outlet=_none(r.get("outlet")),
            published_on=_none(r.get("published_on")),
            url=_none(r.get("url")),
            kind=_none(r.get("kind")),
        )

    def actor(r: dict[str, str], _where: str) -> Actor:
        return Actor(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            country=_none(r.get("country")),
            aliases=_split(r.get("aliases")),
            note=_none(r.get("note")),
            sources=_split(r.get("sources")),
        )

    def event(r: dict[str, str], where: str) -> Event:
        amount, amount_max = _amount(r.get("amount"), where)
        pairs = []
        for item in _split(r.get("actors")):
            actor_id, _, role = item.partition(":")
            pairs.append(EventActor(actor_id.strip(), role.strip() or "participant"))
        return Event(
            id=r["id"],
            date=_none(r.get("date")),
            date_precision=_none(r.get("date_precision")),
            kind=r["kind"],
            domain=r["domain"],
            actors=tuple(pairs),
            amount=amount,
            amount_max=amount_max,
            currency=_none(r.get("currency")),
            summary=_none(r.get("summary")),
            sources=_split(r.get("sources")),
            conflict_with=_split(r.get("conflict_with")),
        )

    def claim(r: dict[str, str], where: str) -> Claim:
        return Claim(
            id=r["id"],
            source_id=r["source"],
            metric=r["metric"],
            subject=_none(r.get("subject")),
            partner=_none(r.get("partner")),
            entity=_none(r.get("entity")),
            object=_none(r.get("object")),
            period=_none(r.get("period")),
            value=_float(r["value"], where) if r["value"] else _missing("value"),
            value_max=_float(r.get("value_max"), where),
            unit=r["unit"],
            qualifier=r.get("qualifier") or "exact",
            measure=r.get("measure") or "level",
            status="accepted",
            origin="curated",
            made_by=f"dataset:{name}",
        )

    parsed = {}
    for kind, build in (
        ("sources", source),
        ("actors", actor),
        ("events", event),
        ("claims", claim),
    ):
        rows = _read_csv(folder, files[kind], REQUIRED_COLUMNS[kind])
        parsed[kind] = _parse_rows(folder / files[kind], rows, build)
    return name, parsed["sources"], parsed["actors"], parsed["events"], parsed["claims"]


def _missing(column: str) -> float:
    raise ValueError(f"no {column}")


def load_dataset(engine: Engine, folder: Path | None = None) -> LoadReport:
    """Load a dataset folder (default: bundled) in one transaction; twice changes nothing."""
    folder = folder or bundled_dataset()
    name, sources, actors, events, claims = read_dataset(folder)
    report = LoadReport(dataset=name)
    with connect(engine) as conn:
        store.lock_document(conn, f"dataset {name}")  # two loads at once take turns
        _check_references(conn, folder, sources, actors, events, claims)
        for label, rows, save in (
            ("sources", sources, lambda c, r: store.save_source(c, r)[1]),
            ("actors", actors, store.save_actor),
            ("events", events, store.save_event),
            ("claims", claims, lambda c, r: store.save_claim(c, r, who=CURATOR)),
        ):
            added = sum(1 for row in rows if save(conn, row))
            report.added[label] = added
            report.present[label] = len(rows) - added
        from geoledger.pipeline.stored import refresh_reconciliation

        refresh_reconciliation(conn)
    return report


def _check_references(
    conn: Connection,
    folder: Path,
    sources: list[Source],
    actors: list[Actor],
    events: list[Event],
    claims: list[Claim],
) -> None:
    """Refuse a dataset that cites a source or actor neither it nor the ledger holds."""
    known_sources = {s.id for s in sources} | {s.id for s in store.list_sources(conn)}
    known_actors = {a.id for a in actors} | {a.id for a in store.list_actors(conn)}
    problems = [
        f"claims.csv: claim {c.id} cites source '{c.source_id}', not in sources.csv"
        for c in claims
        if c.source_id not in known_sources
    ]
    for e in events:
        problems += [
            f"events.csv: event {e.id} names actor '{a.actor_id}', not in actors.csv"
            for a in e.actors
            if a.actor_id not in known_actors
        ]
        problems += [
            f"events.csv: event {e.id} cites source '{sid}', not in sources.csv"
            for sid in e.sources
            if sid not in known_sources
        ]
    problems += [
        f"actors.csv: actor {a.id} cites source '{sid}', not in sources.csv"
        for a in actors
        for sid in a.sources
        if sid not in known_sources
    ]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidInput(f"{folder}/{problems[0]}{more}; nothing was loaded.")


# --- reading claims with their money in USD ------------------------------------------------


def usd_of(claim: Claim) -> UsdConversion | None:
    """The claim's value in USD at its period's rate, or None for non-money or no rate."""
    try:
        return to_usd(claim.value, claim.unit, claim.period)
    except GeoledgerError:
        return None


def usd_note(claim: Claim) -> str | None:
    """Why a money claim has no USD value (no published rate), or None when that is no news."""
    if claim.value is None or not re.fullmatch(r"[A-Z]{3}", claim.unit or ""):
        return None
    found = usd_or_reason(claim.value, claim.unit, claim.period)
    return found.reason if isinstance(found, NoConversion) else None


def claim_filter(
    conn: Connection,
    *,
    metric: str | None = None,
    subject: str | None = None,
    partner: str | None = None,
    entity: str | None = None,
    object: str | None = None,
    source: str | None = None,
    status: str | None = None,
    search: str | None = None,
) -> ClaimFilter:
    """Turn user-given names into a ClaimFilter that matches every alias, case-blind."""

    def keys(name: str | None) -> frozenset[str] | None:
        return frozenset(store.actor_name_keys(conn, name)) if name else None

    if status and status not in ("candidate", "accepted", "rejected"):
        raise InvalidInput(f"Unknown status '{status}': use candidate, accepted or rejected.")
    return ClaimFilter(
        metric=metric,
        subject=keys(subject),
        partner=keys(partner),
        entity=keys(entity),
        object=keys(object),
        source=source,
        status=status,
        search=search,
    )


def select_claims(
    conn: Connection, where: ClaimFilter, *, period: str | None = None
) -> list[Claim]:
    """Claims matching where and, if given, whose period lies inside period."""
    claims = store.list_claims(conn, where)
    if period:
        outer = parse_period(period)
        claims = [c for c in claims if c.period and _within(c.period, outer)]
    return claims


def _within(inner: str, outer: Any) -> bool:
    try:
        return period_within(parse_period(inner), outer)
    except GeoledgerError:
        return False


def claim_records(
    conn: Connection,
    *,
    metric: str | None = None,
    subject: str | None = None,
    partner: str | None = None,
    entity: str | None = None,
    object: str | None = None,
    period: str | None = None,
    source: str | None = None,
    status: str | None = None,
    search: str | None = None,
) -> list[dict[str, Any]]:
    """Claims as records, filtered as `geoledger claims` and /api/claims filter them."""
    where = claim_filter(
        conn,
        metric=metric,
        subject=subject,
        partner=partner,
        entity=entity,
        object=object,
        source=source,
        status=status,
        search=search,
    )
    titles = store.source_titles(conn)
    corrected = store.corrected_claim_ids(conn)
    return [claim_record(c, titles, corrected) for c in select_claims(conn, where, period=period)]


def claim_record(
    claim: Claim, titles: dict[str, str | None], corrected: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """A claim as the CLI and API show it: every field, its source's title and its USD value.

    figure_status: accepted, corrected (accepted after a person edited it), candidate or
    rejected; corrected names the claims that were edited (store.corrected_claim_ids).
    """
    conversion = usd_of(claim)
    return {
        "id": claim.id,
        "doc": claim.source_id,
        "start": claim.start,
        "end": claim.end,
        "surface": claim.surface,
        "value": claim.value,
        "value_max": claim.value_max,
        "unit": claim.unit,
        "qualifier": claim.qualifier,
        "measure": claim.measure,
        "period": claim.period,
        "metric": claim.metric,
        "subject": claim.subject,
        "partner": claim.partner,
        "entity": claim.entity,
        "object": claim.object,
        "source": claim.source_id,
        "source_title": titles.get(claim.source_id or ""),
        "usd": None if conversion is None else round(conversion.amount_usd, 2),
        "usd_rate": None if conversion is None else conversion.rate,
        "usd_rate_date": None if conversion is None else conversion.rate_date,
        "usd_rate_source": None if conversion is None else conversion.rate_source,
        "usd_note": usd_note(claim) if conversion is None else None,
        "status": claim.status,
        "figure_status": "corrected"
        if claim.status == "accepted" and claim.id in corrected
        else claim.status,
        "origin": claim.origin,
        "made_by": claim.made_by,
        "note": claim.note,
        "created_at": claim.created_at,
        "updated_at": claim.updated_at,
    }


# --- listings the CLI, API and web share ---------------------------------------------------


def source_records(conn: Connection) -> list[dict[str, Any]]:
    """Every source with how many claims cite it (text left out: it can be long)."""
    from geoledger.store.pages import claim_counts

    sources = store.list_sources(conn)
    counts = claim_counts(conn, [s.id for s in sources])
    return [
        {
            "id": s.id,
            "title": s.title,
            "author": s.author,
            "outlet": s.outlet,
            "published_on": s.published_on,
            "url": s.url,
            "kind": s.kind,
            "language": s.language,
            "encoding": s.encoding,
            "content_hash": s.content_hash,
            "has_text": bool(s.text),
            "claims": counts.get(s.id, 0),
        }
        for s in sources
    ]


def actor_record(actor: Actor) -> dict[str, Any]:
    """An actor as shown to people and programs."""
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "country": actor.country,
        "aliases": list(actor.aliases),
        "note": actor.note,
        "sources": list(actor.sources),
        "status": actor.status,
    }


def event_record(event: Event, names: dict[str, str]) -> dict[str, Any]:
    """An event with its actors named and their roles."""
    return {
        "id": event.id,
        "date": event.date,
        "date_precision": event.date_precision,
        "kind": event.kind,
        "domain": event.domain,
        "actors": [names.get(a.actor_id, a.actor_id) for a in event.actors],
        "roles": [
            {"actor": a.actor_id, "name": names.get(a.actor_id, a.actor_id), "role": a.role}
            for a in event.actors
        ],
        "amount": event.amount,
        "amount_max": event.amount_max,
        "currency": event.currency,
        "summary": event.summary,
        "sources": list(event.sources),
        "conflict_with": list(event.conflict_with),
    }


def _date_key(text_: str | None, *, end: bool) -> tuple[int, int, int]:
    if not text_:
        return (9999, 12, 31) if end else (0, 0, 0)
    try:
        period = parse_period(text_)
    except GeoledgerError:
        return (9999, 12, 31) if end else (0, 0, 0)
    day = period.end if end else period.start
    return (day.year, day.month, day.day)


def event_records(
    conn: Connection,
    *,
    actor: str | None = None,
    kind: str | None = None,
    domain: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict[str, Any]]:
    """The timeline, filtered; since/until compare with the event's whole date span."""
    actor_ids = None
    if actor:
        actor_ids = [store.get_actor(conn, actor).id]
    for label, value in (("--since", since), ("--until", until)):
        if value:
            try:
                parse_period(value)
            except GeoledgerError as exc:
                raise InvalidInput(f"{label} {value}: {exc}") from exc
    names = {a.id: a.name for a in store.list_actors(conn)}
    rows = []
    for event in store.list_events(conn, actor_ids=actor_ids, kind=kind, domain=domain):
        if (since or until) and not event.date:
            continue  # an undated event cannot be placed inside a span
        if since and _date_key(event.date, end=True) < _date_key(since, end=False):
            continue
        if until and _date_key(event.date, end=False) > _date_key(until, end=True):
            continue
        rows.append(event_record(event, names))
    rows.sort(key=lambda r: (_date_key(r["date"], end=False), r["id"]))
    return rows


def actor_dossier(conn: Connection, name: str) -> dict[str, Any]:
    """Who an actor is, its events in order, the claims about it, the sources that name it."""
    who = store.get_actor(conn, name)
    keys = frozenset(store.actor_name_keys(conn, who.id))
    titles = store.source_titles(conn)
    seen: dict[str, Claim] = {}
    for field_ in ("subject", "partner", "entity", "object"):
        for claim in store.list_claims(conn, ClaimFilter(**{field_: keys})):
            seen.setdefault(claim.id or "", claim)
    claims = [claim_record(c, titles) for c in seen.values()]
    events = event_records(conn, actor=who.id)
    source_ids = set(who.sources) | {c["source"] for c in claims}
    for event in events:
        source_ids.update(event["sources"])
    sources = [s for s in source_records(conn) if s["id"] in source_ids]
    return {"actor": actor_record(who), "events": events, "claims": claims, "sources": sources}


def trade_claims(
    conn: Connection,
    subject: str,
    partner: str,
    *,
    fit_only: bool = True,
    left_out_limit: int | None = None,
) -> tuple[list[Claim], list[Claim]]:
    """(used, left out): trade claims of the pair; by default only facts fit for aggregation.

    A fit fact (aggregation.v1: versions agree, a person accepted one, its checks pass)
    contributes its best claim; everything else is left out and listed, never silently
    (the first left_out_limit of them by id, when given; trade_left_out_count counts them).
    """
    from geoledger.pipeline.review import aggregation_claims

    for name in (subject, partner):
        store.get_actor(conn, name)  # an unknown name is an error, not an empty table
    where = claim_filter(conn, subject=subject, partner=partner, metric="trade")
    if not fit_only:
        return [c for c in store.list_claims(conn, where) if c.status != "rejected"], []
    from geoledger.pipeline.pages import pair_aggregation_claims

    used = pair_aggregation_claims(conn, subject, partner, metric="trade")
    left_out, _ = _left_out(conn, where, used, left_out_limit)
    return used, left_out


def _left_out(
    conn: Connection, where: ClaimFilter, used: list[Claim], limit: int | None
) -> tuple[list[Claim], int]:
    from geoledger.pipeline.stored import selection
    from geoledger.store.pages import claims_besides

    return claims_besides(conn, selection(where), [c.id or "" for c in used], limit=limit)


def trade_left_out_count(conn: Connection, subject: str, partner: str) -> int:
    """How many trade claims of the pair the fit-only trade table leaves out."""
    from geoledger.pipeline.pages import pair_aggregation_claims

    where = claim_filter(conn, subject=subject, partner=partner, metric="trade")
    used = pair_aggregation_claims(conn, subject, partner, metric="trade")
    return _left_out(conn, where, used, 1)[1]


def trade_rows(
    conn: Connection, subject: str, partner: str, *, fit_only: bool = True
) -> list[dict[str, Any]]:
    """Trade of subject with partner per year, USD, stated figures first, derived ones marked."""
    return trade_view(conn, subject, partner, fit_only=fit_only)[0]


def trade_view(
    conn: Connection,
    subject: str,
    partner: str,
    *,
    fit_only: bool = True,
    left_out_limit: int | None = None,
) -> tuple[list[dict[str, Any]], list[Claim]]:
    """(yearly rows, claims left out), reconciling the ledger once for both."""
    from geoledger.analysis.trade import trade_table

    claims, left_out = trade_claims(
        conn, subject, partner, fit_only=fit_only, left_out_limit=left_out_limit
    )

    def usd(claim: Claim) -> float | None:
        if claim.unit == "percent":
            return claim.value
        conversion = usd_of(claim)
        return None if conversion is None else conversion.amount_usd

    rows = [
        {
            "year": row.year,
            "exports": row.exports,
            "imports": row.imports,
            "total": row.total,
            "balance": row.balance,
            "coverage": row.coverage,
            "growth": row.growth,
            "share_exports": row.share_exports,
            "share_imports": row.share_imports,
            "derived": list(row.derived),
            "claims": list(row.claims),
            "disputed": list(row.disputed),
            "versions": [
                {"field": v.field, "claim": v.claim, "value": v.value, "used": v.used}
                for v in row.versions
            ],
            "reasons": [],
        }
        for row in trade_table(claims, to_usd=usd, held_back=left_out)
    ]
    if any(r["disputed"] for r in rows):
        _attach_trade_reasons(conn, subject, partner, rows)
    return rows, left_out


def _attach_trade_reasons(
    conn: Connection, subject: str, partner: str, rows: list[dict[str, Any]]
) -> None:
    """Give each disputed trade year the reasons of the conflicts its versions are part of."""
    from geoledger.pipeline.pages import conflicts_of_claims

    # Only the conflicts holding a version of a disputed year: read by claim, not by pair.
    disputed = [v["claim"] for row in rows if row["disputed"] for v in row["versions"]]
    conflicts = conflicts_of_claims(conn, disputed, events=False, verdict="conflict")
    for row in rows:
        if not row["disputed"]:
            continue
        mine = {v["claim"] for v in row["versions"]}
        for conflict in conflicts:
            if conflict.get("verdict") != "conflict":
                continue
            ids = {v.get("claim") for v in conflict.get("versions", [])}
            if ids & mine and conflict["reason"] not in row["reasons"]:
                row["reasons"].append(conflict["reason"])
        if not row["reasons"]:
            row["reasons"].append("the versions of " + ", ".join(row["disputed"]) + " differ")


def search_records(conn: Connection, text_: str, *, limit: int = 50) -> list[dict[str, Any]]:
    """Actors, sources and claims matching text_, in that order."""
    return search_page(conn, text_, limit=limit)[0]


def search_page(
    conn: Connection, text_: str, *, limit: int = 50, offset: int = 0, rows: int | None = None
) -> tuple[list[dict[str, Any]], int]:
    """rows hits of search_records(text_, limit=limit) from offset, and how many it has.

    Only ids are read for the whole answer (up to limit sources and 3 × limit claims); the
    texts cut into snippets and the claims shown are read for the page alone.
    """
    if not text_.strip():
        raise InvalidInput("Search for what? Give one or more words.")
    cap = limit * 3
    key = text_.casefold()
    actors = [
        {"kind": "actor", "id": actor.id, "label": actor.name, "snippet": actor.note or ""}
        for actor in store.list_actors(conn)
        if any(key in s.casefold() for s in (actor.name, actor.id, *actor.aliases))
    ]
    source_ids = store.matching_source_ids(conn, text_, limit=limit)
    claim_ids = store.matching_claim_ids_listed(conn, text_, limit=cap)
    hits: list[tuple[str, Any]] = [("actor", a) for a in actors]
    hits += [("source", i) for i in source_ids] + [("claim", i) for i in claim_ids]
    hits = hits[:cap]
    page = hits[offset:] if rows is None else hits[offset : offset + rows]
    shown_sources = [i for kind, i in page if kind == "source"]
    snippets = store.source_snippets(conn, text_, shown_sources)
    titles = store.source_titles_of(conn, shown_sources)
    shown_claims = [i for kind, i in page if kind == "claim"]
    claims = {c.id: c for c in store.list_claims(conn, ClaimFilter(ids=shown_claims))}
    found: list[dict[str, Any]] = []
    for kind, item in page:
        if kind == "actor":
            found.append(item)
        elif kind == "source":
            found.append(
                {
                    "kind": "source",
                    "id": item,
                    "label": titles.get(item) or "",
                    "snippet": snippets[item],
                }
            )
        else:
            claim = claims[item]
            found.append(
                {
                    "kind": "claim",
                    "id": claim.id,
                    "label": f"{claim.metric} {claim.period or ''}".strip(),
                    "snippet": f"{amount(claim.value, claim.unit)} · {claim.subject or ''} / "
                    f"{claim.partner or ''} · {claim.entity or claim.object or ''}",
                }
            )
    return found, len(hits)


MONEY_METRICS = (
    "investment.deal",
    "investment.total",
    "investment.pledge",
    "loan",
    "finance.total",
    "project.value",
)


def overview(conn: Connection, subject: str, partner: str, *, top: int = 8) -> dict[str, Any]:
    """What a newcomer sees first: counts, trade, the largest sums of money, latest events."""
    titles = store.source_titles(conn)
    where = claim_filter(conn, subject=subject, partner=partner)
    money = [
        claim_record(c, titles)
        for c in store.list_claims(conn, where)
        if c.metric in MONEY_METRICS and c.status != "rejected"
    ]
    money = [m for m in money if m["usd"] is not None]
    money.sort(key=lambda m: -m["usd"])
    latest = event_records(conn)[-top:][::-1]
    trade, left_out = trade_view(conn, subject, partner)
    return {
        "counts": store.count_rows(conn),
        "trade": trade,
        "trade_left_out": sorted(c.id or "" for c in left_out),
        "money": money[:top],
        "events": latest,
    }


def one_row_per_statement(conn: Connection, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row for a figure a source states once, though curated and extracted both hold it.

    The curated (accepted) claim leads; the others are listed under it as `also`.
    """
    rank = {"accepted": 0, "candidate": 1}
    actor_of = {
        name_key(spelling): actor.id
        for actor in store.list_actors(conn)
        for spelling in (actor.name, *actor.aliases)
    }
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for r in records:
        # Who acted is part of the statement: "€1 billion each" by two buyers is two rows;
        # the same actor under two of its names ("Zijin", "Zijin Mining") is one.
        who = actor_of.get(name_key(r["entity"] or ""), name_key(r["entity"] or ""))
        key = (r["source"], r["metric"], r["period"], r["value"], r["value_max"], r["unit"], who)
        groups.setdefault(key, []).append(r)
    rows = []
    for group in groups.values():
        group.sort(key=lambda r: (rank.get(r["status"], 2), r["origin"] != "curated", r["id"]))
        rows.append({**group[0], "also": [r["id"] for r in group[1:]]})
    return rows
