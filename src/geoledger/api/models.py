"""Pydantic shapes of what the API returns and accepts, so /openapi.json says it exactly."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

Item = TypeVar("Item")


class Error(BaseModel):
    """The one error shape every failing request gets."""

    detail: str
    code: str


class Page(BaseModel, Generic[Item]):
    """One page of a listing: items plus how many there are in all."""

    total: int
    limit: int
    offset: int
    next: str | None = None  # pass as `after` for the page after this one
    items: list[Item]


class SourceOut(BaseModel):
    id: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published_on: str | None = None
    url: str | None = None
    kind: str | None = None
    language: str | None = None  # BCP 47: en, sr-Latn, sr-Cyrl
    encoding: str | None = None  # the codec the file was read with: utf-8, cp1250, cp1251
    content_hash: str | None = None
    has_text: bool = False
    claims: int = 0


class SourceDetail(SourceOut):
    text: str | None = None


class ActorOut(BaseModel):
    id: str
    name: str
    kind: str
    country: str | None = None
    aliases: list[str] = []
    note: str | None = None
    sources: list[str] = []


class EventRole(BaseModel):
    actor: str
    name: str
    role: str


class EventOut(BaseModel):
    id: str
    date: str | None = None
    date_precision: str | None = None
    kind: str
    domain: str
    actors: list[str] = []
    roles: list[EventRole] = []
    amount: float | None = None
    currency: str | None = None
    summary: str | None = None
    sources: list[str] = []
    conflict_with: list[str] = []


class ClaimOut(BaseModel):
    id: str | None
    doc: str | None = None
    start: int | None = None
    end: int | None = None
    surface: str | None = None
    value: float
    value_max: float | None = None
    unit: str
    qualifier: str
    measure: str
    period: str | None = None
    metric: str
    subject: str | None = None
    partner: str | None = None
    entity: str | None = None
    object: str | None = None
    source: str | None = None
    source_title: str | None = None
    usd: float | None = None
    usd_rate: float | None = None
    usd_rate_date: str | None = None
    usd_rate_source: str | None = None
    status: str
    origin: str
    made_by: str | None = None
    note: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class Dossier(BaseModel):
    actor: ActorOut
    events: list[EventOut]
    claims: list[ClaimOut]  # the first 100 in id order; claims_next continues
    claims_next: str | None = None  # pass as `after` for the next claims
    sources: list[SourceOut]


class HistoryEntry(BaseModel):
    at: str
    who: str
    action: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    why: str | None = None


class TradeVersionOut(BaseModel):
    field: str
    claim: str
    value: float
    used: bool


class TradeYearOut(BaseModel):
    year: int
    exports: float | None = None
    imports: float | None = None
    total: float | None = None
    balance: float | None = None
    coverage: float | None = None
    growth: float | None = None
    share_exports: float | None = None
    share_imports: float | None = None
    derived: list[str] = []
    claims: list[str] = []
    disputed: list[str] = []  # fields whose sources disagree: no value, every version below
    versions: list[TradeVersionOut] = []
    reasons: list[str] = []


class TradeOut(BaseModel):
    subject: str
    partner: str
    unit: str = "USD"
    fit_for_aggregation_only: bool = True
    left_out: list[str] = []  # trade claims not counted: their facts are not fit for aggregation
    left_out_total: int = 0  # how many are left out; left_out lists the first 100 by id
    years: list[TradeYearOut]


class SearchHit(BaseModel):
    kind: Literal["actor", "source", "claim"]
    id: str | None
    label: str
    snippet: str


class ClaimIn(BaseModel):
    """A claim typed in by a person; it enters the ledger as a candidate."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1, max_length=200)
    metric: str = Field(min_length=1, max_length=64)
    value: float = Field(allow_inf_nan=False)
    unit: str = Field(min_length=1, max_length=16)
    value_max: float | None = Field(default=None, allow_inf_nan=False)
    qualifier: Literal["exact", "approx", "at_least", "at_most"] = "exact"
    measure: Literal["level", "change", "multiple"] = "level"
    period: str | None = Field(default=None, max_length=32)
    subject: str | None = Field(default=None, max_length=300)
    partner: str | None = Field(default=None, max_length=300)
    entity: str | None = Field(default=None, max_length=300)
    object: str | None = Field(default=None, max_length=300)
    note: str | None = Field(default=None, max_length=2000)


class ReviewIn(BaseModel):
    """Why a reviewer accepts or rejects a claim (a rejection must say why)."""

    model_config = ConfigDict(extra="forbid")

    why: str | None = Field(default=None, max_length=2000)


class EditIn(BaseModel):
    """Fields of a claim to correct; only the ones given change."""

    model_config = ConfigDict(extra="forbid")

    value: float | None = Field(default=None, allow_inf_nan=False)
    value_max: float | None = Field(default=None, allow_inf_nan=False)
    unit: str | None = Field(default=None, min_length=1, max_length=16)
    metric: str | None = Field(default=None, min_length=1, max_length=64)
    qualifier: Literal["exact", "approx", "at_least", "at_most"] | None = None
    measure: Literal["level", "change", "multiple"] | None = None
    period: str | None = Field(default=None, max_length=32)
    subject: str | None = Field(default=None, max_length=300)
    partner: str | None = Field(default=None, max_length=300)
    entity: str | None = Field(default=None, max_length=300)
    object: str | None = Field(default=None, max_length=300)
    note: str | None = Field(default=None, max_length=2000)
    why: str | None = Field(default=None, max_length=2000)


class IngestOut(BaseModel):
    documents: int
    new_documents: int
    claims: int
    proposed_actors: int
    refused: list[str]
