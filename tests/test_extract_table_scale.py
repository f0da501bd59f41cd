"""A scale a table states once, in its heading, reaches its rows (issue 10: 'USD thousands')."""

from __future__ import annotations

import pytest

from geoledger.extract.quantities import find_quantities


def _amounts(text: str) -> list[tuple[str, float, str]]:
    return [(text[q.start : q.end], q.value, q.unit) for q in find_quantities(text)[0]]


def test_a_heading_in_thousands_scales_its_rows_and_is_no_figure_itself() -> None:
    text = "Grants by programme: FY 2011 USD Thousands\nHealth $12,300\nRoads: $4,050\n"
    assert _amounts(text) == [("$12,300", 12_300_000.0, "USD"), ("$4,050", 4_050_000.0, "USD")]


def test_words_for_the_scale_and_the_currency() -> None:
    text = "Loans signed (in millions of euros)\nRail €310\nPorts €95.5\n"
    assert _amounts(text) == [("€310", 310e6, "EUR"), ("€95.5", 95.5e6, "EUR")]


def test_a_row_that_states_its_own_scale_keeps_it() -> None:
    text = "Spending, USD thousands\nSchools $800\nTotal $2.1 million\n"
    assert _amounts(text) == [("$800", 800_000.0, "USD"), ("$2.1 million", 2.1e6, "USD")]


def test_the_table_ends_at_a_blank_line_and_other_currencies_are_left_alone() -> None:
    text = "Aid, EUR thousands\nWater €700\nA loan of $300 too\n\nAfter it, €50 was paid.\n"
    assert _amounts(text) == [
        ("€700", 700_000.0, "EUR"),
        ("$300", 300.0, "USD"),
        ("€50", 50.0, "EUR"),
    ]


def test_a_sentence_naming_thousands_is_no_heading() -> None:
    text = (
        "The ministry said the programme, measured in USD thousands in its annual report, "
        "would be reviewed next year by the auditors.\nIt cost $900 per school.\n"
    )
    assert _amounts(text) == [("$900", 900.0, "USD")]


def test_a_serbian_heading_gives_its_rows_bare_numbers_a_currency_and_scale() -> None:
    text = (
        "Izvoz po zemljama (u hiljadama evra)\nNemačka\t1.234,5\nItalija\t987\n\n"
        "Дуг по повериоцима, мил. ЕУР\nКина 2.345\n"
    )
    assert [(v, u) for _, v, u in _amounts(text)] == [
        (1_234_500.0, "EUR"),
        (987_000.0, "EUR"),
        (2_345_000_000.0, "EUR"),
    ]


def test_a_heading_of_two_columns_reads_each_rows_numbers_in_order() -> None:
    text = "Spoljnotrgovinska razmena, mil. EUR | udeo u %\n1. Nemačka 2.345 12,5\nKina 3.456 -3\n"
    assert [(v, u) for _, v, u in _amounts(text)] == [
        (2_345_000_000.0, "EUR"),
        (12.5, "percent"),
        (3_456_000_000.0, "EUR"),
        (-3.0, "percent"),
    ]


def test_a_percent_column_and_prose_after_the_table() -> None:
    long_prose = "Ovo je duga rečenica o nečemu drugom, " * 6 + "a 45 se ne čita kao procenat."
    text = f"Podrška članstvu (%)\nZa 45,2\nProtiv 30\n{long_prose}\n"
    assert [(v, u) for _, v, u in _amounts(text)] == [(45.2, "percent"), (30.0, "percent")]


def test_a_list_on_the_line_of_its_heading_and_a_currency_alone_in_brackets() -> None:
    text = (
        "Najveći izvozni partneri Srbije (mil. EUR): Nemačka 2.345, Italija 1.234 i Kina 987,5.\n"
        "Donacije po zemljama (u evrima)\nNorveška 125.000\n"
    )
    assert [(v, u) for _, v, u in _amounts(text)] == [
        (2_345_000_000.0, "EUR"),
        (1_234_000_000.0, "EUR"),
        (987_500_000.0, "EUR"),
        (125_000.0, "EUR"),
    ]


def test_a_blank_line_under_the_heading_and_cells_parted_by_single_spaces() -> None:
    text = "Izvoz po zemljama (u mil. €)\n\nZemlja 2022 2023\nItalija 567 601\nKina\t2 454,9\t12\n"
    assert [(s, v) for s, v, _ in _amounts(text)] == [
        ("567", 567e6),
        ("601", 601e6),
        ("2 454,9", 2_454.9e6),
        ("12", 12e6),
    ]


@pytest.mark.parametrize("language", ["en", "sr"])
def test_heading_cue_searched_in_the_whole_text_finds_what_a_line_search_finds(
    language: str,
) -> None:
    """apply_table_scales searches each line's first characters inside the whole text."""
    from geoledger.extract.caseless import lowered_text
    from geoledger.extract.table_scale import _HEADING_MAX, _cue, _cue_re

    lines = ["Izvoz (u milionima evra)", "(EUR", ")", "x" * 99 + " thousands", "(abc)", "MILLION"]
    lines += ["u procentima", "Hiljada", "(a\nb)", "", "ТРЕЋИ (мил. ЕУР)", "thousand" + "x" * 95]
    text = "\n".join(lines)
    low = lowered_text(text)
    lo = 0
    for line in lines:
        end = lo + min(len(line), _HEADING_MAX)
        want = bool(_cue_re(language).search(line, 0, _HEADING_MAX))
        assert _cue(language).can_match(text, low, lo, end) == want, line
        assert _cue(language).can_match(text, None, lo, end) == want, line
        lo += len(line) + 1
