"""The first-character gate changes how fast a word regex scans, never what it finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geoledger.extract import (
    metrics,
    money,
    periods,
    timing,
)
from geoledger.extract.money import patterns
from geoledger.extract.regex_gate import any_of, first_chars, gated

_TEXTS = sorted(Path(__file__).parent.joinpath("data", "realdev").glob("*/tune/*.txt")) + sorted(
    Path(__file__).parent.joinpath("data", "heldout").glob("*.txt")
)


def test_first_chars_of_words_behind_guards() -> None:
    rx = re.compile(r"(?<![\w-])(?:loans?|credit\s+lines?|(?-i:banks?))(?![\w-])", re.I)
    assert first_chars(rx) == {"l", "c", "b"}


@pytest.mark.parametrize(
    "pattern",
    [r"\w+ing", r"(?:a|b)?c*", r"[^x]y", r"(?:x|\w)z", r"(?i)total"],
)
def test_unknown_first_characters_leave_the_pattern_alone(pattern: str) -> None:
    rx = re.compile(pattern)
    assert gated(rx) is rx


def test_gate_keeps_case_blind_matching() -> None:
    rx = re.compile(r"(?<![\w-])(?:kredit|stake)(?![\w-])", re.I)
    gate = gated(rx)
    assert gate is not rx and gate.pattern.startswith("(?=[")
    # The Kelvin sign folds to 'k' and the long s to 's' under IGNORECASE: the gate must agree.
    text = "KREDIT \u212aredit \u017ftake Stake mistake"
    assert [m.span() for m in gate.finditer(text)] == [m.span() for m in rx.finditer(text)]
    assert len(list(gate.finditer(text))) == 4


@pytest.mark.parametrize("path", _TEXTS, ids=lambda p: p.name)
def test_gated_cue_patterns_find_what_the_plain_ones_find(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    patterns = [rx for _, rx in metrics._MONEY_FAMILIES]
    patterns += [timing._SURVEY_RE, periods._ANCHOR_RE, periods.period_re(None)]
    assert any(rx.pattern.startswith("(?=[") for rx in patterns)
    for rx in patterns:
        plain = re.compile(re.sub(r"^\(\?=\[[^\]]*\]\)", "", rx.pattern), rx.flags)
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_digit_class_kept_as_written() -> None:
    # '\d' matches every Unicode digit: the gate keeps the class, not the characters 0-9.
    rx = re.compile(r"(?<!\w)(?:(?:19|20)\d\d|\d+%)")
    assert first_chars(rx) == {"1", "2", r"\d"}
    text = "in 2019 and \u0664\u0665% then 1999"
    assert [m.span() for m in gated(rx).finditer(text)] == [m.span() for m in rx.finditer(text)]


def _finds_any(rxs: list[re.Pattern[str]], text: str, lo: int, hi: int) -> bool:
    return any(rx.search(text, lo, hi) for rx in rxs)


@pytest.mark.parametrize("path", _TEXTS, ids=lambda p: p.name)
def test_joined_families_find_a_cue_in_every_span_where_one_family_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for families in (metrics._MONEY_FAMILIES, metrics._COUNT_NOUNS):
        rxs = [rx for _name, rx in families]
        joined = any_of(rxs)
        assert joined.pattern.startswith("(?=[")  # joined and gated, not the match-all fallback
        # Every line, and windows that cut words at both ends (endpos hides what follows).
        spans = []
        pos = 0
        for line in text.split("\n"):
            spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        spans += [(i, i + 37) for i in range(0, len(text), 23)]
        for lo, hi in spans:
            found = joined.search(text, lo, hi) is not None
            assert found == _finds_any(rxs, text, lo, hi), (path.name, lo, hi)


def test_a_lookbehind_of_the_first_alternative_only_is_not_put_in_front() -> None:
    rxs = [re.compile(r"(?<![\w-])loan|credit", re.I), re.compile(r"(?<![\w-])grant", re.I)]
    joined = any_of(rxs)
    text = "microcredit and grant"
    assert [m.span() for m in joined.finditer(text)] == [(5, 11), (16, 21)]


@pytest.mark.parametrize(
    "patterns",
    [[(r"(a)\1", 0), (r"b", 0)], [(r"a", re.I), (r"b", 0)], [(r"(?P<x>a)", 0), (r"(?P<x>b)", 0)]],
)
def test_patterns_that_cannot_be_joined_exactly_rule_nothing_out(
    patterns: list[tuple[str, int]],
) -> None:
    joined = any_of([re.compile(p, flags) for p, flags in patterns])
    assert joined.search("zzz") is not None and joined.search("") is not None


def _found(rx: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    """Every match of rx in text as the spans of all its groups."""
    return [tuple(m.span(g) for g in range(rx.groups + 1)) for m in rx.finditer(text)]


@pytest.mark.parametrize("path", _TEXTS, ids=lambda p: p.name)
def test_token_scan_from_word_starts_finds_what_the_lookbehind_finds(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for language in ("en", "sr"):
        token = patterns(language).token
        assert token.pattern.startswith(r"\b")  # every token starts with a word character
        plain = re.compile(r"(?<!\w)" + token.pattern[2:], token.flags)
        assert _found(token, text) == _found(plain, text)


def test_word_start_only_where_no_token_starts_with_a_symbol() -> None:
    gate = r"(?=[\$0-9]|[A-Za-z])"
    assert money._starts_with_word(gate, r"(?:\.\d+|\d+)")  # '.' never passes the gate
    assert not money._starts_with_word(gate, r"(?:\$\d+|\d+)")  # '$5' starts with a symbol
    assert not money._starts_with_word(gate, r"(?:\s*\d+)")
