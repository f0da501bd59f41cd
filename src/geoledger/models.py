"""The ledger's records as frozen dataclasses; no I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["candidate", "accepted", "rejected"]
Origin = Literal["curated", "extracted", "entered"]

CLAIM_FIELDS = (
    "doc",
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
)

METRICS = (
    "trade.total",
    "trade.exports",
    "trade.imports",
    "trade.balance",
    "trade.partner_share_exports",
    "trade.partner_share_imports",
    "trade.product_share_exports",
    "trade.tariff_coverage",
    "investment.total",
    "investment.deal",
    "investment.pledge",
    "investment.stake",
    "loan",
    "finance.total",
    "aid.grant",
    "project.value",
    "macro.gdp_share",
    "macro.unemployment",
    "policy.alignment_rate",
    "opinion.share",
    "tourism.arrivals",
    "tourism.overnights",
    "security.count",
    "society.count",
    "other",
)

QUALIFIERS = ("exact", "approx", "at_least", "at_most")
MEASURES = ("level", "change", "multiple")
DOMAINS = ("economy", "politics", "security", "technology", "culture", "health", "finance")


def name_key(name: str) -> str:
    """The one form actor names are compared in: casefolded, inner spaces collapsed."""
    return " ".join(name.casefold().split())


@dataclass(frozen=True, slots=True)
class Document:
    """A document as read by ingest: its text and what it says about itself."""

    name: str  # file name, e.g. 000_6507202e5f058613.txt
    text: str  # the text claims' offsets point into
    content_hash: str  # sha256 hex of the raw bytes
    kind: str = "text"  # text | markdown | html | pdf
    path: str | None = None
    title: str | None = None
    author: str | None = None
    published_on: str | None = None  # ISO 8601, possibly partial: 2024, 2024-05, 2024-05-08
    url: str | None = None
    outlet: str | None = None
    language: str | None = None  # BCP 47: en, sr-Latn, sr-Cyrl; None when not recognised
    encoding: str | None = None  # the codec the file was read with: utf-8, cp1250, cp1251


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published_on: str | None = None
    url: str | None = None
    kind: str | None = None  # analysis | blog | paper | news | html | pdf | text ...
    content_hash: str | None = None
    text: str | None = None
    language: str | None = None  # BCP 47: en, sr-Latn, sr-Cyrl
    encoding: str | None = None  # the codec the file was read with: utf-8, cp1250, cp1251


@dataclass(frozen=True, slots=True)
class Actor:
    id: str  # slug, e.g. china, zijin_mining
    name: str
    kind: str  # country | bloc | company | bank | person | organisation | media | project ...
    country: str | None = None
    aliases: tuple[str, ...] = ()
    note: str | None = None
    sources: tuple[str, ...] = ()
    status: str = "accepted"  # proposed: met by the extractor, not yet known to the ledger


@dataclass(frozen=True, slots=True)
class EventActor:
    actor_id: str
    role: str = "participant"


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    date: str | None  # ISO 8601, possibly partial or an interval 1991/1992
    date_precision: str | None  # day | month | year | interval
    kind: str
    domain: str
    actors: tuple[EventActor, ...] = ()
    amount: float | None = None
    currency: str | None = None
    summary: str | None = None
    sources: tuple[str, ...] = ()
    amount_max: float | None = None  # upper end where the amount is a range
    conflict_with: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """One stated quantity, with what it measures and exactly where it was stated."""

    value: float
    unit: str
    metric: str = "other"
    value_max: float | None = None
    qualifier: str = "exact"
    measure: str = "level"
    period: str | None = None
    subject: str | None = None
    partner: str | None = None
    entity: str | None = None
    object: str | None = None
    surface: str | None = None
    start: int | None = None
    end: int | None = None
    doc: str | None = None  # document file name, as the extractor reports it
    # Ledger bookkeeping:
    id: str | None = None
    source_id: str | None = None
    status: str = "candidate"
    origin: str = "extracted"
    made_by: str | None = None  # rule id (money.v1) or person
    note: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True, slots=True)
class Issue:
    """Bad data kept as a located record instead of an exception."""

    code: str  # e.g. unreadable, refused, unlinked_actor
    doc: str | None
    message: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class ProposedActor:
    """An organisation the extractor met that the ledger does not know yet."""

    name: str
    kind: str
    doc: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    claims: list[Claim] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    proposed_actors: list[ProposedActor] = field(default_factory=list)
