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
