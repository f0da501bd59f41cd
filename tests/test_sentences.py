"""Paragraph and sentence spans of the reading text."""

from __future__ import annotations

from pathlib import Path

from geoledger.extract.sentences import _LINE_PARA_NO_LEADER_RE, _LINE_PARA_RE, layout

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def test_line_paragraphs_without_dot_leaders_break_where_the_full_pattern_does() -> None:
    text = (
        "Exports to China rose.\n"
        "  and went on in lower case\n"
        "New paragraph here.\n\n"
        "$5 million next line\n"
        "(a bracket) line\n"
        "Last line 2024."
    )
    full = [m.span() for m in _LINE_PARA_RE.finditer(text)]
    assert full == [m.span() for m in _LINE_PARA_NO_LEADER_RE.finditer(text)]
    assert len(full) == 4


def test_a_dot_leader_row_stays_in_its_headings_paragraph() -> None:
    lay = layout("Trade in 2023\nExports to China ........ $1.12 billion\nImports rose.")
    assert [s.paragraph for s in lay.sentences] == [0, 0, 1]


def test_corpus_paragraphs_are_those_of_the_full_pattern() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        reading = layout(path.read_text(encoding="utf-8")).text
        full = [m.span() for m in _LINE_PARA_RE.finditer(reading)]
        if "...." not in reading and "……" not in reading:
            assert full == [m.span() for m in _LINE_PARA_NO_LEADER_RE.finditer(reading)]
