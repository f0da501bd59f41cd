"""The quantity layer reads money, percentages and counts as the world writes them (issue 11),
and Serbian numbers by the document's own convention (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geoledger.extract.lexicon import detect_language, iso_codes, lexicon
from geoledger.extract.quantities import find_quantities, skip_spans


def read(text: str, language: str | None = None) -> list[tuple[str, float, float | None, str]]:
    """Every quantity of text as (surface, value, value_max, unit)."""
    found, _ = find_quantities(text, language=language)
    return [(text[q.start : q.end], q.value, q.value_max, q.unit) for q in found]


def one(text: str, language: str | None = None) -> tuple[str, float, float | None, str]:
    """The single quantity of text, values rounded to what the text states."""
    found = read(text, language)
    assert len(found) == 1, found
    surface, value, value_max, unit = found[0]
    return surface, round(value, 6), None if value_max is None else round(value_max, 6), unit


# Currencies it did not know: names, plurals and ISO codes beyond the few it had.
CURRENCY_NAMES = [
    ("Profit rose to 361 million pounds.", "361 million pounds", 361e6, "GBP"),
    ("A value of 528 million francs was put on it.", "528 million francs", 528e6, "CHF"),
    ("The loan was 12 billion forints.", "12 billion forints", 12e9, "HUF"),
    ("Gazprom paid 40 billion roubles.", "40 billion roubles", 40e9, "RUB"),
    ("He paid 40 rubles.", "40 rubles", 40.0, "RUB"),
    ("It sold for 35 lakh rupees.", "35 lakh rupees", 3.5e6, "INR"),
    ("They lost 10 Turkish lira each.", "10 Turkish lira", 10.0, "TRY"),
    ("A ticket is 500 yen.", "500 yen", 500.0, "JPY"),
    ("It costs 100 Chinese yuan.", "100 Chinese yuan", 100.0, "CNY"),
    ("The budget is CAD 5 million.", "CAD 5 million", 5e6, "CAD"),
    ("Sofia lent BGN 20 million.", "BGN 20 million", 20e6, "BGN"),
    ("Kyiv got UAH 3 billion.", "UAH 3 billion", 3e9, "UAH"),
    ("The grant was HUF 900 million.", "HUF 900 million", 900e6, "HUF"),
    ("Sarajevo spent BAM 45 million.", "BAM 45 million", 45e6, "BAM"),
    ("Skopje raised MKD 600 million.", "MKD 600 million", 600e6, "MKD"),
    ("Tirana paid 500 ALL.", "500 ALL", 500.0, "ALL"),
    ("The fee is CHF 250.", "CHF 250", 250.0, "CHF"),
    ("Exports reached 250 million Dutch guilders.", "250 million Dutch guilders", 250e6, "NLG"),
]


@pytest.mark.parametrize(("text", "surface", "value", "unit"), CURRENCY_NAMES)
def test_reads_currency_names_and_iso_codes(
    text: str, surface: str, value: float, unit: str
) -> None:
    assert one(text) == (surface, value, None, unit)


# Prefixed dollars are their own currencies, never silently US dollars.
DOLLARS = [
    ("The charge was C$ 300 million.", "C$ 300 million", 300e6, "CAD"),
    ("Toys brought in HK$10.05 billion.", "HK$10.05 billion", 10.05e9, "HKD"),
    ("The mine cost A$2 billion.", "A$2 billion", 2e9, "AUD"),
    ("Aid of US$ 15 million arrived.", "US$ 15 million", 15e6, "USD"),
    ("Sell Mex$ 10 million forward.", "Mex$ 10 million", 10e6, "MXN"),
    ("It was nzd$15 then.", "nzd$15", 15.0, "NZD"),
    ("The price ranges up to c $ 16.4 million", "c $ 16.4 million", 16.4e6, "CAD"),
    ("A $5 loan.", "$5", 5.0, "USD"),
]


@pytest.mark.parametrize(("text", "surface", "value", "unit"), DOLLARS)
def test_prefixed_dollars_keep_their_country(
    text: str, surface: str, value: float, unit: str
) -> None:
    assert one(text) == (surface, value, None, unit)


# Symbol or code after the number, code before the scale, compact scales.
FORMS_AFTER = [
    ("It costs 10 € now.", "10 €", 10.0, "EUR"),
    ("It costs 20€ now.", "20€", 20.0, "EUR"),
    ("Hey, the cost is 100元!", "100元", 100.0, "CNY"),
    ("I spend 100₾ on it.", "100₾", 100.0, "GEL"),
    ("They lost 75 USD million.", "75 USD million", 75e6, "USD"),
    ("The client expects 120 MEUR.", "120 MEUR", 120e6, "EUR"),
    ("Losses in excess of 30 MUSD.", "30 MUSD", 30e6, "USD"),
    ("Revenue of 10k$ a month.", "10k$", 10e3, "USD"),
    ("The fund holds €220mn.", "€220mn", 220e6, "EUR"),
    ("It was priced at USD115.", "USD115", 115.0, "USD"),
    ("It was 30 crore rupees.", "30 crore rupees", 3e8, "INR"),
    ("It costs 12,34,567.89 rupees.", "12,34,567.89 rupees", 1234567.89, "INR"),
]


@pytest.mark.parametrize(("text", "surface", "value", "unit"), FORMS_AFTER)
def test_reads_signs_codes_and_scales_after_the_number(
    text: str, surface: str, value: float, unit: str
) -> None:
    assert one(text) == (surface, value, None, unit)


# Two-part amounts and sub-units.
TWO_PART = [
    ("It only cost 3 dollars 50 cents.", "3 dollars 50 cents", 3.5, "USD"),
    ("It cost thirteen dollars and forty-five cents", "thirteen dollars and forty-five cents",
     13.45, "USD"),
    ("It costs 15 dollars and 50.", "15 dollars and 50", 15.5, "USD"),
    ("The subscription will increase to 17 USD 25.", "17 USD 25", 17.25, "USD"),
    ("The contract rose 1.20 cents today", "1.20 cents", 0.012, "USD"),
    ("A bid of 470 pence a share.", "470 pence", 4.7, "GBP"),
    ("It saved 3 dimes.", "3 dimes", 0.3, "USD"),
    ("Bread went up 50 kopecks.", "50 kopecks", 0.5, "RUB"),
    ("Shares closed one penny lower", "one penny", 0.01, "GBP"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "surface", "value", "unit"), TWO_PART)
def test_reads_two_part_amounts_and_sub_units(
    text: str, surface: str, value: float, unit: str
) -> None:
    assert one(text) == (surface, value, None, unit)


def test_cents_follow_the_currency_of_the_amounts_before_them() -> None:
    assert read("It cost €5, then 17 cents more.") == [
        ("€5", 5.0, None, "EUR"),
        ("17 cents", 0.17, None, "EUR"),
    ]


# More of the forms the peer suites hold, each a class read from data, not a phrase.
FORMS = [
    # letter signs before and after the number (currencies.toml [symbols])
    ("Tickets cost Rs. 450 each.", "Rs. 450", 450.0, "INR"),
    ("The fare was 120Rs on the bus.", "120Rs", 120.0, "INR"),
    # one-word names beyond ISO's (en.toml [currency_names])
    ("He owes me 300 bucks.", "300 bucks", 300.0, "USD"),
    ("Bread costs 5,000 rials in Tehran.", "5,000 rials", 5000.0, "IRR"),
    ("A night there is 90,000 tugriks.", "90,000 tugriks", 90000.0, "MNT"),
    # a currency name written before the number
    ("The deal is worth dollar 15 million.", "dollar 15 million", 15e6, "USD"),
    ("Lunch was ringgit 18 for two.", "ringgit 18", 18.0, "MYR"),
    # the article as the amount
    ("It cost a dollar.", "a dollar", 1.0, "USD"),
    ("The stamp was above a euro and 20 cents.", "a euro and 20 cents", 1.2, "EUR"),
    # sub-units of the currency just named, glued cents, a bare second part ending the sentence
    ("A coffee is 4 CHF 60 cents.", "4 CHF 60 cents", 4.6, "CHF"),
    ("Parking was 15 ringgit and 30 sen.", "15 ringgit and 30 sen", 15.3, "MYR"),
    ("The bill came to $12 and 50c today.", "$12 and 50c", 12.5, "USD"),
    ("The bill came to $8 75.", "$8 75", 8.75, "USD"),
    # a scale letter read only after money
    ("Its output is $1.5T a year.", "$1.5T", 1.5e12, "USD"),
    # a minus sign before the digits, or a hyphen after the currency
    ("Net income was \u221212€ that month.", "\u221212€", -12.0, "EUR"),
    ("It reported $-4.5 million in cash flow.", "$-4.5 million", -4.5e6, "USD"),
    ("Growth was \u22122.5% last year.", "\u22122.5%", -2.5, "percent"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "surface", "value", "unit"), FORMS)
def test_reads_more_written_forms_of_money(
    text: str, surface: str, value: float, unit: str
) -> None:
    assert one(text) == (surface, value, None, unit)


@pytest.mark.parametrize(
    "text",
    [
        "Euro 2028 will be held there.",  # a year after a currency name
        "The dollar 5 years ago was stronger.",  # a number counting a noun
        "As a euro zone member it pays in.",  # the article before a currency word that goes on
        "A 40t truck and COVID-19 in 2010-15.",  # no money scale without money; hyphens
    ],
)
def test_forms_that_look_like_money_but_are_not(text: str) -> None:
    assert [q for q in read(text) if q[3] not in ("count",)] == []


def test_an_english_i_does_not_make_a_text_serbian() -> None:
    assert detect_language("I know, I meant €10B") == "en"
    assert one("Sorry, I meant €10B") == ("€10B", 1e10, None, "EUR")


def test_two_amounts_in_two_currencies_stay_two() -> None:
    assert read("It costs 5 dollars and 20 euros.") == [
        ("5 dollars", 5.0, None, "USD"),
        ("20 euros", 20.0, None, "EUR"),
    ]


# Spelled numbers, space-grouped thousands and negatives.
SPELLED = [
    ("They paid ten dollars.", "ten dollars", 10.0, "USD"),
    ("It was one hundred percent sure.", "one hundred percent", 100.0, "percent"),
    ("He bid a one-yen price.", "one-yen", 1.0, "JPY"),
    ("It costs 10 000 dollars.", "10 000 dollars", 10000.0, "USD"),
    ("It costs 10\u202f000 euros.", "10\u202f000 euros", 10000.0, "EUR"),
    ("Growth was minus five percent.", "minus five percent", -5.0, "percent"),
    ("It costs half million usd.", "half million usd", 5e5, "USD"),
    ("It costs a quarter million us dollars.", "a quarter million us dollars", 2.5e5, "USD"),
    ("It is 100 percentage.", "100 percentage", 100.0, "percent"),
    ("It is per cent of twenty-two.", "per cent of twenty-two", 22.0, "percent"),
]


@pytest.mark.parametrize(("text", "surface", "value", "unit"), SPELLED)
def test_reads_spelled_grouped_and_negative_numbers(
    text: str, surface: str, value: float, unit: str
) -> None:
    assert one(text) == (surface, value, None, unit)


COUNTS = [
    ("China's population is 1 414 021 100 people.", "1 414 021 100", 1414021100.0),
    ("There are 1 crore boxes here.", "1 crore", 1e7),
    ("Half million eggs have been broken.", "Half million", 5e5),
    ("There are five and a half million fishes here.", "five and a half million", 5.5e6),
]


@pytest.mark.parametrize(("text", "surface", "value"), COUNTS)
def test_reads_counts_in_their_written_forms(text: str, surface: str, value: float) -> None:
    assert one(text) == (surface, value, None, "count")


# Ranges as one quantity with value_max.
RANGES = [
    ("Tickets cost from 10 dollars to 20 dollars.", "10 dollars to 20 dollars", 10, 20, "USD"),
    ("It cost between $5 million and $8 million.", "$5 million and $8 million", 5e6, 8e6, "USD"),
    ("Bids were €180 mln to €230 mln.", "€180 mln to €230 mln", 180e6, 230e6, "EUR"),
    ("Sales of 9-10 billion euros.", "9-10 billion euros", 9e9, 10e9, "EUR"),
]


@pytest.mark.parametrize(("text", "surface", "value", "value_max", "unit"), RANGES)
def test_reads_ranges_as_one_quantity(
    text: str, surface: str, value: float, value_max: float, unit: str
) -> None:
    assert one(text) == (surface, value, value_max, unit)


def test_a_change_from_one_amount_to_another_is_two_amounts() -> None:
    assert read("Exports rose from $5 million to $8 million.") == [
        ("$5 million", 5e6, None, "USD"),
        ("$8 million", 8e6, None, "USD"),
    ]


def test_words_that_are_iso_codes_are_no_money_before_a_number() -> None:
    assert read("ALL 5 solutions are wrong, TOP 10 lists too.") == [("5", 5.0, None, "count")]


def test_phone_numbers_are_not_space_grouped_thousands() -> None:
    assert read("Phone: +32 2 295 43 20") == []


def test_a_scale_without_any_currency_nearby_is_an_unread_issue() -> None:
    found, unread = find_quantities("The figure was 3.7 billion.")
    assert found == []
    assert [(u.start, u.end, u.reason) for u in unread] == [(15, 26, "a scale without a unit")]


def test_the_iso_table_holds_current_codes_and_no_metals() -> None:
    codes = iso_codes()
    assert {"CAD", "BGN", "UAH", "HUF", "BAM", "MKD", "ALL", "CHF", "RSD", "CNY"} <= codes
    assert not {"XAU", "XAG", "XXX"} & codes


# Serbian: decimal comma, dot thousands, scale and currency words in both scripts.
SERBIAN = [
    ("Uloženo je 1,5 milijardi evra.", "1,5 milijardi evra", 1.5e9, None, "EUR"),
    ("Prihod je 12.726 miliona dinara.", "12.726 miliona dinara", 1.2726e10, None, "RSD"),
    ("Уложено је 1,5 милијарди евра.", "1,5 милијарди евра", 1.5e9, None, "EUR"),
    ("Приход је 12.726 милиона динара.", "12.726 милиона динара", 1.2726e10, None, "RSD"),
    ("Kredit od 300 mln evra je odobren.", "300 mln evra", 3e8, None, "EUR"),
    ("Izvoz od 2 mlrd dolara je rekord.", "2 mlrd dolara", 2e9, None, "USD"),
    ("Kupili su za 500 hiljada juana.", "500 hiljada juana", 5e5, None, "CNY"),
    ("Плаћено је 40 хиљада рубаља.", "40 хиљада рубаља", 4e4, None, "RUB"),
    ("Rast je 39 odsto u odnosu na lani.", "39 odsto", 39.0, None, "percent"),
    ("Раст је 51 одсто у односу на лани.", "51 одсто", 51.0, None, "percent"),
    ("Udeo je 29,87 procenata ukupno.", "29,87 procenata", 29.87, None, "percent"),
    ("Pad je 3,5% u odnosu na lani.", "3,5%", 3.5, None, "percent"),
    ("To je pet miliona evra za njih.", "pet miliona evra", 5e6, None, "EUR"),
    ("Košta dve hiljade dinara.", "dve hiljade dinara", 2000.0, None, "RSD"),
    ("Dali su milijardu dolara.", "milijardu dolara", 1e9, None, "USD"),
    ("Investicija je milijardu i po evra.", "milijardu i po evra", 1.5e9, None, "EUR"),
    ("Cena je pola evra po litru.", "pola evra", 0.5, None, "EUR"),
    ("Cena je od 310 do 408 dolara.", "310 do 408 dolara", 310, 408, "USD"),
    ("Za Srbiju je između 700 i 750 miliona evra.", "700 i 750 miliona evra", 7e8, 7.5e8, "EUR"),
    ("Izvoz je 32 puta veći nego ranije.", "32 puta", 32.0, None, "times"),
]


@pytest.mark.parametrize(("text", "surface", "value", "value_max", "unit"), SERBIAN)
def test_reads_serbian_numbers_and_money(
    text: str, surface: str, value: float, value_max: float | None, unit: str
) -> None:
    assert one(text) == (surface, value, value_max, unit)


def test_ambiguous_thousands_follow_the_documents_language() -> None:
    assert read("Stiglo je 1.500 turista i 2.000 gostiju, rekao je ministar.") == [
        ("1.500", 1500.0, None, "count"),
        ("2.000", 2000.0, None, "count"),
    ]
    assert read("The rate is 1.500 percent of the total.")[0][:2] == ("1.500 percent", 1.5)
    assert read("Kamata je 1.500 odsto od ukupnog iznosa.")[0][:2] == ("1.500 odsto", 1500.0)


def test_a_scaled_amount_takes_the_currency_written_beside_it() -> None:
    text = "EU je donirala oko 3,7 milijardi, a SAD oko 1,2 milijarde evra."
    assert read(text) == [
        ("3,7 milijardi", 3.7e9, None, "EUR"),
        ("1,2 milijarde evra", 1.2e9, None, "EUR"),
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Кинески туристи су на првом месту по броју долазака у Србију.", "sr"),
        ("Evropska unija je donirala našu zemlju u ukupnom iznosu od oko 3,7 milijardi.", "sr"),
        ("The European Union donated a total of 3.7 billion to the country.", "en"),
        ("Košta 25 dolara.", "sr"),
    ],
)
def test_detects_the_language_from_script_and_common_words(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_serbian_words_are_data_in_both_scripts() -> None:
    sr = lexicon("sr")
    assert sr.money_of("evra") == ("EUR", 1.0)
    assert sr.money_of("евра") == ("EUR", 1.0)
    assert sr.money_of("динара") == ("RSD", 1.0)
    assert sr.scale_of("милијарди") == 1e9
    assert sr.parse_words("sto dvadeset pet") == 125.0
    assert sr.parse_words("двадесет две") == 22.0


SERBIAN_COUNTS = [
    ("Anketa je obuhvatila 54 zemlje sveta.", "54", 54.0, "count"),
    ("Лане је било 4,43 милиона долазака туриста.", "4,43 милиона", 4.43e6, "count"),
    ("Fabrika zapošljava 900 radnika iz Zrenjanina.", "900", 900.0, "count"),
    ("Za 1.000 kubnih metara plaćali su manje.", None, None, None),
    ("Plac ima 130 hektara površine.", "130 hektara", 130.0, "ha"),
    ("Trećinu izvoza čine automobili.", "Trećinu", 0.333333, "fraction"),
    ("Четвртина ноћења била је из Кине.", "Четвртина", 0.25, "fraction"),
    ("Kupci su milijardu i po potencijalnih kupaca.", "milijardu i po", 1.5e9, "count"),
]


@pytest.mark.parametrize(("text", "surface", "value", "unit"), SERBIAN_COUNTS)
def test_reads_serbian_counts_areas_and_fractions(
    text: str, surface: str | None, value: float | None, unit: str | None
) -> None:
    if surface is None:
        assert read(text) == []  # a physical measure is no count
    else:
        assert one(text) == (surface, value, None, unit)


def test_a_scaled_number_takes_the_count_it_continues() -> None:
    text = "Лане је било 4,43 милиона долазака, а 2014. тај број је износио 2,19 милиона."
    assert read(text) == [
        ("4,43 милиона", 4.43e6, None, "count"),
        ("2,19 милиона", 2.19e6, None, "count"),
    ]


def test_money_in_an_unknown_currency_is_an_issue_with_its_place() -> None:
    text = "They paid 5 million XYZ and 2 billion bitcoins, then $3 million."
    found, unread = find_quantities(text)
    assert [(text[q.start : q.end], q.value, q.unit) for q in found] == [("$3 million", 3e6, "USD")]
    assert [(text[u.start : u.end], u.reason) for u in unread] == [
        ("5 million XYZ", "money in an unknown currency 'XYZ'"),
        ("2 billion bitcoins", "money in an unknown currency 'bitcoins'"),
    ]


@pytest.mark.parametrize(
    ("text", "surface", "unit", "note"),
    [
        ("Japan lent ¥500 billion, Japanese officials in Tokyo said.", "¥500 billion", "JPY",
         "'¥' read as JPY: the text names Japan more often than China"),
        ("China lent ¥5 billion to Serbia.", "¥5 billion", "CNY", None),
        ("Canada will spend 10 $ on each, Canadian officials said.", "10 $", "CAD",
         "'$' read as CAD: the text names Canada more often than United States"),
        ("Serbia got $5 billion.", "$5 billion", "USD", None),
    ],
)  # fmt: skip
def test_an_ambiguous_sign_is_the_currency_of_the_country_the_text_names(
    text: str, surface: str, unit: str, note: str | None
) -> None:
    found, _ = find_quantities(text)
    assert [(text[q.start : q.end], q.unit, q.note) for q in found] == [(surface, unit, note)]


def test_urls_and_dois_are_skipped_once_each_in_text_order() -> None:
    text = "See https://doi.org/10.1234/abc and 10.5555/xyz, not a10.1234/q or 10.5 percent."
    assert [text[a:b] for a, b in skip_spans(text)] == [
        "https://doi.org/10.1234/abc",
        "10.5555/xyz,",
    ]
    assert read(text) == [("10.5 percent", 10.5, None, "percent")]


def test_a_hyphen_before_a_number_is_a_dash_unless_it_follows_the_currency() -> None:
    assert read("Iron and steel -17.5 million euros.") == [
        ("17.5 million euros", 17.5e6, None, "EUR")
    ]
    assert read("Rast je bio -15 odsto.", "sr") == [("15 odsto", 15.0, None, "percent")]
    assert read("Rast je bio \u221215 odsto.", "sr") == [("\u221215 odsto", -15.0, None, "percent")]
    assert read("Gubitak je $-5.", "sr") == [("$-5", -5.0, None, "USD")]


def test_english_periods_read_with_english_patterns_only_are_the_same(shared: Path) -> None:
    from geoledger.extract.periods import find_periods

    for path in sorted((shared / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert detect_language(text) == "en"
        assert find_periods(text, language="en") == find_periods(text)


# Shares written as a ratio of two whole numbers: one claim, a fraction, never a count.
RATIOS = [
    ("One in three Serbians trusts the EU.", "One in three", 1 / 3),
    ("Nine out of ten firms export to Germany.", "Nine out of ten", 0.9),
    ("About 3 in 10 respondents said so.", "3 in 10", 0.3),
    ("six out of ten voters back the deal", "six out of ten", 0.6),
]


@pytest.mark.parametrize(("text", "surface", "value"), RATIOS)
def test_reads_a_ratio_as_one_fraction(text: str, surface: str, value: float) -> None:
    assert one(text) == (surface, round(value, 6), None, "fraction")


@pytest.mark.parametrize(
    "text",
    [
        "Serbia ranked 47 in 190 economies.",  # a rank among, not a share
        "It rose 5 in 2020.",  # a year after 'in'
        "One in ten years the river floods.",  # how often
        "There were 12 out of 10 seats.",  # more than the whole
    ],
)
def test_a_ratio_needs_a_share_of_a_whole(text: str) -> None:
    assert all(unit != "fraction" for _, _, _, unit in read(text))


# Fractions whose denominator is an ordinal word: the whole phrase or nothing, never the
# numerator as a count ('twenty-three fifths' is not 23 of something).
ORDINAL_FRACTIONS = [
    ("twenty-three fifths", 4.6),
    ("two and fifty-four hundredths", 2.54),
    ("one hundred and three and two thirds", 103 + 2 / 3),
    ("one hundred and three quarters", 100.75),  # a whole and a proper fraction
    ("one hundred and thirty fifths", 26.0),  # 130 fifths
    ("three twenty firsts", 3 / 21),  # a tens word joins the unit ordinal after it
    ("twenty fifths", 4.0),
    ("a hundred trillionths", 1e-10),
    ("The number is five billion and three quarters", 5.75e9),
]


@pytest.mark.parametrize(("text", "value"), ORDINAL_FRACTIONS)
def test_reads_fractions_with_ordinal_denominators(text: str, value: float) -> None:
    surface, got, value_max, unit = one(text)
    assert (got, value_max, unit) == (round(value, 6), None, "fraction")
    assert text.endswith(surface)


def test_the_digits_of_a_spelled_decimal_are_no_count() -> None:
    assert read("nought point nought three plus zero point zero eight") == []
