"""Fractions and multiples written in words (English); number words live in extract/lang."""

from __future__ import annotations

import re
from collections.abc import Callable


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string (lexicons stay compact)."""
    return frozenset(text.split())


# Denominators of fractions written in words: two-thirds, a fifth, three quarters.
DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}  # fmt: skip
# Ordinals that name a denominator on their own ('hundredths', 'a twentieth'); the units
# ('fifth', 'first') do so alone only where DENOMINATORS lists them, and after a tens word.
_ORDINAL_UNITS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
}
_ORDINAL_DENOMINATORS = {
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1e3,
    "millionth": 1e6,
    "billionth": 1e9,
    "trillionth": 1e12,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip


def denominator_of(word: str) -> float | None:
    """The denominator a word names: 'fifths' -> 5, 'hundredths' -> 100, 'twenty-firsts' -> 21;
    None for any other word ('seconds' alone is time, 'firsts' alone no fraction)."""
    w = word.casefold()
    if w in DENOMINATORS:
        return DENOMINATORS[w]
    stem = w[:-1] if w.endswith("s") else w
    if stem in _ORDINAL_DENOMINATORS:
        return _ORDINAL_DENOMINATORS[stem]
    tens, dash, unit = stem.partition("-")
    if dash and tens in TENS and unit in _ORDINAL_UNITS:
        return TENS[tens] + _ORDINAL_UNITS[unit]
    return None


def unit_ordinal(word: str) -> int | None:
    """'fifths' -> 5, 'firsts' -> 1: a unit ordinal, which after a tens word ends a compound
    denominator ('twenty fifths' of 'three twenty fifths' is 25)."""
    w = word.casefold()
    return _ORDINAL_UNITS.get(w[:-1] if w.endswith("s") else w)


def fraction_of_words(
    numerator_words: list[str], denominator_word: str, parse_words: Callable[[str], float | None]
) -> float | None:
    """'one hundred thirty' + 'fifths' -> 100/35; 'twenty' + 'fifths' -> 20/5: where a tens
    word ends a longer numerator it joins the unit ordinal after it, as 'three twenty firsts'
    is 3/21, but 'twenty fifths' is 4 (Recognizers-Text reads them so); None where the words
    are no number."""
    words = [w for w in numerator_words if w]
    lowered = [w.casefold() for w in words]
    if "and" in lowered[1:-1]:
        # 'one hundred and three quarters' is 100 3/4, but 'one hundred and thirty fifths' is
        # 130/5: a proper fraction after the last 'and' is the part after a whole number.
        cut = len(lowered) - 1 - lowered[::-1].index("and")
        part = fraction_of_words(words[cut + 1 :], denominator_word, parse_words)
        whole = parse_words(" ".join(words[:cut]))
        if part is not None and part < 1 and whole is not None:
            return whole + part
    denominator = denominator_of(denominator_word)
    unit = unit_ordinal(denominator_word)
    if len(words) >= 2 and unit is not None and lowered[-1] in TENS and lowered[-2] != "and":
        denominator = TENS[lowered[-1]] + unit
        words = words[:-1]
    if denominator is None or not words:
        return None
    one = [w.casefold() for w in words] in (["a"], ["an"])
    numerator = 1.0 if one else parse_words(" ".join(words))
    return None if numerator is None else numerator / denominator


# Verbs and adverbs that state a multiple without a digit.
MULTIPLE_WORDS = {
    "doubled": 2.0, "doubling": 2.0, "double": 2.0, "twice": 2.0, "tripled": 3.0,
    "tripling": 3.0, "triple": 3.0, "trebled": 3.0, "thrice": 3.0, "quadrupled": 4.0,
    "quadrupling": 4.0, "fivefold": 5.0, "tenfold": 10.0, "threefold": 3.0,
    "twofold": 2.0, "fourfold": 4.0, "halved": 0.5,
}  # fmt: skip


def parse_fraction(text: str, parse_words: Callable[[str], float | None]) -> float | None:
    """'two-thirds' -> 0.667, 'a fifth' -> 0.2, 'half' -> 0.5, 'three quarters' -> 0.75."""
    words = [w for w in re.split(r"[\s-]+", text.casefold()) if w]
    if not words or words[-1] not in DENOMINATORS:
        return None
    denominator = DENOMINATORS[words[-1]]
    head = words[:-1]
    if not head or head == ["a"] or head == ["one"]:
        numerator = 1.0
    else:
        parsed = parse_words(" ".join(head))
        if parsed is None:
            return None
        numerator = parsed
    return numerator / denominator
