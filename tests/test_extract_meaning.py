"""What a figure means, read from the structure of the document: who gives and who receives, the
report's time frame, the base a change runs from, tables, lists and amounts told twice. Texts
written for these tests; each names the mechanism it pins."""

from __future__ import annotations

from conftest import claims_of as _claims
from conftest import one_claim as _one
from geoledger.extract import Gazetteer
from geoledger.extract.periods import find_periods, resolve_dated


def _periods(text: str, doc_date: str) -> list[tuple[str, str | None]]:
    return [(text[p.start : p.end], p.iso) for p in resolve_dated(find_periods(text), doc_date)]


def test_the_lender_named_in_the_title_is_the_counterpart_not_the_main_country(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Hungary grants €300 million loan to Moldova\nPublished: 2024-05-02\n\n"
        "Moldova will receive a loan of €300 million from Hungary, the finance ministry said on "
        "Thursday, adding that the money will go to roads.\n\n"
        "The government expects to spend €40 million of it on bridges this year.\n"
    )
    loans = [(c["subject"], c["partner"]) for c in _claims(gazetteer, text) if c["value"] == 3e8]
    assert loans == [("Moldova", "Hungary")] * 2
    later = _one(gazetteer, text, "€40 million")
    assert (later["subject"], later["partner"]) == ("Moldova", "Hungary")


def test_a_country_met_only_late_in_a_text_is_not_its_counterpart(gazetteer: Gazetteer) -> None:
    text = (
        "Albania's exports fall in the first half\nPublished: 2023-08-01\n\n"
        "Albania exported goods worth 1.2 billion euros in the first half of 2023, the statistics "
        "institute said on Monday.\n\n"
        "Imports reached 3.1 billion euros.\n\n"
        "Italy remained the largest partner. Trade with Italy rose, and trade with Italy "
        "reached 0.9 billion euros.\n"
    )
    assert _one(gazetteer, text, "3.1 billion euros")["partner"] is None


def test_a_reports_month_frames_its_later_paragraphs(gazetteer: Gazetteer) -> None:
    text = (
        "Trade deficit widens\nPublished: 2021-06-20\n\n"
        "The statistics agency published data on trade for May 2021, which show a deficit of "
        "310 million euros.\n\n"
        "Exports to the EU were 80 million euros, or 41% of all exports.\n"
    )
    assert _one(gazetteer, text, "80 million euros")["period"] == "2021-05"
    assert _one(gazetteer, text, "41%")["period"] == "2021-05"


def test_a_month_of_news_frames_no_later_paragraph(gazetteer: Gazetteer) -> None:
    text = (
        "Minister signs loan\nPublished: 2021-06-20\n\n"
        "The minister of finance has signed a loan agreement for a railway, the ministry said.\n\n"
        "Earlier this month the minister travelled to Beijing to talk about the new railway.\n\n"
        "The railway will cost 900 million euros, the minister said.\n"
    )
    assert _one(gazetteer, text, "900 million euros")["period"] == "2021"


def test_a_change_over_months_runs_from_the_same_months_a_year_before() -> None:
    assert _periods("in the first seven months of 2022", "2022-09-01") == [
        ("first seven months of 2022", "2022-01/2022-07")
    ]


def test_changes_of_a_listed_partner_and_their_base(gazetteer: Gazetteer) -> None:
    text = (
        "Exports in the first seven months\nPublished: 2022-09-01\n\n"
        "In the first seven months of 2022, Albania's exports fell by 5 percent compared with the "
        "same period of 2021.\n\n"
        "Exports increased to Greece (4.5 percent) and Turkey (6 percent), but decreased to "
        "Austria (2.5 percent).\n"
    )
    total = _one(gazetteer, text, "5 percent")
    assert (total["metric"], total["measure"]) == ("trade.exports", "change")
    assert total["period"] == "2021-01/2022-07"
    for surface, partner in (("4.5 percent", "Greece"), ("6 percent", "Turkey")):
        claim = _one(gazetteer, text, surface)
        assert (claim["measure"], claim["metric"], claim["partner"]) == (
            "change",
            "trade.exports",
            partner,
        )
    assert _one(gazetteer, text, "2.5 percent")["partner"] == "Austria"


def test_a_change_from_a_named_year_runs_from_it(gazetteer: Gazetteer) -> None:
    text = (
        "Trade partners in 2021\nPublished: 2022-02-01\n\n"
        "During 2021, Greece was Albania's second export partner at 9% (an increase of 3% from "
        "2020), "
        "the statistics institute reported.\n"
    )
    bracket = _one(gazetteer, text, "3%")
    assert (bracket["measure"], bracket["period"], bracket["partner"]) == (
        "change",
        "2020/2021",
        "Greece",
    )


def test_last_month_is_read_against_the_dateline() -> None:
    assert _periods("The company said last month it would invest", "2016-08-05") == [
        ("last month", "2016-07")
    ]
    assert _periods("deliveries start next month", "2016-12-20") == [("next month", "2017-01")]


def test_fy_is_the_us_federal_year() -> None:
    assert _periods("FY 2009 Estimate and Fiscal Year (FY) 2008", "2009-12-01") == [
        ("FY 2009", "2008-10/2009-09"),
        ("Fiscal Year (FY) 2008", "2007-10/2008-09"),
    ]


def test_a_colon_list_of_partners_with_their_figures_names_each_partner(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Exports of Montenegro in 2019\nPublished: 2020-02-01\n\n"
        "Main partners in exports were: Croatia (41,2 million eur), Italy (30,5 million eur) and "
        "Greece (12,0 million eur).\n"
    )
    partners = [c["partner"] for c in _claims(gazetteer, text) if c["unit"] == "EUR"]
    assert partners == ["Croatia", "Italy", "Greece"]


def test_amounts_for_several_recipients_each_belong_to_their_own(gazetteer: Gazetteer) -> None:
    text = (
        "EU releases funds\nPublished: 2025-03-01\n\n"
        "So far the disbursements add up to 40 million euro for Serbia, 12 million euro for "
        "Montenegro, and 9 million euro for Kosovo.\n"
    )
    got = [(c["surface"], c["subject"], c["partner"]) for c in _claims(gazetteer, text)]
    assert [(s, subj) for s, subj, _ in got] == [
        ("40 million euro", "Serbia"),
        ("12 million euro", "Montenegro"),
        ("9 million euro", "Kosovo"),
    ]
    assert all(partner not in ("Serbia", "Montenegro", "Kosovo") for _, _, partner in got)
    assert {c["metric"] for c in _claims(gazetteer, text)} == {"finance.total"}


def test_an_amount_told_again_keeps_the_meaning_the_text_gives_it(gazetteer: Gazetteer) -> None:
    text = (
        "Bank invests €80mn in Bosnian firms\nPublished: 2022-03-01\n\n"
        "The bank said it is providing an €80mn loan to support small firms in Bosnia and "
        "Herzegovina.\n"
    )
    assert {c["metric"] for c in _claims(gazetteer, text) if c["value"] == 80e6} == {"loan"}


def test_the_rows_of_a_table_take_the_metric_of_its_heading(gazetteer: Gazetteer) -> None:
    text = (
        "Assistance to Montenegro\nPublished: 2009-12-01\n\n"
        "Economic Assistance\n"
        "FY 2008: $4.1M\n"
        "FY 2009: $3.9M\n"
    )
    rows = [(c["surface"], c["metric"], c["period"]) for c in _claims(gazetteer, text)]
    assert rows == [
        ("$4.1M", "aid.grant", "2007-10/2008-09"),
        ("$3.9M", "aid.grant", "2008-10/2009-09"),
    ]


def test_trade_words_inside_a_name_are_no_cue(gazetteer: Gazetteer) -> None:
    text = (
        "Exports to the region\nPublished: 2020-02-01\n\n"
        "Exports towards Central European Free Trade Agreement (CEFTA) countries rose by 1.5%.\n"
    )
    assert _one(gazetteer, text, "1.5%")["metric"] == "trade.exports"


def test_no_product_share_of_imports_outside_the_vocabulary(gazetteer: Gazetteer) -> None:
    text = (
        "Trade in 2019\nPublished: 2020-02-01\n\n"
        "The most imported product categories were food (12%) and machinery (10%), while the most "
        "exported were clothing (25%).\n"
    )
    metrics = {c["surface"]: c["metric"] for c in _claims(gazetteer, text)}
    assert metrics["12%"] == "other" and metrics["10%"] == "other"
    assert metrics["25%"] == "trade.product_share_exports"


def test_a_poll_share_keeps_the_country_its_sentence_names(gazetteer: Gazetteer) -> None:
    text = (
        "Poll on EU membership in the Western Balkans\nPublished: 2024-05-01\n\n"
        "The survey was carried out between February and March 2024 across the Western Balkans. "
        "Most respondents in the region support EU membership.\n\n"
        "Montenegro is an exception since only 38% of the population would support joining "
        "the EU.\n"
    )
    assert _one(gazetteer, text, "38%")["subject"] == "Montenegro"


def test_the_news_a_lead_reports_takes_the_datelines_month(gazetteer: Gazetteer) -> None:
    text = (
        "Albania receives two tranches\nPublished: 2022-03-14\n\n"
        "Albania has received a loan of €45 million from the bank, the finance ministry said, "
        "adding that the debt will be repaid by 2040.\n\n"
        "Public debt stood at 75 percent of GDP.\n"
    )
    assert _one(gazetteer, text, "€45 million")["period"] == "2022-03"
    assert _one(gazetteer, text, "75 percent")["period"] == "2022"


def test_a_country_that_agreed_to_give_is_the_counterpart_of_the_main_country(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Georgia's army gets new helicopters\nPublished: 2021-03-04\n\n"
        "Georgia has received two transport helicopters, its defence ministry said on Monday, "
        "and expects more deliveries this year.\n\n"
        "Russia has also agreed to donate 12 armoured vehicles.\n"
    )
    gift = _one(gazetteer, text, "12")
    assert (gift["subject"], gift["partner"]) == ("Georgia", "Russia")


def test_a_state_bank_makes_its_country_the_documents_counterpart(gazetteer: Gazetteer) -> None:
    text = (
        "Exim Bank of China signs road loan with Moldova\nPublished: 2020-02-10\n\n"
        "Moldova signed a loan agreement with the Exim Bank of China on Monday to build "
        "a bypass around its capital, the finance ministry said.\n\n"
        "Work on the first 12 kilometres will start in spring, the ministry added.\n"
    )
    road = _one(gazetteer, text, "12 kilometres")
    assert (road["subject"], road["partner"]) == ("Moldova", "China")


def test_a_counterpart_named_alone_in_the_title_wins_a_close_count(gazetteer: Gazetteer) -> None:
    text = (
        "Moldova repays first part of Chinese loan\nPublished: 2021-09-15\n\n"
        "Moldova has paid the first instalment of a loan taken from China in 2015, its finance "
        "ministry said on Wednesday, after asking the European Union for help last year.\n\n"
        "The European Union declined. Beijing said the money had been spent as agreed, while "
        "the European Union repeated its offer of grants.\n\n"
        "The instalment of $25 million was paid on time.\n"
    )
    paid = _one(gazetteer, text, "$25 million")
    assert (paid["subject"], paid["partner"]) == ("Moldova", "China")


def test_a_share_of_trade_that_names_no_partner_is_no_partner_share(gazetteer: Gazetteer) -> None:
    text = (
        "Moldova's trade in 2021\nPublished: 2022-03-01\n\n"
        "Moldova exported goods worth 3.1 billion euros in 2021. Some 58% of the total exports "
        "were made by the 40 largest firms.\n"
    )
    assert _one(gazetteer, text, "58%")["metric"] == "other"


def test_an_amount_in_grants_and_loans_counts_both_kinds_of_money(gazetteer: Gazetteer) -> None:
    text = (
        "Moldova gets support\nPublished: 2022-03-01\n\n"
        "Moldova will receive EUR 40 million in grants and loans from Germany for its roads.\n"
    )
    assert _one(gazetteer, text, "EUR 40 million")["metric"] == "finance.total"


def test_a_figure_fewer_than_a_year_ago_is_a_change_from_the_year_before(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Jobs in Moldova\nPublished: 2023-04-01\n\n"
        "Unemployment fell in Moldova, reaching 4.1% by the end of 2022. "
        "This is 9.5%, or 6,000 people, fewer than a year ago.\n"
    )
    share, people = _one(gazetteer, text, "9.5%"), _one(gazetteer, text, "6,000")
    assert (share["measure"], share["period"]) == ("change", "2021/2022")
    assert (people["measure"], people["period"]) == ("change", "2021/2022")


def test_a_level_reached_at_the_end_of_a_span_is_of_its_last_year(gazetteer: Gazetteer) -> None:
    text = (
        "Investment in Moldova\nPublished: 2023-04-01\n\n"
        "Foreign direct investment in Moldova tripled between 2010 and 2020, to $3.2bn.\n"
    )
    assert _one(gazetteer, text, "$3.2bn")["period"] == "2020"


def test_gas_originating_in_a_country_comes_from_it(gazetteer: Gazetteer) -> None:
    text = (
        "Romania's gas bill\nPublished: 2023-03-01\n\n"
        "Romania imported gas originating in Russia for €2.1 billion in 2022.\n"
    )
    gas = _one(gazetteer, text, "€2.1 billion")
    assert (gas["metric"], gas["subject"], gas["partner"]) == ("trade.imports", "Romania", "Russia")


def test_a_countrys_goods_imported_into_another_come_from_it(gazetteer: Gazetteer) -> None:
    text = (
        "Oil trade\nPublished: 2023-03-01\n\n"
        "The amount of Russian oil imported into Romania rose by 40% in 2022.\n"
    )
    oil = _one(gazetteer, text, "40%")
    assert (oil["subject"], oil["partner"]) == ("Romania", "Russia")


def test_a_list_of_labelled_shares_after_the_people_asked_names_more_people_asked(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Regional poll\nPublished: 2024-05-03\n\n"
        "A poll asked people in the region about their allies. Germany was the top choice in both "
        "Croatia (41%) and Slovenia (38%).\n"
    )
    first, second = _one(gazetteer, text, "41%"), _one(gazetteer, text, "38%")
    assert (first["subject"], first["partner"]) == ("Croatia", "Germany")
    assert (second["subject"], second["partner"]) == ("Slovenia", "Germany")


def test_two_way_trade_with_a_power_has_the_power_as_counterpart(gazetteer: Gazetteer) -> None:
    text = (
        "Russia looks west\nPublished: 2019-05-01\n\n"
        "Russia wants more trade, Russia said, as Russia met its partners in Moscow on Monday.\n\n"
        "Trade turnover between Slovakia and Russia exceeded USD 5 billion in 2018.\n"
    )
    trade = _one(gazetteer, text, "USD 5 billion")
    assert (trade["metric"], trade["subject"], trade["partner"]) == (
        "trade.total",
        "Slovakia",
        "Russia",
    )


def test_a_power_named_as_often_as_the_recipient_is_not_the_main_country(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "U.S. Assistance to Moldova, 2000-2010\nPublished: 2010-11-18\n\n"
        "The U.S. Government has provided over $700 million in bilateral assistance since 2000. "
        "U.S. contributions went to roads and U.S. experts to courts.\n\n"
        "Bilateral assistance has exceeded $40 million annually since 2008.\n"
    )
    aid = _one(gazetteer, text, "$40 million")
    assert (aid["subject"], aid["partner"]) == ("Moldova", "United States")


def test_a_country_that_opens_its_own_clause_is_no_counterpart(gazetteer: Gazetteer) -> None:
    text = (
        "Deficits compared\nPublished: 2016-02-01\n\n"
        "Moldova's statistics office published its yearly data on trade on Monday, with "
        "figures for exports and imports.\n\n"
        "In 2015, Moldova’s trade deficit was 2.4 billion Euros, while Georgia had a deficit too.\n"
    )
    deficit = _one(gazetteer, text, "2.4 billion Euros")
    assert (deficit["subject"], deficit["partner"]) == ("Moldova", None)


def test_the_former_and_the_latter_name_the_partners_of_their_shares(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Moldova's exports in 2012\nPublished: 2013-02-01\n\n"
        "Moldova exported most to Romania in 2012. Poland and Italy came next, with the share "
        "of the former at 9.1% and that of the latter at 8.4% of total exports.\n"
    )
    former, latter = _one(gazetteer, text, "9.1%"), _one(gazetteer, text, "8.4%")
    assert (former["metric"], former["subject"], former["partner"]) == (
        "trade.partner_share_exports",
        "Moldova",
        "Poland",
    )
    assert (latter["subject"], latter["partner"]) == ("Moldova", "Italy")


def test_money_that_comes_as_a_loan_is_a_loan(gazetteer: Gazetteer) -> None:
    text = (
        "Railway financing\nPublished: 2020-04-01\n\n"
        "Moldova will rebuild its main railway line. Some 70% of the financing comes from "
        "Germany as a loan, while the rest is paid from the budget.\n"
    )
    assert _one(gazetteer, text, "70%")["metric"] == "loan"


def test_citizens_who_visited_a_country_are_its_tourist_arrivals(gazetteer: Gazetteer) -> None:
    text = (
        "Tourism notes\nPublished: 2019-03-01\n\n"
        "More than 4,000 German citizens visited Moldova in 2018, the tourism agency said.\n"
    )
    visits = _one(gazetteer, text, "4,000")
    assert (visits["metric"], visits["subject"], visits["partner"]) == (
        "tourism.arrivals",
        "Moldova",
        "Germany",
    )


def test_a_span_whose_ends_name_a_part_of_a_year_stays_a_span() -> None:
    text = (
        "China invested from 2010 to end-2022, and lent between 2013 and the end of 2023. "
        "Prices rose from March 2020 to June 2022 and have held from 2019 until now."
    )
    assert _periods(text, "2024-05-01") == [
        ("from 2010 to end-2022", "2010/2022"),
        ("between 2013 and the end of 2023", "2013/2023"),
        ("from March 2020 to June 2022", "2020-03/2022-06"),
        ("from 2019 until now", "2019"),
    ]
    [(kind, iso)] = [(p.kind, p.iso) for p in find_periods("from 2019 until now")]
    assert (kind, iso) == ("since", "2019")


def test_a_state_agency_gives_its_country_as_the_counterpart(gazetteer: Gazetteer) -> None:
    text = (
        "Aid for Montenegro's courts\nPublished: 2019-03-04\n\n"
        "USAID will provide $5 million to Montenegro's courts over three years, the agency said.\n"
    )
    claim = _one(gazetteer, text, "$5 million")
    assert (claim["subject"], claim["partner"], claim["entity"]) == (
        "Montenegro",
        "United States",
        "USAID",
    )


def test_a_polls_share_is_of_its_fieldwork_not_of_a_record_year_or_the_polls_name(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Poll 2025: support for EU membership up\nPublished: 2025-12-23\n\n"
        "On average, 64% of citizens support EU membership, the highest level recorded since "
        "2015, shows the Regional Poll 2025, a survey of public opinion. It was conducted in May "
        "and June 2025 across the region.\n\n"
        "According to the Regional Poll 2025, as many as 86% of citizens of Albania think that "
        "EU membership would be good for the country.\n"
    )
    assert _one(gazetteer, text, "64%")["period"] == "2025-05/2025-06"
    assert _one(gazetteer, text, "86%")["period"] == "2025-05/2025-06"


def test_a_tranche_paid_out_is_the_money_given_and_a_tranche_paid_back_is_debt_service(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "EU aid for Kosovo\nPublished: 2023-02-24\n\n"
        "The EU will deliver the first tranche out of a support package worth 1 billion euros "
        "to Kosovo.\n\n"
        "Montenegro paid the second tranche of $33 million to China on Monday.\n"
    )
    assert _one(gazetteer, text, "1 billion euros")["metric"] == "aid.grant"
    assert _one(gazetteer, text, "$33 million")["metric"] == "other"


def test_the_first_object_of_a_giving_verb_is_the_one_who_gets_the_money(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Loans and grants\nPublished: 2024-03-01\n\n"
        "Germany gave Kosovo a grant of EUR 24 million for district heating.\n\n"
        "China lent Montenegro $944 million for the highway.\n"
    )
    grant = _one(gazetteer, text, "EUR 24 million")
    assert (grant["metric"], grant["subject"], grant["partner"]) == (
        "aid.grant",
        "Kosovo",
        "Germany",
    )
    loan = _one(gazetteer, text, "$944 million")
    assert (loan["metric"], loan["subject"], loan["partner"]) == ("loan", "Montenegro", "China")


def test_a_country_that_imports_goods_owns_the_imports(gazetteer: Gazetteer) -> None:
    text = (
        "Trade with Russia\nPublished: 2025-06-01\n\n"
        "Hungary imported goods worth $2 billion from Russia in the first quarter of 2025, while "
        "its exports to Russia were $0.5 billion.\n"
    )
    imports = _one(gazetteer, text, "$2 billion")
    assert (imports["metric"], imports["subject"], imports["partner"]) == (
        "trade.imports",
        "Hungary",
        "Russia",
    )
    exports = _one(gazetteer, text, "$0.5 billion")
    assert (exports["metric"], exports["subject"], exports["partner"]) == (
        "trade.exports",
        "Hungary",
        "Russia",
    )


def test_a_base_year_after_in_and_a_year_earlier_are_bases_and_a_public_debt_is_no_loan(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Serbia and China\nPublished: 2024-03-01\n\n"
        "Trade between Serbia and China was $6 billion, twice as much as in 2018.\n\n"
        "Serbia's exports to China were $1.2 billion in the first half, up 20% from a year "
        "earlier.\n\n"
        "Montenegro's public debt stood at 3.9 billion euros.\n"
    )
    assert _one(gazetteer, text, "twice")["period"] == "2018/2024"
    assert _one(gazetteer, text, "20%")["period"] == "2023-H1/2024-H1"
    assert _one(gazetteer, text, "3.9 billion euros")["metric"] == "other"
