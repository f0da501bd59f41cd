"""Read and write the ledger's rows; every function takes an open connection."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select, true, update

from geoledger.errors import InvalidInput, NotFound
from geoledger.links import web_url
from geoledger.models import Actor, Claim, Event, EventActor, Issue, Source, name_key
from geoledger.store import schema as t
from geoledger.store.audit import append_entries
from geoledger.store.search import matching_claim_ids, matching_source_ids

CLAIM_COLUMNS = (
    "id",
    "source_id",
    "start",
    "end",
    "surface",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "measure",
    "period",
    "metric",
    "subject",
    "partner",
    "entity",
    "object",
    "status",
    "origin",
    "made_by",
    "note",
    "created_at",
    "updated_at",
)


def now_utc() -> str:
    """The current time, UTC, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def claim_id_for(source_id: str, claim: Claim) -> str:
    """A content-derived id, so extracting the same document twice gives the same ids."""
    # One span may state several claims ("€1 billion each" for two buyers): who and what count.
    basis = (
        f"{source_id}|{claim.start}|{claim.end}|{claim.value}|{claim.unit}|{claim.metric}|"
        f"{claim.entity}|{claim.object}|{claim.subject}|{claim.partner}"
    )
    return "x" + hashlib.sha256(basis.encode()).hexdigest()[:11]


# --- sources -------------------------------------------------------------------------------


def _source(row: Any) -> Source:
    return Source(
        id=row.id,
        title=row.title,
        author=row.author,
        outlet=row.outlet,
        published_on=row.published_on,
        url=row.url,
        kind=row.kind,
        content_hash=row.content_hash,
        text=row.text,
        language=row.language,
        encoding=row.encoding,
    )


def save_source(conn: Connection, source: Source) -> tuple[str, bool]:
    """Store source unless it is there already (same id or same content); return (id, created)."""
    if source.url is not None and web_url(source.url) is None:
        raise InvalidInput(
            f"Source '{source.id}': link {source.url!r} is not an http or https URL; "
            "only those are stored."
        )
    if source.content_hash:
        existing = conn.execute(
            select(t.sources.c.id).where(t.sources.c.content_hash == source.content_hash)
        ).scalar_one_or_none()
        if existing is not None:
            return existing, False
    if conn.execute(select(t.sources.c.id).where(t.sources.c.id == source.id)).first():
        return source.id, False
    conn.execute(insert(t.sources).values(**asdict(source), fetched_at=now_utc()))
    return source.id, True


def insert_sources(conn: Connection, sources: Sequence[Source]) -> None:
    """Store new sources in one multi-row insert; the caller made sure none is present."""
    for source in sources:
        if source.url is not None and web_url(source.url) is None:
            raise InvalidInput(
                f"Source '{source.id}': link {source.url!r} is not an http or https URL; "
                "only those are stored."
            )
    if sources:
        stamp = now_utc()
        conn.execute(insert(t.sources), [{**asdict(s), "fetched_at": stamp} for s in sources])


def source_ids_by_hash(conn: Connection, hashes: Iterable[str]) -> dict[str, str]:
    """content hash -> source id, for the hashes the ledger holds."""
    found: dict[str, str] = {}
    wanted = sorted(set(hashes))
    for begin in range(0, len(wanted), 500):
        query = select(t.sources.c.content_hash, t.sources.c.id).where(
            t.sources.c.content_hash.in_(wanted[begin : begin + 500])
        )
        found.update((row[0], row[1]) for row in conn.execute(query))
    return found


def source_hashes_by_id(conn: Connection, ids: Iterable[str]) -> dict[str, str | None]:
    """source id -> content hash (None for a source cited by name only), for ids present."""
    found: dict[str, str | None] = {}
    wanted = sorted(set(ids))
    for begin in range(0, len(wanted), 500):
        query = select(t.sources.c.id, t.sources.c.content_hash).where(
            t.sources.c.id.in_(wanted[begin : begin + 500])
        )
        found.update((row[0], row[1]) for row in conn.execute(query))
    return found


def attach_source_text(
    conn: Connection,
    source_id: str,
    *,
    text: str,
    content_hash: str,
    language: str | None = None,
    encoding: str | None = None,
) -> bool:
    """Give a text-less source (cited by name only) its text; False if it has one or is absent."""
    taken = conn.execute(
        select(t.sources.c.id).where(t.sources.c.content_hash == content_hash)
    ).first()
    if taken:
        return False
    result = conn.execute(
        update(t.sources)
        .where(t.sources.c.id == source_id, t.sources.c.content_hash.is_(None))
        .values(
            text=text,
            content_hash=content_hash,
            fetched_at=now_utc(),
            language=language,
            encoding=encoding,
        )
    )
    return result.rowcount == 1


def free_source_id(conn: Connection, wanted: str, content_hash: str) -> str:
    """wanted if no other source uses it, else wanted with a short hash appended."""
    if not conn.execute(select(t.sources.c.id).where(t.sources.c.id == wanted)).first():
        return wanted
    return f"{wanted}#{content_hash[:8]}"


def get_source(conn: Connection, source_id: str) -> Source:
    """One source by id; NotFound names the id."""
    row = conn.execute(select(t.sources).where(t.sources.c.id == source_id)).first()
    if row is None:
        raise NotFound(f"No source '{source_id}'. See 'geoledger sources'.")
    return _source(row)


def list_sources(conn: Connection) -> list[Source]:
    """Every source, oldest publication first."""
    order = (t.sources.c.published_on.asc().nulls_first(), t.sources.c.id)
    rows = conn.execute(select(t.sources).order_by(*order))
    return [_source(r) for r in rows]


def content_hashes(conn: Connection) -> set[str]:
    """The sha256 of every document the ledger holds, to skip them before extraction."""
    query = select(t.sources.c.content_hash).where(t.sources.c.content_hash.is_not(None))
    return set(conn.execute(query).scalars())


def source_titles(conn: Connection) -> dict[str, str | None]:
    """Source id -> title, for labelling claims."""
    return {r[0]: r[1] for r in conn.execute(select(t.sources.c.id, t.sources.c.title))}


# --- actors --------------------------------------------------------------------------------


def save_actor(conn: Connection, actor: Actor) -> bool:
    """Store actor and its aliases and sources unless present; True if the actor is new."""
    exists = conn.execute(select(t.actors.c.id).where(t.actors.c.id == actor.id)).first()
    if not exists:
        conn.execute(
            insert(t.actors).values(
                id=actor.id,
                name=actor.name,
                kind=actor.kind,
                country=actor.country,
                note=actor.note,
            )
        )
    known = set(
        conn.execute(
            select(t.actor_aliases.c.alias).where(t.actor_aliases.c.actor_id == actor.id)
        ).scalars()
    )
    added = [a for a in dict.fromkeys((actor.name, *actor.aliases)) if a and a not in known]
    if added or not exists:
        mark_dirty(conn, names=[actor.id, actor.id.replace("_", " "), *added])
    for alias in dict.fromkeys((actor.name, *actor.aliases)):
        if alias and alias not in known:
            conn.execute(
                insert(t.actor_aliases).values(
                    actor_id=actor.id, alias=alias, alias_key=name_key(alias)
                )
            )
    linked = set(
        conn.execute(
            select(t.actor_sources.c.source_id).where(t.actor_sources.c.actor_id == actor.id)
        ).scalars()
    )
    for source_id in actor.sources:
        if source_id not in linked:
            conn.execute(insert(t.actor_sources).values(actor_id=actor.id, source_id=source_id))
    return not exists


def mark_dirty(conn: Connection, *, claims: Iterable[str] = (), names: Iterable[str] = ()) -> None:
    """Note claims and actor spellings whose facts must be reconciled again."""
    rows = [{"kind": "claim", "value": c} for c in claims]
    rows += [{"kind": "name", "value": name_key(n)} for n in names if n]
    if rows:
        conn.execute(insert(t.recon_dirty), rows)


def list_actors(
    conn: Connection,
    *,
    kind: str | None = None,
    status: str | None = None,
    ids: Sequence[str] | None = None,
) -> list[Actor]:
    """Every actor (or those with ids) with its aliases and sources, by name."""
    query = select(t.actors).order_by(t.actors.c.name)
    if ids is not None:
        query = query.where(t.actors.c.id.in_(list(ids)))
    if kind:
        query = query.where(func.lower(t.actors.c.kind) == kind.lower())
    if status:
        query = query.where(t.actors.c.status == status)
    rows = conn.execute(query).all()
    aliases: dict[str, list[str]] = {}
    alias_query = select(t.actor_aliases.c.actor_id, t.actor_aliases.c.alias).order_by(
        t.actor_aliases.c.actor_id, t.actor_aliases.c.alias
    )
    source_query = select(t.actor_sources.c.actor_id, t.actor_sources.c.source_id).order_by(
        t.actor_sources.c.source_id
    )
    if ids is not None:  # one actor's dossier reads its own rows, not every actor's
        alias_query = alias_query.where(t.actor_aliases.c.actor_id.in_(list(ids)))
        source_query = source_query.where(t.actor_sources.c.actor_id.in_(list(ids)))
    for actor_id, alias in conn.execute(alias_query):
        aliases.setdefault(actor_id, []).append(alias)
    sources: dict[str, list[str]] = {}
    for actor_id, source_id in conn.execute(source_query):
        sources.setdefault(actor_id, []).append(source_id)
    return [
        Actor(
            id=r.id,
            name=r.name,
            kind=r.kind,
            country=r.country,
            note=r.note,
            aliases=tuple(a for a in aliases.get(r.id, ()) if a != r.name),
            sources=tuple(sources.get(r.id, ())),
            status=r.status,
        )
        for r in rows
    ]


def find_actor_ids(conn: Connection, name: str) -> list[str]:
    """Ids of the actors that name denotes: by id, name or alias, case-blind."""
    key = name_key(name)
    ids = set(
        conn.execute(
            select(t.actor_aliases.c.actor_id).where(t.actor_aliases.c.alias_key == key)
        ).scalars()
    )
    ids.update(
        conn.execute(select(t.actors.c.id).where(func.lower(t.actors.c.id) == key)).scalars()
    )
    return sorted(ids)


def get_actor(conn: Connection, name: str) -> Actor:
    """The one actor that name denotes; NotFound or InvalidInput (ambiguous) otherwise."""
    ids = find_actor_ids(conn, name)
    if not ids:
        raise NotFound(f"No actor named '{name}'. See 'geoledger actors'.")
    by_id = {a.id: a for a in list_actors(conn, ids=ids)}
    exact = [i for i in ids if name_key(by_id[i].name) == name_key(name) or i == name]
    if len(ids) > 1 and len(exact) != 1:
        names = ", ".join(f"{by_id[i].name} ({i})" for i in ids)
        raise InvalidInput(f"'{name}' names several actors: {names}. Use the id.")
    return by_id[exact[0] if exact else ids[0]]


def actor_name_keys(conn: Connection, name: str) -> set[str]:
    """Every spelling (casefolded) of the actors that name denotes, or name itself if none."""
    ids = find_actor_ids(conn, name)
    keys = {name_key(name)}
    if ids:
        keys.update(
            conn.execute(
                select(t.actor_aliases.c.alias_key).where(t.actor_aliases.c.actor_id.in_(ids))
            ).scalars()
        )
        keys.update(
            name_key(n)
            for n in conn.execute(select(t.actors.c.name).where(t.actors.c.id.in_(ids))).scalars()
        )
    return keys


# --- events --------------------------------------------------------------------------------


def save_event(conn: Connection, event: Event) -> bool:
    """Store event with its actors, sources and conflicts unless present; True if new."""
    if conn.execute(select(t.events.c.id).where(t.events.c.id == event.id)).first():
        return False
    conn.execute(
        insert(t.events).values(
            id=event.id,
            date=event.date,
            date_precision=event.date_precision,
            kind=event.kind,
            domain=event.domain,
            amount=event.amount,
            amount_max=event.amount_max,
            currency=event.currency,
            summary=event.summary,
        )
    )
    for position, actor in enumerate(event.actors):
        conn.execute(
            insert(t.event_actors).values(
                event_id=event.id, actor_id=actor.actor_id, role=actor.role, position=position
            )
        )
    for source_id in event.sources:
        conn.execute(insert(t.event_sources).values(event_id=event.id, source_id=source_id))
    for other in event.conflict_with:
        conn.execute(insert(t.event_conflicts).values(event_id=event.id, other_id=other))
    return True


def list_events(
    conn: Connection,
    *,
    actor_ids: Sequence[str] | None = None,
    kind: str | None = None,
    domain: str | None = None,
) -> list[Event]:
    """Events in date order, optionally only those an actor took part in."""
    query = select(t.events).order_by(t.events.c.date.asc().nulls_first(), t.events.c.id)
    if kind:
        query = query.where(func.lower(t.events.c.kind) == kind.lower())
    if domain:
        query = query.where(func.lower(t.events.c.domain) == domain.lower())
    if actor_ids is not None:
        query = query.where(
            t.events.c.id.in_(
                select(t.event_actors.c.event_id).where(t.event_actors.c.actor_id.in_(actor_ids))
            )
        )
    rows = conn.execute(query).all()
    ids = [r.id for r in rows]
    actors: dict[str, list[EventActor]] = {}
    sources: dict[str, list[str]] = {}
    conflicts: dict[str, list[str]] = {}
    if ids:
        for r in conn.execute(
            select(t.event_actors)
            .where(t.event_actors.c.event_id.in_(ids))
            .order_by(t.event_actors.c.event_id, t.event_actors.c.position)
        ):
            actors.setdefault(r.event_id, []).append(EventActor(r.actor_id, r.role))
        for r in conn.execute(
            select(t.event_sources)
            .where(t.event_sources.c.event_id.in_(ids))
            .order_by(t.event_sources.c.source_id)
        ):
            sources.setdefault(r.event_id, []).append(r.source_id)
        for r in conn.execute(
            select(t.event_conflicts)
            .where(t.event_conflicts.c.event_id.in_(ids))
            .order_by(t.event_conflicts.c.other_id)
        ):
            conflicts.setdefault(r.event_id, []).append(r.other_id)
    return [
        Event(
            id=r.id,
            date=r.date,
            date_precision=r.date_precision,
            kind=r.kind,
            domain=r.domain,
            amount=r.amount,
            amount_max=r.amount_max,
            currency=r.currency,
            summary=r.summary,
            actors=tuple(actors.get(r.id, ())),
            sources=tuple(sources.get(r.id, ())),
            conflict_with=tuple(conflicts.get(r.id, ())),
        )
        for r in rows
    ]


# --- claims --------------------------------------------------------------------------------


def _claim(row: Any) -> Claim:
    values = {name: getattr(row, name) for name in CLAIM_COLUMNS}
    return Claim(**values)


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What `geoledger claims` can filter on; actor fields hold sets of casefolded spellings."""

    metric: str | None = None
    subject: frozenset[str] | None = None
    partner: frozenset[str] | None = None
    entity: frozenset[str] | None = None
    object: frozenset[str] | None = None
    source: str | None = None
    status: str | None = None
    search: str | None = None
    ids: Sequence[str] | None = None
    # Exactly these metrics (a set a metric prefix cannot say: /money's kinds of money).
    metrics: frozenset[str] | None = None


def list_claims(conn: Connection, where: ClaimFilter = ClaimFilter()) -> list[Claim]:
    """Claims matching where, by source then place in the source."""
    c = t.claims.c
    conditions = []
    if where.metric:
        metric = where.metric.strip().lower()  # metric names are lower case everywhere
        family = c.metric.startswith(metric + ".", autoescape=True)
        conditions.append(or_(c.metric == metric, family))
    if where.metrics is not None:
        conditions.append(c.metric.in_(sorted(where.metrics)))
    if where.source:
        conditions.append(c.source_id == where.source)
    if where.status:
        conditions.append(c.status == where.status)
    if where.ids is not None:
        conditions.append(c.id.in_(list(where.ids)))
    if where.search:
        ids = matching_claim_ids(conn, where.search)
        by_source = matching_source_ids(conn, where.search, limit=10_000)
        conditions.append(or_(c.id.in_(ids), c.source_id.in_(by_source)))
    query = (
        select(t.claims)
        .where(and_(true(), *conditions))
        .order_by(c.source_id, c.start.asc().nulls_first(), c.id)
    )
    claims = [_claim(r) for r in conn.execute(query)]
    # Names are compared in Python: SQLite's lower() folds ASCII only (Č, Š, Ž stay upper).
    for field, keys in (
        ("subject", where.subject),
        ("partner", where.partner),
        ("entity", where.entity),
        ("object", where.object),
    ):
        if keys is not None:
            claims = [x for x in claims if name_key(getattr(x, field) or "") in keys]
    return claims


def get_claim(conn: Connection, claim_id: str) -> Claim:
    """One claim by id; NotFound names the id."""
    row = conn.execute(select(t.claims).where(t.claims.c.id == claim_id)).first()
    if row is None:
        raise NotFound(f"No claim '{claim_id}'. See 'geoledger claims'.")
    return _claim(row)


def claim_version(conn: Connection, claim_id: str) -> int:
    """The claim's row version, bumped by every change."""
    version = conn.execute(
        select(t.claims.c.version).where(t.claims.c.id == claim_id)
    ).scalar_one_or_none()
    if version is None:
        raise NotFound(f"No claim '{claim_id}'. See 'geoledger claims'.")
    return int(version)


def save_claim(conn: Connection, claim: Claim, *, who: str, why: str | None = None) -> bool:
    """Store claim (its id and source_id set) unless present, logging its creation; True if new."""
    if not claim.id or not claim.source_id:
        raise InvalidInput("A claim needs an id and a source before it is stored.")
    if conn.execute(select(t.claims.c.id).where(t.claims.c.id == claim.id)).first():
        return False
    stamp = now_utc()
    claim = replace(claim, created_at=claim.created_at or stamp, updated_at=stamp)
    values = {name: getattr(claim, name) for name in CLAIM_COLUMNS}
    conn.execute(insert(t.claims).values(**values, version=1))
    mark_dirty(conn, claims=[claim.id])
    log_change(conn, claim.id, who=who, action="create", before=None, after=values, why=why)
    return True


def save_claims(conn: Connection, claims: Sequence[Claim], *, who: str) -> int:
    """Store many claims (ids and source set) at once, skipping ids present; how many are new.

    One multi-row insert for the claims and one for their 'create' log entries: ingest
    stores thousands of claims a batch, and a round trip per row would dominate.
    """
    if any(not c.id or not c.source_id for c in claims):
        raise InvalidInput("A claim needs an id and a source before it is stored.")
    unique = {c.id: c for c in claims}
    present = set(
        conn.execute(select(t.claims.c.id).where(t.claims.c.id.in_(list(unique)))).scalars()
    )
    stamp = now_utc()
    rows = []
    for claim in unique.values():
        if claim.id in present:
            continue
        claim = replace(claim, created_at=claim.created_at or stamp, updated_at=stamp)
        rows.append({name: getattr(claim, name) for name in CLAIM_COLUMNS})
    if rows:
        conn.execute(insert(t.claims), [{**r, "version": 1} for r in rows])
        mark_dirty(conn, claims=[r["id"] for r in rows])
        append_entries(
            conn,
            [
                {
                    "claim_id": r["id"],
                    "at": stamp,
                    "who": r["made_by"] or who,
                    "action": "create",
                    "before": None,
                    "after": json.dumps(r, sort_keys=True),
                    "why": None,
                }
                for r in rows
            ],
        )
    return len(rows)


def log_change(
    conn: Connection,
    claim_id: str,
    *,
    who: str,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    why: str | None,
) -> None:
    """Append one entry to the audit log; entries are never changed or removed."""
    entry = {
        "claim_id": claim_id,
        "at": now_utc(),
        "who": who,
        "action": action,
        "before": None if before is None else json.dumps(before, sort_keys=True),
        "after": None if after is None else json.dumps(after, sort_keys=True),
        "why": why,
    }
    append_entries(conn, [entry])


# --- issues and counts ---------------------------------------------------------------------


def save_issues(conn: Connection, issues: Iterable[Issue]) -> None:
    """Record problems met while ingesting, each with its place, once each.

    One read of the documents' recorded issues and one multi-row insert: ingest records
    several issues a document, and two round trips per issue cost more than the rest.
    """
    wanted: dict[tuple[Any, ...], Issue] = {}
    for issue in issues:
        wanted.setdefault((issue.code, issue.doc, issue.start, issue.message), issue)
    if not wanted:
        return
    i = t.ingest_issues.c
    docs = sorted({key[1] for key in wanted if key[1] is not None})
    present: set[tuple[Any, ...]] = set()
    for begin in range(0, len(docs), 500):
        query = select(i.code, i.doc, i.start, i.message).where(
            i.doc.in_(docs[begin : begin + 500])
        )
        present.update(tuple(row) for row in conn.execute(query))
    if any(key[1] is None for key in wanted):
        query = select(i.code, i.doc, i.start, i.message).where(i.doc.is_(None))
        present.update(tuple(row) for row in conn.execute(query))
    stamp = now_utc()
    rows = [
        {
            "at": stamp,
            "code": issue.code,
            "doc": issue.doc,
            "start": issue.start,
            "end": issue.end,
            "message": issue.message,
        }
        for key, issue in wanted.items()
        if key not in present
    ]
    if rows:
        conn.execute(insert(t.ingest_issues), rows)


def list_issues(conn: Connection) -> list[dict[str, Any]]:
    """Every recorded ingest problem, newest first."""
    rows = conn.execute(select(t.ingest_issues).order_by(t.ingest_issues.c.id.desc()))
    return [
        {
            "at": r.at,
            "code": r.code,
            "doc": r.doc,
            "start": r.start,
            "end": r.end,
            "message": r.message,
        }
        for r in rows
    ]


def count_rows(conn: Connection) -> dict[str, int]:
    """How many sources, actors, events and claims the ledger holds.

    Sources and claims (which grow with ingest) come from the counts triggers keep.
    """
    kept = dict(
        conn.execute(
            select(t.ledger_counts.c.name, t.ledger_counts.c.n).where(
                t.ledger_counts.c.name.in_(["sources", "claims"])
            )
        ).all()
    )
    return {
        "sources": int(kept.get("sources", 0)),
        **{
            name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for name, table in (("actors", t.actors), ("events", t.events))
        },
        "claims": int(kept.get("claims", 0)),
    }


def propose_actor(conn: Connection, name: str, kind: str, source_id: str | None) -> bool:
    """Record an actor the extractor met but the ledger lacks, as 'proposed'; True if new."""
    if find_actor_ids(conn, name):
        return False
    base = "".join(ch if ch.isalnum() else "_" for ch in name_key(name)).strip("_")[:80] or "actor"
    actor_id = base
    taken = set(conn.execute(select(t.actors.c.id).where(t.actors.c.id.like(base + "%"))).scalars())
    suffix = 2
    while actor_id in taken:
        actor_id, suffix = f"{base}_{suffix}", suffix + 1
    conn.execute(insert(t.actors).values(id=actor_id, name=name, kind=kind, status="proposed"))
    conn.execute(
        insert(t.actor_aliases).values(actor_id=actor_id, alias=name, alias_key=name_key(name))
    )
    if source_id:
        conn.execute(insert(t.actor_sources).values(actor_id=actor_id, source_id=source_id))
    mark_dirty(conn, names=[actor_id, actor_id.replace("_", " "), name])
    return True


def find_source_by_url(conn: Connection, url: str) -> str | None:
    """The id of a source with this exact URL, if the ledger has one."""
    return conn.execute(
        select(t.sources.c.id).where(t.sources.c.url == url).order_by(t.sources.c.id)
    ).scalar()
