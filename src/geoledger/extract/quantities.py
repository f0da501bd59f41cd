"""Find stated quantities (money, percentages, counts, multiples, fractions, lengths) in text."""

from __future__ import annotations

import re

from geoledger.extract.caseless import lowered_pattern, lowered_text
from geoledger.extract.lexicon import detect_language
from geoledger.extract.money import YEAR_LIKE, MoneyReader, Quantity, Unread
from geoledger.extract.number_context import (
    ALLOWED_AFTER_THE,
    BLOCKING_LEFT,
    DETERMINER_LEFT,
    FAMILIAR_COUNT_RE,
    MEASURE_RE,
    NUMBER_OF_RE,
    PARTITIVE_RE,
    QUALIFIER_RE,
    TIME_NOUNS,
    TRAIL_QUALIFIER_RE,
    counted_noun,
    is_plural_noun,
)
from geoledger.extract.numbers import (
    denominator_of,
    fraction_of_words,
    parse_fraction,
    unit_ordinal,
)
from geoledger.extract.table_scale import apply_table_scales

__all__ = ["Quantity", "Unread", "find_quantities", "skip_spans"]

_LENGTH_RE = re.compile(
    r"(?:\s?-\s?|\s)?(?:(?P<km>km|kilomet(?:re|er)s?)|(?P<ha>hectares?|ha))(?![\w])", re.IGNORECASE
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
# A fraction of a scale: 'half million', 'a quarter million', 'three quarters billion',
# 'a quarter of a billion'.
_FRACTION_SCALE_RE = re.compile(r"\s+(?:(?:of\s+)?an?\s+)?(?=\w)", re.IGNORECASE)
# After a scaled number: a code that ISO 4217 does not have ('5 million XYZ', not '3 million
# UAV drones'), or a crypto-currency.
_UNKNOWN_MONEY_RE = re.compile(
    r"\s+((?-i:[A-Z]{3}(?!\w)(?!\s+[a-z]{2,}s\b))|(?:bitcoins?|btc|ethers?|eth|tethers?|usdt)(?!\w))",
    re.IGNORECASE,
)
_MINUS_SIGNS = ("-", "\u2212")
_CLOSERS = frozenset('.,;:)]}!?"”’')
_PREFIX_REACH = 10
_LAST_WORD_REACH = 24
_LAST_WORD_RE = re.compile(r"([^\W\d_]+)\s?$")
# A sign glued to what precedes it is a hyphen or a range dash: 'COVID-19', '2010-15'.
_SIGN_GLUED_RE = re.compile(r"[\w/.,\-\u2212][-\u2212]$")
_NEXT_WORD_RE = re.compile(r"[ \t]+([^\W\d_]{3,})(?![\w])")
_NEXT_ORDINAL_RE = re.compile(r"[ \t]*-?[ \t]*([a-z]{4,}(?:-[a-z]{4,})?)(?![\w-])", re.IGNORECASE)
_AND_BEFORE_RE = re.compile(r"\s+and\s+$")
_SPELLED_DECIMAL_RE = re.compile(r"(?<![\w])(?:point|nought|zero)\s+$", re.IGNORECASE)
_WORD_START_RE = re.compile(r"(?<![\w-])[\w-]")
# The inline patterns of _count, compiled once (re's own cache costs a lookup per call).
_CAPITAL_WORD_END_RE = re.compile(r"[A-Z][a-z]{2,9}\.?\s+$")
_MONTH_START_RE = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_GLUED_FOOTNOTE_RE = re.compile(r"\d{1,3}(?![\d,.])")
_SENTENCE_BREAK_RE = re.compile(r"[.;!?]\s+(?=[A-Z])")
_NUMBERED_RE = re.compile(
    r"\b(?P<np>[a-z]{3,}s)\s+(?:numbered|totall?ed|totall?ing)\s+(?:\w+\s+)?$"
)
_LOWER_WORD_NEXT_RE = re.compile(r"\s+[a-z]")
_RANGE_NEXT_RE = re.compile(r"\s*[-–/:]\s*\d")
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


class _Scanner(MoneyReader):
    """One pass over a text: tokens left to right, each read by the first rule that fits."""

    def run(self, low: str | None = None) -> None:
        """Read every token not inside a skipped span (URLs, names with digits); low is
        lowered_text(self.text), where the case-blind token scan runs case-sensitively."""
        consumed = -1
        skip_i = 0
        token = lowered_pattern(self.pat.token) if low is not None else None
        matches = token.finditer(low) if token is not None else self.pat.token.finditer(self.text)
        for m in matches:
            if m.start() < consumed:
                continue
            while skip_i < len(self.skip) and self.skip[skip_i][1] <= m.start():
                skip_i += 1
            if skip_i < len(self.skip) and self.skip[skip_i][0] <= m.start():
                continue
            pending = len(self.unitless)
            q = self._read(m, consumed)
            if q is None and len(self.unitless) > pending:
                consumed = self.unitless[-1].end  # '700 i 750 miliona': one amount, unit to come
            if q is not None:
                if self.found and self._merge_range(self.found[-1], q):
                    consumed = self.found[-1].end
                    continue
                if self.found and q.qualifier == "exact":
                    _share_qualifier(self.found[-1], q, self.text)
                self.found.append(q)
                self.last_seen[q.unit] = q.start
                consumed = q.end

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
        if kind == "one":
            if self.lex.scale_re.match(self.text, m.end()):
                # 'a billion dollars', 'a dozen eggs': the article is one of the scale.
                return self._after_number(m.start(), m.end(), True)
            return self._money_after(m.start(), m.end(), 1.0, None, 1.0)
        if kind == "nfrac":
            value = self.lex.fractions[self.text[m.start() : m.end()].casefold()]
            return self._make(m.start(), m.end(), value, None, "fraction")
        if kind == "pctof":
            value = self.lex.parse_number(self.text[m.start("pnum") : m.end("pnum")])
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
                or (pat.ratio_sep is not None and pat.ratio_sep.match(text, end))
            ):
                return None
        if not word:
            nxt = text[end : end + 2]
            if nxt[:1] == "+" and nxt[1:2].isdigit():
                return None  # a name such as 17+1
            if nxt[:1].isdigit() and self.lex.group not in text[start:end]:
                return None
        left = text[max(0, start - 60) : start]
        sign = left[-1:]
        if not word and sign in _MINUS_SIGNS and not _SIGN_GLUED_RE.search(left):
            # '−5%', '$-99.99': a negative amount or share. A hyphen alone before a number is a
            # dash as often as a minus ('Iron and steel -17,7 million eur'): the number as written.
            q = self._read_unsigned(left[:-1], start, end, word, floor, sign=1)
            if (
                q is not None
                and (q.unit == "percent" or (q.unit.isupper() and len(q.unit) == 3))
                and (sign != "-" or q.start < start - 1)
            ):
                q.value, q.value_max = -q.value, None if q.value_max is None else -q.value_max
                q.start = min(q.start, start - 1)
                return q
        return self._read_unsigned(left, start, end, word, floor)

    def _read_unsigned(
        self, left: str, start: int, end: int, word: bool, floor: int, *, sign: int = 0
    ) -> Quantity | None:
        """The number at start..end with a currency before it (in left, which ends sign
        characters before start) or a unit after it."""
        # A sign or code before a number is at most a few characters long ('u.s. $', 'MMUSD'):
        # searching only those is ~5x cheaper than searching the whole left context.
        stop = start - sign
        prefix = self.pat.prefix_end.search(self.text, max(0, stop - _PREFIX_REACH), stop)
        if prefix and stop - len(prefix.group()) >= floor:
            return self._money_prefixed(start - sign - len(prefix.group()), start, end)
        if not word and self.pat.name_before is not None and not sign:
            named = self._named_before(left, start, end, floor)
            if named is not None:
                return named
        return self._after_number(start, end, word)

    def _named_before(self, left: str, start: int, end: int, floor: int) -> Quantity | None:
        """'dollar 22.5 million', 'ringgit 42': a currency name before a number; not a year
        ('Euro 2024'), a percentage or a number counting a noun ('the dollar 10 years ago')."""
        assert self.pat.name_before is not None
        # Most numbers follow a word that ends no currency name: one set lookup rules them out.
        word = _LAST_WORD_RE.search(left, max(0, len(left) - _LAST_WORD_REACH))
        if word is None or word.group(1).casefold() not in self.lex.name_ends:
            return None
        name = self.pat.name_before.search(left)
        if name is None or start - len(name.group()) < floor:
            return None
        text = self.text
        if YEAR_LIKE.fullmatch(text[start:end]) or self.lex.percent_re.match(text, end):
            return None
        q = self._money_prefixed(start - len(name.group()), start, end)
        if (
            q is None
            or self._noun(q.end)[0]
            or TIME_NOUNS.intersection(text[q.end : q.end + 12].casefold().split()[:1])
        ):
            return None
        return q

    def _after_number(self, start: int, end: int, word: bool) -> Quantity | None:
        """Read the unit that follows a bare number: percent, scale+currency, times, noun."""
        text = self.text
        lex = self.lex
        value = lex.parse_number(text[start:end])
        if value is None:
            return None
        if lex.ratio_sep is not None and text[end : end + 1] == " ":
            ratio = self._ratio(start, end, value)
            if ratio is not None:
                return ratio
        if text[end : end + 1] in _CLOSERS and end < len(text):
            # '(2020):', '25.', '2024,': no range, percent, scale, currency or unit starts with
            # these, so only the count's left-context rules can still read the number.
            return self._count(start, end, end, value, None, word)
        value_max, range_end = self._range(end, currency=False)
        if value_max is not None and YEAR_LIKE.fullmatch(text[start:end]) and value_max < value:
            # 'from 21 percent in 2014 to 9.5 percent': a year, then the next figure.
            value_max, range_end = None, end
        pos = range_end if value_max is not None else end
        half = lex.and_a_half.match(text, pos) if value_max is None else None
        if half and (
            lex.scale_re.match(text, half.end())
            or lex.percent_re.match(text, half.end())
            or self._currency_after(half.end())
            or (lex.any_noun and self._noun(half.end())[0])
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
        length = (lex.length_re or _LENGTH_RE).match(text, pos)
        if length:
            unit = "ha" if length.group("ha") else "km"
            return self._make(start, length.end(), value, value_max, unit)
        return self._count(start, end, pos, value, value_max, word)

    def _ratio(self, start: int, end: int, value: float) -> Quantity | None:
        """'one in three Serbians', 'nine out of ten firms': a share written as a ratio of two
        whole numbers, the first no larger than the second. 'in' also starts places and years
        ('5 in 2020', '47 in 190 economies' of a ranking), so after it only a small first number
        and a second that is no year or amount count."""
        text, lex = self.text, self.lex
        assert lex.ratio_sep is not None
        sep = lex.ratio_sep.match(text, end)
        if sep is None:
            return None
        total_m = self.pat.any_num.match(text, sep.end())
        if total_m is None or YEAR_LIKE.fullmatch(total_m.group()):
            return None
        total = lex.parse_number(total_m.group())
        if (
            total is None
            or not 0 < value <= total
            or value != int(value)
            or total != int(total)
            or total < 2
            or (sep.group("sep").casefold() == "in" and value > 20)
        ):
            return None
        after = total_m.end()
        if (
            lex.percent_re.match(text, after)
            or lex.scale_re.match(text, after)
            or self._currency_after(after)
            or self._measure(after)
        ):
            return None
        next_word = _NEXT_WORD_RE.match(text, after)
        if next_word and next_word.group(1).casefold().rstrip("s") in lex.multipliers:
            return None  # 'two out of five hundreds': the total goes on
        noun, _ = self._noun(after)
        if noun and noun.split()[-1].casefold() in TIME_NOUNS:
            return None  # 'one in ten years': how often
        q = self._make(start, after, value / total, None, "fraction")
        q.noun = noun
        return q

    def _denominator_after(
        self, start: int, end: int, value: float
    ) -> tuple[float | None, int] | None:
        """Where the word after a number names a denominator ('twenty-three fifths', 'a hundred
        trillionths'), the fraction's value and end (value None where the words make none);
        None where no denominator follows, so the number is read as it stands."""
        word = _NEXT_ORDINAL_RE.match(self.text, end)
        if word is None:
            return None
        w = word.group(1)
        if denominator_of(w) is None and unit_ordinal(w) is None:
            return None
        fraction = fraction_of_words(
            self.text[start:end].replace("-", " ").split(), w, self.lex.parse_number
        )
        denominator = denominator_of(w)
        if fraction is None and denominator is not None:
            fraction = value / denominator  # 'a hundred trillionths': the number as read
        return fraction, word.end()

    def _fraction_phrase(self, start: int, value: float | None, end: int) -> Quantity | None:
        """A fraction read from a number and the denominator after it, with the whole number
        before it where there is one: 'one hundred and three and two thirds' is 103.67."""
        if value is None:
            return None  # the words make no fraction: better nothing than a wrong count
        start, value = self._with_whole_part(start, value)
        return self._make(start, end, value, None, "fraction")

    def _with_whole_part(self, start: int, value: float) -> tuple[int, float]:
        """'twenty and three fifths', 'six million and two thirds': the whole number joined to
        the fraction at start by 'and' (the start and value of the two), else both as given."""
        text = self.text
        left = text[max(0, start - 80) : start]
        joined = _AND_BEFORE_RE.search(left)
        if joined is None:
            return start, value
        whole_end = start - len(left) + joined.start()
        words = list(_WORD_START_RE.finditer(text, max(0, whole_end - 60), whole_end))
        for w in words:  # the longest run of words before 'and' that is one number
            number = self.pat.any_num.match(text, w.start(), whole_end)
            if number is None:
                continue
            scale = self.lex.scale_re.fullmatch(text, number.end(), whole_end)
            if number.end() != whole_end and scale is None:
                continue
            whole = self.lex.parse_number(number.group())
            if whole is None or (self.found and self.found[-1].end > w.start()):
                break
            # 'five billion and three quarters' is 5.75 billion: the scale takes both parts.
            factor = self.lex.scale_of(scale.group()) if scale else 1.0
            return w.start(), (whole + value) * factor
        return start, value

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
        unknown = _UNKNOWN_MONEY_RE.match(self.text, end)
        if unknown:
            # '5 million XYZ', '2 billion bitcoins': money we cannot read is an issue, never a
            # count and never another currency.
            what = unknown.group(1)
            self.unread.append(
                Unread(start, unknown.end(), f"money in an unknown currency {what!r}")
            )
            return None
        if value_max is None:
            denominator = self._denominator_after(start, end, value)
            if denominator is not None:
                return self._fraction_phrase(start, *denominator)
        if self._measure(end):
            return None  # '2.4 billion cubic metres': a physical measure, not a count
        noun, _ = self._noun(end)
        if noun and noun.split()[-1].casefold() not in TIME_NOUNS:
            vmax = value_max * factor if value_max is not None else None
            q = self._make(start, end, value, vmax, "count")
            q.noun = noun
            return q
        if len(scale.group().strip()) > 1 and factor >= 1e3:
            # A unitless 'dozen' takes no currency: '64.2 cents a dozen' is a price per dozen.
            vmax = value_max * factor if value_max is not None else None
            self.unitless.append(self._make(start, end, value, vmax, ""))
        return None

    def _measure(self, pos: int) -> bool:
        """True where a physical measure follows: '2.4 billion cubic metres', '1.000 kubnih'."""
        lex_measure = self.lex.measure_re
        return bool(
            MEASURE_RE.match(self.text, pos) or (lex_measure and lex_measure.match(self.text, pos))
        )

    def _noun(self, pos: int) -> tuple[str | None, int]:
        """What a number counts, from pos: an English plural noun phrase, or in a language
        that puts the noun right after the number ('54 zemlje'), the next word."""
        if not self.lex.any_noun:
            return counted_noun(self.text, pos)
        m = _NEXT_WORD_RE.match(self.text, pos)
        if not m or m.group(1)[:1].isupper() or m.group(1).casefold() in self.lex.not_nouns:
            return None, pos
        if self.lex.money_of(m.group(1)) or self.lex.scale_of(m.group(1)) != 1.0:
            return None, pos
        return m.group(1), m.end()

    def _count(
        self, start: int, end: int, pos: int, value: float, value_max: float | None, word: bool
    ) -> Quantity | None:
        """A count: a number followed by what it counts, or inferred from 'the number of X'."""
        text = self.text
        raw = text[start:end]
        if not word and YEAR_LIKE.fullmatch(raw):
            return None  # a year, not a count
        if value_max is None:
            denominator = self._denominator_after(start, end, value)
            if denominator is not None:
                return self._fraction_phrase(start, *denominator)
        if text[pos : pos + 1] == "-":
            return None  # a compound adjective such as '6-day' or '10-year'
        left = text[max(0, start - 160) : start]
        if word and _SPELLED_DECIMAL_RE.search(left[-12:]):
            return None  # 'nought point nought three': the digits of a spelled decimal
        line_start = left.rstrip(" \t")
        if text[end : end + 2] in ("  ", " \t", "\t ", "\t\t") and (
            not line_start or line_start.endswith("\n")
        ):
            return None  # a footnote's number at the start of its line
        blocked = bool(BLOCKING_LEFT.search(left[-30:])) and not ALLOWED_AFTER_THE.search(
            left[-40:]
        )
        if blocked and not DETERMINER_LEFT.search(left[-30:]):
            return None
        if _CAPITAL_WORD_END_RE.search(left[-12:]) and _MONTH_START_RE.match(
            left.split()[-1] if left.split() else ""
        ):
            return None  # a day of a date: 'May 8'
        if value == int(value) and value < 2 and not word:
            return None
        surface_end = pos if value_max is not None or self.lex.and_a_half.match(text, end) else end
        grouped = (self.lex.group in raw or " " in raw.strip()) and value_max is None
        if grouped:
            # '7,20015 Chinese nationals': footnote 15 glued to 7,200; the noun comes after it.
            glued = _GLUED_FOOTNOTE_RE.match(text[pos : pos + 4])
            if glued:
                pos += glued.end()
        # 'the 14 agreements' counts; 'the 2010 level' or 'the 1990s' does not.
        noun, noun_end = self._noun(pos)
        partitive_of = None
        if noun is None and not word:
            # '61 of the 73 contracts': the first number counts what the second does.
            partitive_of = self.pat.partitive_of.match(text, pos)
            if partitive_of:
                noun, noun_end = self._noun(partitive_of.end())
        if noun and noun.split()[-1].casefold() in TIME_NOUNS:
            return None
        if self._measure(pos):
            # '2.4 billion cubic metres', 'per 1,000 cubic metres', '1.9 million tonnes': physical
            # measures, which the claim units (money, shares, counts, km, ha) do not cover.
            return None
        if blocked and not (noun and (not word or FAMILIAR_COUNT_RE.search(noun))):
            return None  # 'the two countries', 'the five leading categories': a reference
        if noun:
            q = self._make(start, surface_end, value, value_max, "count")
            q.noun = noun
            if q.qualifier == "exact" and TRAIL_QUALIFIER_RE.match(text, noun_end):
                q.qualifier = "at_least"
            return q
        if blocked:
            return None
        sentence_left = _SENTENCE_BREAK_RE.split(left)[-1]
        number_of = NUMBER_OF_RE.search(sentence_left)
        if number_of:
            q = self._make(start, end, value, value_max, "count")
            q.noun = number_of.group("np")
            return q
        numbered = (
            _NUMBERED_RE.search(sentence_left)
            if "number" in sentence_left or "total" in sentence_left
            else None
        )
        if numbered and is_plural_noun(numbered.group("np")):
            q = self._make(start, end, value, value_max, "count")
            q.noun = numbered.group("np")
            return q
        # Its pattern ends in a comma: most left contexts are ruled out without it.
        partitive = (
            PARTITIVE_RE.search(sentence_left) if sentence_left.rstrip().endswith(",") else None
        )
        if partitive and _LOWER_WORD_NEXT_RE.match(text[end : end + 3]):
            q = self._make(start, end, value, value_max, "count")
            q.noun = partitive.group("np")
            return q
        if grouped and value >= 1000 and not _RANGE_NEXT_RE.match(text[end : end + 3]):
            # A number with thousands separators is never a year, a marker or a page:
            # 'arrivals rose to 71,406' counts what its sentence names.
            return self._make(start, end, value, value_max, "count")
        return None

    def _multiple_word(self, m: re.Match[str]) -> Quantity | None:
        """'doubled', 'twice', 'tripled': a multiple stated without digits."""
        text = self.text
        word = text[m.start() : m.end()].casefold()
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
        surface = text[m.start() : m.end()]
        low = re.sub(r"[\s-]+", " ", surface.casefold())
        value = parse_fraction(low, self.lex.parse_words)
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
            if money is not None:
                return money
            return self._scaled_count(m.start(), scale.end(), value * factor, None, 1.0, scale)
        single = len(low.split()) == 1 or low.split()[0] in ("a", "one")
        if single:
            qual = QUALIFIER_RE.search(left)
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
        start, value = self._with_whole_part(m.start(), value)
        return self._make(start, m.end(), value, None, "fraction")


_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s)\]>\"”]+(?:\s*\n[^\s/]*[/\-][^\s]*)*|doi:\s?\S+", re.IGNORECASE
)
# A bare DOI; its literal start lets the scan skip ahead ~40x faster than one alternation.
_BARE_DOI_RE = re.compile(r"10\.\d{4,}/\S+")
_URL_CUES = ("http", "www.", "doi:")


def skip_spans(text: str, low: str | None = None) -> list[tuple[int, int]]:
    """Spans where numbers are never claims: URLs, DOIs; in text order, none inside another
    (low: lowered_text(text), where the case-blind URL pattern runs case-sensitively)."""
    spans = []
    if any(cue in (low or text.lower()) for cue in _URL_CUES):
        url = lowered_pattern(_URL_RE) if low is not None else None
        found = url.finditer(low) if url is not None and low is not None else _URL_RE.finditer(text)
        spans = [(m.start(), m.end()) for m in found]
    dois = [
        (m.start(), m.end())
        for m in _BARE_DOI_RE.finditer(text)
        if not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"))
    ]
    if not dois:
        return spans
    out: list[tuple[int, int]] = []
    for span in sorted(spans + dois):
        if not out or span[0] >= out[-1][1]:
            out.append(span)
    return out


def find_quantities(
    text: str, *, language: str | None = None
) -> tuple[list[Quantity], list[Unread]]:
    """Every quantity in text, in order, and the ones seen but not interpretable.

    Numbers are read in the text's language ('1.500' is 1500 in Serbian, 1.5 in English),
    detected from the text unless given.
    """
    language = language or detect_language(text)
    low = lowered_text(text)
    scanner = _Scanner(text, skip_spans(text, low), language)
    scanner.run(low)
    scanner._carry_units()
    scanner._drop_rate_statements()
    apply_table_scales(text, scanner.found, language)
    return scanner.found, scanner.unread
