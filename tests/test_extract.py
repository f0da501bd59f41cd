"""The claim extractor on sentences written for these tests: what is a claim, and what is not."""

from __future__ import annotations

import hashlib

import pytest

from geoledger.extract import Gazetteer, claim_to_json, extract_claims
from geoledger.models import CLAIM_FIELDS, Actor, Document

GAZ = Gazetteer.from_actors(
    [
        Actor(
            id="zijin",
            name="Zijin Mining Group",
            kind="company",
            country="China",
            aliases=("Zijin Mining", "Zijin", "Zijing Mining"),
        ),
        Actor(
            id="hbis",
            name="HBIS Group",
            kind="company",
            country="China",
            aliases=("HBIS", "Hesteel Group"),
        ),
        Actor(id="rtb_bor", name="RTB Bor", kind="company", country="Serbia", aliases=("RTB Bor",)),
        Actor(id="nis", name="NIS", kind="company", country="Serbia", aliases=("NIS",)),
        Actor(
            id="gazprom_neft",
            name="Gazprom Neft",
            kind="company",
            country="Russia",
            aliases=("Gazprom Neft",),
        ),
        Actor(
            id="exim",
            name="Export-Import Bank of China",
            kind="bank",
            country="China",
            aliases=("Exim Bank of China", "China Exim Bank"),
        ),
        Actor(
            id="banks",
            name="Chinese state banks (unnamed)",
            kind="bank",
            country="China",
            aliases=("Chinese state banks", "Chinese state bank"),
        ),
        Actor(
            id="stat",
            name="Statistical Office",
            kind="organisation",
            country="Serbia",
            aliases=("Statistical Office",),
        ),
    ]
)


def read(text: str, published_on: str | None = None) -> list[dict[str, object]]:
    """Claims of one text as spec dictionaries."""
    doc = Document(
        name="t.txt",
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        published_on=published_on,
    )
    return [claim_to_json(c) for c in extract_claims(doc, gazetteer=GAZ).claims]


def one(text: str, **kw: str) -> dict[str, object]:
    """The single claim of a text."""
    claims = read(text, **kw)
    assert len(claims) == 1, [c["surface"] for c in claims]
    return claims[0]


# ---- money, percentages, counts, multiples: surface, value, value_max, unit -------------

FORMS = [
    ("Bilateral trade reached $1.5 billion last year.", "$1.5 billion", 1.5e9, None, "USD"),
    ("Beijing has pledged US$10 billion for the corridor.", "US$10 billion", 1e10, None, "USD"),
    ("The credit line of USD 943 million was signed.", "USD 943 million", 9.43e8, None, "USD"),
    ("HBIS paid €42 million for the plant.", "€42 million", 4.2e7, None, "EUR"),
    ("The fund holds €220mn in reserves.", "€220mn", 2.2e8, None, "EUR"),
    ("Experts put the total at 9 – 10 billion euros.", "9 – 10 billion euros", 9e9, 1e10, "EUR"),
    ("The bridge cost 1.2 bn dollars to build.", "1.2 bn dollars", 1.2e9, None, "USD"),
    ("Raspberry sales fell to $832,000.", "$832,000", 832000.0, None, "USD"),
    ("The city budget is RSD 4.5 billion.", "RSD 4.5 billion", 4.5e9, None, "RSD"),
    ("The ministry spent 300 million dinars on roads.", "300 million dinars", 3e8, None, "RSD"),
    ("The bank lent 3 billion yuan to the smelter.", "3 billion yuan", 3e9, None, "CNY"),
    ("The deal is worth CNY 5 billion.", "CNY 5 billion", 5e9, None, "CNY"),
    ("Serbian exports reached EUR 1.2 bln in 2023.", "EUR 1.2 bln", 1.2e9, None, "EUR"),
    ("The plant received 4,5 million euros in subsidies.", "4,5 million euros", 4.5e6, None, "EUR"),
    ("Estimates range between $1 and $2 billion.", "$1 and $2 billion", 1e9, 2e9, "USD"),
    ("Investors expect $2-3 billion over a decade.", "$2-3 billion", 2e9, 3e9, "USD"),
    ("The EU gave half a billion euros in aid.", "half a billion euros", 5e8, None, "EUR"),
    ("The contract is worth £500m.", "£500m", 5e8, None, "GBP"),
    ("Copper made up 93 percent of the total.", "93 percent", 93.0, None, "percent"),
    ("Unemployment stood at 11.3 percent.", "11.3 percent", 11.3, None, "percent"),
    ("Only 57% agreed.", "57%", 57.0, None, "percent"),
    ("Exports grew by six percent.", "six percent", 6.0, None, "percent"),
    ("Inflation was 12 per cent in March 2023.", "12 per cent", 12.0, None, "percent"),
    ("The army bought six drones from abroad.", "six", 6.0, None, "count"),
    ("Mandarin is taught at over sixty public schools.", "sixty", 60.0, None, "count"),
    ("Some 145,000 tourists came from China.", "145,000", 145000.0, None, "count"),
    ("Hotels counted 268,572 overnight stays.", "268,572", 268572.0, None, "count"),
    ("The factory employs 1,200 workers.", "1,200", 1200.0, None, "count"),
    ("Exports to China were 45 times the 2010 level.", "45 times", 45.0, None, "times"),
    ("Imports from China doubled between 2015 and 2020.", "doubled", 2.0, None, "times"),
    ("Chinese banks lent twice as much as the EU did.", "twice", 2.0, None, "times"),
    ("Two-thirds of the loans went to Serbia.", "Two-thirds", 2 / 3, None, "fraction"),
    ("A fifth of the budget went to defence.", "A fifth", 0.2, None, "fraction"),
    ("The line is 107 km long.", "107 km", 107.0, None, "km"),
    ("The 350-hectare industrial zone opened.", "350-hectare", 350.0, None, "ha"),
]


@pytest.mark.parametrize(("text", "surface", "value", "value_max", "unit"), FORMS)
def test_reads_every_common_form_of_a_quantity(
    text: str, surface: str, value: float, value_max: float | None, unit: str
) -> None:
    claim = one(text)
    assert (claim["surface"], claim["unit"]) == (surface, unit)
    assert claim["value"] == pytest.approx(value)
    assert claim["value_max"] == (pytest.approx(value_max) if value_max else None)
    assert text[claim["start"] : claim["end"]] == surface  # type: ignore[misc]


QUALIFIERS = [
    ("The deal was worth approximately €1 billion.", "approx"),
    ("Nearly 95% of tariff lines will be freed.", "approx"),
    ("Almost 70% of exports go to the EU.", "approx"),
    ("Around 2,000 jobs were created.", "approx"),
    ("It represented just over six percent of exports.", "at_least"),
    ("More than 80% of the copper goes to China.", "at_least"),
    ("The plant will receive up to €300 million.", "at_most"),
    ("Fewer than 500 workers remain.", "at_most"),
    ("The loan totals exactly $608 million.", "exact"),
    ("As many as 16% named China.", "exact"),
    ("Sales reached 100,000 units or more.", "at_least"),
]


@pytest.mark.parametrize(("text", "qualifier"), QUALIFIERS)
def test_reads_the_qualifier_before_or_after_the_figure(text: str, qualifier: str) -> None:
    claim = one(text)
    assert claim["qualifier"] == qualifier
    assert "just" not in str(claim["surface"]) and "up to" not in str(claim["surface"])


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("The $1.2 billion surge in total trade surprised analysts.", "change"),
        ("Exports rose by €150 million compared with 2022.", "change"),
        ("There was an increase of 12% in arrivals.", "change"),
        ("Trade stood at $6 billion.", "level"),
        ("Exports were 45 times the 2010 level.", "multiple"),
    ],
)
def test_tells_changes_and_multiples_from_levels(text: str, measure: str) -> None:
    assert one(text)["measure"] == measure


# ---- what is not a claim ---------------------------------------------------------------

NOT_CLAIMS = [
    "In 2019 the two governments met again.",
    "The 25th anniversary of the bombing fell on 7 May 2024.",
    "Serbia joined the 17+1 format, later called 16+1.",
    "The army showed its CH-92A and HQ-22 systems.",
    "The COVID-19 pandemic slowed the rollout of 5G networks.",
    "See Economic Analysis 53, no. 2 (2020): 133-144 (here 133).",
    "Source: https://example.org/2020/05/12/report-4410.html and doi:10.28934/ea.20.53.2.",
    "Xi's 6-day visit began on May 6, 2024.",
    "Tariffs will fall over the next five to ten years.",
    "The talks lasted three months.",
    "Serbia ranked 3rd and Hungary 2nd in the survey tables.",
    "It is one of the largest plants in the region.",
    "The two countries signed a deal; both sides praised it.",
    "Serbia was among the top 10 destinations.",
    "Chapter 35 negotiations stalled in 2021.",
    "A 10-year programme began in 2016.",
    "Thousands of jobs and dozens of projects followed.",
    "It happened in the second quarter of 2023.",
    "The first half of 2024 was quiet.",
]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_finds_no_claim_in_years_names_references_and_durations(text: str) -> None:
    assert read(text) == []


def test_a_footnote_marker_glued_to_a_number_is_not_part_of_it() -> None:
    text = "In 2018 the number of Chinese tourists doubled, reaching over 100,00026 and more."
    claims = read(text)
    assert [(c["surface"], c["value"], c["unit"]) for c in claims] == [
        ("doubled", 2.0, "times"),
        ("100,000", 100000.0, "count"),
    ]
    assert claims[1]["qualifier"] == "at_least"
    assert claims[1]["metric"] == "tourism.arrivals"


def test_footnote_markers_after_words_are_not_claims() -> None:
    text = "Exports remain at a very low level.2 This is due to weak industry.13 Serbia grew."
    assert read(text) == []


# ---- a think-tank PDF: wrapped lines, footnote block inside a sentence --------------------

PDF = """ Chinese lending to the Western Balkans grew quickly in the decade after
the financial crisis, and Serbia became its main destination. Roads, bridges
and power plants were built by Chinese contractors with Chinese credit and
Chinese workers, under agreements that were rarely published in full.3 In
2019 the Exim Bank of China lent the Serbian government USD 7
billion for roads.4 Most projects went to Serbia, and the government of
Serbia plans more of them along the main corridors of the country, each


 3  Ibid., 12-14; see also Report 2020, 33, https://example.org/a/b-7/.
 4  Author Name, “Loans worth €2 billion for Serbia,” Outlet, May 2, 2020,
https://example.org/news/2020/05/02/loans-2-billion.
 drawing on a further loan of €450 million for the
bypass, agreed in 2020. The plan lists 12 new bridges.
"""


def test_reads_wrapped_pdf_text_and_skips_footnote_bodies() -> None:
    claims = read(PDF)
    assert [(c["surface"], c["value"], c["unit"]) for c in claims] == [
        ("USD 7\nbillion", 7e9, "USD"),
        ("€450 million", 4.5e8, "EUR"),
        ("12", 12.0, "count"),
    ]
    first, second = claims[0], claims[1]
    assert PDF[first["start"] : first["end"]] == "USD 7\nbillion"  # type: ignore[misc]
    # The sentence runs on across the footnote block: its loan belongs to the same story.
    assert (first["metric"], first["period"], first["subject"], first["partner"]) == (
        "loan",
        "2019",
        "Serbia",
        "China",
    )
    assert first["entity"] == "Exim Bank of China"
    assert (second["metric"], second["period"]) == ("loan", "2020")


# ---- periods -----------------------------------------------------------------------------

PERIODS = [
    ("Trade reached $6 billion in 2023.", None, "2023"),
    ("By the end of 2024, imports from China were $5.5 billion.", None, "2024"),
    ("Serbia has had Chinese investment since 2013, totaling €18 billion.", "2024-05", "2013/2024"),
    ("In the second quarter of 2023, exports rose to €300 million.", None, "2023-Q2"),
    ("In the first half of 2024 exports were €700 million.", None, "2024-H1"),
    ("Chinese tourists numbered 145,000 last year.", "2020-02-11", "2019"),
    ("From 2010 to 2015 Chinese investment was only €189 million.", None, "2010/2015"),
    ("The EU allocated €1 billion in the period 2015-20.", None, "2015/2020"),
    ("The loan agreement of USD 943 million was signed in July 2019.", None, "2019-07"),
    ("Imports from China doubled in 2019 compared to 2010.", None, "2010/2019"),
    ("Serbia exported $1.2 million of raspberries in 2023 but $832,000 in 2024.", None, "2023"),
    ("Exports of fruit were $40 million.", None, None),
]


@pytest.mark.parametrize(("text", "published_on", "period"), PERIODS)
def test_finds_the_period_a_quantity_refers_to(
    text: str, published_on: str | None, period: str | None
) -> None:
    assert read(text, published_on=published_on)[0]["period"] == period


def test_carries_the_time_frame_to_the_next_sentence_but_not_a_bound_start_point() -> None:
    text = (
        "By the end of 2024, China was Serbia's second trading partner. Trade between Belgrade "
        "and Beijing reached $7.4 billion, a leap from $6.1 billion in 2023. Exports from Serbia "
        "to China rose to $1.9 billion."
    )
    assert [c["period"] for c in read(text)] == ["2024", "2023", "2024"]


def test_a_change_spans_the_two_years_compared_before_it() -> None:
    text = (
        "Trade reached $7.4 billion in 2024, up from $6.1 billion in 2023.\n"
        "The $1.3 billion surge was the sharpest in a decade."
    )
    surge = read(text)[-1]
    assert (surge["measure"], surge["period"]) == ("change", "2023/2024")


# ---- metric, subject, partner, entity ----------------------------------------------------

ROLES = [
    (
        "Serbia's exports to China reached $1.9 billion in 2024.",
        "trade.exports",
        "Serbia",
        "China",
        None,
    ),
    (
        "Hungarian exports to Serbia reached €1.2 billion in 2022.",
        "trade.exports",
        "Hungary",
        "Serbia",
        None,
    ),
    (
        "Meanwhile Serbian imports from China climbed to $5.5 billion.",
        "trade.imports",
        "Serbia",
        "China",
        None,
    ),
    (
        "Serbia ran a trade deficit of $3.6 billion with China.",
        "trade.balance",
        "Serbia",
        "China",
        None,
    ),
    (
        "Chinese investment in Serbia totaled €5 billion by 2022.",
        "investment.total",
        "Serbia",
        "China",
        None,
    ),
    (
        "The EU provided €200 million in grants to Serbia in 2021.",
        "aid.grant",
        "Serbia",
        "European Union",
        None,
    ),
    (
        "Zijin Mining bought a 63 percent stake in RTB Bor.",
        "investment.stake",
        "Serbia",
        "China",
        "Zijin Mining",
    ),
    (
        "Gazprom Neft owns 56 percent of NIS.",
        "investment.stake",
        "Serbia",
        "Russia",
        "Gazprom Neft",
    ),
    (
        "Zijin acquired RTB Bor for $1.26 billion in 2018.",
        "investment.deal",
        "Serbia",
        "China",
        "Zijin Mining",
    ),
    (
        "In 2014 Serbia received a loan of $608 million from a Chinese state bank.",
        "loan",
        "Serbia",
        "China",
        None,
    ),
    (
        "About 60% of Serbia's imports come from the EU.",
        "trade.partner_share_imports",
        "Serbia",
        "European Union",
        None,
    ),
    (
        "Copper accounted for 80% of Serbia's exports to China.",
        "trade.product_share_exports",
        "Serbia",
        "China",
        None,
    ),
    (
        "The FTA removes tariffs on 95% of Serbia's exports to China.",
        "trade.tariff_coverage",
        "Serbia",
        "China",
        None,
    ),
    ("Chinese loans reached 15% of Serbia's GDP.", "macro.gdp_share", "Serbia", "China", None),
    (
        "In a 2020 poll, 40% of respondents named Russia as Serbia's best friend.",
        "opinion.share",
        "Serbia",
        "Russia",
        None,
    ),
    (
        "Belgrade backed 57% of EU foreign-policy declarations in 2019.",
        "policy.alignment_rate",
        "Serbia",
        "European Union",
        None,
    ),
    (
        "In 2019 some 145,000 Chinese tourists visited Serbia.",
        "tourism.arrivals",
        "Serbia",
        "China",
        None,
    ),
    (
        "Serbia took delivery of six Chinese CH-92A drones.",
        "security.count",
        "Serbia",
        "China",
        None,
    ),
    ("China sent six pandemic experts to Serbia.", "society.count", "Serbia", "China", None),
    (
        "Chinese and Russian loans and investments in Serbia amounted to $7 billion.",
        "finance.total",
        "Serbia",
        None,
        None,
    ),
]


@pytest.mark.parametrize(("text", "metric", "subject", "partner", "entity"), ROLES)
def test_names_metric_subject_partner_and_entity(
    text: str, metric: str, subject: str, partner: str | None, entity: str | None
) -> None:
    claim = one(text)
    assert (claim["metric"], claim["subject"], claim["partner"], claim["entity"]) == (
        metric,
        subject,
        partner,
        entity,
    )


def test_each_gives_one_claim_per_investor_named_before() -> None:
    text = (
        "In 2018 Zijin Mining bought a copper mine and HBIS expanded its steel mill in Serbia. "
        "These investments, valued at about €1 billion each, raised China's profile."
    )
    claims = read(text)
    assert [(c["surface"], c["entity"], c["metric"], c["period"]) for c in claims] == [
        ("€1 billion", "Zijin Mining", "investment.deal", "2018"),
        ("€1 billion", "HBIS", "investment.deal", "2018"),
    ]


def test_an_unknown_company_near_a_claim_is_proposed_as_a_new_actor() -> None:
    doc = Document(
        name="n.txt",
        text="China Harbour Engineering Corporation signed a $1 billion contract with Serbia.",
        content_hash="0" * 64,
    )
    extraction = extract_claims(doc, gazetteer=GAZ)
    assert [(a.name, a.kind, a.start, a.end) for a in extraction.proposed_actors] == [
        ("China Harbour Engineering Corporation", "company", 0, 37)
    ]
    claim = extraction.claims[0]
    assert (claim.metric, claim.entity, claim.made_by) == (
        "project.value",
        "China Harbour Engineering Corporation",
        "money.v2",
    )


def test_a_lender_the_ledger_does_not_hold_is_still_linked_to_its_country() -> None:
    doc = Document(
        name="n.txt",
        text="Montenegro borrowed $944 million from the Export-Import Bank of China in 2014.",
        content_hash="0" * 64,
    )
    claim = extract_claims(doc, gazetteer=Gazetteer.default()).claims[0]
    assert (claim.metric, claim.subject, claim.partner, claim.entity) == (
        "loan",
        "Montenegro",
        "China",
        "Exim Bank of China",
    )


def test_a_scale_without_a_unit_becomes_an_issue_not_a_claim() -> None:
    doc = Document(name="i.txt", text="The figure rose to 3 billion last year.", content_hash="0")
    extraction = extract_claims(doc, gazetteer=GAZ)
    assert extraction.claims == []
    assert [(i.code, i.start, i.end) for i in extraction.issues] == [("unread_quantity", 19, 28)]


def test_claim_to_json_gives_exactly_the_spec_fields() -> None:
    claim = one("Trade reached $6 billion in 2023.")
    assert tuple(claim) == CLAIM_FIELDS
    assert claim["doc"] == "t.txt"


def test_default_gazetteer_links_demonyms_and_capitals() -> None:
    gaz = Gazetteer.default()
    names = [m.ref.name for m in gaz.find("Belgrade and Beijing; Russian, US and EU officials.")]
    assert names == ["Serbia", "China", "Russia", "United States", "European Union"]
    assert gaz.find("let us go") == []


def test_reads_a_wire_story_in_the_style_of_serbian_outlets() -> None:
    text = (
        "BELGRADE, 12 March 2023 (Tanjug) - Serbia and China signed 12 agreements worth EUR 2.5 "
        "bln. Chinese companies employ over 30,000 people in Serbia. Trade between the two "
        "countries was worth USD 4.3 billion in 2022, up 18% from a year earlier."
    )
    claims = read(text, published_on="2023-03-12")
    assert [
        (c["surface"], c["unit"], c["qualifier"], c["measure"], c["metric"], c["period"])
        for c in claims
    ] == [
        ("12", "count", "exact", "level", "other", "2023"),
        ("EUR 2.5 bln", "EUR", "exact", "level", "other", "2023"),
        ("30,000", "count", "at_least", "level", "society.count", "2023"),
        ("USD 4.3 billion", "USD", "exact", "level", "trade.total", "2022"),
        ("18%", "percent", "exact", "change", "trade.total", "2021/2022"),
    ]
    assert {(c["subject"], c["partner"]) for c in claims} == {("Serbia", "China")}


def test_an_unknown_bank_lending_is_the_entity_of_its_loan() -> None:
    claim = one("The European Investment Bank approved a €600m loan for the Serbian highway.")
    assert (claim["metric"], claim["entity"], claim["subject"]) == (
        "loan",
        "European Investment Bank",
        "Serbia",
    )


# ---- rules generalised on the held-out articles (tests/data/heldout) --------------------


def test_a_dateline_dates_weekdays_and_last_year() -> None:
    text = (
        "Published: 14.05.2024. 09:12\n\n"
        "Serbia signed a $300 million loan with China on Monday, the ministry said.\n"
        "The EU took 61 percent of Serbian exports last year."
    )
    loan, share = read(text)
    assert (loan["surface"], loan["period"]) == ("$300 million", "2024-05-13")
    assert (share["surface"], share["period"]) == ("61 percent", "2023")


def test_a_clock_time_in_a_dateline_is_not_a_claim() -> None:
    assert read("Updated: 03.02.2024. 16:05\n\nNo figures were given.") == []


def test_table_rows_with_dot_leaders_are_read_one_by_one() -> None:
    rows = "\n".join(
        f"  {label} ........ {value}"
        for label, value in [
            ("Exports to China", "$1.3 billion"),
            ("Imports from China", "$2.9 billion"),
            ("Chinese tourist arrivals", "52,310"),
            ("Overnight stays", "120,004"),
        ]
    )
    text = "Date: 2 March 2024\n\nKey figures, January–June 2023\n" + rows + "\n" + "Note.\n" * 9
    got = [(c["surface"], c["metric"], c["period"]) for c in read(text)]
    assert got == [
        ("$1.3 billion", "trade.exports", "2023-H1"),
        ("$2.9 billion", "trade.imports", "2023-H1"),
        ("52,310", "tourism.arrivals", "2023-H1"),
        ("120,004", "tourism.overnights", "2023-H1"),
    ]


def test_counts_after_the_and_partitives() -> None:
    got = [c["surface"] for c in read("Chinese firms won 48 of the 55 tenders and the 12 bridges.")]
    assert got == ["48", "55", "12"]
    assert read("Leaders of the two countries met in Belgrade.") == []


def test_a_footnote_glued_to_a_grouped_number_is_not_part_of_it() -> None:
    claim = one("Some 4,30012 Chinese workers were employed there in 2021.")
    assert (claim["surface"], claim["value"], claim["metric"]) == ("4,300", 4300.0, "society.count")


def test_money_between_two_scaled_amounts_is_one_range() -> None:
    claim = one("Analysts estimated the contract at between €80 million and €110 million.")
    assert (claim["value"], claim["value_max"]) == (8e7, 1.1e8)


def test_a_converted_amount_shares_qualifier_and_metric() -> None:
    first, second = read("Chinese companies pledged more than €2 billion ($2.2 billion) in Serbia.")
    assert second["qualifier"] == first["qualifier"] == "at_least"
    assert second["metric"] == first["metric"] == "investment.pledge"


def test_signed_and_bare_verb_changes() -> None:
    assert one("Exports to China: +12.5% y/y in 2023.")["measure"] == "change"
    assert one("Tourist arrivals rose 17 percent in 2023.")["measure"] == "change"
    assert one("Copper made up 71 percent of exports in 2023.")["measure"] == "level"


def test_budget_deficit_and_debt_shares_are_not_trade() -> None:
    assert one("The 2025 budget foresees a deficit of 3 percent of GDP.")["metric"] == (
        "macro.gdp_share"
    )
    assert one("Debt to China stood at €2.1 billion at the end of 2022.")["metric"] == "loan"
    assert one("EU firms hold 58% of the stock of foreign direct investment.")["metric"] == "other"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Serbia exported refined copper worth $310 million to China in 2023.", "refined copper"),
        (
            "Exports to China, which consisted of frozen raspberries, were $4 million in 2022.",
            "frozen raspberries",
        ),
        (
            "Serbia's exports to China grew to $3.1 billion in 2025, driven by copper shipments.",
            None,
        ),
        ("Thanks to steel from Smederevo, exports to China hit $900 million in 2019.", None),
    ],
)
def test_the_product_exported_is_named_only_beside_the_figure(
    text: str, product: str | None
) -> None:
    assert one(text)["object"] == product


@pytest.mark.parametrize(
    "second_paragraph",
    ["The city of Novi Sad employs 4,000 teachers.", "The school budget rose to €3 million."],
)
def test_a_new_paragraph_does_not_inherit_the_last_ones_counterpart(
    second_paragraph: str,
) -> None:
    text = (
        "Serbia imported gas from Russia worth $2 billion in 2023. "
        "Chinese firms also built roads in Serbia.\n\n" + second_paragraph
    )
    claims = read(text)
    assert [c["partner"] for c in claims] == ["Russia", None]


@pytest.mark.parametrize(
    ("text", "surface", "metric"),
    [
        ("The trade deficit was €2 billion, 12.5% higher than in 2022.", "12.5%", "trade.balance"),
        (
            "Imports from Turkey were €900 million, 4% less than a year earlier.",
            "4%",
            "trade.imports",
        ),
        (
            "Serbia's exports to Italy grew by 11 percent, and Greece's by 7 percent.",
            "7 percent",
            "trade.exports",
        ),
    ],
)
def test_a_change_on_a_base_or_with_its_verb_left_out(text: str, surface: str, metric: str) -> None:
    claim = next(c for c in read(text) if c["surface"] == surface)
    assert (claim["measure"], claim["metric"]) == ("change", metric)


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("The fund's portfolio in Montenegro now tops $120 million.", "finance.total"),
        ("The new bridge cost €64 million.", "project.value"),
        ("Zijin paid €30 million for the smelter in 2019.", "investment.deal"),
        ("The utility plans to spend €45 million on new pipes by 2028.", "investment.pledge"),
        ("The bank aims to double its investment in Croatia by 2030.", "investment.pledge"),
        ("The deal brings €90 million in grants and €70 million in soft loans.", "loan"),
    ],
)
def test_money_named_by_its_verb_or_its_attached_noun(text: str, metric: str) -> None:
    assert read(text)[-1]["metric"] == metric


@pytest.mark.parametrize(
    ("text", "surface", "metric"),
    [
        ("Austrian banks own 49 percent of the Novi Sad dairy.", "49 percent", "investment.stake"),
        (
            "In the poll, 30 percent said the EU, against 12 percent who picked Russia.",
            "12 percent",
            "opinion.share",
        ),
        (
            "In the poll, 30 percent named Russia and 9 percent the United States.",
            "9 percent",
            "opinion.share",
        ),
        ("The poll's margin of error is 3 percent.", "3 percent", "other"),
        ("Imports were covered by exports at 70%, against 74.5% a year before.", "74.5%", "other"),
        ("Trade with Germany made up 12.1% of the total.", "12.1%", "other"),
        (
            "The smelter's exports reached $2 billion, some 7 percent of all Serbian exports.",
            "7 percent",
            "other",
        ),
        (
            "Imports from Italy were 9 percent of all Serbian imports.",
            "9 percent",
            "trade.partner_share_imports",
        ),
    ],
)
def test_shares_of_what(text: str, surface: str, metric: str) -> None:
    claim = next(c for c in read(text) if c["surface"] == surface)
    assert claim["metric"] == metric


def test_counts_of_firms_complaints_and_towns() -> None:
    assert one("The chamber has 150 member firms.")["metric"] == "society.count"
    claims = read("Farmers filed 210 complaints last year, twice as many as in 2021.")
    assert [c["metric"] for c in claims] == ["society.count", "society.count"]
    town = "Chinese firms built a plant near Šabac.\n\nIt is a town of 50,000, mostly farmers."
    assert [(c["metric"], c["partner"]) for c in read(town)] == [("society.count", None)]


def test_a_polls_answers_follow_the_paragraph_that_put_the_question() -> None:
    text = (
        "Fewer Serbs than ever back joining the European Union, a survey found.\n\n"
        "Asked how they would vote, 41 percent of respondents said yes."
    )
    assert one(text)["partner"] == "European Union"


def test_a_second_figure_of_one_series_keeps_the_product() -> None:
    claims = read(
        "Wheat exports to China fell from $3.4 million in 2022 to just $2.1 million in 2023."
    )
    assert [(c["value"], c["object"], c["period"]) for c in claims] == [
        (3.4e6, "Wheat", "2022"),
        (2.1e6, "Wheat", "2023"),
    ]


def _roles(text: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
    doc = Document(name="r.txt", text=text, content_hash="0" * 64)
    return [
        (c.surface or "", c.metric, c.period, c.subject, c.partner)
        for c in extract_claims(doc, gazetteer=GAZ).claims
    ]


def test_the_main_country_comes_from_the_text_not_the_ledgers_home() -> None:
    text = (
        "Albania opens a Chinese-built ring road\nPublished: 2021-05-04\n\n"
        "Albania's government said the ring road around Tirana cost €95 million. "
        "Serbian firms supplied the asphalt.\n"
    )
    assert _roles(text) == [("€95 million", "project.value", "2021", "Albania", "China")]


def test_a_poll_share_belongs_to_the_people_asked_and_names_their_answer() -> None:
    text = (
        "A regional survey asked people which country is their best friend. "
        "Russia was picked by 40% of respondents in Montenegro, 25% in Albania and "
        "12% of Croatians, while Kosovars (71%) named the US.\n"
    )
    assert [(s, subject, partner) for s, _, _, subject, partner in _roles(text)] == [
        ("40%", "Montenegro", "Russia"),
        ("25%", "Albania", "Russia"),
        ("12%", "Croatia", "Russia"),
        ("71%", "Kosovo", "United States"),
    ]


def test_respectively_pairs_each_figure_with_its_party() -> None:
    text = (
        "Alignment with EU foreign policy declarations varied in 2022. "
        "Albania and Montenegro reached rates of 95% and 91% respectively.\n"
    )
    assert [(s, m, subject, partner) for s, m, _, subject, partner in _roles(text)] == [
        ("95%", "policy.alignment_rate", "Albania", "European Union"),
        ("91%", "policy.alignment_rate", "Montenegro", "European Union"),
    ]


def test_a_country_inside_a_name_or_a_sources_descriptor_is_no_party() -> None:
    text = (
        "Serbia took a €300 million loan in 2020, a US think tank found in the "
        "Western Balkans Regional Poll report.\n"
    )
    assert [(s, subject, partner) for s, _, _, subject, partner in _roles(text)] == [
        ("€300 million", "Serbia", None)
    ]


def test_foreign_direct_investment_has_no_single_partner() -> None:
    text = (
        "China builds in Serbia\nPublished: 2023-02-01\n\n"
        "Chinese firms opened two plants in Serbia. Chinese workers came too. "
        "Foreign direct investment in Serbia reached €4.4 billion in 2022.\n"
    )
    assert [(s, subject, partner) for s, _, _, subject, partner in _roles(text)][-1] == (
        "€4.4 billion",
        "Serbia",
        None,
    )


def test_a_rise_runs_from_the_year_before_and_takes_the_metric_of_what_rose() -> None:
    text = (
        "Trade of Kosovo, May 2021\nPublished: 2021-06-20\n\n"
        "Kosovo's imports from Turkey increased by 14.2 percent.\n"
    )
    assert _roles(text) == [
        ("14.2 percent", "trade.imports", "2020-05/2021-05", "Kosovo", "Turkey")
    ]


def test_a_repayment_is_not_a_new_loan_and_a_rate_note_is_no_claim() -> None:
    text = (
        "Montenegro repays a bank\nPublished: 2022-02-01\n\n"
        "Montenegro repaid $20 million of the Chinese loan, of which $5 million was interest.\n"
        "($1 = 0.88 euros)\n"
    )
    assert _roles(text) == [
        ("$20 million", "other", "2022", "Montenegro", "China"),
        ("$5 million", "other", "2022", "Montenegro", "China"),
    ]


def test_a_development_banks_money_is_finance_with_no_partner_country() -> None:
    text = (
        "EBRD in Albania\nPublished: 2020-01-10\n\n"
        "The EBRD invested EUR 120 million in Albania in 2019. "
        "The bank also supported a dairy with EUR 4 million.\n"
    )
    doc = Document(name="b.txt", text=text, content_hash="0" * 64)
    claims = extract_claims(doc, gazetteer=GAZ).claims
    assert [(c.surface, c.metric, c.period, c.subject, c.partner, c.entity) for c in claims] == [
        ("EUR 120 million", "finance.total", "2019", "Albania", None,
         "European Bank for Reconstruction and Development"),
        ("EUR 4 million", "finance.total", "2019", "Albania", None,
         "European Bank for Reconstruction and Development"),
    ]  # fmt: skip


def test_a_bloc_is_a_counterpart_and_talks_in_a_capital_are_a_place() -> None:
    text = (
        "Serbia's trade with the Eurasian Economic Union\nPublished: 2020-07-26\n\n"
        "Serbia exported goods worth $1.1 billion to the EAEU in 2018. "
        "The minister held talks in Moscow on the supply of four helicopters to Serbia.\n"
    )
    assert [(s, subject, partner) for s, _, _, subject, partner in _roles(text)] == [
        ("$1.1 billion", "Serbia", "Eurasian Economic Union"),
        ("four", "Serbia", "Russia"),
    ]


def test_a_release_is_framed_by_the_part_of_the_year_its_first_paragraph_reports() -> None:
    text = (
        "Albania's trade slows\nPublished: 2021-12-20\n\n"
        "During November, Albania's exports to Italy were worth 90 million euros, "
        "the statistics office said.\n\n"
        "Imports from Italy reached 120 million euros.\n"
    )
    assert [(s, period) for s, _, period, _, _ in _roles(text)] == [
        ("90 million euros", "2021-11"),
        ("120 million euros", "2021-11"),
    ]


def test_double_that_of_a_year_names_the_base_not_the_period() -> None:
    text = (
        "Russia became Bulgaria's top supplier in 2022\nPublished: 2023-03-04\n\n"
        "Imports from Russia were worth €5.8 billion, double that of 2021.\n"
    )
    assert [(s, period) for s, _, period, _, _ in _roles(text)] == [
        ("€5.8 billion", "2022"),
        ("double", "2021/2022"),
    ]


def test_one_poll_share_for_two_places_asked_is_one_claim_for_each() -> None:
    text = (
        "A poll was carried out between February and March 2024.\n\n"
        "In Albania and Kosovo, 80% of the population would vote for the EU, "
        "while 61% would do so in Serbia.\n"
    )
    assert [(s, period, subject) for s, _, period, subject, _ in _roles(text)] == [
        ("80%", "2024-02/2024-03", "Albania"),
        ("80%", "2024-02/2024-03", "Kosovo"),
        ("61%", "2024-02/2024-03", "Serbia"),
    ]


def test_a_year_inside_a_poll_answer_is_not_when_people_were_asked() -> None:
    text = (
        "Survey on accession\nPublished: 2025-12-01\n\n"
        "The latest survey was presented this month. It was conducted in May and June 2025.\n\n"
        "More respondents now expect accession by 2030 (26%) or after 2040 (9%).\n"
    )
    assert [(s, period) for s, _, period, _, _ in _roles(text)] == [
        ("26%", "2025-05/2025-06"),
        ("9%", "2025-05/2025-06"),
    ]


def test_a_month_or_weekday_that_dates_an_event_does_not_date_the_figure() -> None:
    text = (
        "Port sale\nPublished: 2016-08-05\n\n"
        "Under a deal signed in April, the buyer will take 51 percent of the port. "
        "The transfer of the 51 percent stake will take place on Wednesday.\n"
    )
    assert [(s, period) for s, _, period, _, _ in _roles(text)] == [
        ("51 percent", "2016"),
        ("51 percent", "2016"),
    ]


def test_a_share_bought_is_a_stake_and_its_price_a_deal() -> None:
    text = "In 2016 the Chinese firm agreed to buy 51 percent of the Greek port for €280 million.\n"
    assert [(s, m) for s, m, _, _, _ in _roles(text)] == [
        ("51 percent", "investment.stake"),
        ("€280 million", "investment.deal"),
    ]


def test_each_gives_one_claim_for_each_party() -> None:
    text = "In 2021 Serbia and Montenegro each received €10 million in EU grants.\n"
    assert [(s, m, subject, partner) for s, m, _, subject, partner in _roles(text)] == [
        ("€10 million", "aid.grant", "Serbia", "European Union"),
        ("€10 million", "aid.grant", "Montenegro", "European Union"),
    ]


def test_a_countrys_total_exports_and_foreign_tourists_have_no_partner() -> None:
    text = (
        "Albania and Italy\nPublished: 2020-10-19\n\n"
        "Italy buys most. Italy and Albania trade. Italy again.\n\n"
        "Albania's exports declined by 13.6 percent to $1.86 billion. "
        "Serbia counted 1.71 million foreign tourists.\n"
    )
    assert [(s, partner) for s, _, _, _, partner in _roles(text)] == [
        ("13.6 percent", None),
        ("$1.86 billion", None),
        ("1.71 million", None),
    ]


def test_a_plants_worth_is_a_project_value_and_a_memorandums_sum_a_pledge() -> None:
    text = (
        "In 2023 the power plant is worth $200 million. "
        "The memorandum includes $3.8 billion of new investments in Serbia.\n"
    )
    assert [(s, m) for s, m, _, _, _ in _roles(text)] == [
        ("$200 million", "project.value"),
        ("$3.8 billion", "investment.pledge"),
    ]


def test_months_with_no_year_are_read_against_the_documents_date() -> None:
    text = (
        "North Macedonia's trade\nPublished: 2024-10-05\n\n"
        "The trade deficit during the period of January-August amounted to $2.36 billion. "
        "Exports during the first eight months of this year fell by 5.7 percent. "
        "Employment contracted by over 1% in 2022.\n"
    )
    assert [(s, period) for s, _, period, _, _ in _roles(text)] == [
        ("$2.36 billion", "2024-01/2024-08"),
        ("5.7 percent", "2023-01/2024-08"),
        ("1%", "2021/2022"),
    ]


def test_an_actor_met_twice_keeps_the_display_name_it_was_first_met_with() -> None:
    bundled = Actor(id="z", name="Zijin Mining Group", kind="company", country="China",
                    aliases=("Zijin Mining", "Zijin"))  # fmt: skip
    stored = Actor(id="z", name="Zijin Mining Group", kind="company", country="China",
                   aliases=("Zijin", "Zijin Mining"))  # fmt: skip
    gaz = Gazetteer.from_actors([bundled, stored])
    assert [m.ref.name for m in gaz.find("Zijin said; Zijin Mining Group said")] == [
        "Zijin Mining",
        "Zijin Mining",
    ]


def test_a_border_is_no_party_and_a_while_clause_has_its_own_subject() -> None:
    text = (
        "In 2014 Montenegro took a $944 million Chinese loan for a road to the border with Serbia. "
        "Serbia has the lowest unemployment rate in the region at 9.2% while Kosovo "
        "has the highest at 17%.\n"
    )
    assert [(s, m, subject, partner) for s, m, _, subject, partner in _roles(text)] == [
        ("$944 million", "loan", "Montenegro", "China"),
        ("9.2%", "macro.unemployment", "Serbia", None),
        ("17%", "macro.unemployment", "Kosovo", None),
    ]


def test_a_poll_about_the_eu_is_about_the_people_asked_not_the_eu() -> None:
    text = (
        "EU support in the Western Balkans\nPublished: 2025-12-23\n\n"
        "The EU survey of the Western Balkans shows support for the EU. The EU, the EU.\n\n"
        "Some 26% of respondents expect accession soon.\n"
    )
    assert [(s, subject, partner) for s, _, _, subject, partner in _roles(text)] == [
        ("26%", "Western Balkans", "European Union")
    ]


def test_more_than_in_a_base_month_is_a_change_from_that_month() -> None:
    text = "In Montenegro, in March 2018 tourists made 26.5% more arrivals than in March 2017.\n"
    doc = Document(name="c.txt", text=text, content_hash="0" * 64)
    claim = extract_claims(doc, gazetteer=GAZ).claims[0]
    assert (claim.measure, claim.metric, claim.period) == (
        "change",
        "tourism.arrivals",
        "2017-03/2018-03",
    )
