"""Serbian meaning rules on sentences written for these tests: names, metrics and periods."""

from __future__ import annotations

import hashlib

import pytest

from geoledger.extract import Gazetteer, extract_claims
from geoledger.models import Document

GAZ = Gazetteer.default()


def _claims(text: str, published_on: str | None = "2024-03-10") -> list:
    doc = Document(
        name="sr.txt",
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        published_on=published_on,
        language="sr-Latn",
    )
    return extract_claims(doc, gazetteer=GAZ).claims


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("Kina", "China"),
        ("Kine", "China"),
        ("Kinom", "China"),
        ("Кини", "China"),
        ("Rusije", "Russia"),
        ("Русијом", "Russia"),
        ("Evropske unije", "European Union"),
        ("ЕУ", "European Union"),
        ("SAD", "United States"),
        ("Ameriku", "United States"),
        ("Nemačkoj", "Germany"),
        ("kineski", "China"),
        ("Gasproma", "Gazprom"),
    ],
)
def test_serbian_names_link_to_english_actors(alias: str, name: str) -> None:
    mentions = GAZ.find(f"Razgovor o {alias} juče.")
    assert [(m.alias, m.ref.name) for m in mentions] == [(alias, name)]


def test_serbian_pronoun_like_words_stay_unlinked() -> None:
    # 'sad' (now) in lower case is not the United States.
    assert GAZ.find("Sad je kasno.") == []


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("Izvoz Srbije u Kinu iznosio je 1,5 milijardi evra.", "trade.exports"),
        ("Kina je dala kredit od 600 miliona evra za auto-put.", "loan"),
        ("Deficit u trgovini sa Kinom dostigao je 3,4 milijarde evra.", "trade.balance"),
        ("Kineski Zijin je kupio 63 odsto RTB Bor.", "investment.stake"),
        ("Prema anketi, 40 odsto građana podržava ulazak u EU.", "opinion.share"),
        ("Nemačka kompanija uložila je 80 miliona evra u fabriku.", "investment.total"),
        ("Evropska unija je donirala 30 miliona evra Srbiji.", "aid.grant"),
        ("Spoljnotrgovinska razmena sa Kinom iznosila je 3 milijarde evra.", "trade.total"),
        ("Увоз из Русије износио је 900 милиона евра.", "trade.imports"),
    ],
)
def test_serbian_metric_cues(text: str, metric: str) -> None:
    assert [c.metric for c in _claims(text)] == [metric]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Izvoz u Kinu iznosio je 1,5 milijardi evra u 2023. godini.", "2023"),
        ("U prvih šest meseci 2024. razmena sa Kinom iznosila je 3 milijarde evra.", "2024-H1"),
        ("Od 2013. do 2023. godine Kina je uložila 5 milijardi evra.", "2013/2023"),
        ("Prošle godine izvoz u Rusiju iznosio je 900 miliona evra.", "2023"),
        ("У првих девет месеци 2023. извоз у Кину износио је 900 милиона евра.", "2023-01/2023-09"),
        ("U prvom kvartalu izvoz u Rusiju iznosio je 200 miliona evra.", "2024-Q1"),
        ("Između 2015. i 2020. Kina je uložila 2 milijarde evra.", "2015/2020"),
        # January to December is the whole year.
        ("U periodu januar - decembar 2015. izvoz u Italiju bio je 451 milion KM.", "2015"),
        # Ijekavian spellings of Montenegrin and Bosnian sources.
        ("У првих осам мјесеци 2025. Црна Гора је забиљежила 123.200 туриста.", "2025-01/2025-08"),
        ("U posljednjih deset godina Kina je uložila 2 milijarde eura.", "2014/2024"),
        ("U prvih šest mjeseci 2023. izvoz u Rusiju iznosio je 300 miliona eura.", "2023-H1"),
    ],
)
def test_serbian_periods(text: str, period: str) -> None:
    assert [c.period for c in _claims(text)] == [period]


def test_serbian_bare_month_is_the_documents_year() -> None:
    claims = _claims("U februaru je izvoz u Kinu iznosio 100 miliona evra.")
    assert [c.period for c in claims] == ["2024-02"]


def test_serbian_span_of_days_and_poll_cue() -> None:
    text = "Anketa od 3. do 17. marta 2025. pokazuje da 40 odsto građana podržava EU."
    assert [(c.metric, c.period) for c in _claims(text)] == [
        ("opinion.share", "2025-03-03/2025-03-17")
    ]


@pytest.mark.parametrize(
    ("text", "published_on", "period"),
    [
        # A part of a year or a month before a relative year counts from the document's year.
        (
            "U drugom kvartalu ove godine izvoz u Kinu iznosio je 200 miliona evra.",
            "2024-09-10",
            "2024-Q2",
        ),
        (
            "Krajem decembra prošle godine dug prema Kini iznosio je 2 milijarde evra.",
            "2024-03-10",
            "2023-12",
        ),
        (
            "За пет месеци ове године размена са Русијом износила је 1,2 милијарде евра.",
            "2024-07-01",
            "2024-01/2024-05",
        ),
        (
            "Za prvih osam meseci prošle godine izvoz u Rusiju iznosio je 90 miliona evra.",
            "2024-03-10",
            "2023-01/2023-08",
        ),
        # 'od 1999.' with no end is since 1999; 'pre deset godina' counts back.
        (
            "Od 1999. godine USAID je uložio ukupno 900 miliona dolara u Srbiji.",
            "2019-07-15",
            "1999/2019",
        ),
        ("Pre deset godina izvoz u Kinu iznosio je 20 miliona evra.", "2024-03-10", "2014"),
        # Months named as a span, with or without a year.
        (
            "Za period januar-jul razmena sa Kinom iznosila je 3 milijarde evra.",
            "2024-09-10",
            "2024-01/2024-07",
        ),
        (
            "Od januara do maja 2022. godine razmena sa Kinom iznosila je 2 milijarde evra.",
            "2024-09-10",
            "2022-01/2022-05",
        ),
    ],
)
def test_serbian_parts_of_a_year_read_against_the_documents_date(
    text: str, published_on: str, period: str
) -> None:
    assert [c.period for c in _claims(text, published_on)] == [period]


def test_a_fieldwork_span_with_no_year_is_the_last_one_before_the_document() -> None:
    text = (
        "Anketa je sprovedena od 3. do 17. maja na uzorku građana.\n\n"
        "Za ulazak u EU bi glasalo 40 odsto građana."
    )
    # Read in March 2024, a span in May is last year's; the survey dates the share.
    assert [(c.metric, c.period) for c in _claims(text, "2024-03-10")] == [
        ("opinion.share", "2023-05-03/2023-05-17")
    ]


def test_a_release_on_last_year_dates_its_later_undated_figures() -> None:
    text = (
        "Turizam u Srbiji\n\n"
        "U Srbiji je prošle godine zabeleženo 4,4 miliona dolazaka turista, objavio je zavod.\n\n"
        "Od ukupnog broja noćenja, u Beogradu je ostvareno 30 odsto."
    )
    assert [c.period for c in _claims(text, "2025-09-26")] == ["2024", "2024"]


@pytest.mark.parametrize(
    ("text", "measure", "qualifier"),
    [
        ("Izvoz u Kinu porastao je za oko 12 odsto.", "change", "approx"),
        ("Uz rast srpskog izvoza za 15,5 odsto, razmena je rekordna.", "change", "exact"),
        ("Broj zaposlenih smanjen je za 13 800.", "change", "exact"),
        ("Bio je to rast od čak 40 odsto.", "change", "exact"),
        # 'veća od' is 'more than': a level with a qualifier, not a change.
        ("Vrednost investicije je veća od 500 miliona evra.", "level", "at_least"),
        ("Dug je iznosio više od 24 milijarde evra.", "level", "at_least"),
        ("Gotovo 30 odsto građana nema stav.", "level", "approx"),
        ("Razmena će ove godine preći 10,5 milijardi evra.", "level", "at_least"),
        ("Размена ће ове године премашити 10,5 милијарди евра.", "level", "at_least"),
    ],
)
def test_serbian_changes_and_qualifiers(text: str, measure: str, qualifier: str) -> None:
    assert [(c.measure, c.qualifier) for c in _claims(text)] == [(measure, qualifier)]


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("Fabrika u Zrenjaninu zapošljava 1.200 radnika.", "society.count"),
        ("Srbija je od Kine nabavila šest dronova.", "security.count"),
        ("Gasprom Njeft je sada vlasnik 44,85 odsto akcija NIS-a.", "investment.stake"),
        ("ЕУ ће за Србију издвојити 90 милиона евра.", "aid.grant"),
        ("Onih koji nemaju stav o tome je 26 odsto.", "opinion.share"),
        ("Javni dug Srbije iznosio je 24 milijarde evra.", "other"),
        ("Njegovo učešće u BDP-u smanjeno je za 0,6 procentnih poena.", "macro.gdp_share"),
    ],
)
def test_serbian_metric_words_of_counts_stakes_aid_and_polls(text: str, metric: str) -> None:
    assert [c.metric for c in _claims(text)] == [metric]


@pytest.mark.parametrize(
    ("text", "subject", "partner"),
    [
        ("Turisti iz Kine ostvarili su 150.000 noćenja u Srbiji.", "Serbia", "China"),
        ("Izvoz Srbije u Kinu iznosio je 1,5 milijardi evra.", "Serbia", "China"),
        ("Србија је у САД извезла 600 милиона евра робе.", "Serbia", "United States"),
        ("Evropska unija je donirala Srbiji 30 miliona evra.", "Serbia", "European Union"),
    ],
)
def test_serbian_prepositions_and_verbs_give_roles(text: str, subject: str, partner: str) -> None:
    assert [(c.subject, c.partner) for c in _claims(text)] == [(subject, partner)]


def test_a_change_against_the_same_quarter_of_a_year_runs_between_the_two_quarters() -> None:
    text = (
        "Zaposlenost u drugom kvartalu ove godine\n\n"
        "U odnosu na isti kvartal 2024. godine, broj zaposlenih u Srbiji smanjen je za 13 800."
    )
    assert [(c.measure, c.period) for c in _claims(text, "2025-08-29")] == [
        ("change", "2024-Q2/2025-Q2")
    ]


def test_odnosno_pairs_a_list_of_figures_with_a_list_of_countries_in_order() -> None:
    text = (
        "Prema anketi, negativno mišljenje o ulozi SAD i Rusije ima 56 odsto, "
        "odnosno 52 odsto građana Srbije."
    )
    claims = _claims(text)
    assert [(c.value, c.metric, c.partner) for c in claims] == [
        (56.0, "opinion.share", "United States"),
        (52.0, "opinion.share", "Russia"),
    ]


def test_an_accusative_scale_word_stays_with_its_number() -> None:
    claims = _claims("Kina je uložila 2,1 milijardu evra u Srbiju.")
    assert [(c.surface, c.value, c.unit) for c in claims] == [("2,1 milijardu evra", 2.1e9, "EUR")]


@pytest.mark.parametrize(
    ("text", "published_on", "period"),
    [
        # A change over part of a year is that part's own in Serbian releases ...
        (
            "Od januara do kraja maja ove godine izvoz u Kinu bio je za 12 odsto manji nego u "
            "istom periodu prošle godine.",
            "2024-07-01",
            "2024-01/2024-05",
        ),
        (
            "U martu je uvoz iz Rusije manji za 30 odsto nego u istom mesecu prošle godine.",
            "2024-07-01",
            "2024-03",
        ),
        # ... and runs from its base where the text dates the base.
        (
            "Dug prema Kini na kraju maja manji je za 50 miliona evra u odnosu na april.",
            "2024-07-01",
            "2024-04/2024-05",
        ),
        # A full year's change still runs from the year before.
        ("Izvoz u Kinu je 2023. godine porastao za 40 odsto.", "2024-07-01", "2022/2023"),
    ],
)
def test_a_serbian_change_over_part_of_a_year_is_that_parts_own(
    text: str, published_on: str, period: str
) -> None:
    assert [c.period for c in _claims(text, published_on)] == [period]


def test_an_english_change_over_months_still_runs_from_a_year_before() -> None:
    text = "In the first nine months of this year, exports to China declined by 13.6 percent."
    doc = Document(
        name="en.txt",
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        published_on="2020-10-19",
    )
    assert [c.period for c in extract_claims(doc, gazetteer=GAZ).claims] == ["2019-01/2020-09"]


def test_the_figure_of_a_base_month_is_that_months() -> None:
    text = (
        "Dug prema Kini manji je za 50 miliona evra u odnosu na april, kada je on bio "
        "2,1 milijardu evra."
    )
    claims = _claims("U maju je pao dug. " + text, "2024-07-01")
    assert [(c.surface, c.period) for c in claims] == [
        ("50 miliona evra", "2024-04/2024-05"),
        ("2,1 milijardu evra", "2024-04"),
    ]


@pytest.mark.parametrize(
    ("text", "published_on", "period"),
    [
        # 'u poslednjih deset godina': the decade up to the document's year.
        ("Kina je u poslednjih deset godina uložila 5 milijardi evra.", "2023-08-09", "2013/2023"),
        # 'od maja do avgusta' read in April has not begun: this year's plan.
        ("EU planira da od maja do avgusta isporuči 36.000 doza.", "2021-04-20", "2021-05/2021-08"),
    ],
)
def test_serbian_recent_years_and_a_span_still_to_come(
    text: str, published_on: str, period: str
) -> None:
    assert [c.period for c in _claims(text, published_on)] == [period]


def test_a_figure_from_x_to_y_over_a_span_takes_its_ends() -> None:
    text = (
        "Dug Srbije prema Kini porastao je u poslednjih deset godina sa 305 miliona na "
        "3,7 milijardi evra."
    )
    claims = _claims(text, "2023-08-09")
    assert [(c.metric, c.period) for c in claims if c.unit == "EUR"] == [
        ("loan", "2013"),
        ("loan", "2023"),
    ]


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("EBRD je najavila novo finansiranje od 830 miliona evra.", "finance.total"),
        ("Kompanije su izvezle robu u vrednosti od 882 miliona evra.", "trade.exports"),
        ("Zabeležen je 630.181 dolazak stranih turista.", "tourism.arrivals"),
    ],
)
def test_serbian_words_for_financing_exports_and_arrivals(text: str, metric: str) -> None:
    assert [c.metric for c in _claims(text)] == [metric]


def test_an_unemployment_word_between_two_rates_names_the_next_one() -> None:
    text = "Stopa zaposlenosti iznosila je 51,5 odsto, a nezaposlenosti 8,5 odsto."
    assert [c.metric for c in _claims(text)] == ["other", "macro.unemployment"]


def test_a_stock_counted_on_a_day_is_that_days() -> None:
    text = "Dug Srbije prema Kini na dan 31. maja 2023. iznosi 3,7 milijardi evra."
    assert [c.period for c in _claims(text, "2023-08-09")] == ["2023-05-31"]


def test_a_multiple_comparing_two_things_has_no_base_year() -> None:
    text = "Prošle godine izvoz u BiH bio je 32 puta veći nego izvoz u Kinu."
    assert [(c.unit, c.period) for c in _claims(text, "2017-03-10")] == [("times", "2016")]


def test_a_round_count_word_is_read() -> None:
    text = "U fabrici radi dvadesetak inženjera iz Kine."
    assert [(c.value, c.unit) for c in _claims(text)] == [(20.0, "count")]


@pytest.mark.parametrize(("alias"), ["Zrenjaninu", "Новом Саду", "Vojvodini", "Nišu"])
def test_serbian_cities_and_province_are_serbia(alias: str) -> None:
    mentions = GAZ.find(f"Fabrika je otvorena u {alias} juče.")
    assert [(m.alias, m.ref.name) for m in mentions] == [(alias, "Serbia")]


def test_the_country_traded_with_is_no_main_country_of_the_text() -> None:
    # Named most, and in the title, but each time as the other side of Serbia's trade.
    text = (
        "Razmena sa Nemačkom prelazi deset milijardi\n\n"
        "Predsednik Srbije rekao je da će trgovinska razmena sa Nemačkom ove godine preći "
        "10,5 milijardi evra, i da je ta zemlja prvi trgovinski partner Srbije.\n"
    )
    claim = next(c for c in _claims(text) if c.value == 10.5e9)
    assert (claim.subject, claim.partner) == ("Serbia", "Germany")


def test_a_change_verb_takes_its_figure_with_no_link_and_the_observed_period_is_the_last() -> None:
    text = (
        "Ukupna robna razmena Srbije porasla je 7,6 odsto u periodu januar-septembar 2016. "
        "godine, u poređenju s istim periodom lane. U posmatranom periodu izvezeno je robe za "
        "9,92 milijarde evra, a deficit je smanjen 7,5 procenata.\n"
    )
    got = [(c.surface, c.measure, c.period) for c in _claims(text, published_on="2016-11-01")]
    assert got == [
        ("7,6 odsto", "change", "2016-01/2016-09"),
        ("9,92 milijarde evra", "level", "2016-01/2016-09"),
        ("7,5 procenata", "change", "2016-01/2016-09"),
    ]


def test_a_country_named_as_a_trading_partner_is_the_counterpart() -> None:
    text = (
        "Mađarska peti trgovinski partner Srbije\n\n"
        "Mađarska je prošle godine bila naš peti trgovinski partner sa 3,65 milijardi evra, "
        "rekao je ministar trgovine Srbije.\n"
    )
    claim = next(c for c in _claims(text, published_on="2023-02-07") if c.value == 3.65e9)
    assert (claim.subject, claim.partner, claim.period) == ("Serbia", "Hungary", "2022")


def test_the_stays_of_tourists_are_overnights_not_arrivals() -> None:
    text = "Broj noćenja stranih turista u junu uvećan je za 12,1 odsto.\n"
    assert [c.metric for c in _claims(text)] == ["tourism.overnights"]


def test_months_of_last_year_after_a_comparison_are_the_base_not_the_period() -> None:
    text = (
        "Izvoz je u periodu januar-septembar 2016. iznosio 9,92 milijarde evra. Izvoz je bio "
        "11,08 milijardi dolara, i veći je 10,3 odsto u odnosu na period januar–septembar "
        "prošle godine.\n"
    )
    got = [(c.surface, c.measure, c.period) for c in _claims(text, published_on="2016-11-01")]
    assert got[-1] == ("10,3 odsto", "change", "2016-01/2016-09")


@pytest.mark.parametrize(
    "text",
    [
        "Prema podacima agencije Kosova, u novembru je Srbija izvezla na Kosovo robu vrednu "
        "37 miliona evra.",
        "Srbija je u novembru na Kosovo izvezla robu vrednu 37 miliona evra.",
    ],
)
def test_the_country_that_exports_is_the_subject_not_the_destination(text: str) -> None:
    assert [(c.subject, c.partner) for c in _claims(text)] == [("Serbia", "Kosovo")]


@pytest.mark.parametrize(
    ("text", "value"),
    [("Za EU je svaki drugi građanin.", 0.5), ("Сваки десети грађанин је за НАТО.", 0.1)],
)
def test_one_in_every_n_is_a_fraction(text: str, value: float) -> None:
    assert [(c.unit, c.value) for c in _claims(text)] == [("fraction", value)]


def test_a_country_after_od_before_a_receiving_verb_is_the_giver() -> None:
    text = "Srbija je od EU dobila više od 3,6 milijardi evra bespovratne pomoći od 2000. godine.\n"
    assert [(c.subject, c.partner, c.metric) for c in _claims(text)] == [
        ("Serbia", "European Union", "aid.grant")
    ]


def test_a_regions_share_of_the_stays_names_no_partner_and_is_other() -> None:
    text = (
        "Od ukupnog broja noćenja, u Beogradu je ostvareno 29,3 odsto, u Vojvodini 15,7 odsto."
        "\n\nTuristi iz Rusije ostvarili su 10,2 odsto noćenja stranih turista.\n"
    )
    got = [(c.surface, c.metric, c.partner) for c in _claims(text)]
    assert got == [
        ("29,3 odsto", "other", None),
        ("15,7 odsto", "other", None),
        ("10,2 odsto", "tourism.overnights", "Russia"),
    ]


def test_a_past_date_outside_the_clause_does_not_date_a_future_figure() -> None:
    text = (
        "Fabrika u Zrenjaninu, čija je gradnja počela u martu 2019. godine, zaposliće 1.200 "
        "radnika.\n\nIzvoz Srbije u Kinu u martu 2019. godine iznosio je 50 miliona evra."
    )
    found = {c.surface: c.period for c in _claims(text)}
    assert found == {"1.200": None, "50 miliona evra": "2019-03"}


def test_a_future_figure_keeps_the_time_its_own_clause_names() -> None:
    (claim,) = _claims("Izvoz u Kinu će ove godine biti 200 miliona evra.")
    assert claim.period == "2024"


def test_a_country_right_before_its_figure_is_its_partner() -> None:
    text = "Srbija je izvezla najviše u Nemačku, zatim u Italiju 12% i Rumuniju 8%."
    found = {c.surface: c.partner for c in _claims(text)}
    assert found == {"12%": "Italy", "8%": "Romania"}


def test_a_country_that_labels_the_next_figure_is_not_this_ones_partner() -> None:
    text = (
        "Sledi Ruska Federacija odakle je Srbiju posetilo 43.592 turista, Turska sa 35.311 "
        "dolazaka."
    )
    found = {c.surface: c.partner for c in _claims(text)}
    assert found == {"43.592": "Russia", "35.311": "Turkey"}


def test_ijekavian_spellings_of_names_and_metric_cues() -> None:
    assert [(m.alias, m.ref.name) for m in GAZ.find("Razgovor o Njemačkoj juče.")] == [
        ("Njemačkoj", "Germany")
    ]
    (claim,) = _claims("Robna razmjena Srbije i Kine iznosila je 6 milijardi eura u 2023. godini.")
    assert (claim.metric, claim.unit, claim.period) == ("trade.total", "EUR", "2023")
