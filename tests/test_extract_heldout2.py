"""Quality gate on a second hand-annotated held-out set (tests/data/heldout2) and own-sentence
tests for the rules it led to: periods read against the dateline, parts of the year, seasons,
fieldwork dates, and subject/partner in texts that move between several country pairs.

The six articles (gas-deal wire, US-Serbia news, Hungary regional brief, opinion poll,
statistics-office release, long-form feature) were written and annotated before the extractor
ran on them; the matching is the one of ../shared/tools/score_claims.py (see test_extract_heldout).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import claims_of as _claims
from conftest import one_claim as _one
from geoledger.extract import Gazetteer, claim_to_json, extract_claims
from geoledger.extract.periods import find_doc_date, find_periods, resolve_dated
from geoledger.models import Document
from test_extract_heldout import score

HELDOUT2 = Path(__file__).parent / "data" / "heldout2"

# Floors at the scores reached when last raised (P 1.000, R 0.978, F1 0.989; period 0.910,
# metric 0.948, subject 0.970, partner 0.895, entity 0.851, qualifier 0.993, measure 0.985).
# Before the rules below the same extractor scored P 0.950, R 0.971, period 0.436, partner 0.639.
# Lowered for period (0.776), partner (0.888) and entity (0.843) when the dateline began to date
# figures with no time of their own, a rise or fall began to run from its base to its own period
# (as the real-article set annotates both), and the main country came from the text.
PRECISION_FLOOR = 0.99
RECALL_FLOOR = 0.97
MENTION_F1_FLOOR = 0.98
ATTRIBUTE_FLOORS = {
    "period": 0.77, "metric": 0.94, "subject": 0.96, "partner": 0.88, "entity": 0.84,
    "qualifier": 0.99, "measure": 0.98,
}  # fmt: skip


def _doc(name: str, text: str) -> Document:
    raw = text.encode("utf-8")
    return Document(name=name, text=text, content_hash=hashlib.sha256(raw).hexdigest())


def test_gold_cites_the_exact_place_of_every_claim() -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in HELDOUT2.glob("*.txt")}
    gold = [
        json.loads(line)
        for path in sorted((HELDOUT2 / "gold").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    assert len(gold) == 137 and set(texts) == {g["doc"] for g in gold}
    for g in gold:
        assert texts[g["doc"]][g["start"] : g["end"]] == g["surface"], g
    for text in texts.values():
        assert 300 <= len(text.split()) <= 800


def test_heldout2_score_holds_the_floor(gazetteer: Gazetteer) -> None:
    preds, gold = [], []
    for path in sorted(HELDOUT2.glob("*.txt")):
        doc = _doc(path.name, path.read_bytes().decode("utf-8"))
        preds.extend(claim_to_json(c) for c in extract_claims(doc, gazetteer=gazetteer).claims)
        gold_file = HELDOUT2 / "gold" / path.name.replace(".txt", ".jsonl")
        gold.extend(json.loads(x) for x in gold_file.read_text(encoding="utf-8").splitlines())
    result = score(gold, preds)
    assert result["precision"] >= PRECISION_FLOOR, result
    assert result["recall"] >= RECALL_FLOOR, result
    assert result["f1"] >= MENTION_F1_FLOOR, result
    for name, floor in ATTRIBUTE_FLOORS.items():
        assert result["attributes"][name] >= floor, (name, result)  # type: ignore[index]


def test_a_dateline_opening_the_first_paragraph_dates_the_document() -> None:
    text = "Headline\n\nNIS, 2 June 2023 – The mayor opened a bridge that cost a lot of money, " * 3
    assert find_doc_date(text) == "2023-06-02"
    assert (
        find_doc_date("Headline\n\n" + "Plain prose that names 2 June 2023 later on. " * 4) is None
    )


@pytest.mark.parametrize(
    ("phrase", "doc_date", "iso"),
    [
        ("in the second quarter alone", "2024-07-31", "2024-Q2"),
        ("in the fourth quarter", "2024-07-31", "2023-Q4"),
        ("in the first half", "2024-07-31", "2024-H1"),
        ("in the first nine months of this year", "2024-11-14", "2024-01/2024-09"),
        ("this spring", "2024-09-18", "2024-03/2024-05"),
        ("last autumn", "2025-03-03", "2024-09/2024-11"),
        ("last autumn", "2024-09-18", "2023-09/2023-11"),
        ("this winter", "2024-11-14", "2024-12/2025-02"),
        ("by the end of the decade", "2024-09-18", "2030"),
        ("between 3 and 17 March 2025", None, "2025-03-03/2025-03-17"),
        ("on May 4-9, 2022", None, "2022-05-04/2022-05-09"),
    ],
)
def test_periods_read_against_the_documents_date(
    phrase: str, doc_date: str | None, iso: str
) -> None:
    found = resolve_dated(find_periods(phrase), doc_date)
    assert [p.iso for p in found] == [iso]


def test_parts_of_other_spans_are_not_parts_of_the_year() -> None:
    assert resolve_dated(find_periods("the first half of the decade"), "2024-05-01") == []
    assert [p.iso for p in resolve_dated(find_periods("the first half of 2023"), None)] == [
        "2023-H1"
    ]


def test_relative_years_and_bases_of_comparison(gazetteer: Gazetteer) -> None:
    text = (
        "BELGRADE, 12 May 2024 – Exports of Serbian plums to Germany reached $40 million two "
        "years ago. Ten years ago there were 12 Serbian orchards exporting there. Imports from "
        "Germany fell by 9% compared with the same period last year in the first quarter."
    )
    assert _one(gazetteer, text, "$40 million")["period"] == "2022"
    assert _one(gazetteer, text, "12")["period"] == "2014"
    assert _one(gazetteer, text, "9%")["period"] == "2023-Q1/2024-Q1"  # a fall runs from its base


def test_shares_of_a_poll_take_its_fieldwork_dates(gazetteer: Gazetteer) -> None:
    text = (
        "Zagreb, 20 June 2024\n\nA new poll was published on Thursday.\n\nSome 52 percent of "
        "respondents named Germany as the closest ally, ahead of Italy with 14 percent.\n\n"
        "The poll was conducted from 2 to 9 May 2024 with 900 adults."
    )
    first, second = _one(gazetteer, text, "52 percent"), _one(gazetteer, text, "14 percent")
    assert first["period"] == second["period"] == "2024-05-02/2024-05-09"
    assert (first["partner"], second["partner"]) == ("Germany", "Italy")


def test_a_list_of_partners_labels_each_figure(gazetteer: Gazetteer) -> None:
    text = (
        "In 2023 Serbia exported most to Germany (EUR 900 million), Italy (EUR 500 million) "
        "and Romania (EUR 300 million)."
    )
    partners = [c["partner"] for c in _claims(gazetteer, text)]
    assert partners == ["Germany", "Italy", "Romania"]


def test_the_exporter_is_the_subject_whoever_is_named_first(gazetteer: Gazetteer) -> None:
    text = (
        "Hungarian goods exports to Serbia reached $2 billion in 2023, while Serbia sold goods "
        "worth $1.5 billion to Hungary. Croatia's exports to Serbia grew by 7 percent, and "
        "Romania's by 4 percent."
    )
    roles = {c["surface"]: (c["subject"], c["partner"]) for c in _claims(gazetteer, text)}
    assert roles["$2 billion"] == ("Hungary", "Serbia")
    assert roles["$1.5 billion"] == ("Serbia", "Hungary")
    assert roles["7 percent"][0] == "Croatia" and roles["4 percent"][0] == "Romania"


def test_physical_measures_and_years_before_a_figure_are_not_claims(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Serbia bought 2.1 billion cubic metres of Russian gas at $300 per 1,000 cubic metres "
        "and made 1.9 million tonnes of steel. Unemployment fell from 20 percent in 2014 to "
        "9.1 percent in 2024."
    )
    assert [c["surface"] for c in _claims(gazetteer, text)] == ["$300", "20 percent", "9.1 percent"]
