"""Quantities written as other projects' public suites write them (issue 11): the classes fixed
from the tune half of tests/data/peer_extra, and floors on its held-out half."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from geoledger.extract.lexicon import lexicon
from geoledger.extract.quantities import find_quantities

ROOT = Path(__file__).resolve().parents[1]


def read(text: str) -> list[tuple[str, float, float | None, str]]:
    """Every quantity of text as (surface, value rounded to what the text states, value_max,
    unit)."""
    found, _ = find_quantities(text)
    return [(text[q.start : q.end], round(q.value, 6), q.value_max, q.unit) for q in found]


# An article before a scale word is the number one of that scale.
ARTICLE_SCALES = [
    ("The bank lent a billion dollars.", "a billion dollars", 1e9, "USD"),
    ("It cost a thousand euros.", "a thousand euros", 1e3, "EUR"),
    ("They plan a billion-euro fund.", "a billion-euro", 1e9, "EUR"),
    ("They sold a million eggs.", "a million", 1e6, "count"),
    ("A dozen people were hurt.", "A dozen", 12.0, "count"),
]


@pytest.mark.parametrize(("text", "surface", "value", "unit"), ARTICLE_SCALES)
def test_an_article_before_a_scale_is_one_of_it(
    text: str, surface: str, value: float, unit: str
) -> None:
    assert read(text) == [(surface, value, None, unit)]


def test_an_article_before_no_scale_is_no_number() -> None:
    assert read("She said it a thousand times.") == []
    assert read("They built a new road.") == []


# A fraction of a scale, with or without 'of a'.
FRACTION_SCALES = [
    (
        "Contributions totaled nearly a quarter of a billion dollars annually.",
        "a quarter of a billion dollars",
        2.5e8,
        "USD",
    ),
    ("A third of a million euros was spent.", "A third of a million euros", 333333.333333, "EUR"),
    ("Two thirds of a billion euros went.", "Two thirds of a billion euros", 666666666.666667,
     "EUR"),
    ("Half a million people left.", "Half a million", 5e5, "count"),
    ("Half of a million people left.", "Half of a million", 5e5, "count"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "surface", "value", "unit"), FRACTION_SCALES)
def test_a_fraction_of_a_scale_is_one_amount(
    text: str, surface: str, value: float, unit: str
) -> None:
    assert read(text) == [(surface, value, None, unit)]


def test_a_fraction_of_no_scale_stays_a_fraction() -> None:
    assert read("A quarter of the budget went to roads.") == [("A quarter", 0.25, None, "fraction")]


def test_a_dozen_after_a_price_takes_no_currency() -> None:
    # '64.2 cents a dozen' is a price per dozen: the dozen is no amount of money.
    assert read("Egg prices averaged 64.2 cents a dozen.") == [("64.2 cents", 0.642, None, "USD")]


# A country's own name for the adjective of its currency, for currencies of one country.
COUNTRY_NOUN_NAMES = [
    ("It costs 42 Malaysia ringgits.", "42 Malaysia ringgits", 42.0, "MYR"),
    ("He paid Malaysia ringgit 42 for it.", "Malaysia ringgit 42", 42.0, "MYR"),
    ("The fee is 30 Kuwait dinars.", "30 Kuwait dinars", 30.0, "KWD"),
    ("The grant is 5 million Canada dollars.", "5 million Canada dollars", 5e6, "CAD"),
    ("Exports reached 2 billion China yuan.", "2 billion China yuan", 2e9, "CNY"),
]


@pytest.mark.parametrize(("text", "surface", "value", "unit"), COUNTRY_NOUN_NAMES)
def test_a_country_noun_before_its_currency_names_it(
    text: str, surface: str, value: float, unit: str
) -> None:
    assert read(text) == [(surface, value, None, unit)]


def test_a_currency_several_countries_use_gets_no_country_noun_name() -> None:
    # The euro and the US dollar have many users: 'Germany euro' would name no currency of its
    # own, so only one-country currencies get such names.
    names = lexicon("en").money_names
    assert names["malaysia ringgit"] == ("MYR", 1.0)
    assert "germany euro" not in names
    assert "ecuador dollar" not in names


def _run_peer_extra() -> Any:
    spec = importlib.util.spec_from_file_location(
        "run_peer_extra", ROOT / "tools" / "run_peer_extra.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Held-out half of the extra suites (never tuned on): recall and precision per suite and
# category, at the scores reached (2026-12-02) minus 0.01.
HELDOUT_FLOORS = {
    ("dk/heldout", "currency"): (0.93, 0.94),
    ("q3/heldout", "currency"): (0.86, 0.76),
    ("q3/heldout", "percent"): (0.99, 0.99),
    ("q3/heldout", "count"): (0.74, 0.99),
    # price-parser (pp) added 2026-12-02 at R 0.86 P 0.99, before any rule saw its tune half;
    # R 0.92 P 0.99 after the Cyrillic and Hangul signs read from its tune half.
    ("pp/heldout", "currency"): (0.91, 0.98),
    ("all/heldout", "currency"): (0.92, 0.96),
}


@pytest.fixture(scope="module")
def heldout() -> dict[str, dict[str, dict[str, Any]]]:
    tool = _run_peer_extra()
    return tool.summary(tool.run(("heldout",))["table"])


@pytest.mark.parametrize(("key", "floors"), sorted(HELDOUT_FLOORS.items()))
def test_heldout_half_of_the_extra_suites_stays_above_its_floors(
    heldout: dict[str, dict[str, dict[str, Any]]],
    key: tuple[str, str],
    floors: tuple[float, float],
) -> None:
    suite, cat = key
    row = heldout[suite][cat]
    recall_floor, precision_floor = floors
    assert row["recall"] >= recall_floor, (suite, cat, row)
    assert row["precision"] >= precision_floor, (suite, cat, row)


def test_the_split_is_fixed_by_the_sentence() -> None:
    tool = _run_peer_extra()
    cases = tool.load_cases()
    halves = {c["half"] for c in cases}
    assert halves == {"tune", "heldout"}
    assert all(tool.half_of(c["text"]) == c["half"] for c in cases)
    # about half each way in each suite
    for suite in tool.SUITES:
        mine = [c for c in cases if c["suite"] == suite]
        tune = sum(c["half"] == "tune" for c in mine)
        assert 0.35 < tune / len(mine) < 0.65, (suite, tune, len(mine))


# Shop and news abbreviations of currencies in Cyrillic and Hangul, after the amount
# (price-parser's tune half).
SCRIPT_SIGNS = [
    ("Цена: 419 руб.", "419 руб.", 419.0, "RUB"),
    ("The ticket was 30 руб on the day.", "30 руб", 30.0, "RUB"),
    ("Продаје се за 950 грн.", "950 грн.", 950.0, "UAH"),
    ("Rent: 3430 лв. a month", "3430 лв.", 3430.0, "BGN"),
    ("It sold for 12,000원 in Seoul.", "12,000원", 12000.0, "KRW"),
]


@pytest.mark.parametrize(("text", "surface", "value", "unit"), SCRIPT_SIGNS)
def test_cyrillic_and_hangul_currency_abbreviations_after_an_amount(
    text: str, surface: str, value: float, unit: str
) -> None:
    assert read(text) == [(surface, value, None, unit)]


def test_a_letter_sign_is_no_sign_inside_a_word_of_any_script() -> None:
    # 'руб' begins 'рубрика' (a column): no roubles there, a count or nothing.
    assert all(unit != "RUB" for *_, unit in read("Објављено је 300 рубрика."))
    assert all(unit != "BGN" for *_, unit in read("Има 40 лвова у зоолошком врту."))
