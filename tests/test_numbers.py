"""The one number formatter: every printed value reads back to within its printed precision."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geoledger import numbers

MAGNITUDES = st.floats(min_value=-1e18, max_value=1e18, allow_nan=False, allow_infinity=False)
WHOLE = st.integers(min_value=-(10**15), max_value=10**15)


def _reads_back(value: float, text: str) -> None:
    parsed, tolerance = numbers.parse(text)
    assert "e+" not in text and "e-" not in text, text
    assert abs(parsed - value) <= tolerance * (1 + 1e-9) + 1e-300, (value, text, parsed)


@given(MAGNITUDES)
def test_a_short_number_reads_back_within_its_printed_precision(value: float) -> None:
    _reads_back(value, numbers.short_number(value))


@given(WHOLE)
def test_a_whole_number_reads_back_within_its_printed_precision(value: int) -> None:
    _reads_back(value, numbers.short_number(value))


@given(MAGNITUDES, st.sampled_from(["USD", "EUR", "RSD", "percent", "count", "times", None]))
def test_an_amount_with_its_unit_reads_back(value: float, unit: str | None) -> None:
    _reads_back(value, numbers.amount(value, unit))


@given(MAGNITUDES)
def test_grouped_and_plain_keep_every_digit_without_exponents(value: float) -> None:
    text = numbers.grouped(value)
    assert "e" not in text.lower(), text
    assert math.isclose(float(text.replace(",", "")), value, rel_tol=1e-14, abs_tol=1e-300)
    exact = numbers.plain(value)
    assert "e" not in exact.lower() and float(exact) == value, exact


@given(st.floats(min_value=1e-9, max_value=1.0))
def test_small_numbers_keep_three_significant_digits(value: float) -> None:
    text = numbers.short_number(value)
    parsed, _ = numbers.parse(text)
    assert math.isclose(parsed, value, rel_tol=5e-3), (value, text)


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (300e6, "EUR", "EUR 300 m"),
        (600e6, "USD", "USD 600 m"),
        (150_000, "USD", "USD 150 k"),
        (332e6, "USD", "USD 332 m"),
        (3e6, "EUR", "EUR 3 m"),
        (1.5e9, "USD", "USD 1.5 bn"),
        (6.05e9, "USD", "USD 6.05 bn"),
        (-3.6e9, "USD", "USD -3.6 bn"),
        (999.96e6, "USD", "USD 1 bn"),
        (2.077e10, "USD", "USD 20.8 bn"),
        (20_000, "count", "20,000"),
        (0.000123, None, "0.000123"),
        (92.0, "percent", "92 %"),
        (0.35, "fraction", "35 %"),
        (1.2e13, "USD", "USD 12 trillion"),
    ],
)
def test_amounts_print_as_people_read_them(value: float, unit: str, shown: str) -> None:
    assert numbers.amount(value, unit) == shown


def test_a_claim_shows_its_range_and_qualifier() -> None:
    record = {"value": 9e9, "value_max": 10e9, "unit": "EUR", "qualifier": "at_most"}
    assert numbers.claim_amount(record) == "≤ EUR 9 bn – EUR 10 bn"


def test_parse_refuses_text_without_a_number() -> None:
    with pytest.raises(ValueError, match="no number"):
        numbers.parse("USD –")
