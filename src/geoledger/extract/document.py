"""What a whole document settles: its main country and counterpart, and names that are no party."""

from __future__ import annotations

import re
from collections import Counter

from geoledger.extract.caseless import lowered_pattern, lowered_text
from geoledger.extract.gazetteer import Mention
from geoledger.extract.roles import counterpart_at, giver_at
from geoledger.extract.sentences import Layout

# The four powers are the ledger's counterparts: in a text about Hungary and Russia, Hungary is
# the country the figures are about, unless the text names the power far more often.
POWERS = frozenset({"China", "Russia", "United States", "European Union"})
_POWER_WEIGHT = 0.5
_TITLE_BONUS = 2

# A country word that opens a proper name is part of that name, not a party: 'Western Balkans
# Regional Poll', 'China International Investment and Trade Fair', 'Russian Railways'.
_NAME_TAIL_RE = re.compile(
    r"(?:\s+(?:[A-Z][\w&’'.-]*|and|of|for|&)){0,5}?\s+(?:Railways?|Bank|Poll|Survey|Barometer|"
    r"Forum|Fair|Expo|Summit|Institute|Institution|Centre|Center|Council|Foundation|Fund|Agency|"
    r"Shipping|Airlines|Corporation|Corp\.?|Company|Group|Holding|Ltd\.?|Inc\.?|Association|"
    r"Chamber|University|Academy|Initiative|Programme|Program|Index|Report|Review|Times|Post|News"
    r"|Framework|Plan|Facility|Instrument|Strategy"
    r"|Radio|Television|TV)\b"
)
# 'a US think tank', 'the Russian news agency': the country of a source or an observer.
_OBSERVER_RE = re.compile(
    r"(?:['’]s)?(?:-based)?\s+(?:[\w-]+\s+){0,1}?(?:think[- ]tanks?|news\s+agenc(?:y|ies)|"
    r"pollsters?|polling\s+(?:firm|agency)|newspapers?|dail(?:y|ies)|outlets?|broadcasters?|"
    r"media|analysts?|researchers?|economists?|journalists?|commentators?|scholars?)\b",
    re.IGNORECASE,
)


# 'expressed in US dollars', 'Serbian dinars': a currency, not a party.
# 'US$' only joined: 'China lent Montenegro $944 million' names a party before an amount.
_CURRENCY_RE = re.compile(
    r"\$|\s*(?:dollars?|cents?|euros?|rubles?|roubles?|yuan|renminbi|dinars?|forints?|leks?|"
    r"denars?|marks?|pounds?|francs?|kunas?|levs?|lira)\b",
    re.IGNORECASE,
)


_BORDER_RE = re.compile(r"\bborders?\s+(?:with|of)\s+(?:the\s+)?$", re.IGNORECASE)
_BORDER_AFTER_RE = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:border|frontier)\b", re.IGNORECASE)
_CASE_BLIND = (_OBSERVER_RE, _CURRENCY_RE, _BORDER_RE, _BORDER_AFTER_RE)
# The same, case-sensitive for lowered text; None when one of them cannot be.
_LOWERED_EACH = [lowered_pattern(rx) for rx in _CASE_BLIND]
_LOWERED = (
    tuple(rx for rx in _LOWERED_EACH if rx is not None) if None not in _LOWERED_EACH else None
)


def in_a_name(text: str, m: Mention, low: str | None = None) -> bool:
    """True when a country mention is part of an organisation's or a title's name, or names the
    country of a source rather than a party ('a US think tank'). low is lowered_text(text),
    where the case-blind patterns run case-sensitively (the same matches, found faster)."""
    lowered_all = _LOWERED if low is not None else None
    scan = low if low is not None and lowered_all is not None else text
    observer, currency, border, border_after = lowered_all or _CASE_BLIND
    if observer.match(scan, m.end) or currency.match(scan, m.end):
        return True
    if border.search(scan, max(0, m.start - 24), m.start) or border_after.match(scan, m.end):
        return True  # 'the border with Serbia', 'the Serbian border': a place on the map
    tail = _NAME_TAIL_RE.match(text, m.end)
    # A name runs on in capitals: 'Western Balkans Regional Poll', not 'Serbia. The Bank'.
    return bool(tail and "\n" not in tail.group() and not re.search(r"[.;:,]\s", tail.group()))


def _read_sides(
    text: str,
    cued: list[tuple[Mention, int]],
    counts: Counter[str],
    partners: set[str],
    gives: Counter[str],
    counterpart: Counter[str],
) -> None:
    """Weigh each mention as the one who gives or as the other side, into gives and counterpart.
    The cues are read only where they can still change a country's role: a power or a bloc is a
    side whatever its cues say, and a country whose shares are settled by the mentions read
    so far needs no more of them (the sets find_focus builds from the counts come out the same)."""
    low = lowered_text(text)  # lowered once: the cue patterns run over slices of it
    left = Counter({name: n for name, n in counts.items() if name not in partners})
    for m, weight in cued:
        name = m.ref.name
        if name in partners:
            continue
        total, ahead = counts[name], left[name]  # ahead: this mention's weight and the rest
        left[name] -= weight
        g, c = gives[name], counterpart[name]
        if 2 * g >= total:
            continue  # a giver already, whatever the rest says
        if 2 * (g + ahead) < total and (2 * c > total or 2 * (c + ahead) <= total):
            continue  # neither share can cross its line any more
        if giver_at(text, m.start, m.end, low):
            gives[name] += weight
        elif counterpart_at(text, m.start, m.end, low):
            counterpart[name] += weight


def find_focus(
    mentions: list[Mention], text: str, note_from: int, home: str | None, lead_end: int = 0
) -> tuple[str | None, str | None, str | None]:
    """The document's main country, inferred from its text, its main counterpart, and the main
    country or region that is no power or bloc (whose people a poll asks). A counterpart is the
    document's only where its title or lead (text before lead_end) names it: a country met late
    in a text is the topic of a passage, not of the whole."""
    title_end = text.find("\n")
    title_end = title_end if title_end >= 0 else min(len(text), 200)
    counts: Counter[str] = Counter()  # integer weights: a title mention counts three
    # Blocs (the EU, the Eurasian Economic Union) are counterparts like the powers; a region
    # such as the Western Balkans is a subject of its own.
    partners = set(POWERS)
    gives: Counter[str] = Counter()
    counterpart: Counter[str] = Counter()
    cued: list[tuple[Mention, int]] = []  # geo mentions whose cues may decide a role
    for m in mentions:
        if m.ref.is_geo and m.start < note_from:
            weight = 1 + (_TITLE_BONUS if m.start < title_end else 0)
            counts[m.ref.name] += weight
            cued.append((m, weight))
            if m.ref.kind == "bloc" and not m.ref.region:
                partners.add(m.ref.name)
        elif m.ref.kind == "bank" and m.ref.country and m.start < title_end:
            # A state's or a bloc's own bank in the title lends for it ('EIB invests €100mn in
            # ...'): its country is the counterpart the text is about, named through the bank.
            counts[m.ref.country] += 1 + _TITLE_BONUS
            partners.add(m.ref.country)
    _read_sides(text, cued, counts, partners, gives, counterpart)
    # A country named mostly as the one who lends, gives or invests ('Hungary grants a loan to
    # North Macedonia', 'subsidised by Germany') is the counterpart of the one who receives.
    partners.update(name for name, n in gives.items() if 2 * n >= counts[name])
    # A country named mostly as the other side ('trade with Germany', 'razmena sa Nemačkom')
    # is no main country: the text is about the one that trades with it.
    sides = partners | {name for name, n in counterpart.items() if 2 * n > counts[name]}
    via_org = {m.ref.country for m in mentions if m.ref.country and not m.ref.is_geo}
    if not counts:
        # A text about a Serbian firm is about Serbia even where it never names the country.
        focus = home if home in via_org else (sorted(via_org)[0] if via_org else None)
        return focus, None, focus

    first: dict[str, int] = {}
    for m in mentions:
        if m.ref.is_geo:
            first.setdefault(m.ref.name, m.start)
        elif m.ref.kind == "bank" and m.ref.country:
            first.setdefault(m.ref.country, m.start)

    def weight(name: str) -> tuple[float, bool, int, bool]:
        # Ties go to a country that is no power or giver (only a power named far more often is
        # the subject), then to the one named first, then the ledger's home: it is not assumed
        # to be every text's subject.
        score = counts[name] * (_POWER_WEIGHT if name in sides else 1.0)
        return score, name not in sides, -first.get(name, 0), name == home

    focus = max(counts, key=weight)
    people = [name for name in counts if name not in partners]
    asked = max(people, key=weight) if people else focus
    ranked = [name for name, _ in counts.most_common() if name != focus]
    # A power, a bloc or a giver is the counterpart before a country that is just listed.
    if focus not in partners:
        ranked = [n for n in ranked if n in partners] or ranked
    in_title = {name for name, at in first.items() if at < title_end}
    titled = (
        focus not in partners
        and len(ranked) >= 2
        and ranked[0] in in_title
        and ranked[1] not in in_title
    )
    if len(ranked) >= 2 and counts[ranked[0]] < 2 * counts[ranked[1]] and not titled:
        # No counterpart dominates (a statistics release listing many partners): no default,
        # unless the title names one of them alone ('... a Chinese road loan').
        return focus, None, asked
    second = ranked[0] if ranked else None
    if second is not None and lead_end and first.get(second, lead_end) >= lead_end:
        second = None
    return focus, second, asked


def find_lead_end(lay: Layout) -> int:
    """Where the title and the first paragraph of prose end (the lead names an article's topic)."""
    paragraph = None
    end = 0
    for sent in lay.sentences:
        if paragraph is None:
            prose = lay.text[sent.start : sent.end].rstrip().endswith((".", "!", "?", "”", '"'))
            if sent.end - sent.start < 60 or sent.note or not prose:
                continue  # a title, a dateline, a 'Published:' line
            paragraph = sent.paragraph
        elif sent.paragraph != paragraph:
            break
        end = sent.end
    return end
