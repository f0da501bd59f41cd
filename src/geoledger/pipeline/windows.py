"""The streaming path: a very large document extracted window by window, in bounded memory.

A document above GEOLEDGER_STREAM_CHARS characters is not laid out, scanned and read whole:
it is cut into windows of about GEOLEDGER_WINDOW_CHARS at paragraph boundaries (a blank line;
failing that a line break, then a sentence end, then a space), and each window is read by the
ordinary extractor. The overlap rule is that there is none: windows are disjoint runs of whole
paragraphs, so no figure is cut in two and none is read twice, and what a reader carries from
one sentence to the next (time frame, actors, organisations, the last bank, a list's lead-in)
is handed on from each window to the next, with paragraph numbers kept document-wide.

What the extractor settles for the whole document (its date, year, main country and
counterpart, whether it is a poll, the title's and the lead's period) is computed once, from
the head (the first GEOLEDGER_HEAD_CHARS, cut at a paragraph), and reused for every window.
Offsets are shifted back into the original text, so every claim cites its exact span.

Only one window's layout, quantities and mentions are held at a time; the claims of the
document are the output and are kept. CPU time is budgeted per window
(GEOLEDGER_WINDOW_SECONDS) and for the whole document (ingest.budget's GEOLEDGER_DOC_SECONDS):
past either, the document is refused with a one-line reason naming which budget ran out.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import time
from collections.abc import Callable, Iterator

from geoledger.errors import DocumentRefused
from geoledger.extract import Gazetteer

# The extractor's reader, driven one window at a time; its per-document settings are replaced
# by the head's. The equality tests (tests/test_windows.py) guard this coupling.
from geoledger.extract.claims import _PRICE_BASIS_RE, _RATE_LEFT_RE, _Reader
from geoledger.extract.lexicon import detect_language
from geoledger.extract.periods import find_periods, resolve_dated
from geoledger.extract.sentences import Sentence
from geoledger.extract.series import unify_restated
from geoledger.ingest.budget import budget_seconds, time_budget
from geoledger.models import Claim, Document, Extraction, Issue, ProposedActor

DEFAULT_STREAM_CHARS = 4 * 1024 * 1024
DEFAULT_WINDOW_CHARS = 256 * 1024
DEFAULT_HEAD_CHARS = 64 * 1024
DEFAULT_WINDOW_SECONDS = 30.0
# A window grows past its size to reach a paragraph's end, but not past this many times it.
MAX_GROWTH = 4

_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK_RE = re.compile(r"\n\s*(?=[A-Z\u0400-\u042f\"“‘(])")
_SENTENCE_END_RE = re.compile(r"[.!?][\"”’)]?\s+(?=[A-Z\u0400-\u042f\"“‘(])")
_SPACE_RE = re.compile(r"\s+")

# What a reader settles for the whole document, and what it carries from sentence to sentence.
_HEAD_FIELDS = (
    "doc_date",
    "doc_year",
    "survey",
    "title_period",
    "lead_period",
    "poll",
    "focus",
    "second",
    "asked",
)
_CARRIED_FIELDS = ("ctx", "list_lead", "last_bank", "also", "last_metric")


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "")
    try:
        return float(raw) if raw else default
    except ValueError:
        return default


def stream_threshold() -> int:
    """Characters above which a document is streamed (GEOLEDGER_STREAM_CHARS; 0 = never)."""
    return int(_env_number("GEOLEDGER_STREAM_CHARS", DEFAULT_STREAM_CHARS))


def window_seconds() -> float:
    """CPU seconds one window may take (GEOLEDGER_WINDOW_SECONDS; 0 = no per-window limit)."""
    return _env_number("GEOLEDGER_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS)


def should_stream(doc: Document, threshold: int | None = None) -> bool:
    limit = stream_threshold() if threshold is None else threshold
    return limit > 0 and len(doc.text) > limit


def cut_windows(text: str, size: int) -> Iterator[tuple[int, int, bool]]:
    """Disjoint (start, end) spans covering text, each of size / 2 to MAX_GROWTH x size
    characters, cut where a paragraph begins: after a blank line, else after a line break
    before a capital, else after a sentence end; text with none of these in reach is cut after
    a space (or, with no space, at the limit). Each span's end is the next one's start, so the
    spans tile the text exactly; the flag says the cut falls inside a paragraph, which the next
    span then goes on with."""
    size = max(1, size)
    start, n = 0, len(text)
    while start < n:
        if n - start <= size:
            yield start, n, False
            return
        end = None
        reach = min(n, start + MAX_GROWTH * size)
        for pattern in (_BLANK_LINE_RE, _LINE_BREAK_RE, _SENTENCE_END_RE):
            m = pattern.search(text, start + size // 2, reach)
            if m is not None and m.end() < n:
                end, within = m.end(), pattern is _SENTENCE_END_RE
                break
        if end is None and reach == n:
            yield start, n, False  # no break in the rest: one window, not a cut word
            return
        if end is None:
            m = _SPACE_RE.search(text, start + size, reach)
            end, within = (m.end() if m is not None and m.end() < n else reach), True
        if n - end < size // 2:
            yield start, n, False  # a short tail joins this window: too few lines to judge alone
            return
        yield start, end, within
        start = end


@dataclasses.dataclass
class StreamReport:
    """How a document was streamed: for progress and for the tests."""

    windows: int = 0
    chars_done: int = 0


def extract_streaming(
    doc: Document,
    *,
    gazetteer: Gazetteer,
    window_chars: int | None = None,
    head_chars: int | None = None,
    per_window_seconds: float | None = None,
    total_seconds: float | None = None,
    on_window: Callable[[int, int], None] | None = None,
    report: StreamReport | None = None,
    already_spent: float = 0.0,
) -> Extraction:
    """doc's claims, issues and proposed actors, read window by window.

    on_window(done, total) is called after each window with characters read so far and in
    all. Raises DocumentRefused when a window or the whole document exceeds its CPU budget;
    already_spent: CPU seconds the document took before (its parsing), counted in its total.
    """
    size = int(window_chars or _env_number("GEOLEDGER_WINDOW_CHARS", DEFAULT_WINDOW_CHARS))
    head_size = int(head_chars or _env_number("GEOLEDGER_HEAD_CHARS", DEFAULT_HEAD_CHARS))
    per_window = window_seconds() if per_window_seconds is None else per_window_seconds
    total = budget_seconds() if total_seconds is None else total_seconds
    path = doc.path or doc.name
    report = report if report is not None else StreamReport()
    started = time.thread_time() - already_spent

    def spent() -> float:
        return time.thread_time() - started

    def budget() -> tuple[float, bool]:
        """The CPU seconds the next step may take, and whether the overall cap binds it."""
        left = total - spent() if total > 0 else 0.0
        if total > 0 and left <= 0:
            raise _overall_refusal(path, total, report)
        if per_window > 0 and (total <= 0 or per_window < left):
            return per_window, False
        return left, total > 0

    text = doc.text
    head_end = next(cut_windows(text, head_size))[1]
    limit, overall = budget()
    with _WindowBudget(path, limit, total if overall else 0.0, report):
        head = _Reader(dataclasses.replace(doc, text=text[:head_end]), gazetteer)
    settled = {name: getattr(head, name) for name in _HEAD_FIELDS}
    lead_end: int = head.lead_end
    del head

    out = Extraction()
    seen_actors: set[str] = set()
    carried: dict[str, object] | None = None
    last_claim: Claim | None = None
    paragraphs = 0
    for start, end, within in cut_windows(text, size):
        piece = dataclasses.replace(doc, text=text[start:end], published_on=settled["doc_date"])
        limit, overall = budget()
        with _WindowBudget(path, limit, total if overall else 0.0, report):
            reader = _Reader(piece, gazetteer)
            if reader.doc_date != settled["doc_date"]:
                _redate(reader, settled["doc_date"])
            for name, value in settled.items():
                setattr(reader, name, value)
            # The lead is where the head's first paragraph ends, in this window's offsets.
            reader.lead_end = max(0, lead_end - start)
            if carried is not None:
                for name, value in carried.items():
                    setattr(reader, name, value)
            # A list's lead-in line takes the last claim read, though an earlier window's.
            seeded = [last_claim] if last_claim is not None else []
            reader.claims = list(seeded)
            reader.lay.sentences = [
                Sentence(s.start, s.end, s.paragraph + paragraphs, s.note)
                for s in reader.lay.sentences
            ]
            part = reader.run()
            del part.claims[: len(seeded)]
        if reader.lay.sentences:
            # Cut inside a paragraph, the next window's first paragraph goes on with this one.
            paragraphs = reader.lay.sentences[-1].paragraph + (0 if within else 1)
        carried = {name: getattr(reader, name) for name in _CARRIED_FIELDS}
        carried["heading"] = reader.heading_at_end
        last_claim = part.claims[-1] if part.claims else last_claim
        out.claims.extend(_shift_claim(c, start) for c in part.claims)
        out.issues.extend(_shift_issue(i, start) for i in part.issues)
        for actor in part.proposed_actors:
            if actor.name.casefold() not in seen_actors:
                seen_actors.add(actor.name.casefold())
                out.proposed_actors.append(_shift_actor(actor, start))
        del reader, part
        report.windows += 1
        report.chars_done = end
        if on_window is not None:
            on_window(end, len(text))
    # One amount told again anywhere in the document is one thing (each window did this for
    # its own claims; the document's pass joins the windows').
    unify_restated(out.claims, None)
    return out


def _redate(reader: _Reader, doc_date: str | None) -> None:
    """Resolve a window's periods against the head's date, not a dateline-like line the
    window happens to open with (only where the head has no date of its own)."""
    text = reader.lay.text
    reader.periods = [
        p
        for p in resolve_dated(find_periods(text, language=detect_language(text)), doc_date)
        if not (p.kind == "year" and _PRICE_BASIS_RE.match(text, p.end))
        and not (p.kind == "year" and _RATE_LEFT_RE.search(text, max(0, p.start - 12), p.start))
    ]
    reader.p_starts = [p.start for p in reader.periods]


class _WindowBudget:
    """time_budget for one window, whose refusal says which budget ran out and where."""

    def __init__(self, path: str, limit: float, total: float, report: StreamReport) -> None:
        # total: the document's budget when it binds this window (its refusal names it), or 0
        self.path, self.limit, self.total, self.report = path, limit, total, report
        self.inner = time_budget(path, limit) if limit > 0 else None

    def __enter__(self) -> None:
        if self.inner is not None:
            self.inner.__enter__()

    def __exit__(self, kind: object, value: BaseException | None, trace: object) -> bool:
        if self.inner is None:
            return False
        with contextlib.suppress(DocumentRefused):  # a repeat of the refusal being handled
            self.inner.__exit__(kind, value, trace)  # type: ignore[arg-type]
        if isinstance(value, DocumentRefused) and "CPU budget" in value.reason:
            if self.total > 0:
                raise _overall_refusal(self.path, self.total, self.report) from None
            where = f"window {self.report.windows + 1} (from character {self.report.chars_done})"
            raise DocumentRefused(
                self.path,
                f"{where} took more than its {self.limit:g} s CPU budget per window; "
                "split the document or raise GEOLEDGER_WINDOW_SECONDS",
            ) from None
        return False


def _overall_refusal(path: str, total: float, report: StreamReport) -> DocumentRefused:
    return DocumentRefused(
        path,
        f"took more than its {total:g} s CPU budget after {report.windows} windows "
        f"({report.chars_done:,} characters); split it into smaller documents",
    )


def _shift_claim(claim: Claim, by: int) -> Claim:
    return dataclasses.replace(claim, start=claim.start + by, end=claim.end + by)


def _shift_issue(issue: Issue, by: int) -> Issue:
    if issue.start is None or issue.end is None:
        return issue
    return dataclasses.replace(issue, start=issue.start + by, end=issue.end + by)


def _shift_actor(actor: ProposedActor, by: int) -> ProposedActor:
    if actor.start is None or actor.end is None:
        return actor
    return dataclasses.replace(actor, start=actor.start + by, end=actor.end + by)
