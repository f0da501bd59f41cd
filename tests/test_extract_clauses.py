"""What a figure means, read from its own clause and paragraph: the verb a gapped clause leaves out,
a base dated against the figure it is compared with, a year that frames the next paragraph, a
relative clause that dates another noun, a dateline that is no party. Texts written for these
tests (issue 10); each names the mechanism it pins."""

from __future__ import annotations

import pytest

from conftest import one_claim as _one
from geoledger.extract import Gazetteer


def test_a_space_grouped_figure_with_a_decimal_comma_is_one_number(gazetteer: Gazetteer) -> None:
    text = (
        "Foreign trade of Montenegro\nPublished: 2019-12-20\n\n"
        "The foreign trade of Montenegro in 2019 was 3 418,6 million euros, the institute said.\n"
    )
    claim = _one(gazetteer, text, "3 418,6 million euros")
    assert claim["value"] == pytest.approx(3_418_600_000)


def test_a_bloc_a_country_joins_is_no_counterpart(gazetteer: Gazetteer) -> None:
    text = (
        "US aid for Montenegro\nPublished: 2017-05-02\n\n"
        "On Friday the United States and the Government of Montenegro signed amendments to two "
        "assistance agreements. The amendments provide an additional $7 million to support "
        "Montenegro’s EU accession efforts.\n"
    )
    assert _one(gazetteer, text, "$7 million")["partner"] == "United States"


def test_a_year_in_a_relative_clause_on_another_noun_is_not_the_figures(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Power plant loan\nPublished: 2023-07-11\n\n"
        "The decree allocates €8 billion for the new reactors, which are slated to open in 2032.\n"
    )
    assert _one(gazetteer, text, "€8 billion")["period"] == "2023"


def test_a_gapped_clause_shares_the_verb_of_the_figure_before(gazetteer: Gazetteer) -> None:
    text = (
        "Trade with Montenegro\nPublished: 2019-02-01\n\n"
        "Last year Germany increased its trade with Montenegro by 31%, France by 22% and Italy by "
        "17%, the minister said.\n"
    )
    first = _one(gazetteer, text, "31%")
    assert (first["metric"], first["measure"], first["subject"], first["partner"]) == (
        "trade.total",
        "change",
        "Germany",
        "Montenegro",
    )
    for surface, subject in (("22%", "France"), ("17%", "Italy")):
        claim = _one(gazetteer, text, surface)
        assert (claim["metric"], claim["measure"], claim["subject"], claim["partner"]) == (
            "trade.total",
            "change",
            subject,
            "Montenegro",
        )
        assert claim["period"] == first["period"]


def test_a_base_a_year_earlier_is_dated_by_the_figure_it_is_compared_with(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Export markets\nPublished: 2011-01-06\n\n"
        "The EU remained the largest market for Montenegrin goods, with its share in total exports "
        "rising to 57% in the first ten months of 2010, from 53% a year earlier.\n"
    )
    assert _one(gazetteer, text, "57%")["period"] == "2010-01/2010-10"
    assert _one(gazetteer, text, "53%")["period"] == "2009-01/2009-10"


def test_the_same_period_of_a_named_year_is_the_figures_months_in_that_year(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Trade deficit in April\nPublished: 2016-05-20\n\n"
        "The statistics agency published data on trade for April 2016, which show a deficit of "
        "212 million euros compared to 188 million euros in the same period of 2015.\n"
    )
    assert _one(gazetteer, text, "212 million euros")["period"] == "2016-04"
    assert _one(gazetteer, text, "188 million euros")["period"] == "2015-04"


def test_a_year_frames_the_next_paragraph_unless_that_paragraph_names_two(
    gazetteer: Gazetteer,
) -> None:
    framed = (
        "Chinese investment\nPublished: 2025-05-30\n\n"
        "Montenegro received 12% of all Chinese investment in the region in 2024, the report "
        "says.\n\n"
        "Total Chinese investment in the region reached EUR 4 billion, the report adds.\n"
    )
    assert _one(gazetteer, framed, "EUR 4 billion")["period"] == "2024"
    two_times = (
        "Tourists\nPublished: 2025-09-26\n\n"
        "Last year 1.2 million tourists came to Montenegro, and in 2014 their number was 0.6 "
        "million.\n\n"
        "Of all overnight stays, 31 percent were in the capital.\n"
    )
    assert _one(gazetteer, two_times, "31 percent")["period"] != "2014"


def test_a_figure_naming_no_metric_continues_its_paragraphs(gazetteer: Gazetteer) -> None:
    text = (
        "Tourists in June\nPublished: 2017-07-20\n\n"
        "Of all overnight stays of foreign tourists in Montenegro in June, 28% were of Serbians. "
        "Among the leaders are also Ukraine (14.2%) and Germany (6%).\n"
    )
    first = _one(gazetteer, text, "28%")["metric"]
    assert first != "other"
    assert _one(gazetteer, text, "14.2%")["metric"] == first


def test_a_dateline_city_is_no_party(gazetteer: Gazetteer) -> None:
    text = (
        "EU grant to help Montenegro with energy bills\nPublished: 2023-02-24\n\n"
        "MOSCOW (Sputnik) - The grant of 60 million euros will help households pay their energy "
        "bills, the agency said on Friday.\n"
    )
    claim = _one(gazetteer, text, "60 million euros")
    assert (claim["subject"], claim["partner"]) == ("Montenegro", "European Union")


def test_a_lead_from_one_month_to_another_reports_on_the_later(gazetteer: Gazetteer) -> None:
    text = (
        "Euroscepticism rising\nPublished: 2012-10-18\n\n"
        "The share of Montenegrins against EU membership rose from 21% in June to 30% in "
        "September, "
        "according to a survey of 1,000 respondents.\n\n"
        "Of those polled, 41% named Serbia as the best friend of Montenegro.\n"
    )
    assert _one(gazetteer, text, "41%")["period"] == "2012-09"


def test_a_month_reached_from_the_start_of_the_year_is_a_span(gazetteer: Gazetteer) -> None:
    text = (
        "American tourists\nPublished: 2025-07-10\n\n"
        "US tourists made over 120,000 arrivals in Montenegro from the beginning of the year to "
        "mid-June, the tourism board said.\n"
    )
    assert _one(gazetteer, text, "120,000")["period"] == "2025-01/2025-06"


def test_country_names_with_an_ampersand_or_an_acronym(gazetteer: Gazetteer) -> None:
    text = (
        "Poll on allies\nPublished: 2020-09-01\n\n"
        "Serbia was the top choice in Montenegro (32%) and second choice in Bosnia & Herzegovina "
        "(16%), according to the poll of 4,000 respondents.\n"
    )
    claim = _one(gazetteer, text, "16%")
    assert claim["subject"] == "Bosnia and Herzegovina"
