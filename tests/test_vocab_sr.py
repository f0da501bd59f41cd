"""Serbian language data: actor names in every case and script, metric cues, period words."""

from __future__ import annotations

import re
import tomllib

import pytest

from geoledger.extract.gazetteer import Gazetteer
from geoledger.extract.vocab import (
    LANG_DIR,
    actor_names,
    cue_languages,
    cue_pattern,
    metric_cues,
    modifier_cues,
    period_words,
    rule_cues,
    spellings,
    with_cues,
)
from geoledger.models import METRICS

# The rules that read lang/<code>_cues.toml: a table no rule reads would be dead data.
READ_CUES = {
    "survey", "published", "change_words", "change_links", "change_fillers", "change_after",
    "comparative_words", "comparative_links", "qualifier_approx", "qualifier_at_least",
    "qualifier_at_most", "opinion_weak", "partner_before", "subject_before", "export_to",
    "export_from", "gives", "receives", "compare_before", "label", "no_answer", "clause_break",
    "same_part", "and", "respectively_join", "when_clause", "span_from", "span_to", "as_of",
    "change_verbs", "change_verb_aux", "is_partner", "own_flow",
    "owns_share", "received_from", "future", "future_endings", "future_not",
}  # fmt: skip

NAMES = actor_names("sr")


def _linked() -> tuple[Gazetteer, Gazetteer]:
    """The built-in gazetteer and one that also knows every Serbian form, as a rule would."""
    base = Gazetteer.default()
    refs = {}
    for english in set(NAMES.values()):
        refs[english] = base.lookup(english)
    for form, english in NAMES.items():
        refs[form] = base.lookup(english)
    return base, Gazetteer(refs)  # type: ignore[arg-type]


def test_every_actor_of_the_names_file_is_a_known_english_actor() -> None:
    base = Gazetteer.default()
    unknown = sorted(e for e in set(NAMES.values()) if base.lookup(e) is None)
    assert unknown == []


def test_no_serbian_form_names_two_actors() -> None:
    data = tomllib.loads((LANG_DIR / "sr_names.toml").read_text(encoding="utf-8"))
    owner: dict[str, str] = {}
    clashes = []
    for english, entry in data.items():
        for form in entry["forms"]:
            if owner.setdefault(form, english) != english:
                clashes.append((form, owner[form], english))
    assert clashes == []


def test_each_serbian_form_links_to_the_same_actor_as_its_english_name() -> None:
    base, linked = _linked()
    wrong = []
    for form, english in sorted(NAMES.items()):
        mentions = linked.find(f"Vest: {form}, danas.")
        if [(m.alias, m.ref) for m in mentions] != [(form, base.lookup(english))]:
            wrong.append((form, [(m.alias, m.ref.name) for m in mentions]))
    assert wrong == []
    assert len(NAMES) > 800  # every case of every name, in both scripts


@pytest.mark.parametrize(
    ("forms", "english"),
    [
        (
            ["Kina", "Kine", "Kini", "Kinu", "Kinom", "Кина", "Кине", "Кини", "Кину", "Кином"],
            "China",
        ),
        (["Rusija", "Rusije", "Rusiji", "Rusijom", "Русија", "Русије", "Москва"], "Russia"),
        (["EU", "Evropska unija", "Evropskoj uniji", "ЕУ", "Европска унија"], "European Union"),
        (
            ["SAD", "Amerika", "Americi", "САД", "Америка", "Сједињене Америчке Државе"],
            "United States",
        ),
        (["Srbija", "Srbije", "Србија", "Србијом", "Beograd", "Београд"], "Serbia"),
        (["Mađarska", "Мађарска", "Azerbejdžan", "Азербејџан", "Ljubljana", "Љубљана"], None),
    ],
)
def test_named_forms_in_both_scripts(forms: list[str], english: str | None) -> None:
    for form in forms:
        assert form in NAMES, form
    if english:
        assert {NAMES[form] for form in forms} == {english}


def test_cyrillic_spellings_follow_serbian_letters() -> None:
    assert spellings("Kremlj", "sr") == ("Kremlj", "Кремљ")
    assert spellings("Nju Delhi", "sr") == ("Nju Delhi", "Њу Делхи")
    assert spellings("BiH", "sr") == ("BiH", "БиХ")
    assert spellings("Kina", "en") == ("Kina",)


def test_metric_cues_use_the_spec_vocabulary_and_cover_the_issue_words() -> None:
    cues = metric_cues("sr")
    assert set(cues) - set(METRICS) == {"investment"}  # the family rules split by modifiers
    owner: dict[str, str] = {}
    for metric, words in cues.items():
        for word in words:
            assert owner.setdefault(word, metric) == metric, (word, owner[word], metric)
    expected = {
        "izvoz": "trade.exports",
        "извоз": "trade.exports",
        "uvoz": "trade.imports",
        "увоз": "trade.imports",
        "spoljnotrgovinska razmena": "trade.total",
        "спољнотрговинска размена": "trade.total",
        "deficit": "trade.balance",
        "investicije": "investment",
        "улагања": "investment",
        "kredit": "loan",
        "zajam": "loan",
        "донација": "aid.grant",
        "bespovratna sredstva": "aid.grant",
        "ugovor vredan": "project.value",
        "glasanje": "opinion.share",
        "anketa": "opinion.share",
        "анкета": "opinion.share",
        "usklađenost sa spoljnom politikom EU": "policy.alignment_rate",
        "усклађеност са спољном политиком ЕУ": "policy.alignment_rate",
    }
    assert {word: owner.get(word) for word in expected} == expected


def test_modifier_cues_mark_pledges_deals_and_totals() -> None:
    cues = modifier_cues("sr")
    assert set(cues) == {"pledge", "deal", "total"}
    assert {"obećao", "обећао", "najavila"} <= set(cues["pledge"])
    assert {"kupio", "преузимање"} <= set(cues["deal"])
    assert {"ukupno", "укупно"} <= set(cues["total"])


def test_period_words_give_months_in_every_case_and_both_scripts() -> None:
    words = period_words("sr")
    assert {words.months[m] for m in ("januar", "januara", "januaru", "јануара")} == {1}
    assert [words.months[m] for m in ("mart", "марта", "maja", "јуна", "avgusta", "децембра")] == [
        3,
        3,
        5,
        6,
        8,
        12,
    ]
    assert sorted(set(words.months.values())) == list(range(1, 13))
    assert "godine" in words.year_words and "године" in words.year_words


def test_period_words_give_relative_years_parts_of_years_and_ranges() -> None:
    words = period_words("sr")
    assert (words.relative_years["prošle godine"], words.relative_years["прошле године"]) == (
        -1,
        -1,
    )
    assert words.relative_years["ove godine"] == 0
    # "u prvih šest meseci 2024" is 2024-H1; the first nine months run January to September.
    assert words.parts_of_year["prvih šest meseci"] == "H1"
    assert words.parts_of_year["првих шест месеци"] == "H1"
    assert words.parts_of_year["drugom kvartalu"] == "Q2"
    assert words.months_from_january["prvih devet meseci"] == 9
    # "od 2013. do 2023." is the interval 2013/2023.
    assert (words.ranges["from"][0], words.ranges["to"][1]) == ("od", "до")
    assert "tokom" in words.prepositions and "током" in words.prepositions
    assert {"u odnosu na", "у односу на", "nego"} <= set(words.comparisons)


def test_a_language_without_data_names_the_missing_file() -> None:
    with pytest.raises(LookupError) as caught:
        actor_names("hu")
    assert (
        str(caught.value) == f"No names for language 'hu': {LANG_DIR / 'hu_names.toml'} is missing."
    )


def test_rule_cues_come_in_both_scripts_and_join_the_english_words() -> None:
    assert "sr" in cue_languages("cues")
    cues = rule_cues("sr")
    assert {"anketa", "анкета"} <= set(cues["survey"])
    assert {"oko", "око"} <= set(cues["qualifier_approx"])
    # Every rule name in the file is read by a rule of the reader.
    assert set(cues) == set(READ_CUES)
    rx = re.compile(with_cues(r"\bsurvey\b", "survey"), re.IGNORECASE)
    assert [bool(rx.search(t)) for t in ("a survey", "telefonskom anketom", "анкетом", "x")] == [
        True,
        True,
        True,
        False,
    ]
    assert cue_pattern("no_such_rule") == ""
    assert with_cues("x", "no_such_rule") == "x"


def test_months_so_far_are_read_only_before_a_year() -> None:
    words = period_words("sr")
    assert (words.months_so_far["pet meseci"], words.months_so_far["пет месеци"]) == (5, 5)
