"""The extract stage: a document in, its claims, issues and proposed actors out."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from geoledger.extract.gazetteer import Gazetteer, Mention
from geoledger.extract.metrics import Zone, classify, find_object
from geoledger.extract.numbers import word_set
from geoledger.extract.orgs import find_org_names, propose_actors
from geoledger.extract.periods import (
    PeriodMention,
    estimate_year,
    find_doc_date,
    find_periods,
    resolve_dated,
)
from geoledger.extract.quantities import Quantity, find_quantities
from geoledger.extract.roles import (
    OrgHit,
    candidates,
    org_hits,
    pick_entities,
    pick_partner,
    pick_subject,
)
from geoledger.extract.sentences import Layout, Sentence, layout
from geoledger.models import Claim, Document, Extraction, Issue

# Metrics where a company, bank or organisation acts; trade and polls have no single actor.
_ENTITY_METRICS = word_set(
    "investment.total investment.deal investment.pledge investment.stake loan finance.total "
    "aid.grant project.value other society.count security.count"
)
_DOMESTIC_METRICS = word_set("macro.gdp_share macro.unemployment other")
_DEAL_METRICS = word_set("investment.deal investment.pledge investment.stake loan project.value")
_ANAPHOR_RE = re.compile(
    r"^\s*(?:This|These|That|Those|The\s+(?:deal|transaction|acquisition|investments?|purchase|"
    r"takeover|agreement|contract|loan|company|firm|group|bank|lender|corporation)|It|They)\b"
)
# 'The company employs 11,000 people': the organisation of the sentences before acts.
_COMPANY_ANAPHOR_RE = re.compile(
    r"^\s*(?:The|Its)\s+(?:company|firm|group|bank|lender|corporation)\b"
)
_PERFECT_RE = re.compile(
    r"\b(?:has|have)\s+(?:(?:been|also|already|now|so\s+far)\s+)?[a-z]\w+\s+(?:[\w-]+\s+){0,3}$"
)
# A survey's fieldwork dates are the period of every share of respondents it reports.
_SURVEY_RE = re.compile(
    r"\b(?:survey|poll|fieldwork|field\s+work|interviews?|questionnaire)\b", re.IGNORECASE
)
# 'up from $6.1 billion', 'from about 5,000': a starting point, not 'imports from China'.
_FROM_RE = re.compile(r"\b[Ff]rom\s+(?:[a-z]+\s+){0,2}$")
_CLAUSE_END_RE = re.compile(r"[,;:–—()]|\.\s")
_PUBLISHED_RE = re.compile(r"\b(?:published|released|issued|presented)\b[^.;]{0,25}$")
_BREAK_RE = re.compile(r",\s+(?:and|but|while|whereas)\b|;|\.\s")
_REACH_RE = re.compile(
    r"(?:reach(?:ed|ing)?|rising\s+to|rose\s+to|climbed\s+to|grew\s+to|increased\s+to|hitting)"
    r"\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_JOINED_RE = re.compile(
    r"\s*\(\s*$|[^.;:(),]{0,60}?\s+and\s+(?:[\w'’-]+\s+){0,6}?$",
    re.IGNORECASE,
)
# A date a statement was made on ('said on Tuesday') is not the period of what it states.
_REPORTED_RE = re.compile(
    r"(?:said|says|told|announced|reported|stated|added|wrote|confirmed)\b[^.;]{0,40}$"
)
_BASE_RE = re.compile(
    r"(?:compared\s+(?:to|with)|than(?:\s+in)?|against|(?:same\s+period|level)\s+(?:of|in)|"
    r"(?:the\s+)?same\s+period|(?:many|much|high|large|big)\s+as|"
    r"(?:below|above|beyond|under|over|exceeding|surpassing)\s+(?:the|its|their))\s+$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Context:
    """What earlier sentences established: time frame, actors, organisations."""

    period: PeriodMention | None = None
    period_para: int = -1
    period_partners: frozenset[str] = frozenset()
    last_period: PeriodMention | None = None
    last_span: PeriodMention | None = None
    years: list[tuple[int, str]] = field(default_factory=list)  # (paragraph, year)
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


def _slice(items: list, starts: list[int], lo: int, hi: int) -> list:
    """Items whose start offset lies in [lo, hi)."""
    return items[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]


def _focus(
    mentions: list[Mention], note_from: int, home: str | None
) -> tuple[str | None, str | None]:
    """The document's main country (the ledger's home where named) and its main counterpart."""
    counts = Counter(m.ref.name for m in mentions if m.ref.is_geo and m.start < note_from)
    ranked = [name for name, _ in counts.most_common()]
    # A text about a Serbian firm is about Serbia even where it never names the country.
    via_org = {m.ref.country for m in mentions if m.ref.country and not m.ref.is_geo}
    focus = home if home in counts or home in via_org else (ranked[0] if ranked else None)
    if focus is None and via_org:
        focus = sorted(via_org)[0]
    others = [name for name in ranked if name != focus]
    if len(others) >= 2 and counts[others[0]] < 2 * counts[others[1]]:
        # No counterpart dominates (a statistics release listing many partners): no default.
        return focus, None
    return focus, (others[0] if others else None)


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


class _Reader:
    """Walks the sentences of one document in order, carrying context from one to the next."""

    def __init__(self, doc: Document, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.lay: Layout = layout(doc.text)
        text = self.lay.text
        self.quantities, unread = find_quantities(text)
        self.q_starts = [q.start for q in self.quantities]
        # The dateline dates 'on Tuesday' and 'last year' where ingest found no date.
        self.doc_date = doc.published_on or find_doc_date(text[: self.lay.note_from])
        self.periods = resolve_dated(find_periods(text), self.doc_date)
        self.p_starts = [p.start for p in self.periods]
        qspans = [(q.start, q.end) for q in self.quantities]
        self.mentions = [m for m in gazetteer.find(text) if not _inside(m, qspans)]
        self.m_starts = [m.start for m in self.mentions]
        self.doc_year = estimate_year(text[: self.lay.note_from], self.doc_date)
        self.survey = _survey_period(self.lay, self.periods, self.doc_date)
        self.focus, self.second = _focus(self.mentions, self.lay.note_from, gazetteer.home)
        self.gazetteer = gazetteer
        self.ctx = _Context()
        self.claims: list[Claim] = []
        self.list_lead: Claim | None = None
        self.issues: list[Issue] = []
        for u in unread:
            span = self.lay.to_doc(u.start, u.end)
            self.issues.append(
                Issue(
                    code="unread_quantity",
                    doc=doc.name,
                    message=f"{text[u.start : u.end]!r}: {u.reason}",
                    start=span[0] if span else None,
                    end=span[1] if span else None,
                )
            )

    def run(self) -> Extraction:
        """Read every sentence and return the extraction."""
        spans = []
        for i, sent in enumerate(self.lay.sentences):
            before = len(self.claims)
            self._sentence(sent, i)
            text = self.lay.text[sent.start : sent.end]
            if text.rstrip().endswith(":") and self.claims:
                self.list_lead = self.claims[-1]
            elif not _ITEM_RE.match(text):
                self.list_lead = None
            if len(self.claims) > before:
                spans.append((sent.start, sent.end))
        proposed = propose_actors(self.doc.name, self.lay, spans, self.gazetteer)
        return Extraction(claims=self.claims, issues=self.issues, proposed_actors=proposed)

    def _sentence(self, sent: Sentence, index: int) -> None:
        text = self.lay.text[sent.start : sent.end]
        off = sent.start
        qs = _slice(self.quantities, self.q_starts, sent.start, sent.end)
        ps = [
            p
            for p in (
                _shift(p, -off) for p in _slice(self.periods, self.p_starts, sent.start, sent.end)
            )
            if not (p.kind == "day" and _REPORTED_RE.search(text[max(0, p.start - 50) : p.start]))
        ]
        ms = [_shift_m(m, -off) for m in _slice(self.mentions, self.m_starts, sent.start, sent.end)]
        ctx = self.ctx
        if ctx.actors_para < sent.paragraph:
            # A new paragraph opens a new topic: the last one's actors are not carried over,
            # but kept aside for a poll's answers, which follow the paragraph putting the question.
            last = ctx.actors_para == sent.paragraph - 1 and not sent.note
            ctx.earlier = (ctx.subject, ctx.partner, ctx.pending) if last else None
            ctx.subject = ctx.partner = None
            ctx.pending = None
        orgs = org_hits(text, ms)
        bound: set[int] = set()
        if not qs:
            self._update(sent, text, ps, bound, ms, orgs)
            return
        cands = candidates(text, ms, ctx.region)
        has_money = any(
            q.unit not in ("percent", "count", "times", "fraction", "km", "ha") for q in qs
        )
        paragraph_text = self._paragraph_text(sent, index)
        # A bullet under a lead-in ('The package includes:') is about what the lead-in was.
        lead = self.list_lead if _ITEM_RE.match(text) else None
        prev: tuple[Quantity, str, list[str | None]] | None = None
        prev_obj: str | None = None
        for k, q in enumerate(qs):
            qs_, qe_ = q.start - off, q.end - off
            lo = qs[k - 1].end - off if k else 0
            hi = qs[k + 1].start - off if k + 1 < len(qs) else len(text)
            zone = Zone(text, qs_, qe_, lo, hi)
            metric = classify(q, zone, paragraph=paragraph_text, has_money=has_money)
            until = hi if hi < len(text) else None
            subject = pick_subject(cands, self.focus, (qs_, qe_), text, until)
            if subject is None:
                self._resolve_pending()
                subject = ctx.subject or (None if sent.note else self.focus)
                if any(c.name == subject and c.partner_cue for c in cands):
                    # 'Moscow donated six fighters': who gives here is the counterpart.
                    subject = None if sent.note else self.focus
            partner, settled = pick_partner(
                cands,
                subject,
                (qs_, qe_),
                text,
                prefer_after=metric == "opinion.share",
                until=until,
                first=k == 0,
            )
            if not settled:
                self._resolve_pending()
                partner = ctx.partner if ctx.partner != subject else None
                if partner is None and metric == "opinion.share":
                    partner = self._earlier_partner(subject)
                domestic = metric in _DOMESTIC_METRICS or (
                    q.unit == "count" and _POPULATION_RE.search(zone.left)
                )
                if (
                    partner is None
                    and not sent.note
                    and self.second != subject
                    and not (domestic and not cands)
                ):
                    # The document's main counterpart, unless a sentence that names no country
                    # states a domestic figure ('the defence budget is 2.3% of GDP').
                    partner = self.second
            if lead is not None and not cands:
                subject, partner = lead.subject, lead.partner
            if metric == "opinion.share" and self.focus and not sent.note:
                subject = self.focus  # a poll is about the people asked, wherever its question
            here = frozenset(c.name for c in cands)
            period = self._period(q, text, ps, qs_, qe_, hi, bound, sent, partner, metric, here)
            entities = self._entities(q, metric, text, orgs, (qs_, qe_), subject, partner)
            if lead is not None:
                metric = lead.metric if metric == "other" else metric
                period = period or lead.period
            between = text[prev[0].end - off : qs_] if prev is not None else ""
            if prev is not None and _is_conversion(prev[0], q, between):
                # 'RSD 38 bn, or about EUR 324 mln': the same amount in another currency.
                metric = prev[1]
                entities = entities if entities != [None] else prev[2]
            elif prev is not None and prev[0].unit == q.unit and _BASE_OF_RE.fullmatch(between):
                metric = prev[1]  # 'at 81%, against 84% a year before': a base measures the same
            elif (
                prev is not None
                and metric == "other"
                and prev[0].unit == q.unit
                and _AND_NEXT_RE.search(between)
            ):
                metric = prev[1]  # '6 percent chose A and 5 percent B': the verb is left out
            elif (
                prev is not None
                and q.unit == "times"
                and prev[0].unit == "count"
                and _AS_MANY_RE.match(text, qe_)
            ):
                metric = prev[1]  # '340 complaints, twice as many as in 2022': more of the same
            obj = find_object(q, metric, text, zone)
            if (
                obj is None
                and prev is not None
                and prev[1] == metric
                and prev[0].unit == q.unit
                and _SAME_SERIES_RE.fullmatch(between)
            ):
                obj = prev_obj  # 'raspberry exports fell from $1.2m in 2023 to $0.8m': the same
            prev, prev_obj = (q, metric, entities), obj
            span = self.lay.to_doc(q.start, q.end)
            if span is None or (sent.note and text.count("“", 0, qs_) > text.count("”", 0, qs_)):
                continue  # across a page joint, or inside a cited title in a footnote
            for entity in entities:
                self.claims.append(
                    Claim(
                        value=q.value,
                        unit=q.unit,
                        metric=metric,
                        value_max=q.value_max,
                        qualifier=q.qualifier,
                        measure=q.measure,
                        period=period,
                        subject=subject,
                        partner=partner,
                        entity=entity,
                        object=obj,
                        surface=self.doc.text[span[0] : span[1]],
                        start=span[0],
                        end=span[1],
                        doc=self.doc.name,
                        made_by=q.rule,
                        note=q.note,
                    )
                )
        self._update(sent, text, ps, bound, ms, orgs)

    def _earlier_partner(self, subject: str | None) -> str | None:
        """The counterpart the previous paragraph settled on, read once when a poll needs it."""
        ctx = self.ctx
        if ctx.earlier is None:
            return None
        subj, partner, pending = ctx.earlier
        if partner is None and pending is not None:
            text, ms, region = pending
            cands = candidates(text, ms, region)
            end = (len(text), len(text))
            partner, _ = pick_partner(
                cands, pick_subject(cands, self.focus, end, text) or self.focus, end, text
            )
        ctx.earlier = (subj, partner, None)
        return partner if partner != subject else None

    def _resolve_pending(self) -> None:
        """Read the roles of the last sentence that named actors, once, into the context."""
        ctx = self.ctx
        if ctx.pending is None:
            return
        text, ms, region = ctx.pending
        ctx.pending = None
        cands = candidates(text, ms, region)
        if not cands:
            return
        end = (len(text), len(text))
        subject = pick_subject(cands, self.focus, end, text)
        if subject:
            ctx.subject = subject
        partner, _ = pick_partner(cands, subject or self.focus, end, text)
        if partner:
            ctx.partner = partner

    def _paragraph_text(self, sent: Sentence, i: int) -> str:
        """The text of the sentences of sent's paragraph up to and including sent (at most 4)."""
        parts = []
        j = i
        while j >= 0 and self.lay.sentences[j].paragraph == sent.paragraph and i - j < 4:
            parts.append(self.lay.text[self.lay.sentences[j].start : self.lay.sentences[j].end])
            j -= 1
        return " ".join(reversed(parts))

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
                if _BREAK_RE.search(text, qe_, p.start):
                    break
                after = i
                break
        chosen: str | None = None
        if after is not None:
            # A period tied to a starting point ('up from $6.1 billion in 2023') or put in
            # brackets ('(53% in 2017)') is not the time frame of the sentences that follow.
            left = text[max(0, qs_ - 25) : qs_]
            if _FROM_RE.search(left) or text.count("(", 0, qs_) > text.count(")", 0, qs_):
                bound.add(after)
            chosen = _period_iso(ps[after], self.doc_year, bound=True, count=count, tally=tally)
        else:
            # A period bound to an earlier figure ('down from 51% a year earlier') is its own.
            before = [(i, p) for i, p in enumerate(ps) if p.end <= qs_ and i not in skip | bound]
            if before:
                p = before[-1][1]
                chosen = _period_iso(p, self.doc_year, bound=False, count=count, tally=tally)
                if chosen and "/" in chosen and _REACH_RE.search(text[max(0, qs_ - 40) : qs_]):
                    chosen = chosen.split("/")[-1]
            elif any(p.kind == "same" for p in ps) and self.ctx.last_period:
                same = next(p for p in ps if p.kind == "same")
                # 'over the same years': the span named before, not its last year.
                last = (
                    self.ctx.last_span
                    if self.ctx.last_span and text[same.start : same.end].endswith("years")
                    else self.ctx.last_period
                )
                chosen = _period_iso(last, self.doc_year, bound=False, count=count)
        fresh_here = self.ctx.period is not None and self.ctx.period_para == sent.paragraph
        if chosen is None and self.survey and metric == "opinion.share" and not fresh_here:
            chosen = self.survey
        if q.unit == "times" and chosen and "/" not in chosen:
            bases = (_period_iso(ps[i], self.doc_year, bound=False, count=False) for i in base_idx)
            base = next((b[:4] for b in bases if b), None) or q.base_year
            if base and base != chosen[:4]:
                chosen = f"{min(base, chosen[:4])}/{max(base, chosen[:4])}"
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
        if chosen is None and self.ctx.period is not None:
            reach = 0 if (count or q.unit == "fraction") else 1
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
        if (
            now
            and self.doc_year
            and (chosen is None or int(chosen.split("/")[-1][:4]) < self.doc_year)
        ):
            # 'now employs 5,300' after 'paid in 2016': the present, unless the frame is current.
            chosen = str(self.doc_year)
        return chosen

    def _entities(
        self,
        q: Quantity,
        metric: str,
        text: str,
        orgs: list[OrgHit],
        span: tuple[int, int],
        subject: str | None,
        partner: str | None,
    ) -> list[str | None]:
        """The acting organisation(s); 'each' gives one claim per organisation named before."""
        if re.search(
            r"\b\w+\s+and\s+\w+\s+each\b[^.;]{0,40}$", text[max(0, span[0] - 80) : span[0]]
        ):
            return [None, None]  # 'loans and investments each accounting for about half'
        if metric not in _ENTITY_METRICS:
            return [None]
        apposition = span[1] + len(q.noun or "") + 1 if q.unit == "count" else None
        ranked = pick_entities(
            orgs, span, text, subject=subject, partner=partner, apposition_from=apposition
        )
        each = re.match(r"\s+each\b", text[span[1] : span[1] + 8])
        from_context = False
        anaphoric = _ANAPHOR_RE.match(text) and (
            metric.startswith("investment") or _COMPANY_ANAPHOR_RE.match(text)
        )
        if (not ranked or each) and anaphoric and self.ctx.orgs:
            ranked = pick_entities(self.ctx.orgs, (0, 0), "", subject=subject, partner=partner)
            from_context = True
        if not ranked and metric in _DEAL_METRICS:
            # A company the ledger does not know yet still acts in its own deal.
            known = [(m.start, m.end) for m in self.gazetteer.find(text) if not m.ref.is_geo]
            unknown = [
                o
                for o in find_org_names(text)
                if o.kind != "organisation" and not any(s < o.end and o.start < e for s, e in known)
            ]
            if unknown:
                return [min(unknown, key=lambda o: abs(o.start - span[0])).name]
        if not ranked:
            return [None]
        if each and from_context:
            foreign = [o for o in ranked if o.country != subject]
            if len(foreign) >= 2:
                return [o.name for o in sorted(foreign, key=lambda o: o.start)]
        return [ranked[0].name]

    def _update(
        self,
        sent: Sentence,
        text: str,
        ps: list[PeriodMention],
        bound: set[int],
        ms: list[Mention],
        orgs: list[OrgHit],
    ) -> None:
        """Carry this sentence's time frame, actors and organisations to the next sentences."""
        ctx = self.ctx
        free = [p for i, p in enumerate(ps) if i not in bound and p.kind not in ("same", "now")]
        actors = [
            m.ref.name if m.ref.is_geo else m.ref.country
            for m in ms
            if m.ref.is_geo or (m.ref.country and m.ref.kind not in ("person", "media"))
        ]
        names = frozenset(a for a in actors if a and a != self.focus)
        if free:
            ctx.period = free[-1]
            ctx.period_para = sent.paragraph
            ctx.period_partners = names
        for p in ps:
            if p.kind not in ("same", "now"):
                ctx.last_period = p
                if p.iso and "/" in p.iso:
                    ctx.last_span = p
            if p.iso and p.kind in ("year", "day", "month", "since", "quarter", "half"):
                ctx.years.append((sent.paragraph, p.iso[:4]))
        ctx.years = ctx.years[-6:]
        if actors:
            ctx.pending = (text, ms, ctx.region)
            ctx.actors_para = sent.paragraph
            for m in ms:
                if m.ref.region:
                    ctx.region = m.ref.name
        if orgs:
            ctx.orgs = orgs
            ctx.orgs_para = sent.paragraph


# Between two figures of one series: ' in 2023 to just ', ' to ', ', from ' (from X to Y).
_SAME_SERIES_RE = re.compile(
    r"(?:\s*(?:in|by)\s+(?:\d{4}|the\s+\w+(?:\s+\w+)?))?\s*,?\s*"
    r"(?:to|from)(?:\s+(?:just|only|about|around|roughly|some))?\s*",
    re.IGNORECASE,
)
_BASE_OF_RE = re.compile(
    r",?\s*(?:against|compared\s+(?:with|to)|versus|vs\.?|(?:up|down)\s+from)\s+"
    r"(?:(?:about|some|around|roughly|nearly|almost|just|less\s+than|more\s+than)\s+)?"
)
_AND_NEXT_RE = re.compile(r"^[^.;,]{0,60}\s(?:and|while|whereas)\s+(?:only\s+|just\s+)?$")
# 'a town of 100,000': the people of a place are a domestic count.
_POPULATION_RE = re.compile(r"(?i)\b(?:town|city|village|municipality|population)\s+of\s+\S*\s*$")
_AS_MANY_RE = re.compile(r"\s+as\s+(?:many|much)\b")
_MONEY_UNITS_EXCLUDED = frozenset({"percent", "count", "times", "fraction", "km", "ha"})
_ITEM_RE = re.compile(r"\s*(?:[-•▪*–]|\d{1,2}[.)])\s")
_CONVERSION_RE = re.compile(
    r"\s*(?:[(\[]|,\s+or|\s+or)\s*(?:about|around|some|roughly|nearly|almost|approximately)?\s*"
)


def _survey_period(lay: Layout, periods: list[PeriodMention], doc_date: str | None) -> str | None:
    """The fieldwork dates of a survey the document reports: a dated period in a sentence that
    names a survey, poll or interviews ('carried out between 3 and 17 March 2025')."""
    starts = [p.start for p in periods]
    found: list[tuple[int, int, str]] = []
    rank = {"interval": 0, "month": 1, "day": 2}
    sent_starts = [s.start for s in lay.sentences]
    seen: set[int] = set()
    # Only the sentences that name a survey are read: one scan of the text, not one per sentence.
    for hit in _SURVEY_RE.finditer(lay.text, 0, lay.note_from):
        i = bisect.bisect_right(sent_starts, hit.start()) - 1
        if i < 0 or i in seen:
            continue
        seen.add(i)
        sent = lay.sentences[i]
        for p in _slice(periods, starts, sent.start, sent.end):
            if not p.iso or p.kind not in rank or (p.kind == "interval" and len(p.iso) <= 9):
                continue  # a span of years is a trend, not a fieldwork
            if p.iso == doc_date or _PUBLISHED_RE.search(lay.text[max(0, p.start - 40) : p.start]):
                continue  # the day a survey came out is not when people were asked
            found.append((rank[p.kind], p.start, p.iso))
    # Several surveys in one text: each figure's own context dates it, not a document default.
    return min(found)[2] if len({iso for _, _, iso in found}) == 1 else None


def _is_conversion(prev: Quantity, q: Quantity, between: str) -> bool:
    """True when q restates prev's amount in another currency: '€18 billion ($19.7 billion)'."""
    money = prev.unit not in _MONEY_UNITS_EXCLUDED and q.unit not in _MONEY_UNITS_EXCLUDED
    return money and prev.unit != q.unit and bool(_CONVERSION_RE.fullmatch(between))


def _inside(m: Mention, spans: list[tuple[int, int]]) -> bool:
    """True when a mention overlaps a quantity's surface ('US' in 'US$10 billion')."""
    i = bisect.bisect_right(spans, (m.start, 10**12)) - 1
    return i >= 0 and spans[i][1] > m.start


def _shift(p: PeriodMention, by: int) -> PeriodMention:
    return PeriodMention(p.start + by, p.end + by, p.kind, p.iso, p.offset)


def _shift_m(m: Mention, by: int) -> Mention:
    return Mention(m.start + by, m.end + by, m.alias, m.ref)


def extract_claims(doc: Document, *, gazetteer: Gazetteer) -> Extraction:
    """Return every quantity in doc as a claim that cites its span, plus issues and new actors."""
    return _Reader(doc, gazetteer).run()


def claim_to_json(claim: Claim) -> dict[str, object]:
    """The fields of spec/claims.md for one claim, in spec order."""
    return {
        "doc": claim.doc,
        "start": claim.start,
        "end": claim.end,
        "surface": claim.surface,
        "value": claim.value,
        "value_max": claim.value_max,
        "unit": claim.unit,
        "qualifier": claim.qualifier,
        "measure": claim.measure,
        "period": claim.period,
        "metric": claim.metric,
        "subject": claim.subject,
        "partner": claim.partner,
        "entity": claim.entity,
        "object": claim.object,
    }
