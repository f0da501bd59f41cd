"""A scale a table states once, in its heading, reaches its rows (issue 10: 'USD thousands')."""

from __future__ import annotations

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
