"""When a quantity holds: its own period, its sentence's, the context's, else the dateline's."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache

from geoledger.extract.caseless import CaseBlind, lowered_text
from geoledger.extract.gazetteer import Mention
from geoledger.extract.periods import PeriodMention
from geoledger.extract.quantities import Quantity
from geoledger.extract.regex_gate import gated
from geoledger.extract.roles import OrgHit
from geoledger.extract.sentences import Layout, Sentence
from geoledger.extract.vocab import (
    alternation,
    cue_languages,
    cue_pattern,
    cue_words,
    period_words,
    with_cues,
)


def slice_by(items: list, starts: list[int], lo: int, hi: int) -> list:
    """Items whose start offset lies in [lo, hi)."""
    return items[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]


_PERFECT_RE = re.compile(
    r"\b(?:has|have)\s+(?:(?:been|also|already|now|so\s+far)\s+)?[a-z]\w+\s+(?:[\w-]+\s+){0,3}$"
)
# A survey's fieldwork dates are the period of every share of respondents it reports.
_SURVEY_RE = gated(
    re.compile(
        with_cues(
            r"\b(?:survey|poll|fieldwork|field\s+work|interviews?|questionnaire)\b", "survey"
        ),
        re.IGNORECASE,
    )
)
_SURVEY_CB = CaseBlind(_SURVEY_RE)  # one scan of a whole document: a lowered copy
# 'up from $6.1 billion', 'from about 5,000': a starting point, not 'imports from China'.
_FROM_RE = re.compile(r"\b[Ff]rom\s+(?:[a-z]+\s+){0,2}$")
_CLAUSE_END_RE = re.compile(r"[,;:–—()]|\.\s")
_PUBLISHED_RE = re.compile(
    with_cues(r"\b(?:published|released|issued|presented)\b", "published") + r"[^.;]{0,25}$"
)
_ROW_LABEL_RE = re.compile(r"\n[ \t]*$")
# Where a figure's clause ends: a new clause, or the attribution that closes a quote ('...,
# the ministry said, adding that the debt will be repaid by 2040').
_BREAK_RE = re.compile(
    r",\s+(?:and|but|while|whereas|adding|saying|noting|stressing|explaining)\b|;|\.\s"
    r"|,\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:said|says|added|reported|told)\b"
)
# '€10 billion for the construction, which is slated to begin in mid-2024': a relative clause
# on a noun after the figure dates that noun, not the figure ('€5 million, which was paid in
# 2019' is the figure's own).
_RELATIVE_AFTER_RE = re.compile(r"(?:[^,;.\n]|\.(?=\S))*?\s[A-Za-z][\w-]*,\s+(?:which|where)\b")
_SAME_PART_OF_RE = re.compile(
    r"\s+(?:in|for|during)\s+the\s+same\s+(?:period|months?|quarter|half)\s+(?:of|in)\s+"
    r"(?P<y>(?:19|20)\d\d)\b"
)
_TO_LATER_RE = re.compile(r"\bto\b")
# 'from the beginning of the year to mid-June', 'since the start of the year until May'.
_YEAR_START_RE = re.compile(
    r"(?i)\b(?:from|since)\s+the\s+(?:beginning|start)\s+of\s+(?:the|this)\s+year\s+"
    r"(?:to|until|till|through|up\s+to)\s+$"
)


def _recent(p: PeriodMention, doc_year: int | None) -> bool:
    """True for a year that is the document's or the one before it."""
    return bool(p.iso and doc_year and doc_year - 1 <= int(p.iso[:4]) <= doc_year)


def _from_year_start(text: str, p: PeriodMention, chosen: str | None) -> str | None:
    """A month reached 'from the beginning of the year' is the span from January to it."""
    if chosen and len(chosen) == 7 and _YEAR_START_RE.search(text, max(0, p.start - 60), p.start):
        return f"{chosen[:4]}-01/{chosen}"
    return chosen


_REACH_RE = re.compile(
    r"(?:reach(?:ed|ing)?|rising\s+to|rose\s+to|climbed\s+to|grew\s+to|increased\s+to|hitting"
    # 'quadrupled between 2012 and 2022, to $4.4bn': the level at the end of the span.
    r"|\d,\s+to)"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_JOINED_RE = re.compile(
    r"\s*\(\s*$|[^.;:(),]{0,60}?\s+and\s+(?:[\w'’-]+\s+){0,6}?$",
    re.IGNORECASE,
)
# A date a statement was made on ('said on Tuesday') is not the period of what it states.
_CONDUCTED_RE = re.compile(
    r"\s*(?:It|They|The\s+(?:survey|poll|fieldwork|interviews))\s+(?:was|were)\s+"
    r"(?:conducted|carried\s+out|held|done|made)\b"
)
_EVENT_RE = re.compile(
    r"\b(?:signed|agreed|concluded|announced|approved|adopted|ratified|expires?|expired|ends|"
    r"ended|began|begins|started|opened|launched|held|met|visited|completed)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_FUTURE_RE = re.compile(r"\b(?:will|would|shall|is\s+to|are\s+to|scheduled|expected)\b", re.I)
_TARGET_RE = re.compile(r"\b(?:by|until|till|after|before|around|within)\s+$", re.IGNORECASE)
_BASE_RE = re.compile(
    r"(?:compared\s+(?:to|with)|than(?:\s+in)?|against|(?:same\s+period|level)\s+(?:of|in|for)|"
    r"(?:double|triple|twice|thrice|times)\s+(?:that|those|the\s+level)\s+(?:of|in)|"
    r"(?:the\s+)?same\s+period|(?:many|much|high|large|big)\s+as|"
    r"(?:below|above|beyond|under|over|exceeding|surpassing)\s+(?:the|its|their)"
    + "".join(f"|{alternation(w.comparisons)}" for w in map(period_words, cue_languages("periods")))
    # 'twice as much as in 2018', 'compared with in 2019': the base's year after 'in'.
    + r")\s+(?:in\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)

_WHEN_RE = re.compile(r",\s+" + with_cues(r"when\b", "when_clause"), re.IGNORECASE)
_YEARS_RE = re.compile(r"\d{4}/\d{4}")
# Compiled once, not looked up in re's cache for every figure.
_DIGIT_RE = re.compile(r"\d")
_WITHIN_YEAR_RE = re.compile(r"(\d{4})-(\d\d)/\1-\d\d")  # '2019-01/2019-09'
_FROM_RE_AT = re.compile(with_cues(r"\bfrom", "span_from") + r"\s+$", re.IGNORECASE)
_TO_NEXT_RE = re.compile(r"\s+" + with_cues(r"to\b", "span_to") + r"\s+\d", re.IGNORECASE)
_FROM_TO_RE = re.compile(
    with_cues(r"\bfrom", "span_from")
    + r"\s+\d[^.;:]{0,40}?\s+"
    + with_cues(r"to", "span_to")
    + r"\s+$",
    re.IGNORECASE,
)
_COMPARED_AFTER_RE = re.compile(
    r"\s+"
    + with_cues(
        r"(?:more|less|higher|lower|larger|bigger|smaller|greater|fewer|cheaper|dearer)\b",
        "comparative_words",
    ),
    re.IGNORECASE,
)
_AS_OF_RE = re.compile(with_cues(r"\bas\s+(?:of|at)", "as_of") + r"\s+$", re.IGNORECASE)
# 'u odnosu na april': a month led by a comparison word is read with it, and is a base.
_BASE_LEAD_RE = re.compile(
    "|".join(
        rf"(?:{alternation(w.comparisons)})\s" for w in map(period_words, cue_languages("periods"))
    )
    or r"(?!)",
    re.IGNORECASE,
)


# 'the same quarter of 2024', 'isti kvartal 2024.': the part of the year the figure is of.
_SAME_PART_RE = re.compile(
    with_cues(r"\bsame\s+(?:period|quarter|month|half|months)(?:\s+(?:of|in|last))?", "same_part")
    + r"\s+$",
    re.IGNORECASE,
)


RELATIVE_MONTH_RE = re.compile(r"(?i)(?:last|this|next|previous|past)\s+month")
_NEWS_EVENT_RE = re.compile(
    r"(?i)\b(?:has|have|had)\s+(?:\w+\s+)?(?:paid|received|signed|approved|disbursed|"
    r"delivered|granted|provided|repaid|drawn|taken|took)\b|\b(?:paid|receives|received|"
    r"signed|approved|disbursed|delivered|commits|committed|repaid|donated|donates)\b"
)
_YEAR_EARLIER_RE = re.compile(r"(?:a|one|the)\s+year\s+(?:earlier|before)\b", re.IGNORECASE)
_RECORD_RE = re.compile(
    r"\b(?:highest|lowest|largest|smallest|biggest|best|worst|strongest|weakest|most|least|"
    r"record|first\s+time|never)\b[^.;,]{0,30}$",
    re.IGNORECASE,
)
_CHANGE_FROM_RE = re.compile(r"[^.;,()]{0,25}?\b(?:from|since|on|over|vs\.?)\s+(?:the\s+)?$")


def _future_re() -> re.Pattern[str] | None:
    """A future-tense word of the languages that give one ('će', 'zaposliće'), else None."""
    words, endings = cue_pattern("future"), cue_pattern("future_endings")
    if not words and not endings:
        return None
    alts = [f"(?:{words})"] if words else []
    if endings:
        nots = alternation(cue_words("future_not")) or "(?!)"
        alts.append(rf"(?!(?:{nots})(?![\w-]))\w{{2,}}?(?:{endings})")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alts)})(?![\w-])", re.IGNORECASE)


_FUTURE_WORD_RE = _future_re()
# The bounds of a figure's clause for the future test (a decimal comma is no bound).
_FUTURE_CLAUSE_RE = re.compile(r"[;:–—()]|,\s|\.\s")


def future_clause(text: str, qs_: int, qe_: int) -> tuple[int, int] | None:
    """The clause around text[qs_:qe_] when a future-tense word puts it in the future."""
    if _FUTURE_WORD_RE is None:
        return None
    lo = 0
    for m in _FUTURE_CLAUSE_RE.finditer(text, 0, qs_):
        lo = m.end()
    end = _FUTURE_CLAUSE_RE.search(text, qe_)
    hi = end.start() if end else len(text)
    if _FUTURE_WORD_RE.search(text, lo, qs_) or _FUTURE_WORD_RE.search(text, qe_, hi):
        return lo, hi
    return None


@dataclass(slots=True)
class Context:
    """What earlier sentences established: time frame, actors, organisations."""

    period: PeriodMention | None = None
    period_para: int = -1
    period_partners: frozenset[str] = frozenset()
    last_period: PeriodMention | None = None
    last_span: PeriodMention | None = None
    # The part of a year a statistics report is about ('for April 2016', 'During November'):
    # it frames the figures of later paragraphs that name no time of their own.
    frame: PeriodMention | None = None
    frame_para: int = -1
    years: list[tuple[int, str]] = field(default_factory=list)  # (paragraph, year)
    # The years a paragraph names ('last year', '2014'), by paragraph: one frames the next.
    para_years: dict[int, set[str]] = field(default_factory=dict)
    subject: str | None = None
    partner: str | None = None
    actors_para: int = -1
    # The last sentence that named actors, read only when a later claim needs it (most never do).
    pending: tuple[str, list[Mention], str | None] | None = None
    orgs: list[OrgHit] = field(default_factory=list)
    orgs_para: int = -1
    region: str | None = None
    # The previous paragraph's (subject, partner, pending sentence), for a poll's answers.
    earlier: tuple[str | None, str | None, tuple[str, list[Mention], str | None] | None] | None = (
        None
    )


def _period_iso(
    p: PeriodMention, doc_year: int | None, *, bound: bool, count: bool, tally: bool = False
) -> str | None:
    """The ISO period a mention gives a quantity, or None where it does not apply."""
    if p.kind == "since":
        if count and not tally:
            return None  # 'since 2011, at sixty schools': when a state began, not when counted
        if doc_year and p.iso and doc_year > int(p.iso):
            return f"{p.iso}/{doc_year}"
        return p.iso
    if p.kind in ("relative", "ago"):
        return str(doc_year + p.offset) if doc_year else None
    if p.kind == "day" and not bound:
        return p.iso[:4] if p.iso else None
    return p.iso


@cache
def change_spans_year_before(language: str | None) -> bool:
    """Whether a change over part of a year runs from the same part a year before ('down 13.6%
    in the first nine months': 2019-01/2020-09) in language's texts, or is that part's own."""
    if language not in cue_languages("periods"):
        return True
    return period_words(language).change_spans_year_before


def is_sub_year(p: PeriodMention) -> bool:
    """True for a month, quarter, half year or a span of months within one year."""
    if not p.iso:
        return False
    if p.kind in ("month", "quarter", "half"):
        return True
    return p.kind == "interval" and len(p.iso) == 15 and p.iso[:4] == p.iso[8:12]


def survey_period(lay: Layout, periods: list[PeriodMention], doc_date: str | None) -> str | None:
    """The fieldwork dates of a survey the document reports: a dated period in a sentence that
    names a survey, poll or interviews ('carried out between 3 and 17 March 2025')."""
    starts = [p.start for p in periods]
    found: list[tuple[int, int, str]] = []
    rank = {"interval": 0, "month": 1, "day": 2}
    sent_starts = [s.start for s in lay.sentences]
    seen: set[int] = set()
    # Only the sentences that name a survey are read: one scan of the text, not one per sentence.
    for hit in _SURVEY_CB.finditer(lay.text, lowered_text(lay.text), 0, lay.note_from):
        i = bisect.bisect_right(sent_starts, hit.start()) - 1
        if i < 0 or i in seen:
            continue
        seen.add(i)
        sent = lay.sentences[i]
        nxt = lay.sentences[i + 1] if i + 1 < len(lay.sentences) else None
        end = sent.end
        # '... the latest survey. It was conducted in May and June 2025.'
        if nxt and nxt.paragraph == sent.paragraph and _CONDUCTED_RE.match(lay.text, nxt.start):
            end = nxt.end
        for p in slice_by(periods, starts, sent.start, end):
            if not p.iso or p.kind not in rank or (p.kind == "interval" and len(p.iso) <= 9):
                continue  # a span of years is a trend, not a fieldwork
            if p.iso == doc_date or _PUBLISHED_RE.search(lay.text[max(0, p.start - 40) : p.start]):
                continue  # the day a survey came out is not when people were asked
            found.append((rank[p.kind], p.start, p.iso))
    # Several surveys in one text: each figure's own context dates it, not a document default.
    return min(found)[2] if len({iso for _, _, iso in found}) == 1 else None


def year_before(iso: str) -> str | None:
    """The same period a year earlier: '2018-03' -> '2017-03', '2024-H1' -> '2023-H1'."""
    if not re.fullmatch(r"\d{4}(?:-(?:\d\d|H[12]|Q[1-4]))?", iso):
        return None
    return f"{int(iso[:4]) - 1}{iso[4:]}"


def title_period(text: str, periods: list[PeriodMention]) -> str | None:
    """The period a short title line names ('Trade balance, November 2019'), else None."""
    end = text.find("\n")
    if end < 0 or end > 160:
        return None
    for p in periods:
        if p.start >= end:
            break
        if p.iso and p.kind in ("month", "quarter", "half", "year", "interval"):
            return p.iso
    return None


def lead_period(
    lay: Layout, periods: list[PeriodMention], doc_year: int | None = None
) -> str | None:
    """The part of a year the first paragraph of prose reports on ('During November', 'in the
    first nine months of this year'), else None: a statistics release's time frame."""
    starts = [p.start for p in periods]
    paragraph = None
    for sent in lay.sentences:
        if paragraph is None:
            prose = lay.text[sent.start : sent.end].rstrip().endswith((".", "!", "?", "”", '"'))
            if sent.end - sent.start < 60 or sent.note or not prose:
                continue  # a title, a dateline, a 'Published:' line
            paragraph = sent.paragraph
        elif sent.paragraph != paragraph:
            break
        found = slice_by(periods, starts, sent.start, sent.end)
        for i, p in enumerate(found):
            if p.kind in ("month", "quarter", "half") and p.iso:
                later = found[i + 1] if i + 1 < len(found) else None
                if (
                    later is not None
                    and later.kind == p.kind
                    and later.iso
                    and _TO_LATER_RE.search(lay.text, p.end, later.start)
                ):
                    return later.iso  # 'jumped from 25% in June to 35% in September': September
                return p.iso
            if p.kind == "relative" and p.offset < 0 and doc_year:
                # 'Last year 4.43 million tourists came': a release on the year before its date.
                return str(doc_year + p.offset)
            if p.kind == "interval" and p.iso and len(p.iso) == 15 and p.iso[:4] == p.iso[8:12]:
                return p.iso  # '2020-01/2020-09': months of one year
    return None


class PeriodRules:
    """The period rules of the reader: they read its context, document year and survey dates."""

    ctx: Context
    doc_year: int | None
    doc_date: str | None
    survey: str | None
    title_period: str | None
    lead_period: str | None
    lead_end: int = 0
    period_why: str = ""
    language: str | None = None

    def _past(self, p: PeriodMention) -> bool:
        """True for a period that ends before the document's year."""
        last = _period_iso(p, self.doc_year, bound=True, count=False)
        return bool(last and self.doc_year and int(last.split("/")[-1][:4]) < self.doc_year)

    def _event_month(self, text: str, p: PeriodMention) -> bool:
        """True for a month with no year that dates an event ('a deal signed in April', 'a
        contract that expires in June') or a weekday: the figure's period is the document's
        year."""
        if p.kind not in ("month", "day") or not self.doc_year:
            return False
        if _DIGIT_RE.search(text, p.start, p.end):
            return False
        left = text[max(0, p.start - 40) : p.start]
        if p.kind == "day":
            # 'will take place on Wednesday': a step still to come, not the figure's date.
            return bool(_FUTURE_RE.search(left))
        return bool(_EVENT_RE.search(left[-30:]))

    def _period(
        self,
        q: Quantity,
        text: str,
        ps: list[PeriodMention],
        qs_: int,
        qe_: int,
        hi: int,
        bound: set[int],
        sent: Sentence,
        partner: str | None,
        metric: str = "other",
        here: frozenset[str] = frozenset(),
    ) -> str | None:
        """The period a quantity refers to: its own phrase, its sentence's, else the context's."""
        if q.unit in ("km", "ha"):
            self.period_why = "a length or an area has no period"
            return None
        count = q.unit == "count"
        # 'Since 2021 it has backed nine projects': a tally over the years, not a state.
        tally = count and bool(_PERFECT_RE.search(text[max(0, qs_ - 60) : qs_]))
        # 'now' is the present: read last, and only inside the quantity's own clause.
        now = any(
            p.kind == "now" and not _CLAUSE_END_RE.search(text, min(p.end, qs_), max(p.start, qe_))
            for p in ps
        )
        base_idx = {
            i
            for i, p in enumerate(ps)
            if (p.kind == "year" and p.iso == q.base_year)
            or (p.kind != "same" and _BASE_RE.search(text[max(0, p.start - 24) : p.start]))
            or (p.kind == "month" and _BASE_LEAD_RE.match(text, p.start))
            # 'up 20% from a year earlier': the base of a change, a year before its own period.
            or (
                q.measure == "change"
                and p.kind == "relative"
                and p.offset == -1
                and _YEAR_EARLIER_RE.match(text, p.start, p.end)
            )
            # 'the highest level recorded since 2015': a record is measured against those years.
            or (p.kind == "since" and _RECORD_RE.search(text, max(0, p.start - 40), p.start))
            # '(a 1.4% drop from 2018)': the year a change runs from.
            or (
                q.measure == "change"
                and p.kind == "year"
                and 0 <= p.start - qe_ < 40
                and _CHANGE_FROM_RE.match(text, qe_, p.start)
            )
        }
        skip = base_idx | {i for i, p in enumerate(ps) if p.kind in ("same", "now")}
        # A base of comparison ('the same period of 2019', 'below the 2019 peak') is not the
        # quantity's own period, nor the time frame of the sentences that follow.
        bound.update(base_idx)
        after = None
        # 'exports of $X and imports of $Y in 2023', '€18 billion ($19.7 billion) over the past
        # decade': coordinated or converted amounts share the period that closes the phrase.
        joined = hi < len(text) and bool(_JOINED_RE.match(text[qe_:hi]))
        reach = len(text) if joined else hi
        for i, p in enumerate(ps):
            if p.start >= qe_ and p.start < reach and p.start - qe_ < 160 and p.kind != "same":
                if i in skip:
                    continue
                if _BREAK_RE.search(text, qe_, p.start) or _ROW_LABEL_RE.search(text, qe_, p.start):
                    break  # a period that opens the next line labels the next row of a table
                if ", wh" in text[qe_ : p.start] and _RELATIVE_AFTER_RE.match(text, qe_, p.start):
                    break
                after = i
                break
        chosen: str | None = None
        chosen_at: PeriodMention | None = None  # the mention of the sentence that gave chosen
        why = "no time named"
        target_year = False
        if after is not None:
            # A period tied to a starting point ('up from $6.1 billion in 2023') or put in
            # brackets ('(53% in 2017)') is not the time frame of the sentences that follow.
            left = text[max(0, qs_ - 25) : qs_]
            if _FROM_RE.search(left) or text.count("(", 0, qs_) > text.count(")", 0, qs_):
                bound.add(after)
            if q.measure == "change" and ps[after].kind == "since":
                bound.add(after)  # 'down 10.7% since 2018': the change's span, not a time frame
            chosen = _period_iso(ps[after], self.doc_year, bound=True, count=count, tally=tally)
            chosen = _from_year_start(text, ps[after], chosen)
            chosen_at = ps[after]
            target_year = bool(
                _TARGET_RE.search(text, max(0, ps[after].start - 12), ps[after].start)
            )
            why = f"its own clause: {text[ps[after].start : ps[after].end]!r}"
            if self._event_month(text, ps[after]):
                chosen = str(self.doc_year)
                why += ": the month of an event, not of the figure"
        else:
            # A period bound to an earlier figure ('down from 51% a year earlier') is its own.
            before = [(i, p) for i, p in enumerate(ps) if p.end <= qs_ and i not in skip | bound]
            # 'compared with April, when it stood at 24.16 billion': the base's own figure.
            when = [
                p
                for i, p in enumerate(ps)
                if i in base_idx
                and p.end <= qs_
                and _WHEN_RE.match(text, p.end)
                and not _CLAUSE_END_RE.search(text, p.end + 2, qs_)
            ]
            if when:
                chosen = _period_iso(when[-1], self.doc_year, bound=True, count=count)
                why = f"the base it is the figure of: {text[when[-1].start : when[-1].end]!r}"
            elif before:
                p = before[-1][1]
                # 'debt as of 31 May 2023 stood at ...': the day a stock is counted on.
                as_of = p.kind == "day" and bool(
                    _AS_OF_RE.search(text, max(0, p.start - 16), p.start)
                )
                chosen = _period_iso(p, self.doc_year, bound=as_of, count=count, tally=tally)
                chosen = _from_year_start(text, p, chosen)
                chosen_at = p
                target_year = bool(_TARGET_RE.search(text, max(0, p.start - 12), p.start))
                why = f"its sentence: {text[p.start : p.end]!r}"
                if self._event_month(text, p):
                    chosen = str(self.doc_year)
                    why += ": the month of an event, not of the figure"
                if chosen and "/" in chosen and _REACH_RE.search(text[max(0, qs_ - 40) : qs_]):
                    chosen = chosen.split("/")[-1]
                elif chosen and _YEARS_RE.fullmatch(chosen):
                    # 'over ten years, from 305 million to 3.7 billion': the ends of the span.
                    if _FROM_TO_RE.search(text, max(0, qs_ - 60), qs_):
                        chosen = chosen.split("/")[-1]
                    elif _FROM_RE_AT.search(text, max(0, qs_ - 8), qs_) and _TO_NEXT_RE.match(
                        text, qe_
                    ):
                        chosen = chosen.split("/")[0]
            elif any(p.kind == "same" for p in ps) and self.ctx.last_period:
                same = next(p for p in ps if p.kind == "same")
                # 'over the same years': the span named before, not its last year.
                last = (
                    self.ctx.last_span
                    if self.ctx.last_span and text[same.start : same.end].endswith("years")
                    else self.ctx.last_period
                )
                chosen = _period_iso(last, self.doc_year, bound=False, count=count)
                why = f"{text[same.start : same.end]!r}: the period named before"
        fresh_here = self.ctx.period is not None and self.ctx.period_para == sent.paragraph
        if chosen and self.survey and metric == "opinion.share" and target_year:
            # 'accession could happen by 2030 (26%)': a year in the answer, not when asked.
            chosen = None
        if chosen is None and self.survey and metric == "opinion.share" and not fresh_here:
            chosen = self.survey
            why = "the fieldwork dates of the survey"
        elif chosen and self.survey and metric == "opinion.share" and chosen == self.survey[:4]:
            # 'the Balkan Barometer 2025 ... conducted in May and June 2025': the survey's year
            # is its fieldwork, told more precisely elsewhere.
            chosen = self.survey
            why += "; the fieldwork dates of the survey that year"
        if q.unit == "times" and chosen and "/" not in chosen:
            bases = (_period_iso(ps[i], self.doc_year, bound=False, count=False) for i in base_idx)
            base = next((b[:4] for b in bases if b), None) or q.base_year
            if base and base != chosen[:4]:
                chosen = f"{min(base, chosen[:4])}/{max(base, chosen[:4])}"
                why += f"; a multiple runs from its base year ({base})"
        sub_year = (
            self.ctx.period is not None
            and self.ctx.period.kind in ("half", "quarter", "month")
            and self.ctx.period_para == sent.paragraph
        )
        if chosen is None and q.measure == "change" and not sub_year:
            years = [y for para, y in self.ctx.years if para >= sent.paragraph - 1]
            distinct = list(dict.fromkeys(reversed(years)))[:2]
            if len(distinct) == 2:
                chosen = f"{min(distinct)}/{max(distinct)}"
                why = "a change between the two years named just before"
        if chosen is None and self.ctx.period is not None:
            # A year reaches into the next paragraph ('in 2024' ... 'Total FDI reached €10
            # billion'); in a dated article a month or a span is the time of one passage only.
            reach = (
                0
                if (count or q.unit == "fraction")
                or (
                    self.doc_date
                    and (
                        self.ctx.period.kind != "year"
                        # 'last year 4.43 million, in 2014 2.19 million': two times, no frame
                        or len(self.ctx.para_years.get(self.ctx.period_para, ())) > 1
                        # only the year reported on (the dateline's or the one before) frames
                        # on: 'a loan taken in 2014', 'repaid by 2040' date a passage
                        or not _recent(self.ctx.period, self.doc_year)
                    )
                )
                else 1
            )
            fresh = self.ctx.period_para >= sent.paragraph - reach
            # A new counterpart leaves the old time frame, unless named beside its partners
            # ('Germany (...), China (...)' after 'exported most to Germany ... in H1').
            fits = (
                partner is None
                or not self.ctx.period_partners
                or partner in self.ctx.period_partners
                or bool(here & self.ctx.period_partners)
            )
            if fresh and fits:
                chosen = _period_iso(self.ctx.period, self.doc_year, bound=False, count=count)
                why = "the time frame of an earlier sentence"
        if (
            now
            and self.doc_year
            and (chosen is None or int(chosen.split("/")[-1][:4]) < self.doc_year)
        ):
            # 'now employs 5,300' after 'paid in 2016': the present, unless the frame is current.
            chosen = str(self.doc_year)
            why = "'now': the document's year"
        frame = self.ctx.frame
        if (
            chosen is None
            and frame is not None
            and frame.iso
            and not count
            and self.ctx.frame_para >= sent.paragraph - 2
        ):
            # A statistics report's month ('data for April 2016') frames its later paragraphs.
            chosen = frame.iso
            why = f"the report's time frame: {frame.iso}"
        if chosen is None and self.title_period:
            # A release titled 'Trade in November 2019' dates the figures that name no time.
            chosen = self.title_period
            why = "the period in the title"
        if chosen is None and self.lead_period:
            # A release whose first paragraph reports on 'November' or 'the first nine months'.
            chosen = self.lead_period
            why = "the period the first paragraph reports on"
        if chosen is None and self.doc_date:
            # A figure with no time of its own in a dated article is as of the article's year.
            chosen = self.doc_date[:4]
            why = f"the document's date ({self.doc_date})"
            # The news a title or lead reports ('has paid the fifth tranche') is the dateline's.
            if (
                len(self.doc_date) >= 7
                and sent.start < self.lead_end
                and _NEWS_EVENT_RE.search(text, 0, qe_)
                and not _FUTURE_RE.search(text, 0, qe_)
            ):
                chosen = self.doc_date[:7]
                why = f"the news the dateline reports ({self.doc_date[:7]})"
        future = future_clause(text, qs_, qe_) if chosen else None
        if (
            future is not None
            and chosen_at is not None
            and not future[0] <= chosen_at.start < future[1]
            and (chosen_at.kind == "day" or self._past(chosen_at))
        ):
            # 'fabrika započeta 2019, zaposliće 1.200 radnika': what will be holds at no named time.
            chosen = None
            why = "a figure its clause puts in the future: no time of its own"
        same_of = _SAME_PART_OF_RE.match(text, qe_) if chosen and len(chosen) > 4 else None
        if chosen and same_of is not None and chosen[:4] != same_of.group("y"):
            # '196 million euros in the same period of 2015': the figure's months, in that year.
            chosen = "/".join(same_of.group("y") + part[4:] for part in chosen.split("/"))
            why = f"{same_of.group().strip()!r}: the same part of that year"
        within = bool(chosen and _WITHIN_YEAR_RE.fullmatch(chosen))
        spans_back = change_spans_year_before(self.language)
        if chosen and within and q.measure == "change" and not spans_back:
            why += "; a change over part of a year is dated by that part"
        elif chosen and within and q.measure == "change":
            # 'down 13.6% in the first nine months': from the same months a year before to
            # the end of these ('2019-01/2020-09').
            chosen = f"{int(chosen[:4]) - 1}{chosen[4:7]}/{chosen[8:]}"
            why += "; a change runs from the same months a year before"
        elif chosen and "/" not in chosen and (q.measure == "change" or q.unit == "times"):
            # A rise or a multiple runs from its base to its own period: the base named in the
            # sentence ('than in March 2017'), else the same time a year before.
            bases = [ps[i] for i in sorted(base_idx) if ps[i].iso and "/" not in (ps[i].iso or "")]
            named = [p.iso for p in bases]
            base = named[0] if named else year_before(chosen)
            if not named and q.unit == "times" and _COMPARED_AFTER_RE.match(text, qe_):
                base = None  # '32 times larger than': two things compared at one time
            if not named and len(chosen) > 4 and not spans_back:
                base = None  # 'u maju ... manji za 87,6 odsto': May's own change
            if (
                base
                and len(base) == 4
                and len(chosen) > 4
                and _SAME_PART_RE.search(text, max(0, bases[0].start - 30), bases[0].start)
            ):
                # 'against the same quarter of 2024': the base is that part of the named year.
                base += chosen[4:]
            if base and len(base) != len(chosen):
                base, chosen = base[:4], chosen[:4]
            if base and base < chosen:
                chosen = f"{base}/{chosen}"
                why += f"; a change runs from its base ({'named' if named else 'a year before'})"
        self.period_why = why if chosen else "no time named"
        return chosen
