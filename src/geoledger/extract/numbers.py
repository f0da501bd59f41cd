"""Number words, scale words, fractions and digit strings turned into floats."""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string (lexicons stay compact)."""
    return frozenset(text.split())


UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "thousand": 1e3, "k": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6, "mio": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9,
    "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
# Denominators of fractions written in words: two-thirds, a fifth, three quarters.
DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}  # fmt: skip
# Verbs and adverbs that state a multiple without a digit.
MULTIPLE_WORDS = {
    "doubled": 2.0, "doubling": 2.0, "double": 2.0, "twice": 2.0, "tripled": 3.0,
    "tripling": 3.0, "triple": 3.0, "trebled": 3.0, "thrice": 3.0, "quadrupled": 4.0,
    "quadrupling": 4.0, "fivefold": 5.0, "tenfold": 10.0, "threefold": 3.0,
    "twofold": 2.0, "fourfold": 4.0, "halved": 0.5,
}  # fmt: skip

_WORD_ALT = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
# A number in words: 'sixty', 'twenty-five', 'one hundred', 'two hundred and fifty'.
NUMBER_WORDS_RE = (
    rf"(?:(?:{_WORD_ALT})(?:[\s-]+hundred(?:\s+(?:and\s+)?(?:{_WORD_ALT})(?:-(?:{_WORD_ALT}))?)?)?"
    rf"(?:-(?:{_WORD_ALT}))?|a\s+hundred|hundred)"
)
_DIGITS_RE = re.compile(r"^\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


def parse_digits(text: str) -> float | None:
    """'1,234.5' -> 1234.5, '268 572' -> 268572.0, '1.5' -> 1.5; None if not a plain number."""
    text = text.strip()
    if not _DIGITS_RE.match(text):
        # European style with a decimal comma: '1,5' (one digit group shorter than three).
        m = re.fullmatch(r"(\d+),(\d{1,2})", text)
        return float(f"{m.group(1)}.{m.group(2)}") if m else None
    return float(re.sub(r"[,\u202f\u00a0 ]", "", text))


def parse_words(text: str) -> float | None:
    """'sixty' -> 60, 'twenty-five' -> 25, 'two hundred and fifty' -> 250; None otherwise."""
    words = [w for w in re.split(r"[\s-]+", text.casefold()) if w and w != "and"]
    if not words:
        return None
    total, current = 0.0, 0.0
    for word in words:
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "a":
            current += 1
        elif word in ("thousand",):
            total += (current or 1) * 1000
            current = 0
        else:
            return None
    return total + current


def parse_number(text: str) -> float | None:
    """A number written with digits or in words."""
    value = parse_digits(text)
    return value if value is not None else parse_words(text)


def parse_fraction(text: str) -> float | None:
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


def scale_of(word: str | None) -> float:
    """The multiplier of a scale word ('billion' -> 1e9); 1 when there is none."""
    if not word:
        return 1.0
    return SCALES.get(word.casefold().rstrip("."), 1.0)
