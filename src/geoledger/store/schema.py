"""The ledger's tables, in SQLAlchemy Core; migrations create them (see migrations/)."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("title", Text),
    Column("author", Text),
    Column("outlet", Text),
    Column("published_on", String(32)),
    Column("url", Text),
    Column("kind", String(32)),
    Column("content_hash", String(64), unique=True),
    Column("text", Text),
    Column("fetched_at", String(32)),
    Column("language", String(16)),  # BCP 47: en, sr-Latn, sr-Cyrl
    Column("encoding", String(32)),  # the codec the file was read with
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("country", Text),
    Column("note", Text),
    Column("status", String(16), nullable=False, server_default="accepted"),
)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("actor_id", String(200), ForeignKey("actors.id"), primary_key=True),
    Column("alias", String(300), primary_key=True),
    Column("alias_key", String(300), nullable=False, index=True),  # casefolded, for lookups
)

actor_sources = Table(
    "actor_sources",
    metadata,
    Column("actor_id", String(200), ForeignKey("actors.id"), primary_key=True),
    Column("source_id", String(200), ForeignKey("sources.id"), primary_key=True),
)

events = Table(
    "events",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("date", String(32)),
    Column("date_precision", String(16)),
    Column("kind", String(32), nullable=False),
    Column("domain", String(32), nullable=False),
    Column("amount", Float),
    Column("amount_max", Float),
    Column("currency", String(8)),
    Column("summary", Text),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", String(200), ForeignKey("events.id"), primary_key=True),
    Column("actor_id", String(200), ForeignKey("actors.id"), primary_key=True),
    Column("role", String(32), nullable=False, server_default="participant"),
    Column("position", Integer, nullable=False, server_default="0"),
)

event_sources = Table(
    "event_sources",
    metadata,
    Column("event_id", String(200), ForeignKey("events.id"), primary_key=True),
    Column("source_id", String(200), ForeignKey("sources.id"), primary_key=True),
)

event_conflicts = Table(
    "event_conflicts",
    metadata,
    Column("event_id", String(200), ForeignKey("events.id"), primary_key=True),
    Column("other_id", String(200), primary_key=True),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("source_id", String(200), ForeignKey("sources.id"), nullable=False, index=True),
    Column("start", Integer),
    Column("end", Integer),
    Column("surface", Text),
    Column("value", Float, nullable=False),
    Column("value_max", Float),
    Column("unit", String(16), nullable=False),
    Column("qualifier", String(16), nullable=False, server_default="exact"),
    Column("measure", String(16), nullable=False, server_default="level"),
    Column("period", String(32)),
    Column("metric", String(64), nullable=False, index=True),
    Column("subject", Text),
    Column("partner", Text),
    Column("entity", Text),
    Column("object", Text),
    Column("status", String(16), nullable=False, server_default="candidate"),
    Column("origin", String(16), nullable=False),
    Column("made_by", Text),
    Column("note", Text),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    # Optimistic concurrency: a review bumps it; a stale write is refused, never lost.
    Column("version", Integer, nullable=False, server_default="1"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_id", String(200), ForeignKey("claims.id"), nullable=False, index=True),
    Column("at", String(32), nullable=False),
    Column("who", Text, nullable=False),
    Column("action", String(32), nullable=False),  # create | accept | reject | edit | restore
    Column("before", Text),  # JSON of the changed fields before
    Column("after", Text),  # JSON of the changed fields after
    Column("why", Text),
    # sha256 of this entry and the one before (store/audit.py); triggers forbid UPDATE/DELETE.
    Column("hash", String(64)),
)

# Named reviewer tokens, kept as sha256 digests only (auth/tokens.py).
tokens = Table(
    "tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
)

# Dashboard sign-ins: the cookie holds a random session id; only its digest is stored.
sessions = Table(
    "sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("token_id", Integer, ForeignKey("tokens.id")),
    Column("name", String(100), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
)

ingest_issues = Table(
    "ingest_issues",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("code", String(32), nullable=False),
    Column("doc", Text),
    Column("start", Integer),
    Column("end", Integer),
    Column("message", Text, nullable=False),
    UniqueConstraint("code", "doc", "start", "message", name="uq_ingest_issue"),
)

Index("ix_claims_subject_partner", claims.c.subject, claims.c.partner)

# What ingest last read at each path (migration 0011): a file whose size and mtime match is
# not read again when the ledger still holds its content hash.
ingest_files = Table(
    "ingest_files",
    metadata,
    Column("path", Text, primary_key=True),  # absolute, as the ingesting process saw it
    Column("size", BigInteger, nullable=False),
    Column("mtime_ns", BigInteger, nullable=False),
    Column("content_hash", String(64), nullable=False),
)

# --- stored reconciliation (migration 0003): what reconcile said, kept per (subject, partner) ---

recon_meta = Table(
    "recon_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# Claims and actor spellings changed since reconciliation last ran: every store write that
# can change a fact notes them here, so even a writer that never calls reconcile is seen.
recon_dirty = Table(
    "recon_dirty",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),
    Column("value", Text, nullable=False),
)

recon_claims = Table(
    "recon_claims",
    metadata,
    Column("claim_id", String(200), primary_key=True),
    Column("scope", String(64), nullable=False),
    Column("fact_id", String(64), nullable=False),
    # name_key of the claim's own spellings, so actor filters run in SQL.
    Column("subject_key", Text),
    Column("partner_key", Text),
    Column("entity_key", Text),
    Column("object_key", Text),
    Column("period_start", String(10)),
    Column("period_end", String(10)),
    Column("usd", Float),
)

recon_facts = Table(
    "recon_facts",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("scope", String(64), nullable=False),
    Column("sort_key", String, nullable=False),
    Column("metric", String(64), nullable=False),
    Column("subject", Text),
    Column("partner", Text),
    Column("entity", Text),
    Column("object", Text),
    Column("period", String(32)),
    Column("measure", String(16)),
    Column("verdict", String(32), nullable=False),
    Column("fit", Boolean, nullable=False),
    Column("best_claim", String(200)),
    Column("versions", Integer, nullable=False),
    Column("record", Text, nullable=False),
    # The record with its first versions only (reconciled.listing_record), for listings.
    Column("listing", Text),
    # name_key of the fact's actors and the span of its period (migration 0011), so a facts
    # listing filtered by actor or period is an index range on the facts, not a claim scan.
    Column("subject_key", Text),
    Column("partner_key", Text),
    Column("entity_key", Text),
    Column("object_key", Text),
    Column("period_start", String(10)),
    Column("period_end", String(10)),
)

recon_items = Table(
    "recon_items",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("scope", String(64), nullable=False),
    Column("sort_key", String, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("verdict", String(32), nullable=False),
    Column("record", Text, nullable=False),
    # The record with its first versions only (reconciled.listing_record), for listings.
    Column("listing", Text),
)

recon_item_claims = Table(
    "recon_item_claims",
    metadata,
    Column("item_id", String(64), primary_key=True),
    Column("claim_id", String(200), primary_key=True),
)

# --- stored aggregates (migration 0008): what bounded reads need without reading every row ---

# Row counts kept by triggers in the writing transaction: 'claims', 'claims:<status>',
# 'sources', and 'changes' (bumped by every write to a table a derived view reads).
ledger_counts = Table(
    "ledger_counts",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("n", BigInteger, nullable=False),
)

# How many claims of each (scope, spellings, metric, status, period span): a filtered count
# sums a few of these rows instead of counting claims. Replaced with its scope.
recon_counts = Table(
    "recon_counts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scope", String(64), nullable=False),
    Column("subject_key", Text),
    Column("partner_key", Text),
    Column("entity_key", Text),
    Column("object_key", Text),
    Column("metric", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("period", String(32)),
    Column("period_start", String(10)),
    Column("period_end", String(10)),
    Column("n", Integer, nullable=False),
)

# recon_counts summed per facet value (country, power, entity, year), metric and status, kept
# by triggers on recon_counts (migration 0014): the facets and total of claims filtered by
# metrics and status alone read these few rows. A missing key is ''.
recon_facet_counts = Table(
    "recon_facet_counts",
    metadata,
    Column("facet", String(16), primary_key=True),
    Column("metric", String(64), primary_key=True),
    Column("status", String(16), primary_key=True),
    Column("value", Text, primary_key=True),
    Column("n", BigInteger, nullable=False),
)

# Per scope: how many facts, and conflicts of each kind, it holds. Replaced with its scope.
recon_totals = Table(
    "recon_totals",
    metadata,
    Column("scope", String(64), primary_key=True),
    Column("facts", Integer, nullable=False),
    Column("fact_items", Integer, nullable=False),
    Column("check_items", Integer, nullable=False),
    Column("related_items", Integer, nullable=False),
    Column("event_items", Integer, nullable=False),
    # Conflicts of every kind by verdict (figures.CONFLICT_KINDS), for the overview's summary.
    Column("conflict_verdicts", Integer, nullable=False),
    Column("related_verdicts", Integer, nullable=False),
    Column("consistent_verdicts", Integer, nullable=False),
)

# Claims per source and status (migration 0009), kept by triggers in the writing transaction;
# status '' counts every status. The claims table's source facet reads it.
claim_source_counts = Table(
    "claim_source_counts",
    metadata,
    Column("source_id", String(200), primary_key=True),
    Column("status", String(16), primary_key=True),
    Column("n", BigInteger, nullable=False),
)

# Views computed from the whole reconciliation (the index), kept until the ledger changes:
# `stamp` names the ledger_counts 'changes' value and reconciliation version it was made at.
recon_cache = Table(
    "recon_cache",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("stamp", String(200), nullable=False),
    Column("value", Text, nullable=False),
)

Index("ix_recon_counts_scope", recon_counts.c.scope)
Index("ix_claim_source_counts_status_n", claim_source_counts.c.status, claim_source_counts.c.n)
Index(
    "ix_recon_counts_pair",
    recon_counts.c.subject_key,
    recon_counts.c.partner_key,
    recon_counts.c.metric,
)
Index("ix_recon_items_verdict_sort", recon_items.c.verdict, recon_items.c.sort_key)
Index("ix_recon_facts_pair", recon_facts.c.subject, recon_facts.c.partner, recon_facts.c.metric)

for _column in ("scope", "fact_id", "usd", "period_end"):
    Index(f"ix_recon_claims_{_column}", recon_claims.c[_column])
for _column in ("subject_key", "partner_key", "entity_key", "object_key"):
    Index(f"ix_recon_claims_{_column}", recon_claims.c[_column], recon_claims.c.claim_id)
Index("ix_recon_facts_scope", recon_facts.c.scope)
Index(
    "ix_recon_facts_pair_keys",
    recon_facts.c.subject_key,
    recon_facts.c.partner_key,
    recon_facts.c.period_start,
)
Index("ix_recon_facts_entity_key", recon_facts.c.entity_key)
Index("ix_recon_facts_sort_key", recon_facts.c.sort_key)
Index("ix_recon_facts_verdict_sort", recon_facts.c.verdict, recon_facts.c.sort_key)
Index("ix_recon_facts_verdict_metric", recon_facts.c.verdict, recon_facts.c.metric)
Index("ix_recon_facts_best_claim", recon_facts.c.best_claim)
Index("ix_recon_items_scope", recon_items.c.scope)
Index("ix_recon_items_sort_key", recon_items.c.sort_key)
Index("ix_recon_item_claims_claim", recon_item_claims.c.claim_id)
# Keyset paging of claims in their listed order, and the usual filters (migration 0003).
Index("ix_claims_order", claims.c.source_id, func.coalesce(claims.c.start, -1), claims.c.id)
Index("ix_sources_order", func.coalesce(sources.c.published_on, ""), sources.c.id)
# The sources table's facets, counted from these rather than from rows holding texts (0012).
Index("ix_sources_outlet", sources.c.outlet)
Index("ix_sources_language", sources.c.language)
Index("ix_sources_kind", sources.c.kind)
Index("ix_sources_published_on", sources.c.published_on)
Index("ix_claims_status", claims.c.status)
Index("ix_claims_partner", claims.c.partner)
Index("ix_claims_entity", claims.c.entity)
Index("ix_claims_object", claims.c.object)
Index("ix_claims_metric_period", claims.c.metric, claims.c.period)
Index("ix_audit_log_action", audit_log.c.action, audit_log.c.claim_id)
