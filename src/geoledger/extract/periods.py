"""Time expressions (years, months, quarters, intervals, relative phrases) as ISO 8601 periods."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from geoledger.extract.caseless import CaseBlind, lowered_text
from geoledger.extract.regex_gate import gated
from geoledger.extract.vocab import alternation, cue_languages, period_words

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_YEAR = r"(?:19|20)\d\d"
_COUNT_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
_OF_YEAR = r"(?:\s+of\s+(?:the|this)\s+year\b|(?![\w-]|\s+of\b|\s+(?:19|20)\d\d))"
_Y = rf"(?<![\d,.$€£/])(?P<year>{_YEAR})(?![\d%]|,\d)"
# 'end-2022', 'the end of', 'mid-', 'early': where in a year a span of years starts or ends.
_SPAN_END = (
    r"(?:(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+|(?:end|mid)\s?-\s?|(?:early|late)\s+)?"
)

_PATTERNS: tuple[tuple[str, str], ...] = (
    ("quarter", rf"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?{_Y}"),
    ("quarter", rf"\bQ(?P<q>[1-4])\s*(?:of\s+)?{_Y}"),
    ("quarter", rf"{_Y}\s*[-/]?\s*Q(?P<q2>[1-4])\b"),
    ("half", rf"(?P<h>first|second)\s+half\s+(?:of\s+)?{_Y}"),
    ("half", rf"\bH(?P<h2>[12])\s*(?:of\s+)?{_Y}"),
    # 'FY 2009', 'Fiscal Year (FY) 2008': the US federal year, October to September.
    ("fiscal", rf"(?-i:\b(?:FY|Fiscal\s+Year\s+\(FY\))\s*){_Y}"),
    # 'the first nine months of 2020': January to September of that year.
    (
        "months_year",
        rf"\bfirst\s+(?P<ny>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{{1,2}})\s+"
        rf"months\s+(?:of\s+)?{_Y}",
    ),
    # 'between 3 and 17 March 2025', 'March 3–17, 2025': fieldwork and event spans of days.
    (
        "day_span",
        rf"(?<!\d)(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:and|to|until|[-–—])\s*(?P<day>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s*,?\s+{_Y}",
    ),
    ("day_span", rf"{_MONTH}\s+(?P<d1>\d{{1,2}})\s*[-–—]\s*(?P<day>\d{{1,2}}),?\s+{_Y}"),
    ("day", rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_Y}"),
    ("day", rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\s*,?\s+{_Y}"),
    # 'January–June 2024': a span of months within one year.
    ("month_span", rf"\b{_MONTH}\s*[-–—]\s*{_MONTH2}\s+{_Y}"),
    # 'between February and March 2024', 'in May and June 2025': months of one year.
    (
        "month_span",
        rf"\b(?:between|from|in|during)\s+{_MONTH}\s+(?:and|to|until|through)\s+{_MONTH2}"
        rf"\s+{_Y}",
    ),
    # 'from March 2020 to June 2022': a span of months across years.
    (
        "month_interval",
        rf"\b(?:from|between)\s+{_MONTH}\s+(?P<a>{_YEAR})\s+(?:to|until|till|through|and)\s+"
        rf"{_MONTH2}\s+(?P<b>{_YEAR})(?!\d)",
    ),
    ("month", rf"\b{_MONTH}\s+(?:of\s+)?{_Y}"),
    # 'from 2010 to end-2022', 'between 2013 and the end of 2023': the span of years, its ends
    # named by a part of a year or not.
    (
        "interval",
        rf"\b(?:from|between)\s+{_SPAN_END}(?P<a>{_YEAR})\s+(?:to|until|till|through|and)\s+"
        rf"{_SPAN_END}(?P<b>{_YEAR})(?!\d)",
    ),
    # 'from 2013 to date', 'from 2019 until now': the years up to the document's, as 'since'.
    (
        "since",
        rf"\bfrom\s+{_Y}\s+(?:to|until|till|through)\s+(?:date|now|today|the\s+present)\b",
    ),
    ("interval", rf"(?<![\d,.$€£/])(?P<a>{_YEAR})\s*[-–—/]\s*(?P<b>{_YEAR}|\d\d)(?![\d%])"),
    ("since", rf"\bsince\s+(?:(?:the\s+)?(?:end|start|beginning)\s+of\s+)?{_Y}"),
    ("year", _Y),
    ("relative", r"\b(?P<rel>last|this|next|previous|past|current|coming)\s+year\b"),
    # 'a year earlier', 'the year before': one year back, read from the document's year.
    ("relative", r"\b(?:a|one|the)\s+year\s+(?P<rel>earlier|before)\b"),
    ("now", r"\bnow\b"),
    ("ago", rf"\b(?P<n>a|{_COUNT_WORDS}|\d{{1,2}})\s+(?P<unit>years?|decades?)\s+ago\b"),
    ("same", r"\b(?:the\s+same|that|the\s+said|this)\s+(?:years?|period|time)\b"),
    # Phrases read against the document's own date (see resolve_dated).
    (
        "weekday",
        r"\b(?:on|last|this|since)\s+(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|"
        r"Saturday|Sunday)\b",
    ),
    ("today", r"\b(?P<td>today|yesterday)\b"),
    (
        "bare_span",
        rf"\b(?:in|during|of|for|from)\s+(?:the\s+period\s+(?:of\s+)?)?(?-i:{_MONTH})\.?\s*"
        rf"(?:[-–—]|to|until|through)\s*(?-i:{_MONTH2})(?![a-z])\.?(?!\s*,?\s*(?:19|20)\d\d)",
    ),
    (
        "bare_month",
        rf"\b(?P<mrel>in|last|this|early|late|mid-|until|during)\s*(?:early\s+|late\s+)?"
        rf"(?-i:{_MONTH})(?![a-z])(?!\.?\s*\d)(?!\.?\s*[-–—]\s*[A-Z])",
    ),
    (
        "decade",
        r"\b(?:over|in|during|for)\s+the\s+(?:past|last|previous)\s+(?P<dn>decade|"
        r"(?:two|three|four|five|ten|\d{1,2})\s+years)\b",
    ),
    # 'the first half', 'the second quarter', 'the first nine months' (of this year): parts of
    # the document's year; never 'the first half of the decade'.
    (
        "half_rel",
        rf"\b(?P<hr>first|second)\s+half{_OF_YEAR}",
    ),
    ("quarter_rel", rf"\b(?P<qr>first|second|third|fourth)\s+quarter{_OF_YEAR}"),
    (
        "months_rel",
        rf"\bfirst\s+(?P<nm>two|three|four|five|six|seven|eight|nine|ten|eleven|\d{{1,2}})\s+"
        rf"months{_OF_YEAR}",
    ),
    ("month_rel", r"\b(?P<mr>last|this|next|previous|past)\s+month\b"),
    (
        "season",
        r"\b(?P<srel>this|last|next|past)\s+(?P<season>spring|summer|autumn|fall|winter)\b",
    ),
    ("decade_end", r"\bthe\s+end\s+of\s+the\s+decade\b"),
)


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of phrases, spaces flexible, longest match preferred."""
    return alternation(words)


def _lang_patterns() -> tuple[tuple[str, str], ...]:
    """The same kinds of period in the languages of lang/<code>_periods.toml."""
    out: list[tuple[str, str]] = []
    for lang in cue_languages("periods"):
        pw = period_words(lang)
        MONTHS.update(pw.months)
        _LANG_PARTS.update(pw.parts_of_year)
        _LANG_FROM_JAN.update(pw.months_from_january)
        _LANG_REL_YEARS.update(pw.relative_years)
        _LANG_AGO["numbers"].update(pw.ago["numbers"])
        _LANG_AGO["units"].update(pw.ago["units"])
        _LANG_RECENT_UNITS.update(pw.recent["units"])
        month = rf"(?P<month>{_alt(pw.months)})"
        month2 = month.replace("?P<month>", "?P<month2>")
        frm, to = _alt(pw.ranges["from"]), _alt(pw.ranges["to"])
        btw, and_ = _alt(pw.ranges["between"]), _alt(pw.ranges["and"])
        parts = _alt(pw.parts_of_year)
        from_jan = _alt(pw.months_from_january)
        _LANG_FROM_JAN.update(pw.months_so_far)
        so_far = _alt([*pw.months_from_january, *pw.months_so_far])
        rel, preps = _alt(pw.relative_years), _alt(pw.prepositions)
        period = _alt(pw.ranges.get("period", ()))
        out += [
            ("lang_part", rf"(?P<part>{parts})\s+(?:{_alt(pw.year_words)}\s+)?{_Y}"),
            ("lang_from_jan", rf"(?P<fj>{so_far})\s+(?:{_alt(pw.year_words)}\s+)?{_Y}"),
            # 'u drugom kvartalu ove godine', 'za pet meseci ove godine', 'decembra prošle
            # godine': a part of a year counted from the document's year.
            ("lang_part_rel", rf"(?P<lpp>{parts}|{so_far})\s+(?P<lpy>{rel})(?!\w)"),
            # 'od januara do kraja maja ove godine': months of a year counted from the document's.
            (
                "lang_span_rel",
                rf"\b(?:{frm})\s+{month}\s+(?:{to})\s+{month2}\s+(?P<lpy>{rel})(?!\w)",
            ),
            # 'januar–septembar prošle godine'.
            ("lang_span_rel", rf"\b{month}\s*[-–—]\s*{month2}\s+(?P<lpy>{rel})(?!\w)"),
            ("lang_month_rel", rf"(?:(?:{preps})\s+)?{month}\s+(?P<lpy>{rel})(?!\w)"),
            # 'od 30. juna do 6. jula 2017.', 'od 3. do 17. marta 2025.': spans of days.
            (
                "lang_day_span",
                rf"\b(?:{frm})\s+(?P<d1>\d{{1,2}})\.\s*(?:{month}\s+)?(?:{to})\s+"
                rf"(?P<day>\d{{1,2}})\.\s*{month2}\s+{_Y}",
            ),
            # 'od 30. juna do 6. jula' with no year: the last such span up to the document's date.
            (
                "lang_day_span_bare",
                rf"\b(?:{frm})\s+(?P<d1>\d{{1,2}})\.\s*(?:{month}\s+)?(?:{to})\s+"
                rf"(?P<day>\d{{1,2}})\.\s*{month2}(?!\w)(?!\.?\s*(?:19|20)\d\d)",
            ),
            ("day", rf"(?<!\d)(?P<day>\d{{1,2}})\.\s*{month}\s+{_Y}"),
            # 'januar-jul 2019.', 'od januara do jula 2019.': months of one year.
            (
                "month_span",
                rf"\b(?:(?:{frm})\s+)?{month}\s*(?:[-–—]|(?:{to})\s)\s*{month2}\s+{_Y}",
            ),
            # 'za period januar-jul', 'od januara do jula': months of the document's year.
            (
                "bare_span",
                rf"\b(?:{preps}|{frm}|{period})\s+{month}\s*(?:[-–—]|(?:{to})\s)\s*{month2}"
                rf"(?!\w)(?!\.?\s*,?\s*(?:19|20)\d\d)(?!\s+(?:{rel})(?!\w))",
            ),
            ("month", rf"\b{month}\s+(?:mesec\w*\s+)?{_Y}"),
            (
                "interval",
                rf"\b(?:{frm})\s+(?P<a>{_YEAR})\.?\s*(?:{to})\s+(?P<b>{_YEAR})(?!\d)",
            ),
            (
                "interval",
                rf"\b(?:{btw})\s+(?P<a>{_YEAR})\.?\s*(?:{and_})\s+(?P<b>{_YEAR})(?!\d)",
            ),
            # 'od 1999. godine' with no end: since 1999, as 'since 1999' is.
            ("since", rf"\b(?:{_alt(pw.ranges['since'])})\s+{_Y}(?!\.?\s*(?:{to})\s)"),
            # 'pre deset godina', 'pre deceniju': years back from the document's year.
            (
                "lang_ago",
                rf"\b(?:{_alt(pw.ago['before'])})\s+(?:(?P<agn>\d{{1,2}}|{_alt(pw.ago['numbers'])})"
                rf"\s+)?(?P<agu>{_alt(pw.ago['units'])})(?!\w)",
            ),
            # 'u poslednjih više od 20 godina', 'u protekloj deceniji': the years up to the
            # document's, as 'over the past decade' is.
            (
                "lang_recent",
                rf"\b(?:{_alt(pw.recent['before'])})\s+(?:(?:{_alt(pw.recent['more'])})\s+)?"
                rf"(?:(?P<rcn>\d{{1,2}}|{_alt(pw.ago['numbers'])})\s+)?"
                rf"(?P<rcu>{_alt(pw.recent['units'])})(?!\w)",
            ),
            # 'u februaru': a month of the document's year, as 'in February' is.
            (
                "bare_month",
                rf"\b(?P<mrel>{_alt(pw.prepositions)})\s+{month}(?!\w)(?!\.?\s*\d)",
            ),
            ("relative", rf"\b(?P<lrel>{_alt(pw.relative_years)})\b"),
            # 'u posmatranom periodu': the period named before.
            ("same", rf"\b(?:{_alt(pw.ranges.get('same', ()))})(?!\w)"),
            (
                "half_rel",
                rf"\b(?P<lhr>{_alt(k for k, v in pw.parts_of_year.items() if v[0] == 'H')})\b",
            ),
            (
                "quarter_rel",
                rf"\b(?P<lqr>{_alt(k for k, v in pw.parts_of_year.items() if v[0] == 'Q')})\b",
            ),
            ("months_rel", rf"\b(?P<lnm>{from_jan})\b"),
        ]
    return tuple(out)


_LANG_PARTS: dict[str, str] = {}
_LANG_FROM_JAN: dict[str, int] = {}
_LANG_REL_YEARS: dict[str, int] = {}
_LANG_AGO: dict[str, dict[str, int]] = {"numbers": {}, "units": {}}
_LANG_RECENT_UNITS: dict[str, int] = {}
# Other languages' periods go first: their phrases are longer than the English year alone.
_EN_PATTERNS = _PATTERNS
_PATTERNS = _lang_patterns() + _PATTERNS


# One alternation for speed; inner group names are dropped here and read per pattern later.
# Every period starts a word: the gate skips positions inside words before any alternative.
def _period_re(first: int) -> re.Pattern[str]:
    """The alternation of the patterns from index first on (group k<i> for pattern i)."""
    return gated(
        re.compile(
            r"(?<!\w)(?:"
            + "|".join(
                f"(?P<k{i}>{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', pat)})"
                for i, (_, pat) in enumerate(_PATTERNS)
                if i >= first
            )
            + ")",
            re.IGNORECASE,
        )
    )


@cache
def _single_re(i: int) -> re.Pattern[str]:
    """Pattern i alone, with its group names (compiled when a text first matches it)."""
    return re.compile(_PATTERNS[i][1], re.IGNORECASE)


_NUM_WORDS = {
    w: i + 1
    for i, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    )
} | {"eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "a": 1}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


@dataclass(frozen=True, slots=True)
class PeriodMention:
    """One time expression: its span, kind and ISO value (None for relative/anaphoric kinds)."""

    start: int
    end: int
    kind: str  # quarter half day month interval since year relative ago same
    iso: str | None
    offset: int = 0  # years relative to the document's year, for kind 'relative'/'ago'

    @property
    def last_year(self) -> str | None:
        """The last year the period covers: '2017/2018' -> '2018'."""
        if not self.iso:
            return None
        return self.iso.split("/")[-1][:4]

    @property
    def first_year(self) -> str | None:
        """The first year the period covers."""
        return self.iso[:4] if self.iso else None


def _fold(phrase: str | None) -> str:
    """A matched phrase as the language data keys it: lower case, single spaces."""
    return " ".join((phrase or "").split()).casefold()


def _iso(m: re.Match[str], kind: str) -> tuple[str | None, int]:
    """The ISO value of one match of PERIOD_RE."""
    g = m.groupdict()

    def pick(name: str) -> str | None:
        return g.get(name)

    year = pick("year")
    if kind == "lang_day_span":
        m2 = MONTHS[_fold(pick("month2")).rstrip(".")]
        m1 = MONTHS[_fold(pick("month")).rstrip(".")] if pick("month") else m2
        d1, d2 = int(pick("d1") or 0), int(pick("day") or 0)
        if (m1, d1) >= (m2, d2) or not (1 <= d1 <= 31 and 1 <= d2 <= 31):
            return None, 0
        return f"{year}-{m1:02d}-{d1:02d}/{year}-{m2:02d}-{d2:02d}", 0
    if kind == "lang_part":
        return f"{year}-{_LANG_PARTS[_fold(pick('part'))]}", 0
    if kind == "lang_from_jan":
        return f"{year}-01/{year}-{_LANG_FROM_JAN[_fold(pick('fj'))]:02d}", 0
    if kind == "lang_ago":
        n = _fold(pick("agn")) or "1"
        years = int(n) if n.isdigit() else _LANG_AGO["numbers"].get(n, 1)
        return None, -years * _LANG_AGO["units"][_fold(pick("agu"))]
    if kind == "lang_part_rel":
        part = _fold(pick("lpp"))
        n = _LANG_FROM_JAN.get(part)
        span = _LANG_PARTS.get(part) or ("Q1" if n == 3 else "H1" if n == 6 else f"01/Y-{n:02d}")
        return f"Y-{span}", _LANG_REL_YEARS[_fold(pick("lpy"))]
    if kind == "lang_recent":
        n = _fold(pick("rcn")) or "1"
        count = int(n) if n.isdigit() else _LANG_AGO["numbers"].get(n, 1)
        return None, count * _LANG_RECENT_UNITS[_fold(pick("rcu"))]
    if kind == "lang_span_rel":
        m1 = MONTHS[_fold(pick("month")).rstrip(".")]
        m2 = MONTHS[_fold(pick("month2")).rstrip(".")]
        if m2 <= m1:
            return None, 0
        return f"Y-{m1:02d}/Y-{m2:02d}", _LANG_REL_YEARS[_fold(pick("lpy"))]
    if kind == "lang_month_rel":
        month = MONTHS[_fold(pick("month")).rstrip(".")]
        return f"Y-{month:02d}", _LANG_REL_YEARS[_fold(pick("lpy"))]
    if kind == "lang_day_span_bare":
        m2 = MONTHS[_fold(pick("month2")).rstrip(".")]
        m1 = MONTHS[_fold(pick("month")).rstrip(".")] if pick("month") else m2
        d1, d2 = int(pick("d1") or 0), int(pick("day") or 0)
        if (m1, d1) >= (m2, d2) or not (1 <= d1 <= 31 and 1 <= d2 <= 31):
            return None, 0
        return f"Y-{m1:02d}-{d1:02d}/Y-{m2:02d}-{d2:02d}", 0
    if pick("lrel"):
        return None, _LANG_REL_YEARS[_fold(pick("lrel"))]
    if pick("lhr"):
        return None, int(_LANG_PARTS[_fold(pick("lhr"))][1])
    if pick("lqr"):
        return None, int(_LANG_PARTS[_fold(pick("lqr"))][1])
    if pick("lnm"):
        return None, _LANG_FROM_JAN[_fold(pick("lnm"))]
    if kind == "fiscal":
        return f"{int(year or 0) - 1}-10/{year}-09", 0
    if kind == "months_year":
        n_text = (pick("ny") or "six").casefold()
        n = int(n_text) if n_text.isdigit() else _NUM_WORDS.get(n_text, 6)
        if not 1 <= n <= 12:
            return None, 0
        return {3: f"{year}-Q1", 6: f"{year}-H1"}.get(n, f"{year}-01/{year}-{n:02d}"), 0
    if kind == "quarter":
        q = pick("q") or pick("q2") or str(_ORDINALS[(pick("ord") or "first").casefold()])
        return f"{year}-Q{q}", 0
    if kind == "half":
        h = pick("h2") or ("1" if (pick("h") or "").casefold() == "first" else "2")
        return f"{year}-H{h}", 0
    if kind in ("day", "month"):
        month = MONTHS[(pick("month") or "").casefold().rstrip(".")]
        if kind == "day":
            return f"{year}-{month:02d}-{int(pick('day') or 1):02d}", 0
        return f"{year}-{month:02d}", 0
    if kind == "interval":
        a, b = pick("a") or "", pick("b") or ""
        if len(b) == 2:
            b = a[:2] + b
        if not b.isdigit() or int(b) <= int(a):
            return None, 0
        return f"{a}/{b}", 0
    if kind == "month_interval":
        m1 = MONTHS[(pick("month") or "").casefold().rstrip(".")]
        m2 = MONTHS[(pick("month2") or "").casefold().rstrip(".")]
        a, b = pick("a") or "", pick("b") or ""
        if (b, m2) <= (a, m1):
            return None, 0
        return f"{a}-{m1:02d}/{b}-{m2:02d}", 0
    if kind in ("since", "year"):
        return year, 0
    if kind == "relative":
        rel = (pick("rel") or "").casefold()
        back = {"last": -1, "previous": -1, "past": -1, "earlier": -1, "before": -1}
        return None, (back | {"next": 1, "coming": 1}).get(rel, 0)
    if kind == "day_span":
        month = MONTHS[(pick("month") or "").casefold().rstrip(".")]
        d1, d2 = int(pick("d1") or 0), int(pick("day") or 0)
        if not 1 <= d1 < d2 <= 31:
            return None, 0
        return f"{year}-{month:02d}-{d1:02d}/{year}-{month:02d}-{d2:02d}", 0
    if kind == "quarter_rel":
        return None, _ORDINALS[(pick("qr") or "first").casefold()]
    if kind == "months_rel":
        n = (pick("nm") or "six").casefold()
        return None, int(n) if n.isdigit() else _NUM_WORDS.get(n, 6)
    if kind == "month_rel":
        rel_month = (pick("mr") or "this").casefold()
        return None, {"this": 0, "next": 1}.get(rel_month, -1)
    if kind == "season":
        rel = {"this": 0, "last": -1, "past": -1, "next": 1}[(pick("srel") or "this").casefold()]
        return None, _SEASONS[(pick("season") or "spring").casefold()] * 10 + rel + 1
    if kind == "decade_end":
        return None, 0
    if kind == "month_span":
        a = MONTHS[(pick("month") or "").casefold().rstrip(".")]
        b = MONTHS[(pick("month2") or "").casefold().rstrip(".")]
        if (a, b) == (1, 12):
            return year, 0  # 'januar - decembar 2015': the whole year
        if (a, b) in ((1, 6), (7, 12)):
            return f"{year}-H{1 if a == 1 else 2}", 0
        if b - a == 2 and a % 3 == 1:
            return f"{year}-Q{(a + 2) // 3}", 0
        return (f"{year}-{a:02d}/{year}-{b:02d}" if b > a else None), 0
    if kind == "weekday":
        return None, _WEEKDAYS.index((pick("wd") or "monday").casefold())
    if kind == "today":
        return None, 1 if (pick("td") or "").casefold() == "yesterday" else 0
    if kind == "bare_span":
        m1 = MONTHS[(pick("month") or "").casefold().rstrip(".")]
        m2 = MONTHS[(pick("month2") or "").casefold().rstrip(".")]
        return None, m1 * 100 + m2 if m2 > m1 else 0
    if kind == "bare_month":
        rel = (pick("mrel") or "").casefold()
        return None, MONTHS[(pick("month") or "").casefold().rstrip(".")] + (
            100 if rel == "last" else 0
        )
    if kind == "decade":
        n = (pick("dn") or "decade").casefold().split()[0]
        return None, 10 if n == "decade" else (int(n) if n.isdigit() else _NUM_WORDS.get(n, 10))
    if kind == "half_rel":
        return None, 2 if (pick("hr") or "").casefold() == "second" else 1
    if kind == "ago":
        n = pick("n") or "1"
        years = int(n) if n.isdigit() else _NUM_WORDS.get(n.casefold(), 1)
        return None, -years * (10 if (pick("unit") or "").casefold().startswith("decade") else 1)
    return None, 0


# Every period names a year or one of these words; the full pattern runs only near them.
_ANCHOR_RE = gated(
    re.compile(
        # The lookahead skips positions that start no anchor before any alternative is tried.
        r"(?<!\w)(?=[12a-zA-Z\u00c0-\u024f\u0400-\u04ff])(?:(?:19|20)\d\d(?!\d)|(?:years?|period|time|decades?|months?|today|yesterday|now"
        r"|(?:first|second|third|fourth)\s+(?:quarter|half)"
        r"|(?:this|last|next|past)\s+(?:spring|summer|autumn|fall|winter))\b"
        r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?-i:January|February|March|April|May|June|"
        r"July|August|September|October|November|December)\b"
        + "".join(
            "|(?:"
            f"{_alt([*pw.months, *pw.relative_years, *pw.parts_of_year, *pw.months_from_january])}"
            # 'pre deset godina': the whole phrase, since 'godina' alone is in every other sentence.
            f"|(?:{_alt(pw.ago['before'])})\\s+(?:\\w+\\s+)?(?:{_alt(pw.ago['units'])})"
            f"|(?:{_alt(pw.recent['before'])})\\s+(?:\\w+\\s+){{0,3}}(?:{_alt(pw.recent['units'])}))"
            r"(?!\w)"
            for pw in map(period_words, cue_languages("periods"))
        )
        + ")",
        re.IGNORECASE,
    )
)


# The anchor and period scans run over a lowered copy of the text (caseless.py); the case-sensitive
# month names make that copy a sieve: the patterns themselves run only where it finds a match.
_ANCHOR_CB = CaseBlind(_ANCHOR_RE, groups=True)


def _windows(text: str, low: str | None = None) -> list[tuple[int, int]]:
    """Merged spans of text around anchors, wide enough for the longest period phrase (low: the
    text's lowered_text)."""
    spans: list[tuple[int, int]] = []
    for a in _ANCHOR_CB.finditer(text, low):
        lo, hi = max(0, a.start() - 45), min(len(text), a.end() + 25)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


# English text needs only the English patterns (~1.6x faster to scan); the groups keep their
# numbers, so a match still names its pattern. Each alternation is compiled on first use.
_LANG_COUNT = len(_PATTERNS) - len(_EN_PATTERNS)


@cache
def period_re(language: str | None = None) -> re.Pattern[str]:
    """One alternation of every period pattern, or of the English ones for 'en'."""
    return _period_re(_LANG_COUNT if language == "en" else 0)


def find_periods(text: str, *, language: str | None = None) -> list[PeriodMention]:
    """Every time expression in text, in order; an English text ('en') is read with the English
    patterns only."""
    rx = _period_cb("en" if language == "en" else None)
    low = lowered_text(text)
    out = []
    for lo, hi in _windows(text, low):
        out.extend(_find_in(text, lo, hi, rx, low))
    return out


@cache
def _period_cb(language: str | None) -> CaseBlind:
    return CaseBlind(period_re(language), groups=True)


def _find_in(text: str, lo: int, hi: int, rx: CaseBlind, low: str | None) -> list[PeriodMention]:
    """Time expressions that lie inside text[lo:hi] (lookbehinds still see what precedes)."""
    out = []
    for m in rx.finditer(text, low, lo, hi):
        i = int((m.lastgroup or "k0")[1:])
        kind = _PATTERNS[i][0]
        iso, offset = _iso_for(m, i, kind)
        if (
            kind in (*_TEMPLATED, "interval", "month_interval", "month_span", "day_span")
            or kind == "lang_day_span"
        ) and not iso:
            continue
        if kind == "month_interval":
            kind = "interval"
        if kind == "fiscal":
            kind = "interval"
        if kind == "months_year":
            if iso is None:
                continue
            kind = "half" if "-H" in iso else "quarter" if "-Q" in iso else "interval"
        if kind in ("day_span", "lang_from_jan", "lang_day_span"):
            kind = "interval"
        if kind == "lang_ago":
            kind = "ago"
        if kind == "lang_recent":
            kind = "decade"
        if kind == "lang_part":
            kind = "half" if "-H" in (iso or "") else "quarter"
        if kind == "month_span":
            kind = (
                "half" if "-H" in (iso or "") else "quarter" if "-Q" in (iso or "") else
                "year" if len(iso or "") == 4 else "interval"
            )  # fmt: skip
        out.append(PeriodMention(m.start(), m.end(), kind, iso, offset))
    return out


def _iso_for(m: re.Match[str], i: int, kind: str) -> tuple[str | None, int]:
    """ISO value of the i-th pattern's groups only (group names repeat across patterns)."""
    sub = _single_re(i).match(m.group())
    return _iso(sub, kind) if sub else (None, 0)


_NUMERIC_DATE_RE = re.compile(
    r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?!\d)"
    r"|(?<![\d-])(?P<y2>(?:19|20)\d\d)-(?P<m2>\d\d)-(?P<d2>\d\d)(?!\d)"
)


def find_doc_date(text: str) -> str | None:
    """The date in a document's dateline ('October 8, 2024', '12.03.2025.', 'Brussels, 15 May
    2023'): the first date on one of its first short lines, as ISO 'YYYY-MM-DD' or 'YYYY-MM'."""
    lines = [line for line in text[:1200].splitlines() if line.strip()][:6]
    for line in lines:
        if len(line.strip()) > 120:
            # 'BELGRADE, 14 November 2024 – Serbia's ...': a dateline opening the first paragraph.
            lead = re.match(r"\s*([A-Z][^.!?]{0,70}?)\s[–—-]{1,2}\s", line)
            if not lead:
                continue  # body prose, not a dateline
            line = lead.group(1)
        found: list[tuple[int, str]] = []
        m = _NUMERIC_DATE_RE.search(line)
        if m:
            y, mo, d = (
                (m.group("y"), m.group("m"), m.group("d"))
                if m.group("y")
                else (m.group("y2"), m.group("m2"), m.group("d2"))
            )
            if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
                found.append((m.start(), f"{y}-{int(mo):02d}-{int(d):02d}"))
        for p in find_periods(line):
            if p.kind in ("day", "month") and p.iso:
                found.append((p.start, p.iso))
        if found:
            return min(found)[1]
    return None


def resolve_dated(periods: list[PeriodMention], doc_date: str | None) -> list[PeriodMention]:
    """Periods with the phrases that need the document's date ('on Tuesday', 'in May', 'over the
    past decade', 'the first six months') resolved, or dropped where the date is unknown."""
    out = []
    year = int(doc_date[:4]) if doc_date else None
    month = int(doc_date[5:7]) if doc_date and len(doc_date) >= 7 else None
    day = _date(doc_date) if doc_date and len(doc_date) >= 10 else None
    for p in periods:
        if p.kind not in _DATED_KINDS:
            out.append(p)
            continue
        iso, kind = None, p.kind
        if p.kind in ("weekday", "today") and day is not None:
            # News counts weekdays back from the day it is dated: 'on Tuesday' is the last one.
            back = p.offset if p.kind == "today" else (day.weekday() - p.offset) % 7
            iso, kind = (day - dt.timedelta(days=back)).isoformat(), "day"
        elif p.kind == "bare_span" and year is not None and p.offset:
            a, b = divmod(p.offset, 100)
            # 'January-August' read in October: this year's; read in May: last year's; 'May to
            # August' read in April has not begun: a plan for this year.
            y = year - 1 if month and b > month and a <= month else year
            iso, kind = f"{y}-{a:02d}/{y}-{b:02d}", "interval"
            if (a, b) in ((1, 6), (7, 12)):
                iso, kind = f"{y}-H{1 if a == 1 else 2}", "half"
        elif p.kind == "bare_month" and year is not None:
            target = p.offset % 100
            last = p.offset >= 100
            y = year - 1 if month and (target > month or (last and target >= month)) else year
            iso, kind = f"{y}-{target:02d}", "month"
        elif p.kind == "month_rel" and year is not None and month is not None:
            # 'said last month', read in August: July.
            y, m0 = divmod(year * 12 + month - 1 + p.offset, 12)
            iso, kind = f"{y}-{m0 + 1:02d}", "month"
        elif p.kind in _TEMPLATED and year is not None and p.iso:
            y = year + p.offset
            if p.kind == "lang_day_span_bare" and month and int(p.iso[2:4]) > month:
                y -= 1  # 'od 30. juna do 6. jula' read in March: last year's
            iso = p.iso.replace("Y", str(y))
            kind = (
                "half" if "-H" in iso else "quarter" if "-Q" in iso else
                "interval" if "/" in iso else "month"
            )  # fmt: skip
        elif p.kind == "decade" and year is not None:
            iso, kind = f"{year - p.offset}/{year}", "interval"
        elif p.kind in ("half_rel", "quarter_rel", "months_rel") and year is not None:
            first_month = {"half_rel": 6 * (p.offset - 1) + 1, "quarter_rel": 3 * p.offset - 2}
            # A part of the year that has not begun by the document's date is last year's.
            y = year - 1 if month and first_month.get(p.kind, 1) > month else year
            if p.kind == "half_rel":
                iso, kind = f"{y}-H{p.offset}", "half"
            elif p.kind == "quarter_rel":
                iso, kind = f"{y}-Q{p.offset}", "quarter"
            elif p.offset in (3, 6):
                iso, kind = (f"{y}-Q1", "quarter") if p.offset == 3 else (f"{y}-H1", "half")
            elif 1 <= p.offset <= 12:
                iso, kind = f"{y}-01/{y}-{p.offset:02d}", "interval"
        elif p.kind == "season" and year is not None and month is not None:
            first, rel = divmod(p.offset, 10)
            rel -= 1
            y = year + rel
            last = (first + 2 - 1) % 12 + 1
            if rel == -1 and first != 12 and last < month:
                y = year  # 'last spring' read in September: this year's spring
            if first == 12:
                # Winter spans the turn of the year; 'this winter' is the one around the date.
                y = (year if month >= 6 else year - 1) + rel
                iso = f"{y}-12/{y + 1}-02"
            else:
                iso = f"{y}-{first:02d}/{y}-{last:02d}"
            kind = "interval"
        elif p.kind == "decade_end" and year is not None:
            iso, kind = str((year // 10 + 1) * 10), "year"
        if iso is not None:
            out.append(PeriodMention(p.start, p.end, kind, iso))
    return out


def _date(iso: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso[:10])
    except ValueError:
        return None


# Kinds whose iso is a template, 'Y-Q2', with Y the document's year plus the mention's offset.
_TEMPLATED = ("lang_part_rel", "lang_month_rel", "lang_day_span_bare", "lang_span_rel")
_DATED_KINDS = frozenset(
    {"weekday", "today", "bare_month", "bare_span", "decade", "half_rel", "quarter_rel",
     "months_rel", "season", "decade_end", "month_rel", *_TEMPLATED}
)  # fmt: skip


def estimate_year(text: str, published_on: str | None) -> int | None:
    """The document's own year: its publication date, else the latest year its text names."""
    if published_on and re.match(r"\d{4}", published_on):
        return int(published_on[:4])
    # Targets ('by 2030', 'until 2025') are not when the text was written.
    years = [
        int(m.group())
        for m in _TEXT_YEAR_RE.finditer(text)
        if not _TARGET_LEFT_RE.search(text, max(0, m.start() - 40), m.start())
    ]
    return max(years) if years else None


# A year led by its literal digits (the scan skips ahead to them, ~8x faster than a lookbehind
# first); the lookbehind after '19'/'20' checks the character before the year.
_TEXT_YEAR_RE = re.compile(r"(?:19|20)(?<![\d,.$€£/]\d\d)\d\d(?![\d%])")
_TARGET_LEFT_RE = re.compile(r"\b(?:by|until|till|before)\s+$")


def resolve(mention: PeriodMention, doc_year: int | None) -> str | None:
    """A mention's ISO period; relative phrases counted from the document's year."""
    if mention.iso:
        return mention.iso
    if mention.kind in ("relative", "ago") and doc_year:
        return str(doc_year + mention.offset)
    return None
