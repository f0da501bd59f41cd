"""What a quantity measures: a metric from spec/claims.md chosen by the words around it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from geoledger.extract.caseless import CaseBlind, lowered_text
from geoledger.extract.quantities import Quantity
from geoledger.extract.regex_gate import any_of, gated
from geoledger.extract.vocab import cue_pattern, metric_pattern, modifier_pattern, with_cues


def _rx(words: str, metric: str | None = None, modifier: str | None = None) -> re.Pattern[str]:
    """A word regex; metric / modifier add the cue words of the lang/ data files for it."""
    extra = metric_pattern(metric) if metric else modifier_pattern(modifier) if modifier else ""
    if extra:
        # The other languages' phrases first: 'deficit u trgovini' before English 'deficit'.
        words = f"{extra}|{words}"
    return gated(re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE))


# Word families for money, in the order that breaks ties between equally near cues.
_MONEY_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("trade.balance", _rx(r"(?<!budget\s)(?<!fiscal\s)(?<!public\s)(?<!government\s)"
                          r"(?:trade\s+)?deficits?|surplus(?:es)?|trade\s+balance|trade\s+gap",
                          "trade.balance")),
    ("finance.total", _rx(r"loans\s+and\s+investments?|investments?\s+and\s+loans|"
                          r"financing\s+in\s+total|portfolio|disbursements?|disbursed",
                          "finance.total")),
    ("trade.total", _rx(r"bilateral\s+trade|total\s+trade|trade\s+volumes?|volume\s+of\s+trade|"
                        r"trade\s+turnover|two-way\s+trade|trade\s+exchange|commerce|trade",
                        "trade.total")),
    ("trade.exports", _rx(r"exports?|exported|exporting|exporters?|sales\s+to|shipments\s+to",
                          "trade.exports")),
    ("trade.imports", _rx(r"imports?|imported|importing|goods\s+(?:entering|from)|"
                          r"purchases\s+from", "trade.imports")),
    # 'public debt', 'external debt': a country's stock of debt, not a loan (spec: 'other').
    ("loan", _rx(r"loans?|credits?|credit\s+lines?|lent|lending|lender|borrow(?:ed|ing)?|"
                 r"(?<!public\s)(?<!government\s)(?<!external\s)(?<!national\s)(?<!state\s)"
                 r"(?<!sovereign\s)debts?|"
                 r"(?-i:banks?)", "loan")),
    ("aid.grant", _rx(r"grants?|donations?|donated|donors?|aid|assistance|package|support\s+funds|"
                      r"allocated|non-repayable|gifts?|funds|funding|support(?:s|ed|ing)?|"
                      r"provided|provides", "aid.grant")),
    ("project.value", _rx(r"contracts?|projects?\s+worth|project\s+valued|tender|"
                          r"cost\s+of|costs?|budget\s+of|programme\s+worth", "project.value")),
    ("investment", _rx(r"invest(?:ed|ing|s)?|investments?|investors?|FDI|acquisitions?|acquired|"
                       r"acquiring|bought|buy|purchased?|takeover|took\s+over|transactions?|"
                       r"deals?|stakes?|greenfield|pledged?|promised?|promises", "investment")),
)  # fmt: skip
# Any money family's cue: a line or span with none needs no scan by each family.
_ANY_MONEY_FAMILY_RE = any_of(rx for _name, rx in _MONEY_FAMILIES)
# The same, searched in a lowered copy of a line (see caseless.py): every line of a sentence is
# tried as a table heading, and most name no family.
_ANY_MONEY_FAMILY_CB = CaseBlind(_ANY_MONEY_FAMILY_RE)
_MONEY_FAMILIES_CB = tuple((name, CaseBlind(rx)) for name, rx in _MONEY_FAMILIES)
_PLEDGE_RE = _rx(
    r"promises?|promised|pledges?|pledged|planned|plans|(?:will|would|shall)\s+(?:\w+\s+)?"
    r"(?:invest|total|amount|reach)|to\s+invest|commit(?:ted|ment)s?|additional\s+investments?|"
    r"announced|aims?\s+to|aiming\s+to|targets?|intends?\s+to|new\s+investments?|"
    r"memorand(?:um|a)|MoUs?",
    modifier="pledge",
)
_DEAL_RE = _rx(
    r"acquisitions?|acquired|acquiring|bought|buy|purchased?|takeover|took\s+over|transactions?|"
    r"deals?|stakes?|greenfield|each|valued\s+at",
    modifier="deal",
)
_TOTAL_RE = _rx(
    r"totall?ing|totall?ed|in\s+total|amounting|amounted|since|cumulative|overall|sum",
    modifier="total",
)
_PROJECT_WORTH_RE = _rx(
    r"(?:projects?|contracts?|programmes?|[Pp]lans?|plants?|factory|factories|bridges?|"
    r"highways?|motorways?|railways?|roads?|ports?|terminals?|stations?|facilit(?:y|ies)|"
    r"airports?|pipelines?|hospitals?)\b[^.;]{0,40}?\b(?:is\s+|was\s+)?(?:worth|valued\s+at|cost)"
)

_GDP_RE = _rx(r"GDP|gross\s+domestic\s+product", "macro.gdp_share")
_UNEMPLOYMENT_RE = _rx(r"unemployment|jobless(?:ness)?", "macro.unemployment")
_ALIGNMENT_RE = _rx(
    r"declarations?|align(?:ed|ment)|foreign\s+policy\s+positions|CFSP", "policy.alignment_rate"
)
_RATE_RE = _rx(r"rates?")
_REPAY_RE = _rx(
    r"repa(?:id|y|ys|ying|yments?)|paid\s+(?:back|off)|"
    r"(?<!of\s)interest(?!\s+(?:rates?|to|in)\b)|principal|debt\s+service|servicing"
)
# A tranche or an instalment is paid back ('Montenegro paid the second tranche of $33
# million') or paid out ('the first €75 million tranche of a €1 billion package'): only a
# payer's verb makes it debt service.
_TRANCHE_RE = _rx(r"instal?ments?|tranches?")
_PAY_RE = _rx(r"paid|pays?|paying|due")
_TARIFF_RE = _rx(r"tariffs?|duties|duty-free|customs\s+duties|tariff\s+lines")
_STAKE_RE = re.compile(
    r"^\s*(?:\w+\s+)?(?:stake|share|ownership|equity|holding)\s+(?:of|in)\s+(?!(?:\w+['’]s\s+)?"
    r"(?:total\s+|all\s+)?(?:exports|imports|trade|GDP|gross|the\s+total|total|budget|market))",
    re.IGNORECASE,
)
_OWNS_RE = _rx(r"stake|owns|owned|ownership|holds|majority|minority", "investment.stake")
_OPINION_RE = _rx(
    r"respondents|surveyed|poll(?:ed|s)?|survey|public\s+opinion|interviewees", "opinion.share"
)
_OPINION_WEAK_RE = _rx(
    with_cues(
        r"thought|think|believe[ds]?|opinion|said\s+they|approv(?:e|ed|al)|disapprov(?:e|ed)|"
        r"rated|view(?:ed)?\s+\w+\s+as|favou?rabl[ey]|supported|support|reject(?:ed|s)?|"
        r"oppos(?:e|ed)|named",
        "opinion_weak",
    )
)
_SURVEY_RE = _rx(r"survey|poll|respondents|opinion\s+poll|public\s+opinion", "opinion.share")
# '41 percent said NATO ...', '6 percent chose the United States': people answering.
_ANSWERED_RE = re.compile(
    r"\s+(?:of\s+(?:\w+\s+){0,2})?(?:(?:who|that)\s+)?(?:said|chose|blamed|named|picked|agreed|answered|"
    r"would\s+vote|were\s+(?:in\s+favou?r|against))\b"
)
_EXPORT_IMPORT_RE = re.compile(r"(?i)export|import")
_FINANCE_WORDS_RE = _rx(
    r"funds|investments?|loans?|donations?|exports?|imports?|trade|euros?|dollars"
)
_PRODUCT_RE = _rx(
    r"copper|ores?|concentrates|steel|iron|wood|timber|raspberr(?:y|ies)|blueberr(?:y|ies)|plums|"
    r"fruit|cars?|vehicles|tyres?|tires|machinery|electronics|oil|gas|coal|wheat|maize|corn|"
    r"grain|cereals|textiles|clothing|furniture|pharmaceuticals|medicines|chemicals|aluminium|"
    r"gold|zinc|lead|nickel|electricity|agricultural\s+products|food|beverages|wine|tobacco|"
    r"equipment|devices|appliances|components|parts|metals"
)
_SHARE_OF_RE = re.compile(
    r"^\s*(?:of\s+(?:(?:the|all|its|their|[\w-]+['’]s)\s+)?(?:total\s+|global\s+|overall\s+)*"
    r"(?P<what>exports|imports|trade|(?P<goods>imported|exported)\s+goods))",
    re.IGNORECASE,
)
_COUNT_NOUNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("tourism.overnights", _rx(r"overnights?|overnight\s+stays|nights|bed-nights|stays",
                               "tourism.overnights")),
    ("tourism.arrivals", _rx(r"tourists?|visitors?|arrivals|travell?ers|holidaymakers",
                             "tourism.arrivals")),
    ("security.count", _rx(
        r"drones?|tanks?|aircraft|jets?|fighters?|missiles?|howitzers?|helicopters?|troops|"
        r"soldiers|personnel|weapons|launchers|batteries|armou?red\s+vehicles|warships|"
        r"rifles|ammunition|rounds|officers|servicemen|military\s+\w+|armou?red\s+[\w\s]{0,20}"
        r"vehicles|exercises|drills|battalions|brigades|pieces\s+of\s+(?:military\s+)?equipment|"
        r"warplanes|radars?|systems\s+for\s+the\s+army", "security.count")),
    ("society.count", _rx(
        r"schools?|students?|pupils?|institutes?|jobs|workers|employees|experts|doctors|"
        r"teachers|scholarships?|universities|volunteers|journalists|staff|professors|"
        r"scientists|engineers|nurses|migrants|refugees|residents|citizens|people|graduates|"
        r"courses|classrooms|hospitals|clinics|scholars|researchers|labou?rers|passengers|"
        r"households|families|adults|inhabitants|voters|members|nationals|pensioners|patients|"
        r"children|employ(?:ees|ed)|firms|companies|complaints|petitions|applications",
        "society.count")),
)  # fmt: skip


# People counted by what they did: they came to a place ('... citizens visited Albania').
_VISITED_RE = re.compile(
    r"(?i)\s+(?:[\w-]+\s+){0,2}?(?:citizens|people|nationals|residents|guests)\s+"
    r"(?:have\s+|had\s+)?(?:visited|travell?ed\s+to|came\s+to|arrived\s+in)\b"
)
_POPULATION_RE = re.compile(
    r"(?i)\b(?:town|city|village|municipality|population)\s+of\s+(?:about\s+|some\s+|around\s+)?$"
)
_MILITARY_RE = _rx(r"army|armed\s+forces|military|defence|defense|troops|air\s+force|navy")


@dataclass(frozen=True, slots=True)
class Zone:
    """The words a quantity owns: between its neighbours, and the whole sentence as fallback."""

    sentence: str
    start: int  # the quantity's span within the sentence
    end: int
    lo: int  # end of the previous quantity
    hi: int  # start of the next quantity

    @property
    def left(self) -> str:
        return self.sentence[self.lo : self.start]

    @property
    def right(self) -> str:
        return self.sentence[self.end : self.hi]


def _nearest_family(zone: Zone, families: tuple[tuple[str, re.Pattern[str]], ...]) -> str | None:
    """The family whose cue word is nearest the quantity, inside its zone first."""
    sentence = zone.sentence
    # '$3.6 billion in concessional loans': a cue attached by 'in'/'of' names what it is.
    attached = _ATTACHED_RE.match(sentence, zone.end, zone.hi)
    if attached:
        for word in attached.group("words").split():
            for name, rx in families:
                if rx.fullmatch(word):
                    return name
    low = lowered_text(sentence)  # the cue scans run over a lowered copy (caseless.py)
    for lo, hi in ((zone.lo, zone.hi), (0, len(sentence))):
        if lo == 0 and hi == len(sentence):
            spans = _whole_sentence_cues(families, sentence, low)
        else:
            spans = _cue_spans(families, sentence, low, lo, hi)
        if spans is None:
            continue  # no family's cue here
        best: tuple[int, int, str] | None = None
        for rank, (name, _pattern) in enumerate(families):
            for start, end in spans[rank]:
                if zone.start <= start < zone.end:
                    continue
                if sentence[start : start + 1].isupper() and _IN_NAME_RE.search(
                    sentence, max(0, start - 30), start
                ):
                    continue  # 'Central European Free Trade Agreement': a name, not a cue
                if start >= zone.end and _DETACHED_RE.search(sentence, zone.end, start):
                    continue  # 'exports worth €812 mln and imports €1.13 bn': not this amount's
                dist = zone.start - end if end <= zone.start else start - zone.end
                key = (max(dist, 0), rank, name)
                if best is None or key < best:
                    best = key
        if best is not None:
            return best[2]
    return None


def _cue_spans(
    families: tuple[tuple[str, re.Pattern[str]], ...],
    sentence: str,
    low: str | None,
    lo: int,
    hi: int,
) -> list[list[tuple[int, int]]] | None:
    """The spans of each family's cues in sentence[lo:hi], or None when it holds none."""
    if not _blind(_any_family_re(families)).can_match(sentence, low, lo, hi):
        return None  # no family's cue here: one scan, not one per family
    return [[m.span() for m in _blind(rx).finditer(sentence, low, lo, hi)] for _n, rx in families]


# The whole-sentence cue spans of the last sentence read, per families (by their patterns' ids):
# each figure of a sentence that has no cue between its neighbours falls back on the same scan.
_LAST_WHOLE: list[tuple[str | None, dict[tuple[int, ...], object]]] = [(None, {})]


def _whole_sentence_cues(
    families: tuple[tuple[str, re.Pattern[str]], ...], sentence: str, low: str | None
) -> list[list[tuple[int, int]]] | None:
    """_cue_spans over the whole sentence, scanned once per sentence."""
    last = _LAST_WHOLE[0]
    if last[0] is not sentence:
        last = _LAST_WHOLE[0] = (sentence, {})
    key = tuple(id(rx) for _name, rx in families)
    if key not in last[1]:
        last[1][key] = _cue_spans(families, sentence, low, 0, len(sentence))
    return last[1][key]  # type: ignore[return-value]


# Each cue pattern's CaseBlind, by the pattern's id (hashing a pattern hashes its whole code;
# the CaseBlind keeps the pattern alive, so its id stays its own). Module patterns only: the
# table stays small.
_BLIND: dict[int, CaseBlind] = {}


def _blind(rx: re.Pattern[str]) -> CaseBlind:
    found = _BLIND.get(id(rx))
    if found is None:
        found = _BLIND[id(rx)] = CaseBlind(rx)
    return found


# The patterns of a families tuple (by identity: some tuples are built per call from the same
# patterns) -> (those patterns, kept alive so their ids stay theirs; their joined pattern).
_ANY_FAMILY: dict[tuple[int, ...], tuple[tuple[re.Pattern[str], ...], re.Pattern[str]]] = {}


def _any_family_re(families: tuple[tuple[str, re.Pattern[str]], ...]) -> re.Pattern[str]:
    """One pattern finding a cue of any of families (see regex_gate.any_of), made once."""
    key = tuple(id(rx) for _name, rx in families)
    found = _ANY_FAMILY.get(key)
    if found is None:
        rxs = tuple(rx for _name, rx in families)
        found = _ANY_FAMILY[key] = (rxs, any_of(rxs))
    return found[1]


_IN_NAME_RE = re.compile(r"(?<![.!?]\s)\b[A-Z][\w-]+\s+$")
_PAID_FOR_RE = re.compile(r"(?i)\b(?:paid|pays|pay|paying)\s+(?:[\w-]+\s+){0,2}$")
_FOR_THING_RE = re.compile(r"(?i)^\s+for\s+(?:the|a|an|its|their|[\d.]+\s*(?:%|percent))\b")
_PLAN_TO_SPEND_RE = re.compile(
    r"(?i)\b(?:plans?|planning|aims?|intends?|is\s+to|are\s+to|will|would)\s+(?:to\s+)?"
    r"(?:spend|invest|put|pour)\s+(?:[\w-]+\s+){0,2}$"
)
_ATTACHED_RE = re.compile(
    r"\)?\s+(?:in|of|for|worth\s+of)\s+(?P<words>(?:[a-z][\w-]*(?:\s+|$|(?=[.,;:)]))){1,3})"
)
_DETACHED_RE = re.compile(r"\band\b|,|;|\bwhile\b")


def _money_metric(zone: Zone) -> str:
    """Metric of an amount of money."""
    if is_repayment(zone):
        return "other"  # a repayment, its interest or principal: debt service, not a new loan
    if _PROJECT_WORTH_RE.search(zone.sentence[max(zone.lo, zone.start - 60) : zone.start]):
        return "project.value"
    if _PAID_FOR_RE.search(zone.left) and _FOR_THING_RE.match(zone.right):
        return "investment.deal"  # 'paid €51 million for the plant': the price of one purchase
    if _PLAN_TO_SPEND_RE.search(zone.left):
        return "investment.pledge"  # 'plans to spend €80 million on ...': not spent yet
    family = _nearest_family(zone, _MONEY_FAMILIES)
    if family is None:
        return "other"
    if family != "investment":
        return family
    near = zone.sentence[zone.lo : zone.hi]
    # A pledge cue must lead to this amount, not follow it ('transaction, with promises of ...').
    lead = zone.left + " ".join(zone.right.split()[:2])
    if _PLEDGE_RE.search(lead):
        return "investment.pledge"
    if _DEAL_RE.search(near) and not _TOTAL_RE.search(near):
        return "investment.deal"
    if _FOR_PRICE_RE.search(zone.left) and _DEAL_RE.search(
        zone.sentence, max(0, zone.start - 80), zone.start
    ):
        return "investment.deal"  # 'will buy 51 percent of the port for 280.5 million euros'
    return "investment.total"


# 'Export-Import Bank' names a bank, not a flow of goods.
_TRADE_WORD_RE = re.compile(
    rf"(?i)(?<![\w-])(?:(export|import)(?:s|ed)?|(?P<x>{metric_pattern('trade.exports')})|"
    rf"(?P<m>{metric_pattern('trade.imports')}))(?![\w-])"
)
_OF_TOTAL_RE = re.compile(r"(?i)^\s+of\s+(?:the\s+)?total\b")
_NOT_TRADE_SHARE_RE = re.compile(
    r"(?i)^\s+of\s+(?:the\s+|all\s+|its\s+|[\w-]+['’]s\s+)?(?:\w+\s+){0,2}?"
    r"(?:(?:stock|inflows?)\s+of\s+)?(?:foreign\s+direct\s+investment|FDI|investment|debt|"
    r"(?:trade\s+)?(?:gap|deficit))\b"
)


_METHOD_RE = _rx(r"margin\s+of\s+error|confidence\s+(?:level|interval)|sampling\s+error")
_COVERAGE_RE = _rx(r"covered\s+by|coverage\s+(?:of|ratio)")
_OWN_SHARE_LEFT_RE = re.compile(
    r"(?i)\b(?:own|owns|owned|hold|holds|held|control|controls|controlled|buy|buys|bought|"
    r"acquire[sd]?|purchase[sd]?|sell|sells|sold|transfer\s+of(?:\s+the)?)\s+"
    r"(?:a\s+(?:further|additional)\s+)?"
    r"(?:(?:about|some|roughly|nearly|almost|around|over|just\s+over|more\s+than)\s+)?$"
)
# Other languages' verbs of owning or buying a share, right before it ('kupio 63 odsto').
_OWN_SHARE_CUE_RE = (
    re.compile(rf"(?i)(?<![\w-])(?:{cue_pattern('owns_share')})\s+(?:[\w-]+\s+)?$")
    if cue_pattern("owns_share")
    else None
)
_FOR_PRICE_RE = re.compile(r"(?i)\bfor\s+(?:about\s+|some\s+|around\s+)?$")
_STAKE_OF_RE = re.compile(
    r"(?i)^\s+of\s+(?!(?:the\s+|all\s+)?(?:[\w-]+['’]s\s+)?(?:total\s+)?(?:exports|imports|trade|"
    r"GDP|market|output|votes|seats))"
)
_WHOLE_TRADE_RE = re.compile(
    r"(?i)^\s+of\s+(?:the\s+)?(?:total|overall)\b(?!\s+(?:exports|imports))"
)
_TRADE_TOTAL_LEFT_RE = re.compile(
    r"(?i)\b(?:trade|commerce|turnover)\s+(?:with|between)\b(?![^.;]*\b(?:exports?|imports?)\b)"
)
_NATIONAL_TOTAL_RE = re.compile(
    r"(?i)^\s+of\s+(?:the\s+country['’]s\s+|all\s+|the\s+total\s+|[\w-]+['’]s\s+)?"
    r"(?-i:[A-Z][\w-]+\s+)?(?:total\s+)?(?:exports|imports)\b(?!\s+(?:to|from)\b)"
)
_FIRM_RE = _rx(
    r"(?:mill|plant|factory|company|firm|smelter|mine|refinery)(?:s|['’]s)?|plants|factories|"
    r"companies|firms"
)


def _trade_kind(m: re.Match[str]) -> str:
    """'export' or 'import' for a trade word in any language."""
    return m.group(1) or ("export" if m.group("x") else "import")


def _share_metric(zone: Zone, paragraph: str, has_money: bool) -> str:
    """Metric of a percentage or fraction."""
    sent = zone.sentence
    near = sent[max(0, zone.start - 80) : min(len(sent), zone.end + 80)]
    right = sent[zone.end : zone.end + 80]
    # 'about 8.5% of total public debt and 4.3% of GDP': GDP belongs to the share it follows.
    own = sent[max(zone.lo, zone.start - 80) : min(zone.hi, zone.end + 80)]
    if _GDP_RE.search(own):
        return "macro.gdp_share"
    if _NOT_TRADE_SHARE_RE.match(right):
        return "other"  # a share of investment, debt or a deficit, not of exports or imports
    if _METHOD_RE.search(near):
        return "other"  # a poll's margin of error or confidence level is not an answer
    if _COVERAGE_RE.search(sent[max(zone.lo, zone.start - 60) : zone.start]):
        return "other"  # 'imports were covered by exports at 81%': a ratio, not a share
    if _OWN_SHARE_LEFT_RE.search(zone.left) and _STAKE_OF_RE.match(right):
        return "investment.stake"  # 'firms own 51 percent of the telecom'
    if _OWN_SHARE_CUE_RE is not None and _OWN_SHARE_CUE_RE.search(zone.left):
        return "investment.stake"  # 'Zijin je kupio 63 odsto RTB Bor': no 'of' in Serbian
    if _WHOLE_TRADE_RE.match(right) and _TRADE_TOTAL_LEFT_RE.search(sent, 0, zone.start):
        return "other"  # 'trade with the EU made up 58% of the total': no spec metric
    if _NATIONAL_TOTAL_RE.match(right) and _FIRM_RE.search(
        sent[max(0, zone.start - 80) : zone.start]
    ):
        return "other"  # 'the mill's exports, 4% of all Serbian exports': a firm's, not a partner's
    # 'employment at 51.5 percent, and unemployment at 8.5': a rate word between two rates
    # names the next one.
    own_right = sent[zone.end : min(zone.hi, zone.end + 80)]
    if _UNEMPLOYMENT_RE.search(sent, max(0, zone.start - 80), zone.start) or (
        _UNEMPLOYMENT_RE.search(own_right) and zone.hi >= len(sent)
    ):
        return "macro.unemployment"
    if _TARIFF_RE.search(near):
        return "trade.tariff_coverage"
    if _STAKE_RE.match(right) or (
        _OWNS_RE.search(sent[zone.lo : zone.hi])
        and not _EXPORT_IMPORT_RE.search(near)
        and not _TRADE_WORD_RE.search(near)
    ):
        return "investment.stake"
    if _ALIGNMENT_RE.search(sent) or (_RATE_RE.search(sent) and _ALIGNMENT_RE.search(paragraph)):
        return "policy.alignment_rate"  # 'Montenegro reached a rate of 99%' after the alignment
    share_of = _SHARE_OF_RE.match(right)
    # The trade word before the figure rules: 'imported were food (12%) and machinery (10%),
    # while the most exported ...'.
    left_words = list(_TRADE_WORD_RE.finditer(sent, max(0, zone.start - 150), zone.start))
    trade_word = (
        (left_words[-1] if left_words else None)
        or _TRADE_WORD_RE.search(sent[zone.lo : zone.hi])
        or _TRADE_WORD_RE.search(sent)
    )
    if not (share_of or trade_word) and _OF_TOTAL_RE.match(right):
        # 'made up 86 percent of the total': the total the paragraph has been talking about.
        trade_word = _TRADE_WORD_RE.search(paragraph)
    if share_of or trade_word:
        kind = (share_of.group("what") if share_of else _trade_kind(trade_word)).casefold()  # type: ignore[arg-type]
        if share_of and share_of.group("goods"):
            kind = share_of.group("goods").casefold()
        if kind.startswith("trade"):
            kind = "exports"
        direction = "exports" if kind.startswith("export") else "imports"
        if _PRODUCT_RE.search(sent):
            # The vocabulary has a product's share of exports only.
            return "trade.product_share_exports" if direction == "exports" else "other"
        return f"trade.partner_share_{direction}"
    tourism = _nearest_family(zone, _COUNT_NOUNS[:2])
    if tourism and _COUNT_NOUNS[0][1].search(sent):
        tourism = "tourism.overnights"  # 'overnight stays of foreign tourists': a share of stays
    if tourism and not has_money:
        return tourism  # 'foreign tourists made 72% of overnight stays': a share of stays
    plain = not has_money and not _FINANCE_WORDS_RE.search(sent)
    if (_OPINION_RE.search(sent) and not has_money) or (
        plain
        and (
            _OPINION_WEAK_RE.search(sent)
            or _SURVEY_RE.search(paragraph)
            or _ANSWERED_RE.match(zone.right)
        )
    ):
        return "opinion.share"
    return "other"


def _count_metric(q: Quantity, zone: Zone) -> str:
    """Metric of a count, from the noun it counts, else from the words around it."""
    noun = q.noun or ""
    for name, rx in _COUNT_NOUNS:
        if rx.search(noun.split(" in ")[0]):
            if name == "society.count" and _VISITED_RE.match(zone.sentence, zone.end):
                return "tourism.arrivals"  # '10,000 Chinese citizens visited Albania'
            return name
    if not noun and _POPULATION_RE.search(zone.left):
        return "society.count"  # 'a town of 100,000': its people
    if not noun:
        # 'arrivals rose 41 percent to 71,406': a bare count measures what its sentence names.
        return _nearest_family(zone, _COUNT_NOUNS) or "other"
    if _MILITARY_RE.search(zone.sentence):
        # '40 units planned for the army', '90 pieces of equipment' in a military context.
        return "security.count"
    return "other"


def _multiple_metric(zone: Zone) -> str:
    """Metric of a multiple ('doubled', '45 times'), from what grew."""
    families = (
        ("tourism.overnights", _COUNT_NOUNS[0][1]),
        ("tourism.arrivals", _COUNT_NOUNS[1][1]),
        *_MONEY_FAMILIES,
    )
    family = _nearest_family(zone, families)
    if family == "investment" and _PLEDGE_RE.search(zone.left):
        return "investment.pledge"  # 'aims to double its investment by 2030': a target
    if family in (None, "investment"):
        return "investment.total" if family else "other"
    return family  # type: ignore[return-value]


# 'increasing by 48.8 percent', 'a drop of 12%', '60% less', '6.7 percentage points'.
_CHANGE_LEFT_RE = re.compile(
    r"(?i)\b(?:(?:increas|decreas|declin|dropp|jump|surg|climb|plung|soar|contract|shr[ai]nk|"
    r"expand|widen|narrow|slump|tumbl)\w*|rose|rise[sn]?|"
    r"ris(?:ing)|fell|fall(?:s|ing|en)?|gr[eo]w(?:s|ing|n)?|drop(?:s|ped)?|slid|gain(?:ed|s)?|"
    r"lost|(?<!made\s)(?<!make\s)(?<!makes\s)(?<!making\s)up|down)\s+(?:by\s+)?(?:(?:about|some|around|roughly|nearly|almost|over|more\s+than|"
    r"less\s+than|a\s+further)\s+)?$"
    r"|\b(?:drop|rise|increase|decrease|decline|fall|growth|jump|surge|gain|loss|reduction)"
    r"\s+of\s+(?:(?:about|some|around|nearly|almost|over)\s+)?$"
)
# 'Germany increased its trade with Russia by 56%': a verb of change with its object between
# (statistics verbs only: 'cut output by 15 percent' is an act, not a change over a year).
_TRANSITIVE_CHANGE_RE = re.compile(
    r"(?i)\b(?:increas|decreas|expand)\w*\s+"
    r"(?:[^\W\d]+[\s-]+){1,6}?by\s+(?:(?:about|some|around|roughly|nearly|almost|over|"
    r"more\s+than|less\s+than|a\s+further)\s+)?$"
)
_CHANGE_RIGHT_RE = re.compile(
    r"(?i)\s*(?:more|less|higher|lower|fewer|up|down|increase|decrease|rise|drop|decline|"
    r"growth|jump|fall|year[- ]on[- ]year|y/y|annual\s+(?:increase|growth|rise|drop))\b"
)


_THAN_BEFORE_RE = re.compile(
    # '52 percent, which is higher than a year ago': a level that a clause compares is a level.
    r"(?i)(?:(?!\b(?:which|that|what)\b)[^.;]){0,40}?\b(?:more|less|fewer|higher|lower)\s+than\s+(?:in\s+|at\s+)?(?:the\s+)?"
    r"(?:(?:a|one)\s+year\s+(?:ago|earlier|before)|previous\s+year|year\s+before|last\s+year|"
    r"same\s+(?:period|month|quarter)|(?:19|20)\d\d\b)"
)


# 'exports increased to Germany (8.9 percent), Serbia (7 percent)': the rise of each partner.
_CHANGED_LIST_RE = re.compile(
    r"(?i)\b(?:increas|decreas|declin|dropp|ris|rose|fell|grew|gr[eo]wn|expand|shr[ai]nk)\w*\s+"
    r"(?:to|from|with|in|for)\s+[^.;:%]{0,40}?\(\s*$"
    r"|\b(?:increas|decreas|declin|dropp|ris|rose|fell|grew|gr[eo]wn|expand|shr[ai]nk)\w*\s+"
    r"(?:to|from|with|in|for)\s+(?:[^.;:]|\.(?=\d)){0,120}?\)\s*(?:,|,?\s*and)\s+[^.;:()]{0,40}\(\s*$"
)


def is_change(q: Quantity, zone: Zone) -> bool:
    """True when a percentage states a rise or fall, not a level or a share."""
    if q.measure == "change":
        return True
    # 'This is 10.5%, or 103,000 people, fewer than a year ago': compared with an earlier time.
    # A share reaches past the figure that restates it ('or 103,000 people'); others do not.
    until = len(zone.sentence) if q.unit == "percent" else zone.hi
    if "than" in zone.sentence[zone.end : zone.end + 80] and _THAN_BEFORE_RE.match(
        zone.sentence, zone.end, until
    ):
        return True
    if q.unit != "percent":
        return False
    if "point" in zone.sentence[zone.start : zone.end]:
        return not _METHOD_RE.search(zone.sentence)  # not a poll's margin of error
    left = zone.sentence[max(zone.lo, zone.start - 40) : zone.start]
    if _CHANGE_LEFT_RE.search(left) or _CHANGE_RIGHT_RE.match(zone.sentence, zone.end):
        return True
    if left.endswith("by ") and _TRANSITIVE_CHANGE_RE.search(
        zone.sentence, max(zone.lo, zone.start - 80), zone.start
    ):
        return True
    return bool(_CHANGED_LIST_RE.search(zone.sentence, max(0, zone.start - 160), zone.start))


def classify(q: Quantity, zone: Zone, *, paragraph: str, has_money: bool) -> str:
    """The metric of quantity q given the sentence around it."""
    if q.unit in ("km", "ha"):
        return "other"
    if q.unit == "count":
        return _count_metric(q, zone)
    if q.unit == "times":
        return _multiple_metric(zone)
    if q.unit == "percent" and q.measure == "change":
        # 'up 18% from a year earlier': a growth rate of whatever the sentence measures.
        metric = _money_metric(zone)
        if metric == "other":
            metric = _nearest_family(zone, _COUNT_NOUNS[:2]) or "other"
        own = zone.sentence[max(zone.lo, zone.start - 80) : zone.end]
        if metric == "other" and _GDP_RE.search(own):
            metric = "macro.gdp_share"  # 'its share of GDP fell by 0.6 percentage points'
        return metric
    if q.unit in ("percent", "fraction"):
        metric = _share_metric(zone, paragraph, has_money)
        if q.unit == "fraction" and metric not in (
            "macro.gdp_share",
            "investment.stake",
            "opinion.share",
        ):
            return "other" if not metric.startswith("trade.") else metric
        return metric
    return _money_metric(zone)


def find_object(q: Quantity, metric: str, sentence: str, zone: Zone) -> str | None:
    """What the quantity is about: the counted noun, the product traded, else None."""
    if q.unit == "count" and q.noun:
        return q.noun.split(" in ")[0].strip()
    if metric.startswith("trade.exports") or metric.startswith("trade.product_share"):
        # Only a product named beside this quantity, and not one named as a cause
        # ("driven by copper shipments"): a wrong object splits one fact into two.
        for m in _OBJECT_RE.finditer(sentence, zone.lo, zone.hi):
            if _CAUSE_RE.search(sentence, max(zone.lo, m.start() - 24), m.end()):
                continue
            # Keep the modifiers right before the product ("refined copper"), not the
            # words that merely precede it ("consisted of copper").
            head = m.group("head").split()
            kept: list[str] = []
            for word in reversed(head):
                if word.casefold() in _NOT_A_MODIFIER:
                    break
                kept.insert(0, word)
            return " ".join([*kept, m.group("product"), *(m.group("more") or "").split()])
    return None


_OBJECT_RE = re.compile(
    r"(?i)\b(?P<head>(?:[a-z-]+\s+){0,2})(?P<product>"
    + _PRODUCT_RE.pattern
    + r")(?P<more>\s+and\s+(?:[a-z-]+\s+){0,2}(?:"
    + _PRODUCT_RE.pattern
    + r"|products|goods|commodities))?\b"
)
_CAUSE_RE = _rx(
    r"driven\s+by|thanks\s+to|due\s+to|led\s+by|because\s+of|boosted\s+by|fuell?ed\s+by|"
    r"owing\s+to|on\s+the\s+back\s+of"
)
_NOT_A_MODIFIER = frozenset(
    [
        "by",
        "of",
        "the",
        "in",
        "on",
        "for",
        "and",
        "or",
        "mainly",
        "mostly",
        "largely",
        "chiefly",
        "including",
        "such",
        "as",
        "its",
        "their",
        "were",
        "was",
        "are",
        "is",
        "be",
        "been",
        "consisted",
        "consist",
        "dominated",
        "made",
        "with",
        "from",
        "to",
        "a",
        "an",
        "that",
        "which",
        "these",
        "those",
        "than",
        "exported",
        "exports",
        "imported",
        "imports",
        "sold",
        "shipped",
        "worth",
    ]
)


_SHARE_CUES: dict[str, re.Pattern[str]] = {
    "macro.gdp_share": _GDP_RE,
    "macro.unemployment": _UNEMPLOYMENT_RE,
    "trade.tariff_coverage": _TARIFF_RE,
    "investment.stake": _rx(r"stakes?|share|ownership|equity|holding|owns|owned|majority|minority"),
    "policy.alignment_rate": _rx(r"declarations?|align(?:ed|ment)|CFSP|rates?"),
    "opinion.share": _rx(r"respondents|surveyed|poll(?:ed|s)?|survey|said|named|chose|picked|"
                         r"thought|believe[ds]?|opinion|favou?r(?:ed|able)"),
    "trade.partner_share_exports": _TRADE_WORD_RE,
    "trade.partner_share_imports": _TRADE_WORD_RE,
    "trade.product_share_exports": _PRODUCT_RE,
}  # fmt: skip


def metric_cue(q: Quantity, metric: str, zone: Zone) -> str:
    """The words that decided a metric: the nearest cue of its family, said in a few words."""
    if metric == "other":
        return "no cue word of a metric in the vocabulary near the figure"
    if q.unit == "count" and q.noun:
        return f"the counted noun {q.noun!r}"
    family = (
        "investment"
        if metric.startswith("investment.") and metric != "investment.stake"
        else metric
    )
    rxs = [rx for name, rx in (*_MONEY_FAMILIES, *_COUNT_NOUNS) if name == family]
    if metric in _SHARE_CUES:
        rxs.insert(0, _SHARE_CUES[metric])
    if metric == "investment.pledge":
        rxs.insert(0, _PLEDGE_RE)
    if metric == "investment.deal":
        rxs.insert(0, _DEAL_RE)
    if metric == "project.value":
        rxs.insert(0, _rx(r"worth|valued\s+at|cost|contracts?|projects?|programme|tender"))
    sentence = zone.sentence
    best: tuple[int, str] | None = None
    for rx in rxs:
        for m in rx.finditer(sentence):
            if zone.start <= m.start() < zone.end:
                continue
            dist = zone.start - m.end() if m.end() <= zone.start else m.start() - zone.end
            if best is None or dist < best[0]:
                best = (dist, m.group())
        if best is not None:
            break
    if best is None:
        return "the metric of the figure it restates or continues"
    return f"{best[1]!r} near the figure"


def heading_metric(line: str) -> str | None:
    """The money metric a table's heading names ('Foreign Operations Appropriated Assistance'),
    for its rows that name none: a short line with no full stop and a cue word."""
    if len(line) > 90 or line.rstrip().endswith((".", "!", "?")):
        return None
    low = lowered_text(line)
    if not _ANY_MONEY_FAMILY_CB.can_match(line, low):
        return None
    # The head noun closes the heading: the last cue word wins.
    hits = [(m.start(), name) for name, rx in _MONEY_FAMILIES_CB for m in rx.finditer(line, low)]
    if not hits:
        return None
    family = max(hits)[1]
    return "investment.total" if family == "investment" else family


def is_repayment(zone: Zone) -> bool:
    """True for an amount repaid, its interest or principal: debt service, not a new loan."""
    # The figure's own clause: 'a loan of €45 million, ..., adding that it will be repaid' is
    # a loan.
    lo = max(zone.lo, zone.start - 80)
    stop = _CLAUSE_STOP_RE.search(zone.sentence, zone.end, zone.hi)
    hi = stop.start() if stop else zone.hi
    if _REPAY_RE.search(zone.sentence, lo, hi):
        return True
    return bool(_TRANCHE_RE.search(zone.sentence, lo, hi) and _PAY_RE.search(zone.sentence, 0, hi))


_CLAUSE_STOP_RE = re.compile(r",\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:said|says|added|adding)\b|;")
