"""A scale stated once for a table: 'FY 2009 USD Thousands' heading rows of '$35,444' makes
each row thousands of dollars (government and statistics tables write it so)."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from geoledger.extract.lexicon import iso_codes, lexicon
from geoledger.extract.money import YEAR_LIKE, Quantity
from geoledger.extract.regex_gate import lowered_text

_ROWS_MAX = 40  # lines a heading reaches; tables longer than that repeat their heading
_HEADING_MAX = 100  # characters: a heading is a short line
_WORD_CURRENCIES = {"dollars": "USD", "us dollars": "USD", "euros": "EUR", "euro": "EUR"}


def _scale_words(language: str) -> set[str]:
    return {w for w, f in lexicon(language).scales.items() if len(w) >= 4 and f >= 1000}


@cache
def _scale_word_re(language: str) -> re.Pattern[str]:
    """Any scale word, in lower case: the cheap test a line passes before the full one."""
    words = sorted(map(re.escape, _scale_words(language)), key=len, reverse=True)
    return re.compile("|".join(words))


@cache
def _heading_re(language: str) -> re.Pattern[str]:
    """'USD thousands', 'EUR, million', 'in millions of euros', '(thousands of US dollars)'."""
    scale = "|".join(sorted(map(re.escape, _scale_words(language)), key=len, reverse=True))
    named = "|".join(sorted(map(re.escape, _WORD_CURRENCIES), key=len, reverse=True))
    return re.compile(
        rf"(?<![\w$€£])(?:(?P<code>[A-Z]{{3}})[\s,]*(?:in\s+)?(?P<scale>{scale})"
        rf"|(?:in\s+)?(?P<scale2>{scale})\s+(?:of\s+)?(?:(?P<code2>[A-Z]{{3}})|(?P<named>{named})))"
        r"(?!\w)",
        re.IGNORECASE,
    )


def _heading(line: str, language: str) -> tuple[str, float, int] | None:
    """(currency, factor, where the statement starts) that a short line states for the rows
    below it, or None."""
    if len(line) > _HEADING_MAX or not _scale_word_re(language).search(line.lower()):
        return None
    for m in _heading_re(language).finditer(line):
        code = (m.group("code") or m.group("code2") or "").upper()
        if not code:
            code = _WORD_CURRENCIES[m.group("named").casefold()]
        if code in iso_codes():
            word = (m.group("scale") or m.group("scale2")).casefold()
            return code, float(lexicon(language).scales[word]), m.start()
    return None


def apply_table_scales(text: str, found: list[Quantity], language: str) -> None:
    """Scale, in place, the amounts of the rows under a heading that states a currency's scale.

    Only amounts in the heading's currency that state no scale of their own are scaled, and only
    down to the table's end (a blank line); the heading itself must hold no figure we read.
    """
    if not found or "\n" not in text:
        return
    # A heading holds a scale word: where they are is read in one scan of the whole text, so
    # most lines are passed over with a lookup (scale words hold no line break, and lowering
    # keeps offsets where it keeps the length).
    low = lowered_text(text) or text.lower()  # the same string, lowered once per document
    hits = [m.start() for m in _scale_word_re(language).finditer(low)]
    if not hits:
        return
    exact = len(low) == len(text)
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    for n, (lo, line) in enumerate(lines):
        if len(line) > _HEADING_MAX:
            continue  # too long for a heading: _heading would say None
        if exact and bisect_left(hits, lo) == bisect_left(hits, lo + len(line)):
            continue  # no scale word on this line: _heading would say None
        if not line.strip() or not any(c.isupper() for c in line):
            continue
        stated = _heading(line, language)
        if stated is None:
            continue
        code, factor, at = stated
        inside = [q for q in found if lo <= q.start < lo + len(line)]
        # 'FY 2009 USD Thousands' reads as an amount of 2009 thousand dollars: it is the
        # heading's year, not a figure. Any other figure means the line is no heading.
        if any(not _heading_year(text, q, lo + at) for q in inside):
            continue
        for q in inside:
            found.remove(q)
        i = 0
        end = lo + len(line)
        for row_lo, row in lines[n + 1 : n + 1 + _ROWS_MAX]:
            if not row.strip():
                break
            end = row_lo + len(row)
        while i < len(found) and found[i].start < lo + len(line):
            i += 1
        for q in found[i:]:
            if q.start >= end:
                break
            if q.unit == code and not _states_scale(text[q.start : q.end], code):
                q.value *= factor
                if q.value_max is not None:
                    q.value_max *= factor
                q.note = f"scale from the table's heading '{line.strip()}'"


def _heading_year(text: str, q: Quantity, stated_at: int) -> bool:
    """True when q is a year that runs into the heading's statement of its scale."""
    return q.end > stated_at and bool(YEAR_LIKE.fullmatch(text[q.start : stated_at].strip()))


def _states_scale(surface: str, code: str) -> bool:
    """True when an amount's own words say its scale ('$35.4M', 'USD 3 million')."""
    words = re.findall(r"[^\W\d_]+", surface)
    return any(w.upper() not in (code, "US") for w in words)
