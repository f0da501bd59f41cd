"""The one form text is searched in: lower case, Latin script, no accents (Кина, Kína -> kina)."""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import cache

import cyrtranslit

# Letters with no decomposition that still read as a plain Latin letter.
_BARRED = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o"}
_RANGES = ((0x41, 0x5A), (0xC0, 0x17F), (0x400, 0x45F))  # A-Z, Latin accents, Cyrillic


def _fold_char(ch: str) -> str:
    """One character folded: Serbian Cyrillic to Latin, accents dropped, lower case."""
    if ch in _BARRED:
        return _BARRED[ch]
    latin = cyrtranslit.to_latin(ch, "sr")  # Љ, Њ, Џ become two letters, the rest one
    bare = "".join(c for c in unicodedata.normalize("NFD", latin) if not unicodedata.combining(c))
    return (_BARRED.get(bare, bare) if len(bare) == 1 else bare).lower()


@cache
def fold_table() -> dict[int, str]:
    """str.translate table from every letter that folds to something else, to its fold."""
    table = {}
    for low, high in _RANGES:
        for code in range(low, high + 1):
            ch = chr(code)
            folded = _fold_char(ch)
            if folded != ch:
                table[code] = folded
    return table


def fold_text(text: str) -> str:
    """Text in the search form; Cyrillic and Latin spellings of a word fold alike."""
    return text.translate(fold_table())


@cache
def _expanding() -> re.Pattern[str]:
    """Characters whose fold is longer than one character (Љ -> lj)."""
    chars = "".join(chr(code) for code, out in fold_table().items() if len(out) > 1)
    return re.compile(f"[{re.escape(chars)}]")


class FoldMap:
    """A folded text and the way back from its offsets to those of the original text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold_text(text)
        # Only where a letter became two does an offset shift: keep those places, not one
        # entry per character (a source can be megabytes).
        self._starts: list[int] = []  # where each expansion starts in the folded text
        self._spots: list[tuple[int, int]] = []  # (its offset in the original, its length)
        shift = 0
        for match in _expanding().finditer(text):
            size = len(fold_table()[ord(match.group())])
            self._starts.append(match.start() + shift)
            self._spots.append((match.start(), size))
            shift += size - 1

    def original(self, offset: int) -> int:
        """The offset in the original text of the character at offset in the folded text."""
        k = bisect.bisect_right(self._starts, offset) - 1
        if k < 0:
            return offset
        at, size = self._spots[k]
        inside = offset - self._starts[k]
        return at if inside < size else at + 1 + inside - size


def snippet(text: str, words: list[str], *, tokens: int = 12) -> str:
    """A stretch of text around the first of words (folded) found, marked [so], as written."""
    if not words:
        return ""
    fmap = FoldMap(text)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    hit = pattern.search(fmap.folded)
    if hit is None:
        return ""
    start, end = fmap.original(hit.start()), fmap.original(hit.end() - 1) + 1
    before = text[:start].split()[-(tokens // 2) :] if text[:start].strip() else []
    after = text[end:].split()[: tokens - len(before) - 1]
    head = " … " if len(text[:start].split()) > len(before) else ""
    tail = " … " if len(text[end:].split()) > len(after) else ""
    glue_before = " " if text[:start][-1:].isspace() else ""
    glue_after = " " if text[end:][:1].isspace() else ""
    middle = " ".join(before) + glue_before + f"[{text[start:end]}]" + glue_after + " ".join(after)
    return (head + middle.strip() + tail).strip()
