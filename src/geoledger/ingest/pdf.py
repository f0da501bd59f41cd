"""PDF: the text layer via pypdf, wrapped lines joined into paragraphs, page furniture dropped."""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.errors import DependencyError

from geoledger.errors import DocumentRefused
from geoledger.ingest.text import Meta

EDGE_LINES = 2  # running headers, footers and page numbers sit in a page's first or last lines
SHORT_LINE = 0.75  # a line under this share of the usual width may end a paragraph
SENTENCE_LINE = 0.9  # a sentence ending a line this much shorter than usual ends a paragraph
NO_TEXT = "no text layer (image-only PDF?)"

_PAGE_NUMBER = re.compile(
    r"[-–—]?\s*(?:page\s+|p\.\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:/|of)\s*\d{1,4})?\s*[-–—]?",
    re.IGNORECASE,
)
# "1 Source: ...", "2. See ...", "3https://..." (pypdf may glue a small marker to its note).
_FOOTNOTE_START = re.compile(r"(?P<n>\d{1,3}|[*†‡])(?:[.)]?\s+|(?=[^\W\d_]))(?P<body>\S.*)")
_BULLET = re.compile(r"(?:[•▪●◦‣■□–*-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+\S")
_HYPHENATED = re.compile(r"([^\W\d_]+)-([^\W\d_]+)")
_SOFT_HYPHEN = "\u00ad"
# Fonts such as DejaVu draw Serbian б (and, in italics, г д п т) as localised glyphs that a
# PDF's ToUnicode map sends to private-use code points; read them back as the letters they are.
_SERBIAN_GLYPHS = str.maketrans(
    {"\uf6c4": "г", "\uf6c5": "б", "\uf6c6": "д", "\uf6c7": "п", "\uf6c8": "т", "\uf5c5": "б"}
)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\d{0,3}$")  # a footnote marker may follow (level.2)


def parse_pdf(raw: bytes, *, path: str) -> tuple[str, Meta]:
    """Return a PDF's text as paragraphs (footnotes as their own) and its info-dict metadata."""
    if b"%PDF-" not in raw[:1024]:
        raise DocumentRefused(path, "malformed PDF: no %PDF- header")
    try:
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(raw))
            _unlock(reader, path)
            pages = [
                (page.extract_text() or "").translate(_SERBIAN_GLYPHS) for page in reader.pages
            ]
    except DocumentRefused:
        raise
    except Exception as e:  # noqa: BLE001 - pypdf raises many types on broken files; all mean malformed
        raise DocumentRefused(path, f"malformed PDF: {_short(e)}") from None
    if not any(page.strip() for page in pages):
        raise DocumentRefused(path, NO_TEXT)
    text = join_pages([page.splitlines() for page in pages])
    if not text.strip():
        raise DocumentRefused(path, NO_TEXT)
    return text, _metadata(reader)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's warnings (EOF marker not found...) off stderr; a refusal says what matters."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _unlock(reader: PdfReader, path: str) -> None:
    """Open a PDF encrypted with an empty user password (permissions only); refuse any other."""
    if not reader.is_encrypted:
        return
    try:
        opened = bool(reader.decrypt(""))
    except (DependencyError, NotImplementedError):
        opened = False  # AES without a crypto library: as locked as a real password
    if not opened:
        raise DocumentRefused(path, "encrypted PDF")


def _short(error: Exception) -> str:
    """One short line naming what pypdf found wrong."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return message if len(message) <= 80 else message[:77] + "..."


def _metadata(reader: PdfReader) -> Meta:
    """Title, author and creation date from the PDF's info dictionary, where set."""
    try:
        info = reader.metadata
    except Exception:  # noqa: BLE001 - a broken info dict should not cost us the text
        return {}
    if info is None:
        return {}
    try:
        created = info.creation_date
    except Exception:  # noqa: BLE001 - pypdf raises on malformed date strings
        created = None
    return {
        "title": _clean(info.title),
        "author": _clean(info.author),
        "published_on": created.date().isoformat() if created else None,
    }


def _clean(value: object) -> str | None:
    """Return a stripped string, or None for missing or empty values."""
    if not isinstance(value, str):
        return None
    return value.strip() or None


def join_pages(pages: list[list[str]]) -> str:
    """Join pages' lines into paragraphs: furniture out, footnotes apart, wraps mended."""
    pages = [[line.strip() for line in lines] for lines in pages]
    pages = _drop_furniture(pages)
    split = [_split_footnotes(lines) for lines in pages]
    all_lines = [line for lines in pages for line in lines if line]
    width = _usual_width(all_lines)
    compounds = {m.group().lower() for line in all_lines for m in _HYPHENATED.finditer(line)}

    out = _Paragraphs(width=width, compounds=compounds)
    for body, page_notes in split:
        for i, line in enumerate(body):
            out.add(line, next_line=body[i + 1] if i + 1 < len(body) else None)
        # Footnotes wait until a paragraph running on to the next page is finished.
        out.pending.extend(page_notes)
        out.flush_notes_if_closed()
    out.close()
    return "\n".join(out.paragraphs)


def _drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers, repeated running headers/footers and lines with no letter or digit."""
    edge_keys: Counter[str] = Counter()
    for lines in pages:
        edge_keys.update({_key(line) for line in _edges(lines)})
    repeated = {key for key, n in edge_keys.items() if n >= 2 and n >= len(pages) / 2}
    cleaned = []
    for lines in pages:
        edges = set(_edge_indexes(lines))
        keep = []
        for i, line in enumerate(lines):
            if line and not any(c.isalnum() for c in line):
                continue  # image placeholders, rules and stray glyphs carry no text
            if i in edges and (_PAGE_NUMBER.fullmatch(line) or _key(line) in repeated):
                continue
            keep.append(line)
        cleaned.append(keep)
    return cleaned


def _edge_indexes(lines: list[str]) -> list[int]:
    """Indexes of the first and last few non-empty lines of a page."""
    filled = [i for i, line in enumerate(lines) if line]
    return filled[:EDGE_LINES] + filled[-EDGE_LINES:]


def _edges(lines: list[str]) -> list[str]:
    """The first and last few non-empty lines of a page."""
    return [lines[i] for i in _edge_indexes(lines)]


def _key(line: str) -> str:
    """Compare running headers with their page numbers and spacing ignored."""
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _split_footnotes(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """Split a page into body lines and footnotes (each a list of lines) found at its bottom."""
    filled = [i for i, line in enumerate(lines) if line]
    start = None
    for i in filled[len(filled) // 2 :]:
        match = _FOOTNOTE_START.fullmatch(lines[i])
        if match and _opens_note(match.group("body")) and _marker_in(match.group("n"), lines[:i]):
            start = i
            break
    if start is None:
        return lines, []
    notes: list[list[str]] = []
    for line in lines[start:]:
        if not line:
            continue
        match = _FOOTNOTE_START.fullmatch(line)
        if (
            match
            and _opens_note(match.group("body"))
            and _marker_in(match.group("n"), lines[:start])
        ):
            notes.append([line])
        else:
            notes[-1].append(line)
    return lines[:start], notes


def _opens_note(body: str) -> bool:
    """A note starts like a sentence or a link, unlike a wrapped line such as '38 percent of'."""
    return body[0].isupper() or body[0] in "\"“‘'(" or body.startswith(("http", "www."))


def _marker_in(marker: str, body: list[str]) -> bool:
    """Whether a footnote marker sits glued to a word or its punctuation in the body (level.2)."""
    glued = r"(?:(?<=[^\W\d_])|(?<=[^\W\d_][.,;:)\"”’]))" + re.escape(marker) + r"(?![\d.,]?\d)"
    return any(re.search(glued, line) for line in body)


def _usual_width(lines: list[str]) -> int:
    """The length of a full line of body text (90th percentile of line lengths)."""
    if not lines:
        return 0
    lengths = sorted(len(line) for line in lines)
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]


@dataclass
class _Paragraphs:
    """Accumulates lines into paragraphs, mending wraps and hyphenation."""

    width: int
    compounds: set[str]
    paragraphs: list[str] = field(default_factory=list)
    pending: list[list[str]] = field(default_factory=list)
    current: str = ""

    def add(self, line: str, *, next_line: str | None) -> None:
        """Add one line; a blank line, a bullet or a short finished line ends the paragraph."""
        if not line:
            self.close()
            return
        if self.current and _BULLET.match(line):
            self.close()
        self.current = self._join(self.current, line) if self.current else line
        if self._ends_paragraph(line, next_line):
            self.close()

    def _ends_paragraph(self, line: str, next_line: str | None) -> bool:
        """A short line ends its paragraph unless it breaks a word or the next line carries on."""
        if line.endswith(("-", _SOFT_HYPHEN)):
            return False
        next_starts_new = bool(next_line and not next_line[0].islower())
        if len(line) < SHORT_LINE * self.width:
            return line[-1] in '.!?:;"”’)]' or next_starts_new
        # Justified text fills every line but the last; a sentence ending short of full
        # width before a capital is most likely a paragraph's end (and a safe cut if not).
        return (
            len(line) < SENTENCE_LINE * self.width
            and bool(_SENTENCE_END.search(line))
            and next_starts_new
        )

    def _join(self, text: str, line: str) -> str:
        """Join a wrapped line: drop a soft hyphen, keep a real one, else one space."""
        if text.endswith(_SOFT_HYPHEN):
            return text[:-1] + line
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha():
            left = re.search(r"[^\W\d_]+-$", text)
            right = re.match(r"[^\W\d_]+", line)
            if left and right and line[0].islower():
                compound = (left.group() + right.group()).lower()
                return text + line if compound in self.compounds else text[:-1] + line
            return text + line  # Sino-\nSerbian, COVID-\n19: a real hyphen
        return f"{text} {line}"

    def close(self) -> None:
        """Finish the current paragraph and put out footnotes that were waiting for it."""
        if self.current:
            self.paragraphs.append(self.current)
            self.current = ""
        self.flush_notes_if_closed()

    def flush_notes_if_closed(self) -> None:
        """Put out waiting footnotes, each its own paragraph, once no paragraph is open."""
        if self.current:
            return
        for note in self.pending:
            joined = _Paragraphs(width=0, compounds=self.compounds)
            joined.current = note[0]
            for line in note[1:]:
                joined.current = joined._join(joined.current, line)
            self.paragraphs.append(joined.current)
        self.pending.clear()
