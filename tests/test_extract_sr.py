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
