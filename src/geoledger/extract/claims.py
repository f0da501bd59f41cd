"""The extract stage: a document in, its claims, issues and proposed actors out."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re

from geoledger.extract.caseless import lowered_pattern, lowered_text
from geoledger.extract.clauses import (
    GAPPED_RE,
    base_a_year_before,
    cand_at,
    in_dateline,
    years_back,
)
from geoledger.extract.document import find_focus, find_lead_end, in_a_name
from geoledger.extract.gazetteer import Gazetteer, Mention
from geoledger.extract.lexicon import detect_language
from geoledger.extract.metrics import (
    Zone,
    classify,
    find_object,
    is_change,
    is_repayment,
    metric_cue,
)
from geoledger.extract.numbers import word_set
from geoledger.extract.orgs import find_org_names, propose_actors
from geoledger.extract.parties import RoleRules
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
)
from geoledger.extract.sentences import Layout, Sentence, layout
from geoledger.extract.series import (
    follows_in_brackets,
    last_alike,
    last_table_heading,
    names_time,
    table_headings,
    unify_restated,
)
from geoledger.extract.timing import (
    RELATIVE_MONTH_RE,
    Context,
    PeriodRules,
    is_sub_year,
    lead_period,
    slice_by,
    survey_period,
    title_period,
)
from geoledger.extract.vocab import tourism_share_needs_partner, with_cues
from geoledger.models import Claim, Document, Extraction, Issue

# Metrics where a company, bank or organisation acts; trade and polls have no single actor.
_ENTITY_METRICS = word_set(
    "investment.total investment.deal investment.pledge investment.stake loan finance.total "
    "aid.grant project.value other society.count security.count"
)
_MONEY_METRICS = word_set(
    "investment.total investment.deal investment.pledge loan finance.total aid.grant project.value"
)
_PARTNER_SHARES = word_set("trade.partner_share_exports trade.partner_share_imports")
_TOURISM = word_set("tourism.arrivals tourism.overnights")
_BANK_FINANCE = word_set("investment.total investment.deal investment.pledge other")
_LOAN_WORD_RE = re.compile(r"(?i)\b(?:loans?|credit|lent|lending|borrow\w*|debts?)\b")
_GRANT_WORD_RE = re.compile(r"(?i)\b(?:grants?|donat\w*|non-refundable|non-repayable|gifts?)\b")
_THE_BANK_RE = re.compile(r"\b[Tt]he\s+(?:bank|lender)\b")
_POLL_RE = re.compile(with_cues(r"\b(?:survey|poll|respondents|polled)\b", "survey"), re.I)
_DEAL_METRICS = word_set("investment.deal investment.pledge investment.stake loan project.value")
_ANAPHOR_RE = re.compile(
    r"^\s*(?:This|These|That|Those|The\s+(?:deal|transaction|acquisition|investments?|purchase|"
    r"takeover|agreement|contract|loan|company|firm|group|bank|lender|corporation)|It|They)\b"
)
# 'The company employs 11,000 people': the organisation of the sentences before acts.
_COMPANY_ANAPHOR_RE = re.compile(
    r"^\s*(?:The|Its)\s+(?:company|firm|group|bank|lender|corporation)\b"
)
_REPORTED_RE = re.compile(
    r"(?:said|says|told|announced|reported|stated|added|wrote|confirmed)\b[^.;]{0,40}$"
)


class _Reader(PeriodRules, RoleRules):
    """Walks the sentences of one document in order, carrying context from one to the next."""

    def __init__(self, doc: Document, gazetteer: Gazetteer, *, explain: bool = False) -> None:
        self.doc = doc
        self.lay: Layout = layout(doc.text)
        text = self.lay.text
        language = detect_language(text)
        self.language = language
        self.quantities, unread = find_quantities(text, language=language)
        self.q_starts = [q.start for q in self.quantities]
        # The dateline dates 'on Tuesday' and 'last year' where ingest found no date.
        self.doc_date = doc.published_on or find_doc_date(text[: self.lay.note_from])
        self.periods = [
            p
            for p in resolve_dated(find_periods(text, language=language), self.doc_date)
            # 'in constant 2017 USD', '2015 prices': a price basis, not a time frame.
            if not (p.kind == "year" and _PRICE_BASIS_RE.match(text, p.end))
            and not (p.kind == "year" and _RATE_LEFT_RE.search(text, max(0, p.start - 12), p.start))
        ]
        self.p_starts = [p.start for p in self.periods]
        qspans = [(q.start, q.end) for q in self.quantities]
        low = lowered_text(text)
        self.mentions = [
            m
            for m in gazetteer.find(text)
            if not _inside(m, qspans) and not (m.ref.is_geo and in_a_name(text, m, low))
        ]
        # 'MOSCOW (Sputnik) - The EU will deliver ...': where a story was filed is no party.
        everywhere = self.mentions
        self.mentions = [m for m in everywhere if not in_dateline(text, m)]
        self.m_starts = [m.start for m in self.mentions]
        self.doc_year = estimate_year(text[: self.lay.note_from], self.doc_date)
        self.survey = survey_period(self.lay, self.periods, self.doc_date)
        self.title_period = title_period(text, self.periods)
        # Only a dated release frames its figures by its first paragraph's part of the year.
        self.lead_period = (
            lead_period(self.lay, self.periods, self.doc_year) if self.doc_date else None
        )
        self.focus, self.second, self.asked = find_focus(
            everywhere, text, self.lay.note_from, gazetteer.home, find_lead_end(self.lay)
        )
        self.lead_end = find_lead_end(self.lay)
        self.gazetteer = gazetteer
        self.ctx = Context()
        self.claims: list[Claim] = []
        self.list_lead: Claim | None = None
        self.last_bank: str | None = None
        # Where a sentence starts -> the metric of its last table heading line, read only when
        # a row asks what table it is under (_heading_before): most sentences never are asked.
        self.last_heading: dict[int, str | None] = {}
        # The heading in force before this text's first sentence (a streamed window's, from
        # the window before it).
        self.heading: str | None = None
        # (paragraph, unit, metric) of the last figure whose words named what it measures.
        self.last_metric: tuple[int, str, str] | None = None
        self.also: list[str] = []  # the other parties a figure holds for ('each', 'In A and B')
        self.why: list[dict[str, str]] = []
        self.explain = explain  # the words behind each attribute, kept only when asked for
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

    @functools.cached_property
    def poll(self) -> bool:  # type: ignore[override]
        """True when the body asks people (a survey): searched once, when a share first needs
        it; most documents never ask, and the scan costs ~5% of a document's extraction."""
        low = lowered_text(self.lay.text)
        poll = lowered_pattern(_POLL_RE) if low is not None else None
        if poll is not None and low is not None:
            return bool(poll.search(low, 0, self.lay.note_from))
        return bool(_POLL_RE.search(self.lay.text, 0, self.lay.note_from))

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
        unify_restated(self.claims, self.why if self.explain else None)
        proposed = propose_actors(self.doc.name, self.lay, spans, self.gazetteer)
        return Extraction(claims=self.claims, issues=self.issues, proposed_actors=proposed)

    def _sentence(self, sent: Sentence, index: int) -> None:
        text = self.lay.text[sent.start : sent.end]
        off = sent.start
        qs = slice_by(self.quantities, self.q_starts, sent.start, sent.end)
        ps = [
            p
            for p in (
                _shift(p, -off) for p in slice_by(self.periods, self.p_starts, sent.start, sent.end)
            )
            if not (p.kind == "day" and _REPORTED_RE.search(text[max(0, p.start - 50) : p.start]))
        ]
        ms = [
            _shift_m(m, -off) for m in slice_by(self.mentions, self.m_starts, sent.start, sent.end)
        ]
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
        prev_roles: tuple[str | None, str | None] | None = None
        prev_period: str | None = None
        heads: list[tuple[int, str]] | None = None  # read when a row first needs them
        same_sentence: list[tuple[Quantity, str]] = []
        for k, q in enumerate(qs):
            qs_, qe_ = q.start - off, q.end - off
            lo = qs[k - 1].end - off if k else 0
            hi = qs[k + 1].start - off if k + 1 < len(qs) else len(text)
            zone = Zone(text, qs_, qe_, lo, hi)
            if q.measure == "level" and is_change(q, zone):
                q = dataclasses.replace(q, measure="change")  # 'imports fell by 12%'
            elif (
                q.measure == "level"
                and prev is not None
                and prev[0].measure == "change"
                and prev[0].unit == q.unit == "percent"
                and _COORD_CHANGE_RE.fullmatch(text, prev[0].end - off, qs_)
            ):
                q = dataclasses.replace(q, measure="change")  # 'a drop of 17% for X and 12% for Y'
            gapped = (
                prev is not None
                and prev[0].unit == q.unit
                and (g := GAPPED_RE.fullmatch(text, prev[0].end - off, qs_)) is not None
                and (who := cand_at(cands, g.start("who"), g.end("who"))) is not None
            )
            if gapped and prev is not None:
                q = dataclasses.replace(q, measure=prev[0].measure)
            metric = classify(q, zone, paragraph=paragraph_text, has_money=has_money)
            if (
                q.unit not in _MONEY_UNITS_EXCLUDED
                and (mixed := _MIXED_FINANCE_RE.match(text, qe_, hi)) is not None
                and _finance_family(mixed.group(1)) != _finance_family(mixed.group(2))
            ):
                metric = "finance.total"  # 'EUR 72 million in grants and loans': both together
            elif (
                (metric == "other" or metric in _MONEY_METRICS)
                and q.unit not in ("count", "km", "ha", "times")
                and (" as " in text[qe_ : qe_ + 70] or "form of" in text[qe_ : qe_ + 70])
                and (kind := _AS_KIND_RE.match(text, qe_, hi)) is not None
            ):
                # '85% of the financing comes from China as a loan': what the money comes as.
                metric = _AS_KIND[_finance_family(kind.group(1))]
            referred = self._referred_change(q, metric, text)
            until = hi if hi < len(text) else None
            metric, subject, partner, why = self._roles(
                q, metric, cands, text, zone, until, k == 0, sent, has_money
            )
            if (
                metric == "other"
                and q.unit not in _MONEY_UNITS_EXCLUDED
                and not is_repayment(zone)  # debt service stays 'other' under any heading
                and (heads := heads if heads is not None else table_headings(text)) is not None
                and (heading := self._heading_for(heads, qs_, index)) is not None
            ):
                metric = heading  # a table's rows under 'Appropriated Assistance'
                why["metric"] = "the heading of the table it is a row of"
            if lead is not None and not cands:
                subject, partner = lead.subject, lead.partner
                why["subject"] = why["partner"] = "the lead-in line of this list"
            if referred is not None:
                # 'the products that contributed to this decline (6.7 percentage points)': a
                # part of the change the text just stated, with its meaning.
                metric, subject, partner = referred.metric, referred.subject, referred.partner
                why["metric"] = why["subject"] = why["partner"] = "the change it is part of"
            if gapped and prev is not None and prev_roles is not None:
                metric, subject, partner = prev[1], who, prev_roles[1]
                why["metric"] = why["partner"] = "the figure before, whose verb it shares"
                why["subject"] = "named before 'by' in a clause that leaves out the verb"
            if partner is None and metric in _PARTNER_SHARES:
                # 'export covers import by 9%', '61% of exports were done by the largest
                # firms': a share of trade that names no partner is not a partner's share.
                metric = "other"
                why["metric"] = "a share of trade that names no partner"
            elif (
                partner is None
                and q.unit == "percent"
                and q.measure == "level"
                and metric in _TOURISM
                and tourism_share_needs_partner(self.language)
            ):
                # 'u Beogradu je ostvareno 29,3 odsto noćenja': a region's share of the stays.
                metric = "other"
                why["metric"] = "a share of tourism that names no partner"
            here = frozenset(c.name for c in cands)
            period = self._period(q, text, ps, qs_, qe_, hi, bound, sent, partner, metric, here)
            if referred is not None and not ps:
                period = referred.period
            if gapped and prev_period is not None:
                period = prev_period
            elif (
                prev is not None
                and prev_period
                and prev[0].unit == q.unit
                and (back := base_a_year_before(text, ps, qs_, qe_)) is not None
            ):
                # 'rising to 55% in the first ten months of 2010, from 51% a year earlier': the
                # base's year is the one before the figure it is compared with, not the dateline's.
                period = years_back(prev_period)
                self.period_why = f"{back!r}: a year before the figure it is compared with"
            entities = self._entities(q, metric, text, orgs, (qs_, qe_), subject, partner)
            named_loan = metric == "loan" and _LOAN_WORD_RE.search(text, lo, hi)
            if (
                (
                    metric in _BANK_FINANCE
                    or (metric == "loan" and not named_loan)
                    or (metric == "aid.grant" and not _GRANT_WORD_RE.search(text, lo, hi))
                )
                and q.unit not in _MONEY_UNITS_EXCLUDED
                and any(self._multilateral(e) for e in entities)
            ):
                # A development bank's money is loans and equity together, unless named a loan.
                metric = "finance.total"
                why["metric"] = "a development bank's financing"
                if partner is not None and not any(c.name == partner for c in cands):
                    partner = None
            if lead is not None:
                if metric == "other" and lead.metric != "other":
                    why["metric"] = "the lead-in line of this list"
                metric = lead.metric if metric == "other" else metric
                period = period or lead.period
            between = text[prev[0].end - off : qs_] if prev is not None else ""
            if prev is not None and _is_conversion(prev[0], q, between):
                # 'RSD 38 bn, or about EUR 324 mln': the same amount in another currency.
                metric = prev[1]
                why["metric"] = "the same amount as the figure before, in another currency"
                entities = entities if entities != [None] else prev[2]
            elif prev is not None and prev[0].unit == q.unit and _BASE_OF_RE.fullmatch(between):
                metric = prev[1]  # 'at 81%, against 84% a year before': a base measures the same
                why["metric"] = "the base of the figure before measures the same"
            elif (
                prev is not None
                and metric == "other"
                and prev[0].unit == q.unit
                and _AND_NEXT_RE.search(between)
                and (like := last_alike(same_sentence, q)) is not None
            ):
                metric = like[1]  # '6 percent chose A and 5 percent B': the verb is left out
                why["metric"] = "joined to the figure before, whose verb it shares"
            elif (
                prev is not None
                and q.unit == "times"
                and prev[0].unit == "count"
                and _AS_MANY_RE.match(text, qe_)
            ):
                metric = prev[1]  # '340 complaints, twice as many as in 2022': more of the same
            if (
                metric == "other"
                and not why.get("metric")
                and self.last_metric is not None
                and self.last_metric[:2] == (sent.paragraph, q.unit)
                and not is_repayment(zone)
            ):
                # 'among 540 thousand nights more than 25% were of Russians. Among the leaders
                # are also Serbia (13.2%)': a figure that names nothing continues its paragraph's.
                metric = self.last_metric[2]
                why["metric"] = "the figure before it in its paragraph"
            elif metric != "other":
                self.last_metric = (sent.paragraph, q.unit, metric)
            obj = find_object(q, metric, text, zone)
            if (
                obj is None
                and prev is not None
                and prev[1] == metric
                and prev[0].unit == q.unit
                and _SAME_SERIES_RE.fullmatch(between)
            ):
                obj = prev_obj  # 'raspberry exports fell from $1.2m in 2023 to $0.8m': the same
            if prev is not None and follows_in_brackets(between) and prev_roles:
                # 'Kosovo at 10% (an increase of 10% from 2018)': the bracket's figure is the
                # same party's as the figure it follows.
                subject, partner = prev_roles
                why["subject"] = why["partner"] = "the figure its bracket follows"
                if prev_period and prev[0].measure == q.measure and not names_time(between):
                    period = prev_period
            prev, prev_obj = (q, metric, entities), obj
            prev_roles, prev_period = (subject, partner), period
            same_sentence.append((q, metric))
            span = self.lay.to_doc(q.start, q.end)
            if span is None or (sent.note and text.count("“", 0, qs_) > text.count("”", 0, qs_)):
                continue  # across a page joint, or inside a cited title in a footnote
            if q.unit not in _MONEY_UNITS_EXCLUDED and _is_rate_note(text, qs_, qe_):
                self.issues.append(
                    Issue(
                        code="not_a_claim",
                        doc=self.doc.name,
                        message=f"{text[qs_:qe_]!r}: an exchange rate or a price basis",
                        start=span[0],
                        end=span[1],
                    )
                )
                continue
            if self.also:
                entities = list(dict.fromkeys(entities))  # 'A and B each': the parties, once
            parties = [(who, e) for who in (subject, *self.also) for e in entities]
            for party, entity in parties:
                if self.explain:
                    self.why.append(
                        {
                            "metric": why.get("metric") or metric_cue(q, metric, zone),
                            "period": self.period_why,
                            "subject": why.get("subject", ""),
                            "partner": why.get("partner", ""),
                            "entity": self._entity_why(entity, metric, text, orgs),
                        }
                    )
                self.claims.append(
                    Claim(
                        value=q.value,
                        unit=q.unit,
                        metric=metric,
                        value_max=q.value_max,
                        qualifier=q.qualifier,
                        measure=q.measure,
                        period=period,
                        subject=party,
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
        self._update(sent, text, ps, bound, ms, orgs, heads)

    def _referred_change(self, q: Quantity, metric: str, text: str) -> Claim | None:
        """The change of an earlier sentence a figure is a part of ('contributed to this
        decline'), when the figure's own words name no metric."""
        if metric != "other" or q.measure != "change" or not _THIS_CHANGE_RE.search(text):
            return None
        return next((c for c in reversed(self.claims) if c.measure == "change"), None)

    def _heading_for(self, heads: list[tuple[int, str]], at: int, index: int) -> str | None:
        """The metric of the table heading above a row: in the sentence, else before it."""
        inside = [metric for start, metric in heads if start < at]
        return inside[-1] if inside else self._heading_before(index)

    def _heading_before(self, index: int) -> str | None:
        """The metric a table's heading names for the sentences from the last heading line
        before sentence index on, until a sentence of prose ends the table: read back from
        index, the same as carrying it forward sentence by sentence."""
        for j in range(index - 1, -1, -1):
            sent = self.lay.sentences[j]
            text = self.lay.text[sent.start : sent.end]
            if sent.start not in self.last_heading:
                self.last_heading[sent.start] = last_table_heading(text)
            if self.last_heading[sent.start] is not None:
                return self.last_heading[sent.start]  # a heading line of its own ends prose
            if text.rstrip().endswith((".", "!", "?")):
                return None  # prose ends a table
        return self.heading

    @property
    def heading_at_end(self) -> str | None:
        """The table heading in force after the last sentence (carried to a next window)."""
        return self._heading_before(len(self.lay.sentences))

    def _entity_why(self, entity: str | None, metric: str, text: str, orgs: list[OrgHit]) -> str:
        """Where the acting organisation was found, in a few words."""
        if entity is None:
            if metric not in _ENTITY_METRICS:
                return "none: trade and poll figures have no single actor"
            return "no organisation named"
        hit = next((o for o in orgs if o.name == entity), None)
        if hit is not None:
            return f"named in the sentence: {text[hit.start : hit.end]!r}"
        if entity == self.last_bank and _THE_BANK_RE.search(text):
            return "'the bank': the last bank named"
        if entity.casefold() in text.casefold():
            return f"named in the sentence: {entity!r} (a name the ledger does not hold yet)"
        return "the organisation of an earlier sentence"

    def _multilateral(self, name: str | None) -> bool:
        """True for a bank with no home country: a development bank of many states."""
        ref = self.gazetteer.lookup(name) if name else None
        return ref is not None and ref.kind == "bank" and ref.country is None

    def _paragraph_text(self, sent: Sentence, i: int) -> str:
        """The text of the sentences of sent's paragraph up to and including sent (at most 4)."""
        parts = []
        j = i
        while j >= 0 and self.lay.sentences[j].paragraph == sent.paragraph and i - j < 4:
            parts.append(self.lay.text[self.lay.sentences[j].start : self.lay.sentences[j].end])
            j -= 1
        return " ".join(reversed(parts))

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
        before = text[max(0, span[0] - 80) : span[0]]
        # The pattern's literal 'each' rules out most figures without the scan.
        if "each" in before and _AND_EACH_RE.search(before):
            return [None, None]  # 'loans and investments each accounting for about half'
        if metric not in _ENTITY_METRICS:
            return [None]
        apposition = span[1] + len(q.noun or "") + 1 if q.unit == "count" else None
        ranked = pick_entities(
            orgs, span, text, subject=subject, partner=partner, apposition_from=apposition
        )
        each = _EACH_AFTER_RE.match(text[span[1] : span[1] + 8])
        from_context = False
        anaphoric = _ANAPHOR_RE.match(text) and (
            metric.startswith("investment") or _COMPANY_ANAPHOR_RE.match(text)
        )
        if (not ranked or each) and anaphoric and self.ctx.orgs:
            ranked = pick_entities(self.ctx.orgs, (0, 0), "", subject=subject, partner=partner)
            from_context = True
        if not ranked and self.last_bank and _THE_BANK_RE.search(text):
            return [self.last_bank]  # 'the bank supported X with EUR 10 million'
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
        heads: list[tuple[int, str]] | None = None,
    ) -> None:
        """Carry this sentence's time frame, actors and organisations to the next sentences
        (heads: its table headings, when the caller has already read them)."""
        ctx = self.ctx
        if heads is not None:
            # Only the last heading line counts (_heading_before reads the others' when asked).
            self.last_heading[sent.start] = heads[-1][1] if heads else None
        free = [p for i, p in enumerate(ps) if i not in bound and p.kind not in ("same", "now")]
        actors = [
            m.ref.name if m.ref.is_geo else m.ref.country
            for m in ms
            if m.ref.is_geo or (m.ref.country and m.ref.kind not in ("person", "media"))
        ]
        names = frozenset(a for a in actors if a and a != self.focus)
        frames = [
            p
            for p in free
            if is_sub_year(p)
            and not self._event_month(text, p)
            # 'earlier this month': when news happened, not the month a report is about
            and not RELATIVE_MONTH_RE.fullmatch(text, p.start, p.end)
        ]
        if (
            frames
            and not sent.note
            and self.doc_date
            and (self.title_period or self.lead_period or _STATISTICS_RE.search(text))
        ):
            # Only a dated report is framed by a month: a long undated study moves through time.
            ctx.frame, ctx.frame_para = frames[-1], sent.paragraph
        elif free:
            ctx.frame = None  # the text moved on to another time
        if free:
            ctx.period = free[-1]
            ctx.period_para = sent.paragraph
            ctx.period_partners = names
        for i, p in enumerate(ps):
            if p.kind not in ("same", "now") and i not in bound:
                # A base of comparison is not what 'in the same period' later refers to.
                ctx.last_period = p
                if p.iso and "/" in p.iso:
                    ctx.last_span = p
            if p.iso and p.kind in ("year", "day", "month", "since", "quarter", "half"):
                ctx.years.append((sent.paragraph, p.iso[:4]))
            year = (
                p.iso[:4]
                if p.iso
                else str(self.doc_year + p.offset)
                if p.kind == "relative" and self.doc_year
                else None
            )
            if year and p.kind != "same":
                ctx.para_years.setdefault(sent.paragraph, set()).add(year)
        ctx.years = ctx.years[-6:]
        if actors:
            ctx.pending = (text, ms, ctx.region)
            ctx.actors_para = sent.paragraph
            for m in ms:
                if m.ref.region:
                    ctx.region = m.ref.name
        if orgs:
            ctx.orgs = orgs
        for m in ms:
            if m.ref.kind == "bank" and m.ref.can_act:
                self.last_bank = m.ref.name
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
_AND_NEXT_RE = re.compile(
    r"^[^.;,]{0,60}\s(?:and|while|whereas)\s+(?:only\s+|just\s+)?$"
    r"|^[^.;]{0,40}\b(?:while|whereas)\s[^.;]{0,60}$"
)
# Between two coordinated changes: ' for exports and ', ', ', ' and '.
_COORD_CHANGE_RE = re.compile(
    r"(?:\s+(?:for|in|of)\s+[\w\s-]{1,25}?)?\s*(?:,\s*and|,|and)\s+(?:by\s+)?", re.IGNORECASE
)
_THIS_CHANGE_RE = re.compile(
    r"(?i)\b(?:this|that|the)\s+(?:decline|decrease|drop|fall|rise|increase|growth|slowdown|"
    r"contraction|reduction)\b"
)
_AS_MANY_RE = re.compile(r"\s+as\s+(?:many|much)\b")
_AND_EACH_RE = re.compile(r"\b\w+\s+and\s+\w+\s+each\b[^.;]{0,40}$")
# Compiled once, not looked up in re's cache for every figure.
_EACH_AFTER_RE = re.compile(r"\s+each\b")
_EQUALS_RE = re.compile(r"\s*=")
_MONEY_UNITS_EXCLUDED = frozenset({"percent", "count", "times", "fraction", "km", "ha"})
_ITEM_RE = re.compile(r"\s*(?:[-•▪*–]|\d{1,2}[.)])\s")
_CONVERSION_RE = re.compile(
    r"\s*(?:[(\[]|,\s+or|\s+or)\s*(?:about|around|some|roughly|nearly|almost|approximately)?\s*"
)


# A report's frame is named where its data are: 'published data on exports for April 2016'.
_STATISTICS_RE = re.compile(
    r"(?i)\b(?:data|statistic\w*|reports?|reported|releases?|released|publishe[ds]|census|"
    r"preliminary|figures)\b"
)


# 'EUR 72 million in grants, loans', '€1bn of loans and equity': kinds of money counted together.
_MIXED_FINANCE_RE = re.compile(
    r"\s+(?:in|of)\s+(?:the\s+form\s+of\s+)?(?:[\w-]+\s+)?(grants?|loans?|credits?|investments?|"
    r"equity)(?:,\s*|\s+and\s+|\s*/\s*)(?:[\w-]+\s+)?(grants?|loans?|credits?|investments?|equity)\b",
    re.IGNORECASE,
)


# '... comes from China as a loan', '€5 million, given as grants': the form the money takes.
_AS_KIND_RE = re.compile(
    r"[^.;,]{0,50}?\b(?:as|in\s+the\s+form\s+of)\s+(?:an?\s+)?(?:[\w-]+\s+)?"
    r"(loans?|credits?|grants?|donations?|investments?)\b",
    re.IGNORECASE,
)
_AS_KIND = {"grant": "aid.grant", "loan": "loan", "investment": "investment.total"}


def _finance_family(word: str) -> str:
    """'grants' -> 'grant', 'credit' -> 'loan', 'equity' -> 'investment'."""
    word = word.casefold()
    if word.startswith(("grant", "donation")):
        return "grant"
    return "loan" if word[0] in "lc" else "investment"


def _is_conversion(prev: Quantity, q: Quantity, between: str) -> bool:
    """True when q restates prev's amount in another currency: '€18 billion ($19.7 billion)'."""
    money = prev.unit not in _MONEY_UNITS_EXCLUDED and q.unit not in _MONEY_UNITS_EXCLUDED
    return money and prev.unit != q.unit and bool(_CONVERSION_RE.fullmatch(between))


_RATE_LEFT_RE = re.compile(r"=\s*$|(?i:\b(?:constant|current|real)\s+)$")
_PRICE_BASIS_RE = re.compile(r"\s*(?:[A-Z]{3}\b|US\s*dollars|(?:constant\s+)?prices)")
_YEAR_MONEY_RE = re.compile(r"(?:19|20)\d\d\s*(?:[A-Z]{3}|US\s*dollars|dollars|euros?)")


def _is_rate_note(text: str, start: int, end: int) -> bool:
    """True for '$1 = 0.8972 euros' and 'constant 2017 USD': a rate or a price basis."""
    if _EQUALS_RE.match(text[end : end + 4]) or _RATE_LEFT_RE.search(
        text, max(0, start - 12), start
    ):
        left = text[max(0, start - 12) : start]
        return (
            "=" in left
            or "=" in text[end : end + 4]
            or bool(_YEAR_MONEY_RE.fullmatch(text[start:end]))
        )
    return False


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


def explain_claims(doc: Document, *, gazetteer: Gazetteer) -> list[tuple[Claim, dict[str, str]]]:
    """Every claim of doc with, for each of its attributes, the words that decided it."""
    reader = _Reader(doc, gazetteer, explain=True)
    extraction = reader.run()
    return list(zip(extraction.claims, reader.why, strict=True))


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
