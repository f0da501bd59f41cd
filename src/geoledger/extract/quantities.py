"""Find stated quantities (money, percentages, counts, multiples, fractions, lengths) in text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from geoledger.extract.numbers import (
    DENOMINATORS,
    MULTIPLE_WORDS,
    NUMBER_WORDS_RE,
    parse_digits,
    parse_fraction,
    parse_number,
    scale_of,
    word_set,
)

RULES = {
    "money": "money.v1",
    "percent": "percent.v1",
    "count": "count.v1",
    "times": "multiple.v1",
    "fraction": "fraction.v1",
    "km": "length.v1",
    "ha": "area.v1",
}


@dataclass(slots=True)
class Quantity:
    """A quantity as found: its surface span in the text and its value and unit."""

    start: int
    end: int
    value: float
    unit: str
    value_max: float | None = None
    qualifier: str = "exact"
    measure: str = "level"
    noun: str | None = None  # what a count counts, or what a multiple compares to
    base_year: str | None = None  # '45 times the 2010 level' -> '2010'

    @property
    def rule(self) -> str:
        """The versioned id of the rule that read this quantity."""
        return RULES.get(self.unit, "money.v1")


@dataclass(slots=True)
class Unread:
    """A quantity seen but not interpretable (a scale without unit, say)."""

    start: int
    end: int
    reason: str


_CURRENCY_WORDS = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "us $": "USD", "usd": "USD", "dollar": "USD",
    "dollars": "USD", "us dollars": "USD", "u.s. dollars": "USD", "€": "EUR", "eur": "EUR",
    "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP", "pounds": "GBP",
    "pounds sterling": "GBP", "¥": "CNY", "cn¥": "CNY", "rmb": "CNY", "cny": "CNY",
    "yuan": "CNY", "renminbi": "CNY", "rsd": "RSD", "dinar": "RSD", "dinars": "RSD",
    "serbian dinars": "RSD", "chf": "CHF", "swiss francs": "CHF", "jpy": "JPY", "yen": "JPY",
    "rub": "RUB", "roubles": "RUB", "rubles": "RUB",
}  # fmt: skip
_PREFIX_RE = re.compile(
    r"(?:(?<![\w$])(?:U\.S\.\s?\$|US\s?\$|CN¥|USD|EUR|GBP|CNY|RMB|RSD|CHF|JPY|RUB)|[$€£¥])\s?$"
)
_SUFFIX_RE = re.compile(
    r"\s?(?:(?:US|U\.S\.)\s+dollars|Serbian\s+dinars|pounds\s+sterling|swiss\s+francs|dollars?"
    r"|euros?|yuan|renminbi|dinars?|roubles|rubles|yen|USD|EUR|CNY|RMB|RSD|GBP|CHF|JPY|RUB)"
    r"(?![\w])",
    re.IGNORECASE,
)
_SCALE_RE = re.compile(
    r"(?:\s{0,3}(?:thousand|millions?|billions?|trillion)|\s?(?:mn|mln|bn|bln|tn|trn)"
    r"|(?:m|b|k)(?![\w]))(?![\w])",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(
    r"\s?(?:%|per\s?cent(?:age\s+points?)?|percent(?:age\s+points?)?|pct\.?|p\.p\.)(?![\w])",
    re.IGNORECASE,
)
_LENGTH_RE = re.compile(
    r"(?:\s?-\s?|\s)?(?P<u>km|kilomet(?:re|er)s?|hectares?|ha)(?![\w])", re.IGNORECASE
)
_TIMES_RE = re.compile(r"\s+times(?![\w])|-fold(?![\w])|\s?x(?=\s+(?:the|as|more|higher))", re.I)
# After 'N times': a comparison, not a frequency ('three times a year').
_TIMES_NEXT = re.compile(
    r"\s+(?:the|as|more|less|higher|larger|greater|bigger|smaller|lower|that|than|what|its|"
    r"faster|slower|cheaper|[a-z]+er\s+than|"
    r"their|over|[.,;)]|$)",
    re.IGNORECASE,
)
_RANGE_SEP = re.compile(r"\s*(?:[-–—]|to)\s*", re.IGNORECASE)
# '4,5 million' (a decimal comma, as Serbian outlets write) only before a scale or percent.
_DIGIT_NUM = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?=\s?(?:million|billion|mln|bln|bn|mn|%|per))"
    r"|\d+(?:\.\d+)?"
)
_WORD_NUM = NUMBER_WORDS_RE
_ANY_NUM_RE = re.compile(rf"(?:{_DIGIT_NUM})(?![\w])|(?:{_WORD_NUM})(?![\w])", re.IGNORECASE)
_FRACTION_WORDS = "|".join(sorted(DENOMINATORS, key=len, reverse=True))
_MULTIPLE_WORDS = "|".join(sorted(MULTIPLE_WORDS, key=len, reverse=True))

# Every token starts after a non-word character with a digit, a currency sign or the first
# letter of a number word; the gate lets the scan skip all other positions quickly (~1.8x).
_TOKEN_GATE = r"(?<!\w)(?=[\d$€£¥ucztfsenhaqdo])"
TOKEN_RE = re.compile(
    _TOKEN_GATE + rf"(?:(?P<digits>(?<![\w/.,\-$€£¥])(?<!\w\+)(?<!\d:)(?:{_DIGIT_NUM}))"
    rf"|(?P<cur>(?<![\w])(?:U\.S\.\s?\$|US\s?\$|CN¥|[$€£¥])\s?(?P<cdigits>{_DIGIT_NUM}))"
    rf"|(?P<frac>(?<![\w-])(?:(?:a|one|two|three|four|five|six|seven|eight|nine)[\s-]+)?"
    rf"(?:{_FRACTION_WORDS})(?![\w-]))"
    rf"|(?P<mult>(?<![\w-])(?:{_MULTIPLE_WORDS})(?![\w-]))"
    rf"|(?P<words>(?<![\w-])(?:{_WORD_NUM})(?![\w])))",
    re.IGNORECASE,
)

_QUALIFIERS = (
    ("approx", r"approximately|approx\.|about|around|some|roughly|nearly|almost|close\s+to|"
               r"circa|ca\.|an\s+estimated|estimated|~|an\s+approximate"),
    ("at_least", r"just\s+over|just\s+above|more\s+than|over|above|exceed(?:ing|s|ed)?|"
                 r"surpass(?:ing|es|ed)?|in\s+excess\s+of|"
                 r"at\s+least|upwards\s+of|up\s+from|no\s+less\s+than|a\s+minimum\s+of"),
    ("at_most", r"up\s+to|less\s+than|fewer\s+than|under|below|at\s+most|no\s+more\s+than|"
                r"just\s+under|just\s+below|a\s+maximum\s+of|not\s+more\s+than"),
    ("exact", r"as\s+many\s+as|as\s+much\s+as|only|just|exactly|a\s+total\s+of|a\s+mere"),
)  # fmt: skip
_QUALIFIER_RE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(f"(?P<{name}>{alt})" for name, alt in _QUALIFIERS)
    + r")\s+(?:(?:a|an)\s+)?$",
    re.IGNORECASE,
)
_TRAIL_QUALIFIER_RE = re.compile(r"(?:\s+or\s+more|\+|-plus|\s+plus)(?![\w])", re.IGNORECASE)

_CHANGE_NOUNS = (
    r"surge|increase|rise|jump|growth|drop|decline|fall|decrease|boost|gain|hike|cut|"
    r"reduction|loss|slump|plunge|uptick|leap|expansion|contraction|shortfall"
)
_CHANGE_AFTER_RE = re.compile(
    rf"(?:\s+[\w-]+)?\s+(?:{_CHANGE_NOUNS})(?![\w])(?-i:(?!\s+[A-Z][a-z]))"
    r"|\s*\(?(?:y/y|yoy|y-o-y|year[- ]on[- ]year)(?![\w])"
    # '14.6% higher than in 2023', '9.7% less than a year earlier': a change on a dated base.
    r"|\s+(?:higher|lower|more|less|up|down)\s+than\s+(?:in|a|the|last|during|at)\b",
    re.IGNORECASE,
)
_CHANGE_BEFORE_RE = re.compile(
    r"(?:(?:increased|increase|rose|rise|risen|grew|grown|growth|fell|fallen|dropped|declined|"
    r"decreased|jumped|climbed|surged|plunged|shrank|expanded|contracted|up|down|gain|cut)"
    r"\s+(?:by|of)|(?:an?\s+)?(?:increase|rise|drop|decline|fall|decrease|jump)\s+of|"
    r"(?:rose|risen|grew|grown|fell|fallen|dropped|declined|jumped|climbed|surged|plunged|"
    r"soared|slumped|shrank|increased|decreased)|"
    r"(?<![\w-])(?<!made\s)(?<!make\s)(?<!makes\s)(?<!making\s)(?<!took\s)(?<!take\s)"
    r"(?<!takes\s)(?<!ended\s)(?<!set\s)(?:up|down)|year-on-year|y-o-y"
    # 'A's exports grew by 18%, and B's by 9%': the verb of the change is left out.
    r"|[\w’']+['’]s\s+by)\s+$",
    re.IGNORECASE,
)

_TIME_NOUNS = word_set(
    "year years month months week weeks day days hour hours minute minutes second seconds "
    "decade decades century centuries time times term terms quarter quarters night"
)
# Words that end in -s but are not plural nouns a count could count.
_NOT_NOUNS = word_set(
    "was is has its this thus as us his hers ours yours theirs plus across always perhaps "
    "less unless whereas besides sometimes news various previous famous serious numerous "
    "does goes means series species per cent percent times analysis basis crisis process "
    "status bus gas lens canvas politics economics physics mathematics regardless "
    "nevertheless alias"
)
# Singular-looking nouns that still count people or things.
_MASS_COUNT_NOUNS = word_set(
    "people personnel staff police troops aircraft cattle children men women"
)
_BLOCKING_LEFT = re.compile(
    r"(?<![\w])(?:the|these|those|both|top|all\s+the|first|last|next|past|No\.|no\.|nr\.|"
    r"page|pages|p\.|pp\.|vol\.|volume|issue|article|section|chapter|paragraph|resolution|"
    r"level|phase|stage|grade|group|round|part|point|annex|table|figure|fig\.)\s+$",
    re.IGNORECASE,
)
# Nouns that a number in words counts even after 'the' ('the six drones').
_FAMILIAR_COUNT_RE = re.compile(
    r"(?i)\b(?:drones?|tanks?|jets?|fighters?|missiles?|helicopters?|troops|soldiers|batteries|"
    r"vehicles|aircraft|workers|jobs|schools|students|tourists|experts|doctors)\b"
)
# Left words that only block a number that counts nothing ('the 14 agreements' counts).
_DETERMINER_LEFT = re.compile(r"(?<![\w])(?:the|these|those|both|all\s+the)\s+$", re.I)
_ALLOWED_AFTER_THE = re.compile(
    r"(?<![\w])the\s+(?:following|remaining|other|additional)\s+$", re.I
)
_YEAR_LIKE = re.compile(r"(?:1[89]|20)\d\d")
_WORD = r"[A-Za-zÀ-ž][\w'’.-]*"
# A noun may go on over one line break, not over a blank line or into an indented table row.
_NOUN_PHRASE_RE = re.compile(rf"(?:(?:[ \t]+|[ \t]*\n(?![ \t]{{2}}))[ \t]?{_WORD}){{1,6}}")
# A footnote number glued after a word's punctuation: 'years.7', 'tenders,8'.
_GLUED_NOTE_RE = re.compile(r"(?<=[A-Za-z][.,;:])\d{1,3}$")
_NUMBER_OF_RE = re.compile(
    r"number\s+of\s+(?P<np>(?:[\w-]+\s+){0,2}[\w-]+)(?P<rest>[^.;]{0,120}?)"
    r"(?:reach(?:ed|ing)?|to|at|totall?(?:ed|ing)|was|were|stood\s+at|of)\s+(?:[\w\s]{0,12}?)$",
    re.IGNORECASE,
)
_PARTITIVE_RE = re.compile(
    r"(?<![\w])Of\s+(?:the|these|those|its|their|all)\s+(?P<np>[^,.;]{3,80}?),\s+$", re.IGNORECASE
)
# Words between a number and what it counts: '12 more drones', '40 additional jobs'.
_COUNT_MODIFIERS = word_set("more additional new further extra other")
_FUNCTION_WORDS = word_set(
    "of to in and or the a an for with by on at from as than that which who is are was were "
    "be been has have had will would can could may might should must not no its their his "
    "her our per each every such last next this that these those"
)


def _is_plural_noun(word: str) -> bool:
    """True for a word that looks like a plural noun a count can count."""
    w = word.casefold().strip(".,;:’'")
    if w in _MASS_COUNT_NOUNS:
        return True
    if len(w) < 4 or w in _NOT_NOUNS or not w.isalpha() or not w.endswith("s"):
        return False
    return not w.endswith(("ss", "us", "ous", "is"))


def _qualifier(left: str) -> tuple[str, int]:
    """The qualifier that ends the text before a number, and how many characters it spans."""
    m = _QUALIFIER_RE.search(left[-40:])
    if not m:
        return "exact", 0
    return m.lastgroup or "exact", len(m.group())


_MEASURE_RE = re.compile(
    r"\s+(?:(?:cubic|square)\s+(?:metres|meters|feet|kilometres|kilometers)|tonnes?|tons?|"
    r"metric\s+tons?|barrels?|lit(?:re|er)s?|(?:kilo|mega|giga|tera)(?:watt|gram|litre|liter)"
    r"[\w-]*|kWh|MWh|GWh|TWh|MW|GW|bcm|mcm|m³|m3|kg)\b",
    re.IGNORECASE,
)


def _counted_noun(text: str, pos: int) -> tuple[str | None, int]:
    """The plural noun a number counts ('145,000 Chinese tourists' -> 'tourists'), and its end."""
    m = _NOUN_PHRASE_RE.match(text, pos)
    if not m:
        return None, pos
    words = list(re.finditer(_WORD, m.group()))
    for i, w in enumerate(words):
        raw = _GLUED_NOTE_RE.sub("", w.group())
        token = raw.rstrip(".,;:")
        low = token.casefold()
        if low in _TIME_NOUNS:
            return low, pos
        # 'drones and missiles', 'reconnaissance and strike drones': a conjunction inside the
        # noun phrase goes on; any other function word ends it.
        if low in _FUNCTION_WORDS and not (i and low in ("and", "or")):
            return None, pos
        if low in _COUNT_MODIFIERS and i == 0:
            continue
        # Only the first word may sit right after the number; later ones must follow modifiers.
        if _is_plural_noun(token) and not token[:1].isupper():
            noun = " ".join(
                _GLUED_NOTE_RE.sub("", x.group()).rstrip(".,;:") for x in words[: i + 1]
            )
            return noun, pos + w.end()
        if raw.endswith((".", ",", ";", ":")):
            return None, pos
        if i >= 5:
            break
    return None, pos


_CONVERTED_RE = re.compile(r"\s*[(\[]\s*(?:or\s+|about\s+)?$")
_COORDINATED_RE = re.compile(r"[^,.;:()]{0,40}?\s+and\s+$")


def _share_qualifier(prev: Quantity, q: Quantity, text: str) -> None:
    """A qualifier that governs two quantities: 'more than €18 billion ($19.7 billion)',
    'some 2,600 soldiers and 90 pieces of equipment'."""
    between = text[prev.end : q.start]
    if len(between) > 60:
        return
    converted = bool(_CONVERTED_RE.fullmatch(between))
    coordinated = prev.unit == q.unit and bool(_COORDINATED_RE.fullmatch(between))
    if converted or (coordinated and prev.qualifier == "approx"):
        q.qualifier = prev.qualifier


class _Scanner:
    """One pass over a text: tokens left to right, each read by the first rule that fits."""

    def __init__(self, text: str, skip: list[tuple[int, int]]) -> None:
        self.text = text
        self.skip = skip
        self.found: list[Quantity] = []
        self.unread: list[Unread] = []

    def run(self) -> None:
        """Read every token not inside a skipped span (URLs, names with digits)."""
        consumed = -1
        skip_i = 0
        for m in TOKEN_RE.finditer(self.text):
            if m.start() < consumed:
                continue
            while skip_i < len(self.skip) and self.skip[skip_i][1] <= m.start():
                skip_i += 1
            if skip_i < len(self.skip) and self.skip[skip_i][0] <= m.start():
                continue
            q = self._read(m)
            if q is not None:
                if self.found and q.qualifier == "exact":
                    _share_qualifier(self.found[-1], q, self.text)
                self.found.append(q)
                consumed = q.end

    def _read(self, m: re.Match[str]) -> Quantity | None:
        """Turn one token into a quantity, or None when it is not a claim."""
        kind = m.lastgroup
        if kind == "mult":
            return self._multiple_word(m)
        if kind == "frac":
            return self._fraction(m)
        if kind == "cur":
            return self._money_prefixed(m.start(), m.start("cdigits"), m.end("cdigits"))
        start, end = m.start(), m.end()
        text = self.text
        word = kind == "words"
        if word and m.group().casefold() in ("one", "hundred") and not _SCALE_RE.match(text, end):
            return None
        if not word:
            nxt = text[end : end + 2]
            if nxt[:1] == "+" and nxt[1:2].isdigit():
                return None  # a name such as 17+1
            if nxt[:1].isdigit() and "," not in m.group():
                return None
        left = text[max(0, start - 60) : start]
        prefix = _PREFIX_RE.search(left)
        if prefix:
            return self._money_prefixed(start - len(prefix.group()), start, end)
        return self._after_number(start, end, word)

    def _after_number(self, start: int, end: int, word: bool) -> Quantity | None:
        """Read the unit that follows a bare number: percent, scale+currency, times, noun."""
        text = self.text
        value = parse_number(text[start:end])
        if value is None:
            return None
        value_max, range_end = self._range(end, currency=False)
        if value_max is not None and _YEAR_LIKE.fullmatch(text[start:end]) and value_max < value:
            # 'from 21 percent in 2014 to 9.5 percent': a year, then the next figure.
            value_max, range_end = None, end
        pos = range_end if value_max is not None else end
        # Ranges of durations: 'five to ten years' is a span of time, not a claim.
        percent = _PERCENT_RE.match(text, pos)
        if percent:
            return self._make(start, percent.end(), value, value_max, "percent")
        scale = _SCALE_RE.match(text, pos)
        if scale and not (scale.group().strip().casefold() in ("m", "b", "k") and word):
            factor = scale_of(scale.group().strip())
            suffix = _SUFFIX_RE.match(text, scale.end())
            if suffix:
                unit = _CURRENCY_WORDS.get(re.sub(r"\s+", " ", suffix.group().strip()).casefold())
                vmax = value_max * factor if value_max is not None else None
                return self._make(start, suffix.end(), value * factor, vmax, unit or "USD")
            if _MEASURE_RE.match(text, scale.end()):
                return None  # '2.4 billion cubic metres': a physical measure, not a count
            noun, noun_end = _counted_noun(text, scale.end())
            if noun and noun.split()[-1].casefold() not in _TIME_NOUNS:
                vmax = value_max * factor if value_max is not None else None
                q = self._make(start, scale.end(), value * factor, vmax, "count")
                q.noun = noun
                return q
            if scale.group().strip().casefold() not in ("m", "b", "k"):
                self.unread.append(Unread(start, scale.end(), "a scale without a unit"))
            return None
        suffix = _SUFFIX_RE.match(text, pos)
        if suffix and not word:
            unit = _CURRENCY_WORDS.get(re.sub(r"\s+", " ", suffix.group().strip()).casefold())
            return self._make(start, suffix.end(), value, value_max, unit or "USD")
        times = _TIMES_RE.match(text, pos)
        if times and _TIMES_NEXT.match(text, times.end()):
            q = self._make(start, times.end(), value, value_max, "times", measure="multiple")
            base = re.match(
                r"\s+the\s+((?:19|20)\d\d)\s+level", text[times.end() : times.end() + 30]
            )
            q.base_year = base.group(1) if base else None
            return q
        if times and re.match(
            r"\s+(?:a|per|each)\s+(?:day|week|month|year)\b", text[times.end() :]
        ):
            # 'five times a week': how often, a count of occasions rather than a multiple.
            q = self._make(start, times.end(), value, value_max, "count")
            q.noun = "times"
            return q
        length = _LENGTH_RE.match(text, pos)
        if length:
            unit = "ha" if length.group("u").casefold().startswith(("h",)) else "km"
            return self._make(start, length.end(), value, value_max, unit)
        return self._count(start, end, pos, value, value_max, word)

    def _count(
        self, start: int, end: int, pos: int, value: float, value_max: float | None, word: bool
    ) -> Quantity | None:
        """A count: a number followed by what it counts, or inferred from 'the number of X'."""
        text = self.text
        raw = text[start:end]
        if not word and _YEAR_LIKE.fullmatch(raw):
            return None  # a year, not a count
        if text[pos : pos + 1] == "-":
            return None  # a compound adjective such as '6-day' or '10-year'
        left = text[max(0, start - 160) : start]
        if re.search(r"(?:^|\n)[ \t]*$", left) and re.match(r"[ \t]{2,}", text[end : end + 2]):
            return None  # a footnote's number at the start of its line
        blocked = bool(_BLOCKING_LEFT.search(left[-30:])) and not _ALLOWED_AFTER_THE.search(
            left[-40:]
        )
        if blocked and not _DETERMINER_LEFT.search(left[-30:]):
            return None
        if re.search(r"[A-Z][a-z]{2,9}\.?\s+$", left[-12:]) and re.match(
            r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)",
            left.split()[-1] if left.split() else "",
        ):
            return None  # a day of a date: 'May 8'
        if value == int(value) and value < 2 and not word:
            return None
        surface_end = pos if value_max is not None else end
        grouped = "," in raw and value_max is None
        if grouped:
            # '7,20015 Chinese nationals': footnote 15 glued to 7,200; the noun comes after it.
            glued = re.match(r"\d{1,3}(?![\d,.])", text[pos : pos + 4])
            if glued:
                pos += glued.end()
        # 'the 14 agreements' counts; 'the 2010 level' or 'the 1990s' does not.
        noun, noun_end = _counted_noun(text, pos)
        partitive_of = None
        if noun is None and not word:
            # '61 of the 73 contracts': the first number counts what the second does.
            partitive_of = re.match(
                rf"\s+of\s+(?:the|its|their)\s+(?:{_DIGIT_NUM}|{_WORD_NUM})", text[pos:]
            )
            if partitive_of:
                noun, noun_end = _counted_noun(text, pos + partitive_of.end())
        if noun and noun.split()[-1].casefold() in _TIME_NOUNS:
            return None
        if _MEASURE_RE.match(text, pos):
            # '2.4 billion cubic metres', 'per 1,000 cubic metres', '1.9 million tonnes': physical
            # measures, which the claim units (money, shares, counts, km, ha) do not cover.
            return None
        if blocked and not (noun and (not word or _FAMILIAR_COUNT_RE.search(noun))):
            return None  # 'the two countries', 'the five leading categories': a reference
        if noun:
            q = self._make(start, surface_end, value, value_max, "count")
            q.noun = noun
            if q.qualifier == "exact" and _TRAIL_QUALIFIER_RE.match(text, noun_end):
                q.qualifier = "at_least"
            return q
        if blocked:
            return None
        sentence_left = re.split(r"[.;!?]\s+(?=[A-Z])", left)[-1]
        number_of = _NUMBER_OF_RE.search(sentence_left)
        if number_of:
            q = self._make(start, end, value, value_max, "count")
            q.noun = number_of.group("np")
            return q
        numbered = re.search(
            r"\b(?P<np>[a-z]{3,}s)\s+(?:numbered|totall?ed|totall?ing)\s+(?:\w+\s+)?$",
            sentence_left,
        )
        if numbered and _is_plural_noun(numbered.group("np")):
            q = self._make(start, end, value, value_max, "count")
            q.noun = numbered.group("np")
            return q
        partitive = _PARTITIVE_RE.search(sentence_left)
        if partitive and re.match(r"\s+[a-z]", text[end : end + 3]):
            q = self._make(start, end, value, value_max, "count")
            q.noun = partitive.group("np")
            return q
        if grouped and value >= 1000 and not re.match(r"\s*[-–/:]\s*\d", text[end : end + 3]):
            # A number with thousands separators is never a year, a marker or a page:
            # 'arrivals rose to 71,406' counts what its sentence names.
            return self._make(start, end, value, value_max, "count")
        return None

    def _range(self, end: int, *, currency: bool) -> tuple[float | None, int]:
        """The upper end of a range right after a number: '9 – 10', '1.5 to 2', '$1-$2'."""
        text = self.text
        sep = _RANGE_SEP.match(text, end)
        if not sep and re.search(
            r"(?i)\bbetween\s+(?:[$€£¥]|US\$|USD\s|EUR\s)?\s?$",
            text[max(0, end - 40) : end].rstrip("0123456789.,"),
        ):
            sep = re.compile(r"\s+and\s+").match(text, end)
        if not sep:
            return None, end
        pos = sep.end()
        if currency:
            cur = re.match(r"(?:US\s?\$|\$|€|£|¥)\s?", text[pos : pos + 4])
            if cur:
                pos += cur.end()
        num = _ANY_NUM_RE.match(text, pos)
        if not num or _YEAR_LIKE.fullmatch(num.group()):
            return None, end
        upper = parse_number(num.group())
        return (upper, num.end()) if upper is not None else (None, end)

    def _money_prefixed(self, start: int, num_start: int, num_end: int) -> Quantity | None:
        """Money written with a currency before the number: '$1.5 billion', 'USD 943 million'."""
        text = self.text
        cur_text = text[start:num_start].strip()
        unit = _CURRENCY_WORDS.get(re.sub(r"\s+", " ", cur_text).casefold())
        if unit is None:
            unit = _CURRENCY_WORDS.get(cur_text[-1:], "USD")
        value = parse_digits(text[num_start:num_end])
        if value is None:
            return None
        nxt = text[num_end : num_end + 2]
        if nxt[:1].isdigit() and "," not in text[num_start:num_end]:
            return None
        value_max, pos = self._range(num_end, currency=True)
        # '$1.5 billion in 2014 to $6 billion' is two amounts; 'to' joins only bare numbers.
        if value_max is not None and re.match(r"\s*to\s*[$€£¥]", text[num_end:pos], re.I):
            value_max, pos = None, num_end
        end = pos if value_max is not None else num_end
        scale = _SCALE_RE.match(text, end)
        factor = 1.0
        if scale:
            factor = scale_of(scale.group().strip())
            end = scale.end()
            if value_max is None:
                # '$1bn–$2bn', 'between €90 million and €120 million': both ends carry a scale.
                sep = r"\s*[-–—]\s*"
                if re.search(r"(?i)\bbetween\s+$", text[max(0, start - 12) : start]):
                    sep = r"\s*(?:[-–—]|and)\s*"
                m = re.match(sep + r"(?:US\s?\$|\$|€|£|¥)?\s?(" + _DIGIT_NUM + ")", text[end:])
                if m:
                    upper = parse_digits(m.group(1))
                    scale2 = _SCALE_RE.match(text, end + m.end())
                    if upper is not None and scale2:
                        value_max = upper * scale_of(scale2.group().strip()) / factor
                        end = scale2.end()
        elif text[end : end + 1].isalpha():
            return None
        vmax = value_max * factor if value_max is not None else None
        return self._make(start, end, value * factor, vmax, unit)

    def _multiple_word(self, m: re.Match[str]) -> Quantity | None:
        """'doubled', 'twice', 'tripled': a multiple stated without digits."""
        word = m.group().casefold()
        text = self.text
        # 'double taxation' or 'twice a year' is not a multiple.
        if word in ("double", "triple", "twice") and not re.match(
            r"\s+(?:the|as|that|its|their|what|over|in|since|from)\b", text[m.end() : m.end() + 8]
        ):
            return None
        q = self._make(m.start(), m.end(), MULTIPLE_WORDS[word], None, "times", measure="multiple")
        return q

    def _fraction(self, m: re.Match[str]) -> Quantity | None:
        """'two-thirds', 'half', 'a fifth': a fraction, kept only where it states a share."""
        text = self.text
        surface = m.group()
        low = re.sub(r"[\s-]+", " ", surface.casefold())
        value = parse_fraction(low)
        if value is None:
            return None
        left = text[max(0, m.start() - 40) : m.start()]
        right = text[m.end() : m.end() + 20]
        if low.split()[-1].rstrip("s") in ("quarter", "half") and re.search(
            r"(?:first|second|third|fourth|last|latter|former|next|past)\s+$", left, re.I
        ):
            return None  # a period: 'the second quarter of 2023'
        if re.match(r"\s*-?\s*(?:year|century|hour|day|time|way|term|an?\s+hour)", right, re.I):
            return None
        scale = re.match(r"\s+a\s+(million|billion|trillion)", right, re.I)
        if low == "half" and scale:
            end = m.end() + scale.end()
            suffix = _SUFFIX_RE.match(text, end)
            if suffix:
                unit = _CURRENCY_WORDS.get(suffix.group().strip().casefold(), "USD")
                return self._make(
                    m.start(), suffix.end(), 0.5 * scale_of(scale.group(1)), None, unit
                )
            return None
        single = len(low.split()) == 1 or low.split()[0] in ("a", "one")
        if single:
            qual = _QUALIFIER_RE.search(left)
            shares = re.search(
                r"(?:for|by|than|is|was|were|are|be|accounting\s+for|account\s+for|to)\s+$", left
            )
            if not (qual or shares or re.match(r"\s+of\b", right)):
                return None
            if (
                low != "half"
                and not re.match(r"\s+of\b", right)
                and not (
                    qual
                    and re.match(
                        r"\s+(?:going|went|goes|came|comes|coming|is|was|were|are)\b", right
                    )
                )
            ):
                return None
        return self._make(m.start(), m.end(), value, None, "fraction")

    def _make(
        self,
        start: int,
        end: int,
        value: float,
        value_max: float | None,
        unit: str,
        *,
        measure: str = "level",
    ) -> Quantity:
        """A quantity with its qualifier and measure read from the words around it."""
        text = self.text
        left = text[max(0, start - 60) : start]
        qualifier, _ = _qualifier(left)
        if qualifier == "exact" and _TRAIL_QUALIFIER_RE.match(text, end):
            qualifier = "at_least"
        signed = left[-1:] in ("+", "−") and not left[-2:-1].isalnum()
        if measure == "level" and (
            signed or _CHANGE_AFTER_RE.match(text, end) or _CHANGE_BEFORE_RE.search(left[-40:])
        ):
            measure = "change"
        return Quantity(start, end, value, unit, value_max, qualifier, measure)


_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s)\]>\"”]+(?:\s*\n[^\s/]*[/\-][^\s]*)*|doi:\s?\S+|\b10\.\d{4,}/\S+",
    re.IGNORECASE,
)


def skip_spans(text: str) -> list[tuple[int, int]]:
    """Spans where numbers are never claims: URLs, DOIs."""
    return [(m.start(), m.end()) for m in _URL_RE.finditer(text)]


def find_quantities(text: str) -> tuple[list[Quantity], list[Unread]]:
    """Every quantity in text, in order, and the ones seen but not interpretable."""
    scanner = _Scanner(text, skip_spans(text))
    scanner.run()
    return scanner.found, scanner.unread
