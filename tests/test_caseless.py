"""Case-blind patterns searched in a lowered copy give exactly the original's spans."""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import random
import re
import sys
from pathlib import Path

import pytest

from geoledger.extract import claims, document, metrics, number_context, quantities, timing
from geoledger.extract.caseless import CaseBlind, lowered_pattern, lowered_text
from geoledger.extract.money import patterns

_TEXTS = sorted(Path(__file__).parent.joinpath("data", "realdev").glob("*/tune/*.txt")) + sorted(
    Path(__file__).parent.joinpath("data", "heldout").glob("*.txt")
)


def test_lowering_keeps_word_space_digit_classes_of_every_code_point() -> None:
    """caseless.py relies on this: a class holds of a character iff it holds of its lowercase,
    and str.lower() of one character is re's simple lowercase."""
    classes = [re.compile(c) for c in (r"\w", r"\s", r"\d")]
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        low = char.lower()
        if len(low) != 1 or low == char:
            continue
        assert ord(low) == _sre.unicode_tolower(code), hex(code)
        assert _sre.unicode_iscased(ord(low)), hex(code)
        for rx in classes:
            assert bool(rx.match(char)) == bool(rx.match(low)), (hex(code), rx.pattern)


# Letters whose case re pairs in unusual ways: Kelvin sign, long s, dotless i, capital I with dot,
# final sigma, Cyrillic and Serbian Latin letters.
_ALPHABET = list("aAbBcCsSkKiIeEnN -.,\n") + ["\u212a", "ſ", "ı", "İ", "Σ", "σ", "ς", "č", "Č"]
_ALPHABET += ["Д", "д", "ᲀ", "в", "В", "ß", "ẞ"]
_PATTERNS = [
    r"(?<![\w-])(?:as|sk|is|an|[a-c]+s)(?![\w-])",
    r"\b(?:kelvin|kin|ς|σας|či|дв)\b",
    r"[^a-c\s]{2,}|(?<!s)n+|(?=[ik])\w",
    r"(?:bank|sack)s?(?!\w)|(?<=[ı])s",
    # Case-sensitive groups that hold of a letter exactly when they hold of its lowercase.
    r"(?-i:[A-Za-z.]{1,3})(?=n)|(?<!(?-i:[KkSsΣσς]))n|a(?!(?-i:[\d\s.]))",
]


@pytest.mark.parametrize("source", _PATTERNS)
def test_twin_finds_the_same_spans_on_random_text(source: str) -> None:
    rx = re.compile(source, re.IGNORECASE)
    blind = CaseBlind(rx)
    assert blind.twin is not None
    rng = random.Random(source)
    for _ in range(3000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 14)))
        low = lowered_text(text)
        spans = [m.span() for m in rx.finditer(text)]
        assert [m.span() for m in blind.finditer(text, low)] == spans, repr(text)
        assert blind.can_match(text, low) == bool(spans), repr(text)


_SENSITIVE_PATTERNS = [
    r"(?<!\w)(?:(?-i:Bank|May)|an?|sack)s?\b",
    r"(?:ab|(?-i:A[bB]))(?:c|(?-i:K))?|\bk\w*",
]


@pytest.mark.parametrize("source", _SENSITIVE_PATTERNS + _PATTERNS)
def test_sieve_and_rx_find_rx_own_matches_on_random_text(source: str) -> None:
    """With a case-sensitive part (or groups=True) the lowered pattern only sieves the places
    where rx itself is run: the matches, groups and all, are rx's."""
    rx = re.compile(source, re.IGNORECASE)
    blind = CaseBlind(rx, groups=True)
    assert blind.twin is None and blind.sieve is not None
    rng = random.Random(source)
    for _ in range(3000):
        text = "".join(rng.choice(_ALPHABET + ["May", "may"]) for _ in range(rng.randint(0, 14)))
        low = lowered_text(text)
        pos, endpos = rng.randint(0, 3), rng.randint(4, 20)
        want = [(m.span(), m.group()) for m in rx.finditer(text, pos, endpos)]
        assert [(m.span(), m.group()) for m in blind.finditer(text, low, pos, endpos)] == want
        for name in ("search", "match"):
            mine = getattr(blind, name)(text, low, pos, endpos)
            theirs = getattr(rx, name)(text, pos, endpos)
            assert (mine and mine.span()) == (theirs and theirs.span()), (name, text)


def test_case_sensitive_group_has_no_twin_but_a_sieve_that_never_misses() -> None:
    rx = re.compile(r"(?<!\w)(?:loan|(?-i:Bank|FDI))s?(?!\w)", re.IGNORECASE)
    blind = CaseBlind(rx)
    assert blind.twin is None and blind.sieve is not None
    for text in ("BANK", "Bank", "bank", "fdi", "FDI", "LOANS", "a Loan", "banker"):
        assert blind.can_match(text, lowered_text(text)) == bool(rx.search(text)), text
    # Under a negative lookaround a lowered case-sensitive group would rule out too much.
    assert lowered_pattern(re.compile(r"x(?!(?-i:A))", re.IGNORECASE), loose=True) is None


def test_lowered_text_refuses_what_does_not_lower_letter_by_letter() -> None:
    assert lowered_text("İstanbul") is None  # 'i̇': two characters
    assert lowered_text("ΟΔΟΣ") is None  # a final sigma lowers by its place
    assert lowered_text("Loan of EUR") == "loan of eur"


def test_cue_patterns_of_the_hot_paths_are_lowered() -> None:
    """The patterns the scan leans on keep a twin, so a cue word added to them does not
    silently send every line back to the slow case-blind search."""
    assert metrics._ANY_MONEY_FAMILY_CB.sieve is not None
    assert CaseBlind(timing._SURVEY_RE).twin is not None


@pytest.mark.parametrize(
    "sentence",
    ["56 odsto, odnosno 52 odsto", "ODNOSNO", "односно 3%", "A and B, respectively", "no list"],
)
def test_lists_respectively_agrees_with_the_whole_join_pattern(sentence: str) -> None:
    """The join's cue words alone are found exactly where the join (spaces, commas) is."""
    from geoledger.extract import roles

    whole = "respectively" in sentence or bool(roles._RESPECTIVE_JOIN_RE.search(sentence))
    assert roles.lists_respectively(sentence) == whole


def _found(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    """Every match of rx in text as the spans of all its groups."""
    return [tuple(m.span(g) for g in range(rx.groups + 1)) for m in rx.finditer(text)]


def test_lowered_pattern_keeps_a_case_closed_case_sensitive_group_exact() -> None:
    rx = re.compile(r"(?<![\w-])(?:kredit|stake|(?P<code>(?-i:[A-Za-z]{3}))\$)(?![\w-])", re.I)
    low_rx = lowered_pattern(rx)
    assert low_rx is not None and not low_rx.flags & re.IGNORECASE
    text = "KREDIT Kredit stake STAKE usd$ USD$ Кредит"
    low = lowered_text(text)
    assert low == text.lower()
    assert _found(low_rx, low) == _found(rx, text) and len(_found(rx, text)) == 6


def test_lowered_text_refuses_the_kelvin_sign_and_accepts_other_folds() -> None:
    # The Kelvin sign lowers to 'k', which '(?-i:[a-z])' would then match.
    assert lowered_text("\u212aredit") is None
    rx = re.compile(r"stake|μg|(?-i:[A-Za-z])redit", re.I)
    for text in ("\u017ftake", "\u00b5g", "kredit"):  # long s, micro sign: folds of 's', 'μ'
        low = lowered_text(text)
        low_rx = lowered_pattern(rx)
        assert low is not None and low_rx is not None
        assert _found(low_rx, low) == _found(rx, text) != [], text


@pytest.mark.parametrize("pattern", [r"(?-i:Bank)", r"(?-i:[a-z])x", r"(\w)\1", r"(?-i:k)"])
def test_lowered_refuses_patterns_that_would_match_otherwise(pattern: str) -> None:
    assert lowered_pattern(re.compile(pattern, re.I)) is None


@pytest.mark.parametrize("path", _TEXTS, ids=lambda p: p.name)
def test_lowered_scans_find_what_the_case_blind_ones_find(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    low = lowered_text(text)
    assert low is not None  # no development text needs the fallback
    case_blind = [patterns("en").token, patterns("sr").token, quantities._URL_RE, claims._POLL_RE]
    case_blind.append(number_context.QUALIFIER_RE)
    for rx in [*case_blind, *document._CASE_BLIND]:
        low_rx = lowered_pattern(rx)
        assert low_rx is not None
        assert _found(low_rx, low) == _found(rx, text)
