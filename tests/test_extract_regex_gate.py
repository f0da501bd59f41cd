"""The first-character gate changes how fast a word regex scans, never what it finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geoledger.extract import metrics, periods, timing
from geoledger.extract.regex_gate import first_chars, gated

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
