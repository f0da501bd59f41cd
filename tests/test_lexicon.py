"""Lexicon helpers: how surface words are normalised before lookup."""

from __future__ import annotations

import re
import sys

from geoledger.extract.lexicon import _norm, lexicon


def test_norm_collapses_every_whitespace_character_as_the_regex_did() -> None:
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if re.match(r"\s", chr(c)))
    for ch in spaces:
        surface = f"{ch}Billion{ch}{ch}Dollars{ch}"
        assert _norm(surface) == re.sub(r"\s+", " ", surface.strip()).casefold()
    assert _norm("  U.S.\u00a0\tDollars ") == "u.s. dollars"


def test_scale_of_reads_spaced_and_cased_scale_words() -> None:
    assert lexicon("en").scale_of(" Billion ") == 1e9
    assert lexicon("en").scale_of(None) == 1.0
