"""detect_language: a document's language (en, sr-Latn, sr-Cyrl, ru) by script and common words."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from functools import cache
from importlib import resources
from typing import Any

SAMPLE_CHARS = 8_000  # the start of a document says its language; the rest costs time
_WORD = re.compile(r"[^\W\d_]+")
_LETTERS = {
    "Cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "Latin": re.compile(r"[A-Za-z\u00c0-\u024f]"),
}


@cache
def languages() -> dict[str, Any]:
    """The language table of languages.toml (tag -> script, alphabet, common words), parsed once."""
    data = resources.files("geoledger.ingest").joinpath("languages.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


def _script(ch: str) -> str | None:
    """Latin or Cyrillic for a letter of either script, None for anything else."""
    if "\u0400" <= ch <= "\u04ff":
        return "Cyrillic"
    if ch.isascii() and ch.isalpha() or "\u00c0" <= ch <= "\u024f" and ch.isalpha():
        return "Latin"
    return None


def detect_language(text: str) -> str | None:
    """The BCP 47 tag of text's language among languages.toml, or None if none fits."""
    sample = text[:SAMPLE_CHARS]
    counts = {script: len(letters.findall(sample)) for script, letters in _LETTERS.items()}
    if not any(counts.values()):
        return None
    script = max(counts, key=lambda s: counts[s])  # a quoted name in the other script is a minority
    words = Counter(w for w in _WORD.findall(sample.casefold()) if _script(w[0]) == script)
    scores: dict[str, int] = {}
    for tag, lang in languages().items():
        if lang["script"] != script:
            continue
        common = frozenset(lang["common_words"])
        alphabet = frozenset(lang.get("alphabet", ""))
        score = sum(n for w, n in words.items() if w in common)
        if alphabet:
            score -= sum(n for w, n in words.items() if not alphabet.issuperset(w))
        scores[tag] = score
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] <= 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]
