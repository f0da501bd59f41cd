"""Money in text: currencies before and after numbers, sub-units, two-part amounts, ranges and
currencies carried to amounts written without one; the quantity records every reader makes."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from geoledger.extract.lexicon import Lexicon, lexicon, minor_digits, symbols_of, trie_regex
from geoledger.extract.number_context import (
    CHANGE_AFTER_RE,
    TRAIL_QUALIFIER_RE,
    change_before,
    read_qualifier,
)
from geoledger.extract.numbers import DENOMINATORS
from geoledger.extract.regex_gate import first_chars

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
    note: str | None = None  # how a guess was made ('$' read as CAD from the context)

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


YEAR_LIKE = re.compile(r"(?:1[89]|20)\d\d")
_DASH_SEP = re.compile(r"\s*[-–—]\s*")
_FRACTION_WORDS = trie_regex(set(DENOMINATORS))
_FRACTION_HEADS = trie_regex(
    {"a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
)
# How far (in characters) a currency carries to an amount written without one.
_CARRY_REACH = 250
_AFTER_AMOUNT_RE = re.compile(r"[ \t]*(?:[.,;:!?)\]\n\u201d\"]|$|(?P<word>[^\W\d_]+)(?![\w-]))")
_RATE_SEP = re.compile(r"\s*=\s*")
# A clause ends: what may follow the bare second part of '$20 43' or '15 dollars and 50'.
_CLAUSE_END_RE = re.compile(r"\s*(?:[.,;!?)]|$|(?:more|and|but|or)\b)")
_SENTENCE_END_RE = re.compile(r"\s*(?:[.;!?)]|$)")
# Cents glued to the second part: '$20 and 43c', '20 dollar 43c'.
_GLUED_CENTS_RE = re.compile(r"c(?![\w])")
# The larger part of an amount written in two scales, right before the smaller part.
_SCALE_PART_LEFT_RE = re.compile(
    r"(?:(?<![\w.,])(?P<n>\d+(?:[.,]\d+)?|[^\W\d_]+)\s+)?(?P<scale>[^\W\d_]+\.?)\s+"
    r"(?P<and>[^\W\d_]+)\s+$"
)
# Money ranges: '€180 mln to €230 mln', '$5-$8'; 'rose from $5 to $8' is two amounts.
_FROM_CHANGE_RE = re.compile(
    r"(?i)\b(?:\w+ed|rose|grew|fell|went|up|down|rising|falling)\s+from\s+$"
)


@dataclass(frozen=True, slots=True)
class Patterns:
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
    name_before: re.Pattern[str] | None  # 'ringgit ' right before a number


@cache
def patterns(code: str) -> Patterns:
    """The compiled token patterns of one language."""
    lex = lexicon(code)
    digits, words = lex.digit_num, lex.word_num
    gate = "".join(re.escape(c) for c in lex.gate)
    # Each kind of token, in the order they are tried (the first that matches wins).
    kinds = [
        rf"(?P<digits>(?<![\w/.,])(?<![\w/.,\-]-)(?<!\w\+)(?<!\d:)(?:{digits}))",
        # Letters glued to a number ('USD115', 'HK$10'); a currency spaced from its number
        # ('USD 943', 'c $ 16.4') is found looking back from the number, which is cheaper.
        # Possessive: fewer letters leave a letter or '.' next, never the '$' or digit that
        # must follow, so giving letters back could only fail again.
        r"(?P<cur>(?-i:[A-Za-z.]{1,5}+)\$?)(?=\d)",
        rf"(?P<frac>(?<![\w-])(?:{_FRACTION_HEADS}[\s-]+)?(?:{_FRACTION_WORDS})(?![\w-]))",
        rf"(?P<mult>(?<![\w-])(?:{trie_regex(set(lex.multiples))})(?![\w-]))",
    ]
    if code == "en":
        # 'per cent of twenty-two' (the number after its unit) at the end of a clause.
        kinds.append(
            r"(?P<pctof>(?<![\w])(?:percents?|per\s+cent)\s+of\s+"
            rf"(?P<pnum>(?:{digits}|{words}))(?=\s*(?:[.,;!?]|$)))"
        )
        gate += "p"
    if lex.fractions:
        kinds.append(rf"(?P<nfrac>(?<![\w-])(?:{trie_regex(set(lex.fractions))})(?![\w]))")
    if code == "en" and lex.money_words:
        # 'a dollar', 'above a dollar and 42 cents': the article is the amount, where the
        # currency word ends the clause or a second part follows ('a euro zone' is no amount);
        # and before a scale word: 'a billion dollars', 'a dozen eggs'.
        scale_words = {w for w in lex.scales if len(w) > 2 and w.isalpha()}
        kinds.append(
            rf"(?P<one>(?<![\w-])an?(?=\s+(?:{trie_regex(set(lex.money_words))})"
            r"(?:\s*(?:[.,;:!?)]|$)|\s+and\s+\w)"
            rf"|\s+(?:{trie_regex(scale_words)})(?![\w])))"
        )
    kinds.append(rf"(?P<words>(?<![\w-])(?:{words})(?![\w]))")
    # Every token starts after a non-word character with a digit, a currency sign or the
    # first letter of a number word; the gate skips all other positions quickly (~1.8x).
    # Possessive for the reason given at 'cur'.
    gate_ahead = rf"(?=[{gate}]|[A-Za-z][A-Za-z.]{{0,4}}+\$?\d)"
    body = "(?:" + "|".join(_first_char_gated(kind) for kind in kinds) + ")"
    # Where every token starts with a word character, '\b' is '(?<!\w)': one test of two
    # characters instead of a nested match at every position (token scans ~1.5x faster).
    after_non_word = r"\b" if _starts_with_word(gate_ahead, body) else r"(?<!\w)"
    token = re.compile(after_non_word + gate_ahead + body, re.IGNORECASE)
    return Patterns(
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
        name_before=re.compile(lex.name_before) if lex.name_before else None,
    )


def _starts_with_word(gate_ahead: str, body: str) -> bool:
    """True when every match of body that passes gate_ahead starts with a word character: its
    first character is one body can start with and one the gate lets through."""
    body_first = first_chars(re.compile(body, re.IGNORECASE))
    gate_first = first_chars(re.compile(gate_ahead[3:-1], re.IGNORECASE))  # '(?=...)' opened
    if body_first is None or gate_first is None or r"\s" in body_first | gate_first:
        return False
    # first_chars gives characters as re.escape writes them, and '\d' for any digit.
    gate_chars = {_unescape(c).casefold() for c in gate_first if c != r"\d"}
    for member in body_first - {r"\d"}:  # a digit is a word character
        char = _unescape(member)
        if len(char) != 1 or (not _WORD_RE.match(char) and char.casefold() in gate_chars):
            return False
    return True


def _first_char_gated(kind: str) -> str:
    """kind (a token alternative) behind a lookahead on the characters it can start with.

    At a word start the engine would run each alternative's lookbehinds and branches in turn;
    a one-step gate rules most of them out (the token scan: ~40% fewer steps). An alternative
    that can start with any letter gains nothing from a gate and is left as it is."""
    chars = first_chars(re.compile(kind, re.IGNORECASE))
    if chars is None or {c.casefold() for c in chars} >= _ASCII_LETTERS:
        return kind
    return f"(?=[{''.join(sorted(chars))}]){kind}"


_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


def _unescape(member: str) -> str:
    """'\\$' -> '$': a character of first_chars as itself."""
    return member[1:] if member.startswith("\\") and len(member) == 2 else member


_WORD_RE = re.compile(r"\w")


class MoneyReader:
    """The part of a scan that reads money, ranges and qualifiers; the scanner adds the rest."""

    def __init__(self, text: str, skip: list[tuple[int, int]], language: str) -> None:
        self.text = text
        self.skip = skip
        self.pat = patterns(language)
        self.lex = self.pat.lex
        self.found: list[Quantity] = []
        self.unread: list[Unread] = []
        self.unitless: list[Quantity] = []  # scaled amounts whose unit may be carried over
        self.last_seen: dict[str, int] = {}  # unit -> where an amount in it was last read
        self.signs = symbols_of(text)  # '$' -> ('CAD', note) in an article about Canada

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
        seen = [(self.last_seen[c], c) for c in shared if c in self.last_seen]
        last = max(seen)[1] if seen else None
        # 'cents' after amounts in euros are euro cents; '$' is the document's dollar.
        code = last if context and last else found[0]
        if surface in self.signs:
            code = self.signs[surface][0]
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
        sign = self.signs.get(self.text[pos : cur[2]].strip(" -"))
        if factor == 1.0 and per == 1.0 and value_max is None:
            value, end = self._two_part(value, code, end, after=True)
        q = self._make(start, end, value, value_max, code)
        q.note = sign[1] if sign else None
        return q

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
        if digits == 2 and m.group("n")[-1:].isdigit() and _GLUED_CENTS_RE.match(text, m.end()):
            return value + part / 100, m.end() + 1
        cur = self._currency_after(m.end(), context=False)
        if cur is not None:
            minor_code, per, minor_end, shared = cur
            # '*': a sub-unit of any currency it follows that has as many ('3 CHF 4 cents').
            any_code = "*" in shared and round(1 / per) == 10**digits
            if (code not in (minor_code, *shared) and not any_code) or per == 1.0:
                return value, end  # '5 dollars and 20 euros': two amounts
            return value + part * per, minor_end
        # A bare second part only where the clause ends: '15 dollars 50.', '17 USD 25 more';
        # after a sign with no 'and', only where the sentence ends ('$20 43').
        if (after or m.group("and")) and _CLAUSE_END_RE.match(text, m.end()):
            return value + part / 10**digits, m.end()
        if _SENTENCE_END_RE.match(text, m.end()) and m.group("n").isdigit():
            return value + part / 10**digits, m.end()
        return value, end

    def _ends_clause(self, pos: int) -> bool:
        """True where nothing that could be a unit follows pos: punctuation, the end, or a
        word that is never a counted noun ('370 miliona samo za...')."""
        m = _AFTER_AMOUNT_RE.match(self.text, pos)
        if m is None:
            return False
        word = m.group("word")
        return word is None or word.casefold() in self.lex.not_nouns

    def _drop_rate_statements(self) -> None:
        """'($1 = 0.8972 euros)', '(1 denar = 0.018 U.S. dollar)': an exchange rate, no claim."""
        text = self.text
        drop: set[int] = set()
        for i in range(1, len(self.found)):
            prev, q = self.found[i - 1], self.found[i]
            if prev.unit != q.unit and _RATE_SEP.fullmatch(text[prev.end : q.start]):
                drop.update((i - 1, i))
        if drop:
            self.found = [q for i, q in enumerate(self.found) if i not in drop]

    def _carry_units(self) -> None:
        """'3,7 milijardi, a SAD 1,2 milijarde evra': a scaled amount without a unit takes the
        unit of the nearest amount of its paragraph; one with none nearby is unread."""
        text = self.text
        # Money, or a scaled count ('4,43 miliona dolazaka ... 2,19 miliona'): units that a
        # scale word can leave unsaid.
        money = [
            q
            for q in self.found
            if (q.unit.isupper() and len(q.unit) == 3) or (q.unit == "count" and q.value >= 1e5)
        ]
        starts = [m.start for m in money]
        for q in self.unitless:
            lo = bisect_left(starts, q.start - _CARRY_REACH)
            hi = bisect_right(starts, q.start + _CARRY_REACH)
            near = [
                m
                for m in money[lo:hi]
                if "\n\n" not in text[min(m.end, q.end) : max(m.start, q.start)]
            ]
            if not near or not self._ends_clause(q.end):
                # '3.36 million 20-foot units': something that may be its unit follows.
                self.unread.append(Unread(q.start, q.end, "a scale without a unit"))
                continue
            q.unit = min(near, key=lambda m: abs(m.start - q.start)).unit
            self.found.append(q)
        self.found.sort(key=lambda q: q.start)

    def _join_scale_parts(self) -> None:
        """'milijardu i 782,8 miliona KM', 'šest milijardi i 809,2 miliona': an amount written
        in a larger scale and the rest in a smaller one is one amount."""
        text = self.text
        lex = self.lex
        absorbed: list[tuple[int, int]] = []
        for q in self.found:
            if not (q.unit.isupper() and len(q.unit) == 3) or q.value_max is not None:
                continue
            m = _SCALE_PART_LEFT_RE.search(text, max(0, q.start - 40), q.start)
            if m is None or m.group("and").casefold() not in lex.joiners | {"and"}:
                continue
            scale = lex.scale_of(m.group("scale"))
            # The rest is a part of the larger scale that is itself scaled: not 'pet miliona i
            # 3 milijarde', nor 'five million and 20 dollars'.
            if scale < 1e6 or not scale / 1000 <= q.value < scale:
                continue
            number = lex.parse_number(m.group("n")) if m.group("n") else None
            if number is not None:
                if number != int(number):
                    continue  # '1,2 milijarde i 5 miliona': two amounts, not one split in two
                big, start = number * scale, m.start("n")
            elif lex.parse_number(m.group("scale")) == scale:
                big, start = scale, m.start("scale")  # 'milijardu i ...': one of the scale
            else:
                continue
            # The larger part may have been read alone ('šest milijardi', unit carried over).
            absorbed.append((start, q.start))
            q.start, q.value = start, q.value + big
        if absorbed:
            self.found = [
                o for o in self.found if not any(a <= o.start and o.end <= b for a, b in absorbed)
            ]
            self.found.sort(key=lambda q: q.start)

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
        if not num or YEAR_LIKE.fullmatch(num.group()):
            return None, end
        upper = self.lex.parse_number(num.group())
        return (upper, num.end()) if upper is not None else (None, end)

    def _money_prefixed(self, start: int, num_start: int, num_end: int) -> Quantity | None:
        """Money written with a currency before the number: '$1.5 billion', 'USD 943 million'."""
        text = self.text
        lex = self.lex
        written = text[start:num_start].rstrip("-\u2212")  # '$-99.99': the minus is read apart
        found = lex.money_of(written)
        if found is None:
            return None
        unit, per = found
        sign = self.signs.get(written.strip())
        if sign:
            unit = sign[0]
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
        scale = lex.money_scale_re.match(text, end)
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
        q = self._make(start, end, value, vmax, unit)
        q.note = sign[1] if sign else None
        return q

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
        left = text[max(0, start - 40) : start]
        qualifier, _ = read_qualifier(left)
        if qualifier == "exact" and TRAIL_QUALIFIER_RE.match(text, end):
            qualifier = "at_least"
        signed = left[-1:] in ("+", "−") and not left[-2:-1].isalnum()
        if measure == "level" and (
            signed or CHANGE_AFTER_RE.match(text, end) or change_before(left)
        ):
            measure = "change"
        # 'minus ', 'negative ': the words are short, so is the window searched for them.
        minus = (
            self.lex.minus_re.search(text, max(0, start - 24), start) if unit != "count" else None
        )
        if minus:
            # 'minus five percent': the sign is written as a word.
            start -= len(minus.group())
            value = -value
            value_max = None if value_max is None else -value_max
        return Quantity(start, end, value, unit, value_max, qualifier, measure)
