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
