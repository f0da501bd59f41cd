"""detect_language: a document's language (en, sr-Latn, sr-Cyrl) from script and common words."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

SAMPLE_CHARS = 20_000  # the start of a document says its language; the rest costs time
_WORD = re.compile(r"[^\W\d_]+")


@cache
def _languages() -> dict[str, Any]:
    """The language table of languages.toml, parsed once."""
    data = resources.files("geoledger.ingest").joinpath("languages.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


def _script(ch: str) -> str | None:
    """Latin or Cyrillic for a letter of either script, None for anything else."""
    if "\u0400" <= ch <= "\u04ff":
        return "Cyrillic"
    if ch.isascii() and ch.isalpha() or "\u00c0" <= ch <= "\u024f":
        return "Latin"
    return None


def detect_language(text: str) -> str | None:
    """The BCP 47 tag of text's language among languages.toml, or None if none fits."""
    sample = text[:SAMPLE_CHARS]
    counts = {"Latin": 0, "Cyrillic": 0}
    for ch in sample:
        script = _script(ch)
        if script:
            counts[script] += 1
    if not any(counts.values()):
        return None
    script = max(counts, key=lambda s: counts[s])  # a quoted name in the other script is a minority
    words = [w for w in _WORD.findall(sample.casefold()) if _script(w[0]) == script]
    scores: dict[str, int] = {}
    for tag, lang in _languages().items():
        if lang["script"] != script:
            continue
        common = frozenset(lang["common_words"])
        alphabet = frozenset(lang.get("alphabet", ""))
        score = sum(w in common for w in words)
        if alphabet:
            score -= sum(1 for w in words if not alphabet.issuperset(w))
        scores[tag] = score
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] <= 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]
