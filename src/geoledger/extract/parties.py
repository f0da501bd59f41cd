"""Who a figure is about and with whom: the subject and partner rules of the reader."""

from __future__ import annotations

import re

from geoledger.extract.document import POWERS
from geoledger.extract.metrics import Zone
from geoledger.extract.numbers import word_set
from geoledger.extract.polls import answers, coordinated, respondents
from geoledger.extract.quantities import Quantity
from geoledger.extract.roles import (
    Cand,
    candidates,
    lists_respectively,
    pick_partner,
    pick_subject,
    respectively,
)
from geoledger.extract.sentences import Sentence
from geoledger.extract.timing import Context, slice_by
from geoledger.extract.vocab import with_cues

_OWN_TOTAL_RE = re.compile(
    r"['’]s\s+(?:total\s+)?(?:exports|imports|trade)\b(?!\s+(?:to|from|with)\b)"
)
_EACH_RE = re.compile(r"\beach\b")
_TOPIC_RE = re.compile(
    r"(?i)\b(?:on|about|over|regarding|towards?)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:in\s+)?"
    r"(?:the\s+)?$|\b(?:war|conflict|crisis|invasion|aggression)\s+(?:in|of|on|against)\s+"
    r"(?:the\s+)?$"
)
_PARTNER_SHARES = word_set("trade.partner_share_exports trade.partner_share_imports")
_DOMESTIC_METRICS = word_set("macro.gdp_share macro.unemployment")
# 'a town of 100,000': the people of a place are a domestic count.
_POPULATION_RE = re.compile(r"(?i)\b(?:town|city|village|municipality|population)\s+of\s+\S*\s*$")
# 'foreign direct investment', 'all foreign tourists': a total over every partner.
_ALL_FOREIGN_RE = re.compile(
    r"(?i)\b(?:all\s+|total\s+)?foreign\s+(?:direct\s+)?"
    r"(?:investments?|investors|tourists|visitors|arrivals|trade|debt|FDI)\b"
)

# 'had no opinion', 'would choose none of the answers': a share that names no counterpart,
# whatever the question of the paragraph before asked about.
_NO_ANSWER_RE = re.compile(
    with_cues(
        r"\b(?:no\s+opinion|do(?:es)?\s*n[o’']t\s+know|undecided|none\s+of\s+(?:the|them)|"
        r"neither|no\s+answer)\b",
        "no_answer",
    ),
    re.IGNORECASE,
)


# 'to support Serbia's EU accession', 'on its path to EU membership', 'joining NATO': a bloc
# named as what a country joins is the goal of a figure, not its counterpart (outside polls,
# whose answers are about joining).
_GOAL_AFTER_RE = re.compile(
    r"\s+(?:accession|membership|integration|path|perspective|aspirations?|candidacy|entry|"
    r"enlargement|reforms?|standards|acquis)\b"
)
_GOAL_BEFORE_RE = re.compile(
    r"(?i)\b(?:accession|membership|integration|admission|entry|path|road|way)\s+(?:to|in|into|"
    r"of|with|towards?)\s+(?:the\s+)?$|\bjoin(?:s|ed|ing)?\s+(?:the\s+)?$"
)


_BY_NEXT_RE = re.compile(
    r"\s+by\s+(?:(?:about|some|around|roughly|nearly|almost|over|more\s+than|less\s+than)\s+)?"
)


def _is_goal(text: str, c: Cand) -> bool:
    """True for a bloc named as what a country joins ('EU accession', 'membership in NATO')."""
    return bool(
        _GOAL_AFTER_RE.match(text, c.end)
        or _GOAL_BEFORE_RE.search(text, max(0, c.start - 30), c.start)
    )


class RoleRules:
    """The role rules of the reader: they read its context and the document's main countries."""

    ctx: Context
    focus: str | None
    second: str | None
    asked: str | None
    poll: bool
    also: list[str]
    quantities: list[Quantity]
    q_starts: list[int]

    def _roles(
        self,
        q: Quantity,
        metric: str,
        cands: list[Cand],
        text: str,
        zone: Zone,
        until: int | None,
        first: bool,
        sent: Sentence,
        has_money: bool,
    ) -> tuple[str, str | None, str | None, dict[str, str]]:
        """Metric (a poll's share may be found here), subject and partner, with why each."""
        ctx = self.ctx
        span = (zone.start, zone.end)
        why: dict[str, str] = {}
        self.also = []
        poll = metric == "opinion.share" or (metric == "other" and self.poll and not has_money)
        if q.unit == "percent" and poll:
            resp = respondents(cands, text, span, zone.lo, zone.hi)
            if "respectively" in text:
                # 'in Kosovo and Albania are 89% and 92%, respectively'
                resp = respectively(cands, text, span, self.quantities_in(sent)) or resp
            if resp is not None:
                group = coordinated(cands, text, resp) if resp.end <= span[0] else [resp]
                # 'In North Macedonia and Bosnia, 68% ...': one share for each party asked.
                self.also = [c.name for c in group[1:] if c.name != resp.name]
                asked_names = {c.name for c in group}
                answer_pool = [c for c in answers(cands, text) if c.name not in asked_names]
                partner, settled = pick_partner(
                    answer_pool, resp.name, span, text, prefer_after=True, until=until, first=first
                )
                if not settled and not _NO_ANSWER_RE.search(text):
                    partner = self._earlier_partner(resp.name)
                why["subject"] = f"the people asked: {text[resp.start : resp.end]!r}"
                why["partner"] = named(text, answer_pool, partner, "the answer named")
                return "opinion.share", resp.name, partner, why
        if until is not None and " by " in text[span[1] : until]:
            # '... by 56%, France by 40%': a party right before 'by' and the next figure is that
            # figure's own.
            cands = [
                c
                for c in cands
                if not (c.start >= span[1] and _BY_NEXT_RE.fullmatch(text, c.end, until))
            ]
        if metric != "opinion.share" and not poll:
            cands = [c for c in cands if not _is_goal(text, c)]
        listed = (
            respectively(cands, text, span, self.quantities_in(sent))
            if lists_respectively(text)
            else None
        )
        # A poll's listed parties are what the people asked answered about: counterparts.
        # A partner's share names the partner: 'Greece and Italy remained second and third,
        # with 19.3% and 11.3% of exports, respectively' (the subject is the one exporting).
        share = metric in _PARTNER_SHARES
        listed_answer = listed is not None and (metric == "opinion.share" or share)
        subject = pick_subject(cands, self.focus, span, text, until)
        why["subject"] = named(text, cands, subject, "named in the sentence")
        if (
            share
            and subject is not None
            and not any(c.name == subject and c.subject_cue for c in cands)
        ):
            subject = None  # no owner of the exports named here: the paragraph's or document's
        if subject is None:
            self._resolve_pending()
            subject = ctx.subject or (None if sent.note else self.focus)
            why["subject"] = (
                "an earlier sentence of the paragraph"
                if ctx.subject
                else f"the document's main country ({self.focus})"
            )
            if any(c.name == subject and c.partner_cue for c in cands):
                # 'Moscow donated six fighters': who gives here is the counterpart.
                subject = None if sent.note else self.focus
                why["subject"] = f"the document's main country ({self.focus})"
        if listed is not None and not listed.partner_cue and not listed_answer:
            subject = listed.name
            why["subject"] = f"'respectively' pairs it with {text[listed.start : listed.end]!r}"
        partner, settled = pick_partner(
            cands,
            subject,
            span,
            text,
            prefer_after=metric == "opinion.share",
            until=until,
            first=first,
        )
        why["partner"] = named(text, cands, partner, "named in the sentence")
        referent = _former_or_latter(cands, text, span[0])
        if referent is not None and share:
            # 'Greece and Italy ..., the share of the former at 19.3% and of the latter at 11.3%'
            partner, settled = referent.name, True
            why["partner"] = f"'former' or 'latter' of {text[referent.start : referent.end]!r}"
        if listed is not None and (listed.partner_cue or listed_answer) and listed.name != subject:
            partner, settled = listed.name, True
            why["partner"] = f"'respectively' pairs it with {text[listed.start : listed.end]!r}"
        if metric == "policy.alignment_rate" and subject != "European Union":
            # The rate is always of the EU's foreign-policy declarations.
            partner, settled = "European Union", True
            why["partner"] = "an alignment rate is with the EU's declarations"
        if not settled:
            self._resolve_pending()
            partner = ctx.partner if ctx.partner != subject else None
            why["partner"] = "an earlier sentence of the paragraph" if partner else "none named"
            if "oreign" in text and _ALL_FOREIGN_RE.search(text):
                # 'foreign direct investment', 'all foreign tourists': a total over every partner.
                partner = None
                why["partner"] = "none: a total over every foreign partner"
            if partner is None and metric == "opinion.share" and not _NO_ANSWER_RE.search(text):
                partner = self._earlier_partner(subject)
                why["partner"] = "the question of the paragraph before" if partner else "none"
            domestic = (
                metric in _DOMESTIC_METRICS
                or (q.unit == "count" and _POPULATION_RE.search(zone.left))
                # "Albania's exports fell by 13.6%": the country's total, over every partner.
                or (metric.startswith("trade.") and bool(_OWN_TOTAL_RE.search(text)))
            )
            if (
                partner is None
                and not sent.note
                and self.second != subject
                and not (domestic and not [c for c in cands if c.name != subject])
                and not ("oreign" in text and _ALL_FOREIGN_RE.search(text))
            ):
                # The document's main counterpart, unless a sentence that names no country
                # states a domestic figure ('the defence budget is 2.3% of GDP').
                partner = self.second
                if partner:
                    why["partner"] = f"the document's main counterpart ({partner})"
        if (
            metric == "macro.unemployment"
            and partner
            and not any(c.name == partner and c.partner_cue for c in cands)
        ):
            partner = None  # unemployment is the country's own figure
            why["partner"] = "none: a country's own figure"
        near = text[max(zone.lo, span[0] - 60) : min(zone.hi, span[1] + 40)]
        if partner and "oreign" in near and _ALL_FOREIGN_RE.search(near):
            # "Serbia's 1.71 million foreign tourists": a total over every partner.
            partner = None
            why["partner"] = "none: a total over every foreign partner"
        # 'Serbia is an exception since only 40% ...': a country named in the sentence, not as
        # its topic ('on the war in Ukraine'), is the one whose people answered.
        named_here = subject not in POWERS and any(
            c.name == subject
            and not c.partner_cue
            and not c.via_org
            and not _TOPIC_RE.search(text, max(0, c.start - 40), c.start)
            for c in cands
        )
        if metric == "opinion.share" and self.asked and not sent.note and not named_here:
            # A poll is about the people asked, wherever its question: a country or region,
            # never a power or a bloc it asks about.
            subject = self.asked
            why["subject"] = f"the document's main country ({self.asked}): the people asked"
            if partner == subject:
                partner = self.focus if self.focus != subject else None
        if (
            metric == "trade.total"
            and subject in POWERS
            and partner is not None
            and partner not in POWERS
        ):
            # 'trade between Germany and Russia': two-way trade has no direction, and a power is
            # the ledger's counterpart.
            subject, partner = partner, subject
            why["subject"], why["partner"] = why["partner"], why["subject"]
        if "each" in text and _EACH_RE.search(
            text, max(0, span[0] - 40), min(len(text), span[1] + 12)
        ):
            # 'Serbia and Montenegro each received €10 million': one claim for each party.
            for c in cands:
                group = coordinated(cands, text, c)
                names = [g.name for g in group]
                if len(group) > 1 and group[-1].end <= span[0] and subject in names:
                    partner_side = all(g.partner_cue for g in group)
                    if partner_side and partner in names:
                        break  # the parties are counterparts: not handled here
                    subject, self.also = names[0], [n for n in names[1:] if n != names[0]]
                    why["subject"] = f"'each' of {text[group[0].start : group[-1].end]!r}"
                    break
        return metric, subject, partner, why

    def quantities_in(self, sent: Sentence) -> list[tuple[int, int]]:
        """Spans of the quantities of a sentence, in sentence offsets."""
        qs = slice_by(self.quantities, self.q_starts, sent.start, sent.end)
        return [(q.start - sent.start, q.end - sent.start) for q in qs]

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


_FORMER_RE = re.compile(r"(?i)\b(?:the\s+)?(former|latter)\b[^.;,]{0,25}$")


def _former_or_latter(cands: list[Cand], text: str, at: int) -> Cand | None:
    """The party 'the former' or 'the latter' before a figure points to: the first or the second
    of the last pair 'A and B' named before it."""
    word = _FORMER_RE.search(text, max(0, at - 40), at)
    if word is None:
        return None
    before = [c for c in cands if c.end <= word.start()]
    for a, b in zip(reversed(before[:-1]), reversed(before[1:]), strict=True):
        if text[a.end : b.start].strip() == "and":
            return a if word.group(1).casefold() == "former" else b
    return None


def named(text: str, cands: list[Cand], name: str | None, how: str) -> str:
    """'named in the sentence: 'Chinese'' for the candidate that gave a role, else 'none'."""
    hit = next((c for c in cands if c.name == name), None)
    if hit is None:
        return "none named" if name is None else f"{name}"
    if hit.via_org:
        return f"the home country of {text[hit.start : hit.end]!r}"
    cue = "a counterpart cue" if hit.partner_cue else "a subject cue" if hit.subject_cue else ""
    return f"{how}: {text[hit.start : hit.end]!r}" + (f" ({cue})" if cue else "")
