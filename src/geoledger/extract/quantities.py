"""Find stated quantities (money, percentages, counts, multiples, fractions, lengths) in text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from geoledger.extract.lexicon import (
    Lexicon,
    detect_language,
    lexicon,
    minor_digits,
    trie_regex,
)
from geoledger.extract.numbers import (
    DENOMINATORS,
    parse_fraction,
    word_set,
)

RULES = {
    "money": "money.v2",
    "percent": "percent.v2",
    "count": "count.v2",
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
        return RULES.get(self.unit, RULES["money"])


@dataclass(slots=True)
class Unread:
    """A quantity seen but not interpretable (a scale without unit, say)."""

    start: int
    end: int
    reason: str


_LENGTH_RE = re.compile(
    r"(?:\s?-\s?|\s)?(?P<u>km|kilomet(?:re|er)s?|hectares?|ha)(?![\w])", re.IGNORECASE
)
# After 'N times': a comparison, not a frequency ('three times a year').
_TIMES_NEXT = re.compile(
    r"\s+(?:the|as|more|less|higher|larger|greater|bigger|smaller|lower|that|than|what|its|"
    r"faster|slower|cheaper|[a-z]+er\s+than|"
    r"their|over|[.,;)]|$)",
    re.IGNORECASE,
)
_TIMES_BASE_RE = re.compile(r"\s+the\s+((?:19|20)\d\d)\s+level")
_TIMES_FREQ_RE = re.compile(r"\s+(?:a|per|each)\s+(?:day|week|month|year)\b")
_DASH_SEP = re.compile(r"\s*[-–—]\s*")
_FRACTION_WORDS = trie_regex(set(DENOMINATORS))
_FRACTION_HEADS = trie_regex(
    {"a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
)
# A fraction of a scale: 'half million', 'a quarter million', 'three quarters billion'.
_FRACTION_SCALE_RE = re.compile(r"\s+(?:a\s+)?(?=\w)", re.IGNORECASE)
# Money ranges: '€180 mln to €230 mln', '$5-$8'; 'rose from $5 to $8' is two amounts.
# How far (in characters) a currency carries to an amount written without one.
_CARRY_REACH = 250
_FROM_CHANGE_RE = re.compile(
    r"(?i)\b(?:\w+ed|rose|grew|fell|went|up|down|rising|falling)\s+from\s+$"
)


@dataclass(frozen=True, slots=True)
class _Patterns:
    """A lexicon's patterns that the scanner needs, compiled once per language."""

    lex: Lexicon
    token: re.Pattern[str]
    any_num: re.Pattern[str]
    prefix_end: re.Pattern[str]
    range_currency: re.Pattern[str]
    upper_end: re.Pattern[str]
    partitive_of: re.Pattern[str]
    digits_at: re.Pattern[str]
    two_part: re.Pattern[str]


@cache
def _patterns(code: str) -> _Patterns:
    """The compiled token patterns of one language."""
    lex = lexicon(code)
    digits, words = lex.digit_num, lex.word_num
    gate = "".join(re.escape(c) for c in lex.gate)
    percent_of = ""
    if code == "en":
        # 'per cent of twenty-two' (the number after its unit) at the end of a clause.
        percent_of = (
            r"|(?P<pctof>(?<![\w])(?:percents?|per\s+cent)\s+of\s+"
            rf"(?P<pnum>(?:{digits}|{words}))(?=\s*(?:[.,;!?]|$)))"
        )
        gate += "p"
    token = re.compile(
        # Every token starts after a non-word character with a digit, a currency sign or the
        # first letter of a number word; the gate skips all other positions quickly (~1.8x).
        rf"(?<!\w)(?=[{gate}])"
        rf"(?:(?P<digits>(?<![\w/.,\-])(?<!\w\+)(?<!\d:)(?:{digits}))"
        # Letters glued to a number ('USD115', 'HK$10'); a currency spaced from its number
        # ('USD 943', 'c $ 16.4') is found looking back from the number, which is cheaper.
        rf"|(?P<cur>(?-i:[A-Za-z.]{{1,5}})\$?)(?=\d)"
        rf"|(?P<frac>(?<![\w-])(?:{_FRACTION_HEADS}[\s-]+)?"
        rf"(?:{_FRACTION_WORDS})(?![\w-]))"
        rf"|(?P<mult>(?<![\w-])(?:{trie_regex(set(lex.multiples))})(?![\w-]))"
        rf"{percent_of}"
        rf"|(?P<words>(?<![\w-])(?:{words})(?![\w])))",
        re.IGNORECASE,
    )
    return _Patterns(
        lex=lex,
        token=token,
        any_num=re.compile(rf"(?:{digits})(?![\w])|(?:{words})(?![\w])", re.IGNORECASE),
        prefix_end=re.compile(rf"(?:{lex.currency_before})\s?$"),
        range_currency=re.compile(rf"(?:{lex.currency_before})\s?"),
        upper_end=re.compile(rf"(?:{lex.currency_before})?\s?({digits})"),
        digits_at=re.compile(rf"(?:{digits})"),
        partitive_of=re.compile(rf"\s+of\s+(?:the|its|their)\s+(?:{digits}|{words})", re.I),
        two_part=re.compile(
            rf"\s*,?\s*(?P<and>(?:and|i)\s+)?(?P<n>\d{{1,2}}|{words})(?![\w.,]\d)", re.I
        ),
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

    def __init__(self, text: str, skip: list[tuple[int, int]], language: str) -> None:
        self.text = text
        self.skip = skip
        self.pat = _patterns(language)
        self.lex = self.pat.lex
        self.found: list[Quantity] = []
        self.unread: list[Unread] = []
        self.unitless: list[Quantity] = []  # scaled amounts whose unit may be carried over

    def run(self) -> None:
        """Read every token not inside a skipped span (URLs, names with digits)."""
        consumed = -1
        skip_i = 0
        for m in self.pat.token.finditer(self.text):
            if m.start() < consumed:
                continue
            while skip_i < len(self.skip) and self.skip[skip_i][1] <= m.start():
                skip_i += 1
            if skip_i < len(self.skip) and self.skip[skip_i][0] <= m.start():
                continue
            q = self._read(m, consumed)
            if q is not None:
                if self.found and self._merge_range(self.found[-1], q):
                    consumed = self.found[-1].end
                    continue
                if self.found and q.qualifier == "exact":
                    _share_qualifier(self.found[-1], q, self.text)
                self.found.append(q)
                consumed = q.end

    def _merge_range(self, prev: Quantity, q: Quantity) -> bool:
        """'€180 mln to €230 mln', 'between $5 and $8': two amounts of one range become one."""
        if prev.unit != q.unit or prev.value_max is not None or q.value_max is not None:
            return False
        if prev.unit in ("count", "times", "fraction", "km", "ha") or q.value <= prev.value:
            return False
        text = self.text
        between = text[prev.end : q.start]
        left = text[max(0, prev.start - 30) : prev.start]
        if self.lex.range_sep.fullmatch(between):
            if not _DASH_SEP.fullmatch(between) and _FROM_CHANGE_RE.search(left):
                return False  # 'rose from $5 to $8': a change, both amounts stated
        elif not (self.lex.and_sep.fullmatch(between) and self.lex.between_left.search(left)):
            return False
        prev.value_max, prev.end = q.value, q.end
        return True

    def _read(self, m: re.Match[str], floor: int) -> Quantity | None:
        """Turn one token into a quantity, or None when it is not a claim."""
        kind = m.lastgroup
        if kind == "pnum":
            kind = "pctof"
        if kind == "mult":
            return self._multiple_word(m)
        if kind == "frac":
            return self._fraction(m)
        if kind == "cur":
            num = self.pat.digits_at.match(self.text, m.end())
            return self._money_prefixed(m.start(), m.end(), num.end()) if num else None
        if kind == "pctof":
            value = self.lex.parse_number(m.group("pnum"))
            return None if value is None else self._make(m.start(), m.end(), value, None, "percent")
        return self._read_number(m.start(), m.end(), kind == "words", floor)

    def _read_number(self, start: int, end: int, word: bool, floor: int) -> Quantity | None:
        """A number in digits or words, with a currency before it (not before floor) or a unit
        after it."""
        text = self.text
        if word and text[start:end].casefold() in self.lex.weak_words:
            pat = self.lex
            if not (
                pat.scale_re.match(text, end)
                or pat.percent_re.match(text, end)
                or pat.currency_after_re.match(text, end)
                or pat.and_a_half.match(text, end)
            ):
                return None
        if not word:
            nxt = text[end : end + 2]
            if nxt[:1] == "+" and nxt[1:2].isdigit():
                return None  # a name such as 17+1
            if nxt[:1].isdigit() and self.lex.group not in text[start:end]:
                return None
        left = text[max(0, start - 60) : start]
        prefix = self.pat.prefix_end.search(left)
        if prefix and start - len(prefix.group()) >= floor:
            return self._money_prefixed(start - len(prefix.group()), start, end)
        return self._after_number(start, end, word)

    def _currency_after(
        self, pos: int, *, context: bool = True
    ) -> tuple[str, float, int, tuple[str, ...]] | None:
        """The currency written at pos after a number: ISO code, factor, end, and the other
        currencies a sub-unit may divide ('cents': USD, EUR...); None if there is none."""
        m = self.lex.currency_after_re.match(self.text, pos)
        if not m:
            return None
        surface = m.group().lstrip(" -\t\n")
        if surface.endswith("$") and self.text[m.end() : m.end() + 1].isdigit():
            return None  # '5 $10': the sign belongs to the next amount
        found = self.lex.money_of(surface)
        if found is None:
            return None
        shared = self.lex.minor_codes.get(surface.casefold(), ())
        last = next((q.unit for q in reversed(self.found) if q.unit in shared), None)
        # 'cents' after amounts in euros are euro cents.
        code = last if context and last else found[0]
        return code, found[1], m.end(), shared

    def _money_after(
        self, start: int, pos: int, value: float, value_max: float | None, factor: float
    ) -> Quantity | None:
        """Money with its currency after the number (and scale): '75 USD million', '50 cents'."""
        text = self.text
        cur = self._currency_after(pos)
        if cur is None:
            return None
        code, per, end, _ = cur
        if factor == 1.0:
            scale = self.lex.scale_re.match(text, end)
            if scale and not self._currency_after(end):
                factor = self.lex.scale_of(scale.group())  # '75 USD million'
                end = scale.end()
        value, value_max = (
            value * factor * per,
            None if value_max is None else value_max * factor * per,
        )
        if factor == 1.0 and per == 1.0 and value_max is None:
            value, end = self._two_part(value, code, end, after=True)
        return self._make(start, end, value, value_max, code)

    def _two_part(self, value: float, code: str, end: int, *, after: bool) -> tuple[float, int]:
        """'3 dollars 50 cents', 'thirteen dollars and forty-five', '$20 and 43c': one amount."""
        if value != int(value):
            return value, end
        text = self.text
        m = self.pat.two_part.match(text, end)
        if not m:
            return value, end
        part = self.lex.parse_number(m.group("n"))
        digits = minor_digits(code)
        if part is None or not digits or part >= 10**digits or part != int(part):
            return value, end
        cur = self._currency_after(m.end(), context=False)
        if cur is not None:
            minor_code, per, minor_end, shared = cur
            if code not in (minor_code, *shared) or per == 1.0:
                return value, end  # '5 dollars and 20 euros': two amounts
            return value + part * per, minor_end
        # A bare second part only where the clause ends: '15 dollars 50.', '17 USD 25 more'.
        if (after or m.group("and")) and re.match(
            r"\s*(?:[.,;!?)]|$|(?:more|and|but|or)\b)", text[m.end() : m.end() + 6]
        ):
            return value + part / 10**digits, m.end()
        return value, end

    def _after_number(self, start: int, end: int, word: bool) -> Quantity | None:
        """Read the unit that follows a bare number: percent, scale+currency, times, noun."""
        text = self.text
        lex = self.lex
        value = lex.parse_number(text[start:end])
        if value is None:
            return None
        value_max, range_end = self._range(end, currency=False)
        if value_max is not None and _YEAR_LIKE.fullmatch(text[start:end]) and value_max < value:
            # 'from 21 percent in 2014 to 9.5 percent': a year, then the next figure.
            value_max, range_end = None, end
        pos = range_end if value_max is not None else end
        half = lex.and_a_half.match(text, pos) if value_max is None else None
        if half and (
            lex.scale_re.match(text, half.end())
            or lex.percent_re.match(text, half.end())
            or self._currency_after(half.end())
        ):
            # 'five and a half million', 'two and a half percent'; a number word that is its own
            # scale takes half of itself: 'milijardu i po' is one and a half billion.
            big = word and value >= 100 and not re.search(r"\s", text[start:end])
            value, pos = (value * 1.5 if big else value + 0.5), half.end()
        percent = lex.percent_re.match(text, pos)
        if percent:
            return self._make(start, percent.end(), value, value_max, "percent")
        scale = lex.scale_re.match(text, pos)
        if scale and not (len(scale.group().strip()) == 1 and word):
            factor = lex.scale_of(scale.group())
            scale_end = scale.end()
            half = lex.and_a_half.match(text, scale_end)
            if half and value_max is None:
                value, scale_end = value + 0.5, half.end()  # '3 million and a half'
            money = self._money_after(start, scale_end, value, value_max, factor)
            if money is not None:
                return money
            return self._scaled_count(start, scale_end, value * factor, value_max, factor, scale)
        money = self._money_after(start, pos, value, value_max, 1.0)
        if money is not None:
            return money
        times = lex.times_re.match(text, pos)
        if times and (not lex.times_need_comparison or _TIMES_NEXT.match(text, times.end())):
            q = self._make(start, times.end(), value, value_max, "times", measure="multiple")
            base = _TIMES_BASE_RE.match(text, times.end())
            q.base_year = base.group(1) if base else None
            return q
        if times and _TIMES_FREQ_RE.match(text, times.end()):
            # 'five times a week': how often, a count of occasions rather than a multiple.
            q = self._make(start, times.end(), value, value_max, "count")
            q.noun = "times"
            return q
        length = _LENGTH_RE.match(text, pos)
        if length:
            unit = "ha" if length.group("u").casefold().startswith(("h",)) else "km"
            return self._make(start, length.end(), value, value_max, unit)
        return self._count(start, end, pos, value, value_max, word)

    def _scaled_count(
        self,
        start: int,
        end: int,
        value: float,
        value_max: float | None,
        factor: float,
        scale: re.Match[str],
    ) -> Quantity | None:
        """'1.2 million tourists', '1 crore boxes': a scaled number counting a noun."""
        text = self.text
        if _MEASURE_RE.match(text, end):
            return None  # '2.4 billion cubic metres': a physical measure, not a count
        noun, _ = _counted_noun(text, end)
        if noun and noun.split()[-1].casefold() not in _TIME_NOUNS:
            vmax = value_max * factor if value_max is not None else None
            q = self._make(start, end, value, vmax, "count")
            q.noun = noun
            return q
        if len(scale.group().strip()) > 1:
            vmax = value_max * factor if value_max is not None else None
            self.unitless.append(self._make(start, end, value, vmax, ""))
        return None

    def _carry_units(self) -> None:
        """'3,7 milijardi, a SAD 1,2 milijarde evra': a scaled amount without a unit takes the
        currency of the nearest amount of its paragraph; one with none nearby is unread."""
        text = self.text
        money = [q for q in self.found if q.unit.isupper() and len(q.unit) == 3]
        for q in self.unitless:
            near = [
                m
                for m in money
                if abs(m.start - q.start) <= _CARRY_REACH
                and "\n\n" not in text[min(m.end, q.end) : max(m.start, q.start)]
            ]
            if not near:
                self.unread.append(Unread(q.start, q.end, "a scale without a unit"))
                continue
            q.unit = min(near, key=lambda m: abs(m.start - q.start)).unit
            self.found.append(q)
        self.found.sort(key=lambda q: q.start)

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
        grouped = (self.lex.group in raw or " " in raw.strip()) and value_max is None
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
            partitive_of = self.pat.partitive_of.match(text, pos)
            if partitive_of:
                noun, noun_end = _counted_noun(text, partitive_of.end())
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
        sep = self.lex.range_sep.match(text, end)
        if not sep and self.lex.between_left.search(
            text[max(0, end - 40) : end].rstrip("0123456789.,")
        ):
            sep = self.lex.and_sep.match(text, end)
        if not sep:
            return None, end
        pos = sep.end()
        if currency:
            cur = self.pat.range_currency.match(text, pos)
            if cur:
                pos = cur.end()
        num = self.pat.any_num.match(text, pos)
        if not num or _YEAR_LIKE.fullmatch(num.group()):
            return None, end
        upper = self.lex.parse_number(num.group())
        return (upper, num.end()) if upper is not None else (None, end)

    def _money_prefixed(self, start: int, num_start: int, num_end: int) -> Quantity | None:
        """Money written with a currency before the number: '$1.5 billion', 'USD 943 million'."""
        text = self.text
        lex = self.lex
        found = lex.money_of(text[start:num_start])
        if found is None:
            return None
        unit, per = found
        value = lex.parse_digits(text[num_start:num_end])
        if value is None:
            return None
        nxt = text[num_end : num_end + 2]
        if nxt[:1].isdigit() and lex.group not in text[num_start:num_end]:
            return None
        value_max, pos = self._range(num_end, currency=True)
        # '$1.5 billion in 2014 to $6 billion' is two amounts; 'to' joins only bare numbers.
        if value_max is not None and re.match(r"\s*to\s*\D", text[num_end:pos], re.I):
            value_max, pos = None, num_end
        end = pos if value_max is not None else num_end
        scale = lex.scale_re.match(text, end)
        factor = per
        if scale:
            factor *= lex.scale_of(scale.group())
            end = scale.end()
            if value_max is None:
                # '$1bn–$2bn', 'between €90 million and €120 million': both ends carry a scale.
                sep = _DASH_SEP.match(text, end)
                if not sep and self.lex.between_left.search(text[max(0, start - 12) : start + 1]):
                    sep = self.lex.and_sep.match(text, end)
                m = self.pat.upper_end.match(text, sep.end()) if sep else None
                if m:
                    upper = lex.parse_digits(m.group(1))
                    scale2 = lex.scale_re.match(text, m.end())
                    if upper is not None and scale2:
                        value_max = (
                            upper * lex.scale_of(scale2.group()) / lex.scale_of(scale.group())
                        )
                        end = scale2.end()
        elif text[end : end + 1].isalpha():
            return None
        vmax = value_max * factor if value_max is not None else None
        value *= factor
        if factor == 1.0 and vmax is None:
            value, end = self._two_part(value, unit, end, after=False)
        return self._make(start, end, value, vmax, unit)

    def _multiple_word(self, m: re.Match[str]) -> Quantity | None:
        """'doubled', 'twice', 'tripled': a multiple stated without digits."""
        word = m.group().casefold()
        text = self.text
        # 'double taxation' or 'twice a year' is not a multiple.
        if word in ("double", "triple", "twice") and not re.match(
            r"\s+(?:the|as|that|its|their|what|over|in|since|from)\b", text[m.end() : m.end() + 8]
        ):
            return None
        q = self._make(
            m.start(), m.end(), self.lex.multiples[word], None, "times", measure="multiple"
        )
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
        lead = _FRACTION_SCALE_RE.match(text, m.end())
        scale = self.lex.scale_re.match(text, lead.end()) if lead else None
        if scale and len(scale.group().strip()) > 2:
            # 'half a million dollars', 'a quarter million', 'three quarters billion'.
            factor = self.lex.scale_of(scale.group())
            money = self._money_after(m.start(), scale.end(), value * factor, None, 1.0)
            if money is not None or low == "half" and "a" in lead.group().split():
                return money
            return self._scaled_count(m.start(), scale.end(), value * factor, None, 1.0, scale)
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
        minus = self.lex.minus_re.search(left) if unit != "count" else None
        if minus:
            # 'minus five percent': the sign is written as a word.
            start -= len(minus.group())
            value = -value
            value_max = None if value_max is None else -value_max
        return Quantity(start, end, value, unit, value_max, qualifier, measure)


_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s)\]>\"”]+(?:\s*\n[^\s/]*[/\-][^\s]*)*|doi:\s?\S+|\b10\.\d{4,}/\S+",
    re.IGNORECASE,
)


def skip_spans(text: str) -> list[tuple[int, int]]:
    """Spans where numbers are never claims: URLs, DOIs."""
    return [(m.start(), m.end()) for m in _URL_RE.finditer(text)]


def find_quantities(
    text: str, *, language: str | None = None
) -> tuple[list[Quantity], list[Unread]]:
    """Every quantity in text, in order, and the ones seen but not interpretable.

    Numbers are read in the text's language ('1.500' is 1500 in Serbian, 1.5 in English),
    detected from the text unless given.
    """
    scanner = _Scanner(text, skip_spans(text), language or detect_language(text))
    scanner.run()
    scanner._carry_units()
    return scanner.found, scanner.unread
