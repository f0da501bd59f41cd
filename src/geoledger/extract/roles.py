"""Who a quantity is about: subject, partner and acting entity from the actors around it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from geoledger.extract.caseless import CaseBlind, lowered_text
from geoledger.extract.gazetteer import ActorRef, Mention, is_capital, is_people
from geoledger.extract.regex_gate import gated
from geoledger.extract.vocab import cue_pattern, metric_pattern


def _other(template: str, name: str) -> str:
    """'|' + template around other languages' words for one role cue ('' when none has any)."""
    words = cue_pattern(name)
    # A whole word: Serbian 's' (with) must not match the end of 'across the region'.
    return "|" + template.replace("{}", f"(?<![\\w-])(?:{words})") if words else ""


_EXPORT_WORDS = metric_pattern("trade.exports")
# Strong clause boundaries: a quantity's actors are looked for inside its clause first.
_CLAUSE_RE = re.compile(
    r",\s+(?:while|whereas|but|although|though" + _other("{}", "clause_break") + r")\b"
    r"|;|\s[–—]\s|\(|\)|:\s"
)
_FINE_CLAUSE_RE = re.compile(r"\s+and\s+the\s+|,\s+and\s+")

_P_LEFT = gated(
    re.compile(
        r"(?:(?:exports?|exported|sales|shipments|exporting)\s+(?:[\w’'%$€.,]+\s+){0,6}?to"
        r"|origin\w*\s+(?:in|from)"
        r"|sold\s+(?:[\w’'$€.,]+\s+){0,5}to"
        r"|(?:imports?|imported|goods|purchases|bought|come|comes|came)\s+(?:[\w’'%]+\s+){0,5}?from"
        r"|(?:trade|deficit|surplus|balance|agreement|relations?|partnership|talks|negotiations)"
        r"\s+(?:[\w’']+\s+){0,3}with"
        r"|(?:by|from)"
        # Other languages: exports 'u Kinu' (into), and the words before a counterpart ('iz Kine').
        + _other(rf"(?:{_EXPORT_WORDS})\s+(?:[\w’'%]+\s+){{0,6}}?(?:{{}})", "export_to")
        + _other("{}", "partner_before")
        + r")\s+(?:the\s+|a\s+|an\s+)?[“\"]?$",
        re.IGNORECASE,
    )
)
# 'Budapest pledged €110 million': the one who gives, lends or buys.
_GIVES = (
    r"^[”\"]?\s+(?:[\w-]+\s+){0,2}?(?:has\s+|had\s+|have\s+)?"
    # 'Russia has agreed to donate', 'China will lend': the giver of a promise is a giver too.
    r"(?:(?:agreed|decided|offered|pledged|promised|plans?|planned|is|are|was|were)\s+to\s+"
    r"|will\s+|would\s+|is\s+to\s+)?"
    r"(?:donate|lend|grant|give|provide|invest|supply|finance|fund|allocate|disburse|"
    r"provided|invested|supplied|"
    r"allocated|donated|lent|granted|grants|lends|gives|financed|funded|offered|pledged|promised|"
    r"supported|sent|delivered|gave|built|bought|acquired|extended|disbursed|spent"
    + _other("{}", "gives")
    + r")\b(?!\s+by\b)"
)
# Money verbs only: 'the government supported 57% of declarations' gives nothing.
_GIVES_RE = re.compile(_GIVES.replace("supported|sent|", "").replace("built|", ""), re.IGNORECASE)
# 'Hungarian firms own 51 percent', 'Chinese loans': the country whose money or firms act.
_GIVER_RE = re.compile(
    r"^(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:investments?|investors?|loans?|lenders?|banks?|"
    r"compan(?:y|ies)|firms?|capital|money|funds|funding|financing|credits?|grants?|donations?|"
    r"aid|assistance|state[- ]owned|corporations?|group|giant)\b",
    re.IGNORECASE,
)
# 'Hungary imported goods', 'Serbia received loans': the words between a country and what it
# owns are not a verb by which it takes them.
_NOT_TAKING = r"(?!(?:received|receives|got|obtained|imported|imports|attracted|borrowed)\b)"
_P_RIGHT = re.compile(
    r"^(?:['’]s)?[”\"]?\s+(?:" + _NOT_TAKING + r"[\w-]+\s+){0,2}?"
    r"(?:investments?|investors?|loans?|banks?|compan(?:y|ies)|"
    r"firms?|goods|products|tourists?|visitors|arrivals|travell?ers|experts|share|FDI|funding|financing|credits?|grants?|"
    r"donations?|aid|assistance|drones|military|providers?|contractors?|workers|corporations?|"
    r"state[- ]owned|group|giant|side|engagement|presence|capital|money|funds|doctors|"
    r"armed\s+forces|mining|leader|president|government)\b"
    r"|"
    + _GIVES
    # 'Chinese citizens visited Albania': the visitors' country.
    + r"|^\s+(?:citizens|nationals|people)\s+(?:have\s+|had\s+)?(?:visited|travell?ed\s+to|"
    r"came\s+to|arrived\s+in)\b"
    # 'Russian oil imported into Bulgaria': the origin of what another country imports.
    + r"|^\s+(?:[\w-]+\s+){0,2}?imported\s+(?:in)?to\b"
    # 'Greece was the second export partner': a counterpart by what it is.
    + r"|^\s+(?:is|was|were|are|remained|remains|became|becomes)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:[\w-]+\s+){0,3}?partners?\b"
    # ... in languages that put the time and the rank between ('je prošle godine bila naš peti
    # trgovinski partner').
     + _other(r"^\s+(?:[\w-]+\s+){0,6}?{}(?![\w-])", "is_partner"),
    re.IGNORECASE,
)
# Verbs whose first object is the one who gets the money or the goods ('gave Kosovo ...').
_GIVE_TO = (
    r"\b(?:gave|give|gives|giving|given|lent|lend|lends|lending|granted|grants|offered|offers|"
    r"sold|sells|sell|selling|donated|promised|pledged|awarded|awards)"
)
_GIVEN_TO_RE = re.compile(_GIVE_TO + r"\s+(?:the\s+)?$", re.IGNORECASE)
_S_LEFT = gated(
    re.compile(
        r"(?:(?:exports?|exported|exporters?)\s+from|visited|(?:imports?|imported|goods|products)\s+(?:\w+\s+){0,2}"
        r"(?:to|into)|(?:invest(?:ed|ing|ments?)?|FDI|present|presence|projects?)\s+(?:\w+\s+){0,2}in"
        r"|(?:provided|supplied|delivered|sent|lent|granted|donated|allocated|exported|given)\b"
        r"[^.;]{0,90}?\bto|(?:package|programme|agenda|support|aid|assistance|funds?|loans?|[Pp]lan|"
        r"instrument|facility|framework)\b[^.;]{0,90}?\bfor|across|in"
        + _other("{}", "subject_before")
        # 'Germany gave Kosovo a grant', 'China lent Montenegro $944 million': the one given to.
        + r"|"
        + _GIVE_TO
        + r")\s+(?:the\s+)?"
        r"(?:entire\s+|whole\s+)?$",
        re.IGNORECASE,
    )
)
_S_RIGHT = re.compile(
    r"^(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:exports|imports)\s+(?:to|from)\b"
    r"|^\s+with\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:surplus|deficit)\b"
    r"|^['’]s\s+(?:by|at|was|were|stood|rose|fell|grew|reached)\b"
    r"|^['’]s\s+(?:[\w-]+\s+){0,3}?partners?\b"
    r"|^(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:exports|imports|imported|exported|GDP|gross|economy|"
    r"market|citizens|"
    r"respondents|population|exporters|producers|trade\s+deficit|budget)\b"
    r"|^\s+(?:\w+\s+){0,2}?(?:has\s+|had\s+)?(?:received|got|obtained|imported|attracted|"
    r"borrowed|took\s+out|exported|sold|shipped" + _other("{}", "receives") + r")\b"
    # 'Germany increased its trade with Russia': the owner of what it changes.
    r"|^\s+(?:has\s+|had\s+)?(?:increased|raised|boosted|cut|reduced|expanded|doubled|tripled|"
    r"lowered|grew)\s+(?:its|their)\b",
    re.IGNORECASE,
)
_COMPARE_RE = gated(
    re.compile(
        r"(?:compared\s+(?:to|with)|than|second\s+only\s+to|trailing(?:\s+only)?|behind|ahead\s+of|"
        r"unlike|versus|vs\.|rather\s+than|instead\s+of"
        + _other("{}", "compare_before")
        + r")\s+(?:[\w’'“”\"-]+\s+){0,3}$",
        re.IGNORECASE,
    )
)
_SOURCE_RE = re.compile(
    r"(?:according\s+to|data\s+(?:from|of)|published\s+by|calculations\s+(?:of|by)|analys[ie]s\s+by|"
    r"survey\s+by|poll\s+by|report\s+by|reports\s+of|figures\s+(?:from|of)|estimates\s+(?:by|of)|"
    r"cited\s+by|source:|told|quoted\s+by|statement\s+by|said|"
    r"(?:analysts|economists|experts|researchers)\s+(?:at|from|of))\s+[^.;,]{0,110}$",
    re.IGNORECASE,
)
# A word every match of _SOURCE_RE holds: a substring test rules most contexts out ~50x faster.
_SOURCE_CUES = (
    "according", "data", "published", "calculations", "analys", "survey", "poll", "report",
    "figures", "estimates", "cited", "source:", "told", "quoted", "statement", "said",
    "economists", "experts", "researchers",
)  # fmt: skip
# A bloc named as an attribute of a country: 'the European Union candidate country'.
_ATTRIBUTE_RE = re.compile(r"\s+(?:candidate|aspirant)\s+(?:country|state|nation)\b")
_REGION_RE = re.compile(r"\b(?:the|this|across\s+the|in\s+the)\s+region\b(?!['’]s)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Cand:
    """A country or bloc named in a sentence (directly, or through an organisation's country)."""

    start: int
    end: int
    name: str
    partner_cue: bool
    subject_cue: bool
    compared: bool
    via_org: bool
    gives: bool = False
    people: bool = False  # a plural demonym: 'Bosnians', '12% of Macedonians'


def _enumerated(mentions: list[Mention], sentence: str) -> set[int]:
    """Indices of geo mentions inside a list of three or more ('Albania, Kosovo and Serbia')."""
    out: set[int] = set()
    run: list[int] = []
    for i, m in enumerate(mentions):
        if run:
            gap = sentence[mentions[run[-1]].end : m.start]
            if _LIST_GAP_RE.fullmatch(gap):
                run.append(i)
                continue
        if len(run) >= 3:
            out.update(run)
        run = [i]
    if len(run) >= 3:
        out.update(run)
    # A list introduced by a colon names members, not actors: 'six states: Albania, Bosnia ...'.
    colon = sentence.find(": ")
    if colon >= 0:
        after = [i for i, m in enumerate(mentions) if m.start > colon]
        # ... unless each carries its own figure: 'partners were: Serbia (93.2 million), ...'.
        labelled = [i for i in after if _LABELLED_RE.match(sentence, mentions[i].end)]
        if (
            len(after) >= 2
            and not labelled
            and not _STOP_RE.search(sentence, colon, mentions[after[-1]].start)
        ):
            out.update(after)
    return out


# The patterns of the list, lead and pair tests, compiled once: they run for every sentence.
_LIST_GAP_RE = re.compile(r",\s*|\s+and\s+|,\s+and\s+|\s*,\s*")
_STOP_RE = re.compile(r"[.;]")
_LEAD_RE = re.compile(r"\s*(?:\d{1,3}\s+)?(?:the\s+)?", re.IGNORECASE)
_PAIR_RE = re.compile(r"\s*(?:and|or|,)\s*")
_LABELLED_RE = re.compile(r"\s*\(\s*(?:[$€£]|EUR|USD)?\s*\d|,?\s+with\s+(?:about\s+)?\d")


def candidates(sentence: str, mentions: list[Mention], region: str | None) -> list[Cand]:
    """Countries and blocs in a sentence, each with the cues that say which role it plays."""
    geo = [m for m in mentions if m.ref.is_geo]
    skip = _enumerated(geo, sentence)
    low = lowered_text(sentence)  # lowered once: each candidate's cues read slices of it
    out: list[Cand] = []
    for m in mentions:
        if m.ref.is_geo:
            if geo.index(m) in skip or _ATTRIBUTE_RE.match(sentence, m.end):
                continue
            if _EXCLUDED_RE.search(sentence[max(0, m.start - 30) : m.start]):
                continue  # 'in 103 municipalities, excluding Kosovo': not a party
            name = m.ref.name
            via_org = False
        elif m.ref.country and m.ref.kind not in ("person", "media", "initiative"):
            if _SOURCE_RE.search(sentence[max(0, m.start - 130) : m.start]):
                continue
            name, via_org = m.ref.country, True
        else:
            continue
        cand = _cand(sentence, m.start, m.end, name, via_org, low=low)
        if cand.subject_cue and is_capital(m.alias) and _IN_PLACE_RE.search(sentence, 0, m.start):
            cand = replace(cand, subject_cue=False)  # 'talks in Moscow': a place, not a party
        if m.ref.is_geo and is_people(m.alias):
            cand = replace(cand, people=True)
        out.append(cand)
    if region:
        for r in _REGION_RE.finditer(sentence):
            # 'Serbia has the lowest rate in the region': the country named first is the subject.
            first = not any(c.start < r.start() for c in out)
            out.append(_cand(sentence, r.end() - 6, r.end(), region, False, subject=first, low=low))
    out.sort(key=lambda c: c.start)
    return out


def _cand(
    sentence: str,
    start: int,
    end: int,
    name: str,
    via_org: bool,
    *,
    subject: bool = False,
    low: str | None = None,
) -> Cand:
    """The candidate named at sentence[start:end] with its cues (low: lowered_text(sentence))."""
    left = sentence[max(0, start - 120) : start]
    right = sentence[end : end + 60]
    # The cue patterns run over lowered copies (caseless.py): the same matches, fewer steps.
    low_left = _lowered_slice(sentence, low, max(0, start - 120), start)
    low_right = _lowered_slice(sentence, low, end, end + 60)
    # An organisation's country is a candidate, but its role comes from the organisation's cues.
    near = left[-60:]
    low_near = None if low_left is None else low_left[-60:]
    p_cue = bool(
        (_P_TAIL_CB.search(near, low_near) and _P_LEFT_CB.search(near, low_near))
        or _P_RIGHT_CB.match(right, low_right)
    )
    if p_cue and _EXPORTS_FROM_CB.search(left, low_left):
        p_cue = False
    own_flow = bool(_OWN_FLOW_CB.match(right, low_right))
    if own_flow and _DESTINATION_LEFT_RE.search(left[-12:]):
        own_flow, p_cue = False, True  # 'je u SAD izvezla': where the goods went
    if not p_cue and _SOURCE_LEFT_RE.search(left[-12:]) and _S_RIGHT_CB.match(right, low_right):
        p_cue = True  # 'Srbija je od EU dobila': the one it came from, not the one who got it
    if own_flow:
        p_cue = False  # 'American goods exports to Serbia': the exporter
    recipient = _GIVEN_TO_RE.search(left[-24:]) is not None
    if recipient:
        p_cue = False  # 'Germany gave Kosovo a grant': who gets it, whatever follows
    # A counterpart cue outranks a subject cue: read the subject cues only where it is absent.
    s_cue = not p_cue and (
        subject
        or own_flow
        or recipient
        or bool(
            (_S_TAIL_CB.search(left, low_left) and _S_LEFT_CB.search(left, low_left))
            or _S_RIGHT_CB.match(right, low_right)
        )
    )
    compared = bool(_COMPARE_CB.search(near, low_near))
    gives = p_cue and bool(_GIVES_CB.match(right, low_right) or _GIVER_CB.match(right, low_right))
    return Cand(start, end, name, p_cue, s_cue, compared, via_org, gives)


_AMOUNT_FOR_RE = re.compile(
    r"(?:euros?|dollars?|million|billion|bn|mn|[\d%])\s+(?:[a-z]+\s+){0,2}?for\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_FOR_RECIPIENT_RE = re.compile(r"\s+(?:[a-z]+\s+){0,2}?for\s+(?:the\s+)?")
_CLAUSE_LEAD_RE = re.compile(
    r"\b(?:while|whereas|but|though|although" + _other("{}", "clause_break") + r")\s+(?:the\s+)?",
    re.I,
)
_IN_PLACE_RE = re.compile(r"\b(?:in|at)\s+$")
# The words every match of _P_LEFT / _S_LEFT ends with (other languages' cue words included):
# a cheap test first (~5x faster than the full patterns, which most left contexts fail).
_P_TAIL = gated(
    re.compile(
        r"(?:to|from|with|by|origin\w*\s+in"
        + _other("{}", "export_to")
        + _other("{}", "partner_before")
        + r")\s+(?:the\s+|a\s+|an\s+)?[“\"]?$",
        re.IGNORECASE,
    )
)
_S_TAIL = gated(
    re.compile(
        r"(?:from|to|into|in|for|across|visited"
        + _other("{}", "subject_before")
        + r"|"
        + _GIVE_TO
        + r")\s+(?:the\s+)?(?:entire\s+|whole\s+)?$",
        re.IGNORECASE,
    )
)
_EXPORTS_FROM_RE = gated(
    re.compile(
        r"(?:(?:exports?|exported)\s+from"
        + _other(rf"(?:{_EXPORT_WORDS})\s+(?:\w+\s+){{0,2}}?(?:{{}})", "export_from")
        + r")\s+(?:the\s+)?$",
        re.IGNORECASE,
    )
)
_OWN_FLOW_RE = re.compile(
    r"^(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:exports|imports)\s+(?:to|from)\b"
    r"|^\s+with\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:surplus|deficit)\b"
    r"|^\s+(?:has\s+|had\s+)?(?:sold|exported|shipped)\b"
    # 'Srbija je izvezla na Kosovo': the exporter, in languages with their own verbs.
    + _other(r"^\s+(?:[\w-]+\s+){0,1}?{}(?![\w-])", "own_flow"),
    re.IGNORECASE,
)
# 'je od EU dobila': a country after a source's preposition gives what the verb receives.
_SOURCE_LEFT_RE = re.compile(
    rf"(?<![\w-])(?:{cue_pattern('received_from') or '(?!)'})\s+$", re.IGNORECASE
)
# '... je u SAD izvezla': a country after a destination's preposition is not the exporter.
_DESTINATION_LEFT_RE = re.compile(
    rf"(?<![\w-])(?:{cue_pattern('export_to') or '(?!)'})\s+$", re.IGNORECASE
)
_EXCLUDED_RE = re.compile(
    r"(?:excluding|except(?:\s+for)?|apart\s+from|other\s+than|outside(?:\s+of)?)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


# A sentence's clause breaks, scanned once: every figure and party of a sentence asks for its
# clause (~4 times per figure), and the sentences of a document come one after another.
@lru_cache(maxsize=16)
def _clause_breaks(sentence: str, fine: bool) -> tuple[tuple[int, int], ...]:
    rx = _FINE_CLAUSE_RE if fine else _CLAUSE_RE
    return tuple(m.span() for m in rx.finditer(sentence))


def clause_of(sentence: str, start: int, end: int, *, fine: bool = False) -> tuple[int, int]:
    """The clause of the sentence that holds the span."""
    lo, hi = 0, len(sentence)
    for brk_start, brk_end in _clause_breaks(sentence, fine):
        if brk_end <= start:
            lo = brk_end
        elif brk_start >= end:
            hi = brk_start
            break
    if fine:
        outer = clause_of(sentence, start, end)
        lo, hi = max(lo, outer[0]), min(hi, outer[1])
    return lo, hi


def pick_subject(
    cands: list[Cand],
    focus: str | None,
    span: tuple[int, int],
    sentence: str,
    until: int | None = None,
) -> str | None:
    """The country or bloc the quantity is about, from cues in the sentence, else None."""
    if until is not None:
        # 'A's exports grew by 18%, and B's by 9%': B belongs to the figure after it.
        cands = [c for c in cands if c.start < until] or cands
    for c in cands:
        # '99.3 million euro for Albania, 18.3 million euro for Montenegro': the one it is for.
        if (
            c.start >= span[1]
            and not c.partner_cue
            and _FOR_RECIPIENT_RE.fullmatch(sentence, span[1], c.start)
        ):
            return c.name
    lo, hi = clause_of(sentence, *span)
    for pool in ([c for c in cands if lo <= c.start < hi], cands):
        cued = [c for c in pool if c.subject_cue and not c.compared]
        if cued:
            # The owner of a figure is named before it: 'A's exports grew by 18%, and B's by 9%'.
            left = [c for c in cued if c.end <= span[0]]
            return min(left or cued, key=lambda c: abs(c.start - span[0])).name
    if focus and any(c.name == focus and not c.gives for c in cands):
        return focus  # named, and not as the one who gives: 'Budapest pledged ... to X'
    # '... at 9.2% while Kosovo has the highest at 17%': the clause opens with its own subject.
    openings = [m.end() for m in _CLAUSE_LEAD_RE.finditer(sentence, 0, span[0])]
    if openings:
        for c in cands:
            if c.start == openings[-1] and c.end <= span[0] and not c.partner_cue and not c.via_org:
                return c.name
    lead = _LEAD_RE.match(sentence)
    for c in cands:
        # 'Hungary lent ...' opens with its subject; 'HBIS paid ...' names a company, not a host.
        if lead and c.start <= lead.end() and not c.partner_cue and not c.via_org:
            return c.name
    return None


def pick_partner(
    cands: list[Cand],
    subject: str | None,
    span: tuple[int, int],
    sentence: str,
    *,
    prefer_after: bool = False,
    until: int | None = None,
    first: bool = True,
) -> tuple[str | None, bool]:
    """The counterpart country or bloc, and whether the sentence settled it (even as None)."""
    for c in cands:
        # 'Germany (EUR 1,742.5 million)', 'Russia with 15 percent': the figure is the country's.
        # A compared country labels a figure only once the other side has its own: 'the EU was
        # named by 17%, ahead of Russia with 15%' (but 'second only to X with 268,572').
        if (
            c.name != subject
            and (not c.compared or not first)
            and _LABEL_RE.fullmatch(sentence, c.end, span[0])
        ):
            return c.name, True
    pool = [
        c
        for c in cands
        if c.name != subject
        and not c.compared
        # '... for Albania, 18.3 million euro for Montenegro': each the recipient of its own.
        and not _AMOUNT_FOR_RE.search(sentence, max(0, c.start - 40), c.start)
    ]
    if not pool:
        return None, False
    if until is not None:
        # A country named after the next figure is that figure's ('... 24 percent named China'),
        # and so is one that labels it ('..., Turska sa 35.311 dolazaka').
        pool = [
            c
            for c in pool
            if c.start < until
            and not (c.start >= span[1] and _LABEL_RE.fullmatch(sentence, c.end, until))
        ] or pool
    lo, hi = clause_of(sentence, *span)
    in_clause = [c for c in pool if lo <= c.start < hi]
    # 'Kosovo's deficit was €2 billion, while Albania's trade deficit was ...': a country that
    # owns a figure of another clause is no counterpart of this one.
    groups = [
        in_clause,
        [c for c in pool if c in in_clause or not (c.subject_cue or _opens_clause(sentence, c))],
    ]
    if prefer_after:
        # Poll shares name their object after the figure: '40% named Russia', '26% thought the EU'.
        groups.insert(0, [c for c in in_clause if c.start >= span[1]])
    for group in groups:
        if not group:
            continue
        cued = [c for c in group if c.partner_cue and not c.via_org] or [
            c for c in group if c.partner_cue
        ]
        group = cued or group
        names = {c.name for c in group}
        if len(names) == 1:
            return group[0].name, True
        nearest = sorted(group, key=lambda c: abs(c.start - span[0]))
        a, b = nearest[0], nearest[1]
        first, second = sorted((a, b), key=lambda c: c.start)
        if _PAIR_RE.fullmatch(sentence, first.end, second.start):
            return None, True  # 'with Russia and China': no single counterpart
        return a.name, True
    return None, False


def _opens_clause(sentence: str, c: Cand) -> bool:
    """True for the country a clause opens with: '..., while Albania had ...'."""
    lead = _CLAUSE_LEAD_RE.search(sentence, max(0, c.start - 16), c.start)
    return lead is not None and lead.end() == c.start and bool(_OWN_VERB_RE.match(sentence, c.end))


# 'Albania had', 'Kosovo recorded': a country that opens a clause as the one who has something.
_OWN_VERB_RE = re.compile(r"\s*(?:\w+\s+)?(?:had|has|have|was|were|is|are|recorded|posted|ran)\b")


_LABEL_RE = re.compile(
    r"['’]?s?\s*(?:\(\s*|:\s*|,?\s+(?:with|at"
    + _other("{}", "label")
    + r")\s+(?:(?:about|some"
    + _other("{}", "qualifier_approx")
    + r")\s+)?"
    # 'sa BiH 21% i Severnom Makedonijom 11%', 'EU 15,3%': a country right before its figure.
    r"|[ \t]+)"
)
_OWNER_RE = re.compile(
    r"(?:owned|controlled|run)\s+by\s+(?:[\w’'-]+['’]s\s+)?$|subsidiary\s+of\s+(?:[\w’'-]+['’]s\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class OrgHit:
    """An organisation that can act, found in a sentence."""

    start: int
    end: int
    name: str
    country: str | None


def org_hits(sentence: str, mentions: list[Mention]) -> list[OrgHit]:
    """Named companies, banks and organisations in a sentence that are not cited as sources."""
    out = []
    for m in mentions:
        ref: ActorRef = m.ref
        if not ref.can_act:
            continue
        before = sentence[max(0, m.start - 130) : m.start]
        low = before.lower()
        if any(cue in low for cue in _SOURCE_CUES) and _SOURCE_RE.search(before):
            continue
        out.append(OrgHit(m.start, m.end, ref.name, ref.country))
    return out


def pick_entities(
    orgs: list[OrgHit],
    span: tuple[int, int],
    sentence: str,
    *,
    subject: str | None,
    partner: str | None,
    apposition_from: int | None = None,
) -> list[OrgHit]:
    """The acting organisations for a quantity, best first: foreign before local, near first."""
    if not orgs:
        return []
    if apposition_from is not None:
        # 'its two subsidiaries, A and B': A and B are what is counted, not who acts.
        orgs = [
            o
            for o in orgs
            if not (
                o.start >= span[1]
                and re.fullmatch(
                    r"[\w\s-]*,\s*(?:[\w\s-]*(?:,|and)\s*)*", sentence[apposition_from : o.start]
                )
            )
        ]
    # 'NIS, the oil company majority-owned by Gazprom Neft, reported ...': the owner does not act.
    orgs = [
        o for o in orgs if not _OWNER_RE.search(sentence[max(0, o.start - 40) : o.start])
    ] or orgs
    ranked = []
    fine = clause_of(sentence, *span, fine=True)
    coarse = clause_of(sentence, *span)
    for o in orgs:
        if o.country == partner and partner:
            pref = 0
        elif o.country is None:
            pref = 1
        elif o.country == subject:
            pref = 3
        else:
            pref = 2
        where = 0 if fine[0] <= o.start < fine[1] else 1 if coarse[0] <= o.start < coarse[1] else 2
        ranked.append(((where, pref, abs(o.start - span[0])), o))
    ranked.sort(key=lambda t: t[0])
    return [o for _, o in ranked]


_RESPECTIVELY_RE = re.compile(r"[^.;]{0,30}?\brespectively\b")
_COORD_RE = re.compile(r"\s*(?:,\s*and|,|and|&" + _other("{}", "and") + r")\s*")
# Serbian says 'respectively' between the figures: '56 odsto, odnosno 52 odsto'.
_RESPECTIVE_JOIN_RE = re.compile(
    r"\s*,?\s*(?:" + (cue_pattern("respectively_join") or "(?!)") + r")\s*,?\s*", re.IGNORECASE
)


# The join's cue words alone: the join's spaces and commas may all be empty, so it is found
# exactly where they are; searched in a lowered copy, not tried with its spaces at every place.
_RESPECTIVE_CUE = CaseBlind(
    re.compile(f"(?:{cue_pattern('respectively_join') or '(?!)'})", re.IGNORECASE)
)


def lists_respectively(sentence: str) -> bool:
    """True when sentence may pair a list of parties with a list of figures."""
    return "respectively" in sentence or _RESPECTIVE_CUE.can_match(sentence, lowered_text(sentence))


def respectively(
    cands: list[Cand], sentence: str, span: tuple[int, int], spans: list[tuple[int, int]]
) -> Cand | None:
    """'A and B achieved 88% and 59% respectively': the party listed in the figure's place."""
    run = [i for i, s in enumerate(spans) if s == span]
    if not run:
        return None
    i = run[0]
    joined = False

    def link(a: int, b: int) -> bool:
        nonlocal joined
        if _RESPECTIVE_JOIN_RE.fullmatch(sentence, a, b):
            joined = True
            return True
        return bool(_COORD_RE.fullmatch(sentence, a, b))

    lo = i
    while lo > 0 and link(spans[lo - 1][1], spans[lo][0]):
        lo -= 1
    hi = i
    while hi + 1 < len(spans) and link(spans[hi][1], spans[hi + 1][0]):
        hi += 1
    if hi == lo or not (joined or _RESPECTIVELY_RE.match(sentence, spans[hi][1])):
        return None
    # The list of parties closest before the first figure, as long as the list of figures.
    before = [c for c in cands if c.end <= spans[lo][0]]
    group: list[Cand] = []
    for c in reversed(before):
        if group and not _COORD_RE.fullmatch(sentence, c.end, group[0].start):
            break
        group.insert(0, c)
    if len(group) != hi - lo + 1 and joined:
        # '63 odsto, odnosno 59 odsto građana, Rusija i Kina ...': the list may follow.
        group = []
        for c in (c for c in cands if c.start >= spans[hi][1]):
            if group and not _COORD_RE.fullmatch(sentence, group[-1].end, c.start):
                break
            group.append(c)
    if len(group) != hi - lo + 1:
        return None
    return group[i - lo]


(
    _P_TAIL_CB, _P_LEFT_CB, _P_RIGHT_CB, _EXPORTS_FROM_CB, _OWN_FLOW_CB, _S_TAIL_CB, _S_LEFT_CB,
    _S_RIGHT_CB, _COMPARE_CB, _GIVES_CB, _GIVER_CB,
) = map(
    CaseBlind,
    (_P_TAIL, _P_LEFT, _P_RIGHT, _EXPORTS_FROM_RE, _OWN_FLOW_RE, _S_TAIL, _S_LEFT, _S_RIGHT,
     _COMPARE_RE, _GIVES_RE, _GIVER_RE),
)  # fmt: skip
_GIVER_LEFT_RE = re.compile(r"\b(?:from|by)\s+(?:the\s+)?$", re.IGNORECASE)


def _lowered_slice(text: str, low: str | None, start: int, end: int) -> str | None:
    """lowered_text(text[start:end]), sliced from low = lowered_text(text) when it is not None
    (a text that lowers character by character lowers so in each of its slices)."""
    return low[start:end] if low is not None else lowered_text(text[start:end])


def giver_at(text: str, start: int, end: int, low: str | None = None) -> bool:
    """True when the country named at text[start:end] gives, lends or invests: 'Hungary grants',
    'German investments', 'a loan from China', 'subsidised by Germany'. low: lowered_text(text),
    when a caller asks about many mentions of one text."""
    right = text[end : end + 60]
    low_right = _lowered_slice(text, low, end, end + 60)
    if _GIVEN_TO_RE.search(text, max(0, start - 24), start):
        return False  # 'Germany gave Kosovo a grant': Kosovo gets it
    if _GIVES_CB.match(right, low_right) or _GIVER_CB.match(right, low_right):
        return True
    return bool(_GIVER_LEFT_RE.search(text, max(0, start - 12), start))


def counterpart_at(text: str, start: int, end: int, low: str | None = None) -> bool:
    """True when the country named at text[start:end] is named as a counterpart: 'trade with
    Germany', 'exports to China', 'razmena sa Nemačkom' (_cand's partner_cue, without the
    subject, comparison and giver cues it does not need). low: as for giver_at."""
    left = text[max(0, start - 120) : start]
    right = text[end : end + 60]
    low_right = _lowered_slice(text, low, end, end + 60)
    if _OWN_FLOW_CB.match(right, low_right):
        # The exporter, unless the goods went to it: 'je u SAD izvezla'.
        return bool(_DESTINATION_LEFT_RE.search(left[-12:]))
    if _GIVEN_TO_RE.search(left[-24:]):
        return False  # 'Germany gave Kosovo a grant': the one who gets it
    low_left = _lowered_slice(text, low, max(0, start - 120), start)
    near = left[-60:]
    low_near = None if low_left is None else low_left[-60:]
    cued = (
        _P_TAIL_CB.search(near, low_near) and _P_LEFT_CB.search(near, low_near)
    ) or _P_RIGHT_CB.match(right, low_right)
    if cued and not _EXPORTS_FROM_CB.search(left, low_left):
        return True
    return bool(_SOURCE_LEFT_RE.search(left[-12:]) and _S_RIGHT_CB.match(right, low_right))
