"""A unit stated once for a table: 'FY 2009 USD Thousands' heading rows of '$35,444' makes
each row thousands of dollars; 'Izvoz po zemljama (u milionima evra)' over 'Kina 1.234,5'
makes the row's bare number 1.2345 billion euros (government and statistics tables write so)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from geoledger.extract.caseless import CaseBlind, lowered_text
from geoledger.extract.lexicon import iso_codes, lexicon, table_words, trie_regex
from geoledger.extract.money import YEAR_LIKE, Quantity

_ROWS_MAX = 40  # lines a heading reaches; tables longer than that repeat their heading
_HEADING_MAX = 100  # characters: a heading is a short line
_ROW_MAX = 200  # characters: a longer line is prose, and the table has ended
_LEADING_RANK_RE = re.compile(r"\s*\d{1,2}[.)]\s")  # '1. Nemačka': a rank, not a figure


@dataclass(frozen=True, slots=True)
class _Stated:
    """One unit a heading states: a currency (and its scale), a scaled count, or percent."""

    unit: str  # ISO code, 'count' or 'percent'
    factor: float
    at: int  # where the statement starts in its line


def _scale_words(language: str) -> dict[str, float]:
    scales = {w: f for w, f in lexicon(language).scales.items() if len(w) >= 4 and f >= 1000}
    return {**scales, **table_words(language).scales}


@cache
def _cue_re(language: str) -> re.Pattern[str]:
    """Any scale or percent word of a heading: the cheap test a line passes before the full one."""
    words = set(_scale_words(language)) | table_words(language).percent
    # ... or a short bracket, which may state a currency alone: '(EUR)', '(u evrima)'.
    return re.compile(rf"{trie_regex(words)}|\([^()]{{3,12}}\)", re.IGNORECASE)


@cache
def _cue(language: str) -> CaseBlind:
    # No lookbehind or anchor: a line's matches are those of the text between its ends, so
    # every line is searched in one lowered copy of the whole text.
    return CaseBlind(_cue_re(language))


@cache
def _heading_re(language: str) -> re.Pattern[str]:
    """'USD thousands', 'EUR, million', 'in millions of euros', '(thousands of US dollars)',
    'u milionima dinara', 'mil. EUR', 'u hiljadama', '(%)'."""
    words = table_words(language)
    scale = trie_regex(set(_scale_words(language)))
    named = trie_regex(set(words.currencies))
    ins = rf"(?:(?:{trie_regex(set(words.in_words))})\s+)?" if words.in_words else ""
    of = rf"(?:(?:{trie_regex(set(words.of_words))})\s+)?" if words.of_words else ""
    alone = ""
    if words.scales and words.in_words:
        # 'u hiljadama' with no currency: the rows count thousands of what they count.
        alone = (
            rf"|(?:{trie_regex(set(words.in_words))})\s+(?P<alone>{trie_regex(set(words.scales))})"
        )
    percent = rf"|(?P<pct>{trie_regex(set(words.percent))})" if words.percent else ""
    return re.compile(
        rf"(?<![\w$€£])(?:(?:(?P<code>[A-Z]{{3}})|(?P<named1>{named}))[\s,]*{ins}(?P<scale>{scale})"
        rf"|{ins}(?P<scale2>{scale})\s+{of}(?:(?P<code2>[A-Z]{{3}})|(?P<named>{named}))"
        rf"{alone}{percent}"
        # '(EUR)', '(u evrima)': a currency with no scale, in brackets.
        rf"|(?<=\()\s*{ins}(?:(?P<code3>[A-Z]{{3}})|(?P<named3>{named}))(?=\s*\)))"
        r"(?![\w])",
        re.IGNORECASE,
    )


def _heading(line: str, language: str) -> list[_Stated]:
    """The units a short line states for the rows below it, in the order of its columns."""
    if len(line) > _HEADING_MAX:
        return []
    stated: list[_Stated] = []
    words = table_words(language)
    scales = _scale_words(language)
    for m in _heading_re(language).finditer(line):
        groups = m.groupdict()
        if groups.get("pct"):
            stated.append(_Stated("percent", 1.0, m.start()))
            continue
        if groups.get("alone"):
            stated.append(_Stated("count", scales[groups["alone"].casefold()], m.start()))
            continue
        code = (m.group("code") or m.group("code2") or m.group("code3") or "").upper()
        if not code:
            named = m.group("named") or m.group("named1") or m.group("named3")
            code = words.currencies[re.sub(r"\s+", " ", named.casefold())]
        if code in iso_codes():
            word = (m.group("scale") or m.group("scale2") or "").casefold()
            stated.append(_Stated(code, float(scales[word]) if word else 1.0, m.start()))
    return stated


def apply_table_scales(text: str, found: list[Quantity], language: str) -> None:
    """Scale, in place, the amounts of the rows under a heading that states a currency's scale,
    and read the rows' bare numbers in the unit the heading states.

    Only amounts in the heading's currency that state no scale of their own are scaled, and only
    down to the table's end (a blank line, or prose); the heading itself must hold no figure we
    read. A heading of several units ('mil. EUR | %') reads a row's bare numbers by column when
    the row has one for each.
    """
    if not found and not any(c.isdigit() for c in text):
        return
    if "\n" not in text:
        return
    cue, low = _cue(language), lowered_text(text)
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    for n, (lo, line) in enumerate(lines):
        if not line.strip() or not cue.can_match(text, low, lo, lo + min(len(line), _HEADING_MAX)):
            continue
        # 'Izvoz po zemljama (mil. EUR): Nemačka 2.345, Italija 1.234': a list on the line of
        # its heading, after the colon.
        colon = line.find(":")
        stated = _heading(line[:colon], language) if colon > 0 else []
        head = line[:colon] if stated else line
        stated = stated or _heading(line, language)
        if not stated:
            continue
        inside = [q for q in found if lo <= q.start < lo + len(head)]
        # 'FY 2009 USD Thousands' reads as an amount of 2009 thousand dollars: it is the
        # heading's year, not a figure. Any other figure means the line is no heading.
        if any(not _heading_year(text, q, lo + stated[0].at) for q in inside):
            continue
        for q in inside:
            found.remove(q)
        rows = []
        if head is not line and line[colon + 1 :].strip():
            rows.append((lo + colon + 1, line[colon + 1 :]))
        else:
            below = lines[n + 1 : n + 1 + _ROWS_MAX]
            # A blank line may part a heading from its table; another ends the table.
            skip = 1 if len(below) > 1 and not below[0][1].strip() else 0
            for row_lo, row in below[skip:]:
                if not row.strip() or len(row) > _ROW_MAX:
                    break
                rows.append((row_lo, row))
        if rows:
            _read_rows(text, found, rows, stated, head.strip(), language)


def _read_rows(
    text: str,
    found: list[Quantity],
    rows: list[tuple[int, str]],
    stated: list[_Stated],
    heading: str,
    language: str,
) -> None:
    note = f"unit from the table's heading '{heading}'"
    money = [s for s in stated if s.unit not in ("count", "percent")]
    lex = lexicon(language)
    for row_lo, row in rows:
        row_hi = row_lo + len(row)
        in_row = [q for q in found if row_lo <= q.start < row_hi]
        for q in in_row:
            # An amount in the heading's currency that states no scale of its own.
            for s in money:
                if q.unit == s.unit and not _states_scale(text[q.start : q.end], s.unit, language):
                    q.value *= s.factor
                    if q.value_max is not None:
                        q.value_max *= s.factor
                    q.note = note
                    break
        taken = [(q.start, q.end) for q in in_row if not _bare(text, q)]
        skip_to = _LEADING_RANK_RE.match(row)
        bare: list[tuple[int, int, float]] = []
        # Cells parted by tabs, bars or wide gaps may group thousands with a space ('2 454
        # 900'); in a row parted by single spaces, a space parts two cells ('567 601').
        number_re = _number_re(language, spaced=bool(_CELL_GAP_RE.search(row)))
        for m in number_re.finditer(row, skip_to.end() if skip_to else 0):
            start, end = row_lo + m.start(), row_lo + m.end()
            if any(a < end and start < b for a, b in taken) or YEAR_LIKE.fullmatch(m.group()):
                continue
            value = lex.parse_digits(m.group().lstrip("-−"))
            if value is not None and m.group()[0] in "-−":
                value = -value
            if value is not None:
                bare.append((start, end, value))
        if not bare:
            continue
        if len(stated) == 1:
            units = stated * len(bare)
        elif len(bare) == len(stated):
            units = stated
        else:
            continue
        for (start, end, value), s in zip(bare, units, strict=True):
            for q in [q for q in in_row if q.start == start]:
                found.remove(q)
            q = Quantity(start, end, value * s.factor, s.unit)
            q.note = note
            _insert(found, q)


_CELL_GAP_RE = re.compile(r"\t|\||\S {2,}\S")


@cache
def _number_re(language: str, *, spaced: bool) -> re.Pattern[str]:
    """A number alone in a table cell: no letter, sign or other digit glued to it."""
    lex = lexicon(language)
    g, d = re.escape(lex.group), re.escape(lex.decimal)
    plain = rf"\d{{1,3}}(?:{g}\d{{3}})+(?:{d}\d+)?|\d+(?:{d}\d+)?"
    digits = rf"\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+(?:{d}\d+)?|{plain}" if spaced else plain
    return re.compile(rf"(?:(?<=\s)[-−]|(?<![\w.,%$€£/-]))(?:{digits})(?![\w%$€£/]|[.,]\d|\.\w)")


def _bare(text: str, q: Quantity) -> bool:
    """True for a number the scanner read with no unit or noun: a table cell it could not read."""
    return (
        q.unit == "count" and q.noun is None and not re.search(r"[^\W\d_]", text[q.start : q.end])
    )


def _insert(found: list[Quantity], q: Quantity) -> None:
    """Put q into found, which is in text order."""
    i = len(found)
    while i and found[i - 1].start > q.start:
        i -= 1
    found.insert(i, q)


def _heading_year(text: str, q: Quantity, stated_at: int) -> bool:
    """True when q is a year that runs into the heading's statement of its scale."""
    return q.end > stated_at and bool(YEAR_LIKE.fullmatch(text[q.start : stated_at].strip()))


def _states_scale(surface: str, code: str, language: str) -> bool:
    """True when an amount's own words say its scale ('$35.4M', 'USD 3 million'); the
    currency's own name ('3.456,7 evra') says none."""
    words = re.findall(r"[^\W\d_]+", surface)
    lex = lexicon(language)
    return any(w.upper() not in (code, "US") and lex.money_of(w) != (code, 1.0) for w in words)
