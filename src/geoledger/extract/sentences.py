"""Reading order for a document: body text joined across footnote blocks, paragraphs, sentences."""

from __future__ import annotations

import bisect
import re
import statistics
from dataclasses import dataclass, field

from geoledger.extract.numbers import word_set

# A footnote body in PDF text: ' 12  Author, "Title," ...' after a blank line.
_NOTE_START_RE = re.compile(r"^[ \t]{0,3}(\d{1,3})[ \t]{2,}\S")
# Page text resumes in PDF extractions as a line that starts with one space and a letter.
_BODY_RESUME_RE = re.compile(r"^ [^\s\d]")
_BOUNDARY_RE = re.compile(r"[.!?][\"”’)\]]*(?:\d{1,3}(?=\s))?\s+(?=[\"“‘(]?[A-Z0-9À-Ž])")
_ABBREVIATIONS = word_set(
    "mr mrs ms dr prof st vs no nr vol pp p ed eds e.g i.e etc approx ca cf fig gen gov sen "
    "rep jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u inc ltd co corp "
    "jr sr mt op art sec ch para"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a span of the reading text, with its paragraph and whether it is a note."""

    start: int
    end: int
    paragraph: int
    note: bool


@dataclass(slots=True)
class Layout:
    """The reading text of a document and how its offsets map back to the document's text."""

    text: str
    starts: list[int] = field(default_factory=list)  # reading offsets where pieces begin
    doc_starts: list[int] = field(default_factory=list)  # where those pieces begin in doc.text
    lengths: list[int] = field(default_factory=list)
    note_from: int = 0  # reading offset where footnote text begins
    sentences: list[Sentence] = field(default_factory=list)

    def to_doc(self, start: int, end: int) -> tuple[int, int] | None:
        """Map a reading span to document offsets; None if it crosses a joint between pieces."""
        i = bisect.bisect_right(self.starts, start) - 1
        if i < 0 or end > self.starts[i] + self.lengths[i]:
            return None
        shift = self.doc_starts[i] - self.starts[i]
        return start + shift, end + shift


def _is_wrapped(lines: list[str]) -> bool:
    """True for hard-wrapped text (PDF or e-mail) where a newline does not end a paragraph."""
    sized = [len(line.rstrip()) for line in lines if line.strip()]
    if len(sized) < 10:
        return False
    ends = tuple('.!?:"”')
    open_ended = sum(1 for line in lines if line.strip() and not line.rstrip().endswith(ends))
    return statistics.median(sized) <= 110 and open_ended > len(sized) / 2


def _note_lines(lines: list[str]) -> list[bool]:
    """Which lines belong to footnote blocks (only looked for in hard-wrapped text)."""
    notes = [False] * len(lines)
    in_note = False
    prev_blank = True
    for i, line in enumerate(lines):
        blank = not line.strip()
        if not in_note and prev_blank and _NOTE_START_RE.match(line):
            in_note = True
        elif in_note and _BODY_RESUME_RE.match(line) and not _NOTE_START_RE.match(line):
            in_note = False
        notes[i] = in_note
        prev_blank = blank
    return notes


_LAST_WORD_RE = re.compile(r"([\w.]+)$")
_LETTER_RE = re.compile(r"[a-z]")


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph of the reading text."""
    spans = []
    cur = start
    for m in _BOUNDARY_RE.finditer(text, start, end):
        before = text[max(cur, m.start() - 12) : m.start()]
        word = _LAST_WORD_RE.search(before)
        token = word.group(1).casefold() if word else ""
        if token in _ABBREVIATIONS or _LETTER_RE.fullmatch(token) and text[m.start()] == ".":
            continue
        if text[max(0, m.start() - 2) : m.start() + 1] == "...":
            continue  # a dot leader runs on: 'Exports to China ........ $1.12 billion'
        spans.append((cur, m.start() + len(m.group().rstrip())))
        cur = m.end()
    if cur < end:
        spans.append((cur, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


# A bullet or a table row with a dot leader ('Exports ....... $1.12 billion')
# never runs on from the line before: it is a sentence of its own, in its heading's paragraph.
_ROW_RE = re.compile(r"\n[ \t]*(?=[-•▪*–][ \t]|[^\n]*(?:\.{4,}|…{2,}))")
_BULLET_ROW_RE = re.compile(r"\n[ \t]*(?=[-•▪*–][ \t])")


def _split_rows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence span cut before each bullet or table row it holds."""
    span = text[start:end]
    if "\n" not in span:
        return [(start, end)] if span.strip() else []  # every row starts after a line break
    # A dot leader is looked for along each line only where the span holds one.
    rows = _ROW_RE if "...." in span or "……" in span else _BULLET_ROW_RE
    spans = []
    cur = start
    for m in rows.finditer(text, start, end):
        if text[cur : m.start()].strip():
            spans.append((cur, m.start()))
        cur = m.end()
    if text[cur:end].strip():
        spans.append((cur, end))
    return spans


_WRAPPED_PARA_RE = re.compile(r"\n[ \t]*\n\s*")
_LINE_PARA_RE = re.compile(r"\n(?![ \t]*[^\n]*(?:\.{4,}|…{2,}))\s*(?![a-z\d$€£(])")
_LINE_PARA_NO_LEADER_RE = re.compile(r"\n\s*(?![a-z\d$€£(])")


def layout(text: str) -> Layout:
    """Reading order of text: body pieces joined across footnote blocks, then the notes."""
    lines = text.splitlines(keepends=True)
    wrapped = _is_wrapped(lines)
    notes = _note_lines(lines) if wrapped else [False] * len(lines)
    body: list[tuple[int, int]] = []
    note: list[tuple[int, int]] = []
    pos = 0
    for line, is_note in zip(lines, notes, strict=True):
        target = note if is_note else body
        if target and target[-1][1] == pos:
            target[-1] = (target[-1][0], pos + len(line))
        else:
            target.append((pos, pos + len(line)))
        pos += len(line)
    out = Layout(text="")
    parts: list[str] = []
    cursor = 0

    def add(piece: tuple[int, int], sep: str) -> None:
        nonlocal cursor
        s, e = piece
        if body_join and parts:
            # Trim the whitespace at a joint so a sentence can run across a footnote block.
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
        if s >= e:
            return
        if parts:
            parts.append(sep)
            cursor += len(sep)
        out.starts.append(cursor)
        out.doc_starts.append(s)
        out.lengths.append(e - s)
        parts.append(text[s:e])
        cursor += e - s

    body_join = len(body) > 1
    for piece in body:
        add(piece, "\n")
    out.note_from = cursor + 2
    body_join = True
    for piece in note:
        add(piece, "\n\n")
    out.text = "".join(parts)
    # Unwrapped text: each line a paragraph, unless the next line goes on in lower case.
    # A table row with a dot leader stays in its heading's paragraph either way.
    reading = out.text
    if wrapped:
        para_break = _WRAPPED_PARA_RE
    elif "...." in reading or "……" in reading:
        para_break = _LINE_PARA_RE
    else:
        # No dot leader anywhere: the lookahead for one always holds, and leaving it out spares
        # reading every line to its end (~25% of layout).
        para_break = _LINE_PARA_NO_LEADER_RE
    cur = 0
    for para, m in enumerate([*para_break.finditer(reading), None]):
        stop = m.start() if m else len(reading)
        for s, e in _split_sentences(reading, cur, stop):
            for s2, e2 in _split_rows(reading, s, e):
                out.sentences.append(Sentence(s2, e2, para, s2 >= out.note_from))
        cur = m.end() if m else len(reading)
    return out
