"""Plain text and Markdown: the UTF-8 text as is, plus title, author and date where stated."""

from __future__ import annotations

import datetime as dt
import re
from typing import TypedDict

from geoledger.errors import DocumentRefused
from geoledger.ingest.encodings import decode_legacy


class Meta(TypedDict, total=False):
    """What a document says about itself; every key is optional."""

    title: str | None
    author: str | None
    published_on: str | None
    url: str | None
    outlet: str | None
    encoding: str | None  # the codec the bytes were read with: utf-8, cp1250, cp1251 ...


HEAD_LINES = 12  # author and date lines are looked for only among the first non-empty lines
_SAMPLE = 8192  # bytes looked at to tell binary from text
_BINARY_SHARE = 0.3  # above this share of control or undecodable characters a file is binary

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],  # fmt: skip
        start=1,
    )
    for name in names
}
# Serbian months as date lines write them (14. mart 2024., 14. marta 2024.), in both scripts.
_MONTHS.update(
    {
        name: number
        for number, names in enumerate(
            [
                ("januar", "januara", "јануар", "јануара"),
                ("februar", "februara", "фебруар", "фебруара"),
                ("mart", "marta", "март", "марта"),
                ("april", "aprila", "април", "априла"),
                ("maj", "maja", "мај", "маја"),
                ("jun", "juna", "juni", "јун", "јуна", "јуни"),
                ("jul", "jula", "juli", "јул", "јула", "јули"),
                ("avgust", "avgusta", "август", "августа"),
                ("septembar", "septembra", "септембар", "септембра"),
                ("oktobar", "oktobra", "октобар", "октобра"),
                ("novembar", "novembra", "новембар", "новембра"),
                ("decembar", "decembra", "децембар", "децембра"),
            ],  # fmt: skip
            start=1,
        )
        for name in names
    }
)
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_WEEKDAY_SR = (
    r"(?:(?:ponedeljak|utorak|sreda|četvrtak|petak|subota|nedelja|понедељак|уторак|среда|"
    r"четвртак|петак|субота|недеља),?\s+)?"
)
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?"
_DATE_FORMS = [
    r"(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?:[T ]\d\d:\d\d(?::\d\d)?\S*)?",
    rf"{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}{_TIME}",
    rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}",
    rf"{_MONTH}\s+{_YEAR}",
    # Day-first with dots (14.03.2024.) is the Serbian and central European way; never US.
    r"(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>(?:19|20)\d\d)\.?",
    # Serbian: "sreda, 14. mart 2024.", "14. марта 2024. године", the year with its ordinal dot.
    rf"{_WEEKDAY_SR}{_DAY}\.\s*{_MONTH}\s+{_YEAR}\.?(?:\s+(?:godine|године))?\.?{_TIME}",
]
_DATE_WORDS = r"(?:published|posted|updated|last\s+updated|date|dated|first\s+published|"
_DATE_WORDS += r"objavljeno|ažurirano|datum|објављено|ажурирано|датум)(?:\s+on)?\s*:?\s*"
_DATE_PREFIX = rf"(?:{_DATE_WORDS}|on\s+)?"
_DATE_LINE = [re.compile(rf"{_DATE_PREFIX}{form}", re.IGNORECASE) for form in _DATE_FORMS]
# 'Published: 2017-07': a month, read only after a date word ('2017-18' alone is a span).
_DATE_LINE.append(
    re.compile(
        rf"{_DATE_WORDS}(?P<year>(?:19|20)\d\d)-(?P<month>0[1-9]|1[0-2])",
        re.IGNORECASE,
    )
)
_DATE_AT_END = [re.compile(rf"[,;]?\s*(?:{form})$", re.IGNORECASE) for form in _DATE_FORMS]

_BYLINE = re.compile(r"(?:by|written\s+by|authors?\s*:)\s+(?P<names>.+)", re.IGNORECASE)
_PARTICLES = frozenset({"de", "da", "di", "del", "der", "den", "van", "von", "la", "le", "bin"})
_PIECE_SEPARATORS = re.compile(r"\s+[|·•—–-]\s+|\s*\|\s*")
_MD_HEADING = re.compile(r"#\s+(?P<title>.+?)(?:\s+#+)?\s*$")
_FRONT_MATTER_FIELD = re.compile(r"(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*?)\s*$")


def parse_text(raw: bytes, *, path: str, markdown: bool = False) -> tuple[str, Meta]:
    """Decode raw exactly (no normalising) and find title, author and date where stated."""
    # Serbian files still come in Windows-1250/1251: read them so when they are not UTF-8.
    legacy = decode_legacy(raw)
    text = legacy[0] if legacy else decode_utf8(raw, path=path)
    lines = [line.strip().lstrip("\ufeff").strip() for line in text.splitlines()]
    meta: Meta = {"encoding": legacy[1] if legacy else "utf-8"}
    if markdown:
        lines = _front_matter(lines, meta)
    meta.setdefault("title", find_title(lines, markdown=markdown))
    author, published_on = find_byline(lines)
    meta.setdefault("author", author)
    meta.setdefault("published_on", published_on)
    return text, meta


def decode_utf8(raw: bytes, *, path: str) -> str:
    """Return raw decoded as UTF-8 (or UTF-16 where it says so); refuse binary and bad bytes."""
    encoding = utf16_encoding(raw)
    if encoding:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as e:
            raise DocumentRefused(path, f"invalid UTF-16 at byte {e.start}") from None
        if _mostly_not_text(text[:_SAMPLE]):
            raise DocumentRefused(path, "binary file, not text")
        return text
    if b"\x00" in raw:
        raise DocumentRefused(path, "binary file, not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        if _mostly_not_text(raw[:_SAMPLE].decode("utf-8", errors="replace")):
            raise DocumentRefused(path, "binary file, not text") from None
        raise DocumentRefused(path, f"invalid UTF-8 at byte {e.start}") from None
    if _mostly_not_text(text[:_SAMPLE]):
        raise DocumentRefused(path, "binary file, not text")
    return text


def utf16_encoding(raw: bytes) -> str | None:
    """'utf-16' for text with a UTF-16 byte-order mark, 'utf-16-le'/'-be' for one without."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") and raw[:4] != b"\xff\xfe\x00\x00":
        return "utf-16"
    sample = raw[:_SAMPLE]
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    # Mostly Latin text in UTF-16 has a zero in every other byte, and only there.
    even_zero = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
    odd_zero = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
    if odd_zero > 0.6 * pairs and even_zero == 0:
        return "utf-16-le"
    if even_zero > 0.6 * pairs and odd_zero == 0:
        return "utf-16-be"
    return None


def _mostly_not_text(sample: str) -> bool:
    """Tell whether a sample is mostly control characters or undecodable bytes."""
    if not sample:
        return False
    bad = sum(
        1 for c in sample if c == "\ufffd" or (c < " " and c not in "\t\n\r\f\v\b") or c == "\x7f"
    )
    return bad / len(sample) > _BINARY_SHARE


def find_title(lines: list[str], *, markdown: bool = False) -> str | None:
    """Return the first non-empty line when it is a heading (a Markdown '# ' one for Markdown)."""
    first = next((i for i, line in enumerate(lines) if line), None)
    if first is None:
        return None
    line = lines[first]
    if markdown:
        heading = _MD_HEADING.fullmatch(line)
        if heading:
            return heading.group("title").strip()
        nxt = lines[first + 1] if first + 1 < len(lines) else ""
        if nxt and set(nxt) == {"="}:  # a setext heading underlined with ===
            return line
        if line[0] in "#>*-+|`![<" or line[0].isdigit():
            return None
    return line if _looks_like_heading(line) else None


def _looks_like_heading(line: str) -> bool:
    """A heading is short, starts with a capital or digit and does not end like a sentence."""
    return (
        len(line) <= 150
        and len(line.split()) <= 20
        and (line[0].isupper() or line[0].isdigit())
        and any(c.isalpha() for c in line)
        and line[-1] not in ".,;:"
    )


def find_byline(lines: list[str]) -> tuple[str | None, str | None]:
    """Return (author, ISO date) from 'By NAME' and date lines near the top, if clearly stated."""
    author = published_on = None
    head = [line for line in lines if line][:HEAD_LINES]
    for line in head:
        for piece in _PIECE_SEPARATORS.split(line.strip("*_ ")):
            piece = piece.strip("*_ ")
            if author is None:
                author, piece = _byline_author(piece)
            if published_on is None and piece:
                published_on = parse_date_phrase(piece)
        if author and published_on:
            break
    return author, published_on


def _byline_author(piece: str) -> tuple[str | None, str]:
    """Return the names in a 'By ...' piece and a date phrase trailing it ('By A, 3 May 2024')."""
    match = _BYLINE.fullmatch(piece)
    if not match:
        return None, piece
    names, rest = match.group("names"), ""
    for pattern in _DATE_AT_END:
        trailing = pattern.search(names)
        if trailing:
            names, rest = names[: trailing.start()], trailing.group().lstrip(",; ")
            break
    names = names.strip(" ,;")
    people = re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", names)
    if not all(_is_name(person) for person in people):
        return None, piece
    return names, rest


def _is_name(text: str) -> bool:
    """A person's name: one to five capitalised words (particles such as 'van' allowed)."""
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 60:
        return False
    return all(
        (w[0].isupper() and all(c.isalpha() or c in ".'’-" for c in w)) or w in _PARTICLES
        for w in words
    )


def parse_date_phrase(piece: str) -> str | None:
    """Return an ISO date (YYYY-MM-DD or YYYY-MM) if the whole piece is one stated date."""
    for pattern in _DATE_LINE:
        match = pattern.fullmatch(piece.strip())
        if match:
            return _iso(match)
    return None


def _iso(match: re.Match[str]) -> str | None:
    """Turn a matched date into ISO 8601, or None if it is no real calendar date."""
    year = int(match.group("year"))
    month_text = match.group("month").lower().rstrip(".")
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text]
    day_text = match.groupdict().get("day")
    try:
        if day_text is None:
            dt.date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        return dt.date(year, month, int(day_text)).isoformat()
    except ValueError:
        return None


def _front_matter(lines: list[str], meta: Meta) -> list[str]:
    """Read title/author/date from a leading '---' YAML-style block; return the lines after it."""
    if not lines or lines[0] != "---":
        return lines
    try:
        end = lines.index("---", 1)
    except ValueError:
        return lines
    for line in lines[1:end]:
        field = _FRONT_MATTER_FIELD.fullmatch(line)
        if not field:
            continue
        key, value = field.group("key").lower(), field.group("value").strip("'\" ")
        if not value:
            continue
        if key == "title":
            meta["title"] = value
        elif key in ("author", "authors"):
            meta["author"] = value
        elif key in ("date", "published", "published_on"):
            meta["published_on"] = parse_date_phrase(value)
        elif key in ("url", "source_url"):
            meta["url"] = value
        elif key in ("outlet", "publisher", "site"):
            meta["outlet"] = value
    return lines[end + 1 :]
