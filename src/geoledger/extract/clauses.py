"""Rules of one clause read against its neighbours: a gapped clause that leaves out its verb, a base
dated a year before the figure it is compared with, a dateline that is no party (issue 10)."""

from __future__ import annotations

import re

from geoledger.extract.gazetteer import Mention, is_capital
from geoledger.extract.periods import PeriodMention
from geoledger.extract.roles import Cand

# 'Germany increased its trade with Russia by 56%, France by 40% and Italy by 37%': the verb
# and its object are left out; the figure's own party is named before 'by'.
GAPPED_RE = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(?P<who>[A-Z][\w.'’ -]{1,40}?)\s+by\s+"
    r"(?:(?:about|some|around|roughly|nearly|almost|over|more\s+than|less\s+than)\s+)?"
)

_BASE_FROM_RE = re.compile(r"(?i)\b(?:from|compared\s+(?:with|to)|against)\s+(?:about\s+)?$")
_YEAR_BACK_RE = re.compile(r"(?i)\b(?:earlier|before|previous)\b")


def base_a_year_before(text: str, ps: list[PeriodMention], qs_: int, qe_: int) -> str | None:
    """'from 51% a year earlier', 'up from 57% the previous year': the words saying a base figure
    is of the year before the figure it follows, else None."""
    if not _BASE_FROM_RE.search(text, max(0, qs_ - 20), qs_):
        return None
    for p in ps:
        if p.kind == "relative" and p.offset == -1 and 0 <= p.start - qe_ < 12:
            words = text[p.start : p.end]
            if _YEAR_BACK_RE.search(words):
                return words
    return None


def years_back(iso: str) -> str:
    """The same period a year earlier, each end of a span too ('2010-01/2010-10')."""
    return "/".join(f"{int(part[:4]) - 1}{part[4:]}" for part in iso.split("/"))


_DATELINE_AFTER_RE = re.compile(r"\s*(?:\(|,|/|[-–—]\s)")


def in_dateline(text: str, m: Mention) -> bool:
    """True for a capital that opens a paragraph as a news dateline: 'BUDAPEST, May 28.',
    'MOSCOW (Sputnik) -', 'Belgrade - On April 28'."""
    if m.start and text[m.start - 1] != "\n":
        return False
    return is_capital(m.alias.title()) and bool(_DATELINE_AFTER_RE.match(text, m.end))


def cand_at(cands: list[Cand], start: int, end: int) -> str | None:
    """The country or bloc named exactly at text[start:end], else None."""
    return next((c.name for c in cands if c.start == start and c.end == end), None)
