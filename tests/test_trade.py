"""Yearly trade rows from hand-built claims and from the curated Serbia–China claims."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from geoledger.analysis.currency import to_usd
from geoledger.analysis.trade import TradeVersion, TradeYear, trade_table
from geoledger.models import Claim


def usd_of(claim: Claim) -> float | None:
    """Convert a claim's value to USD with the real rates of its period."""
    conv = to_usd(claim.value, claim.unit, claim.period)
    return conv.amount_usd if conv else None


def trade(metric: str, period: str | None, value: float, id: str, **extra: object) -> Claim:
    """Build a Serbia–China claim in USD unless extra says otherwise."""
    fields: dict = {"unit": "USD", "subject": "Serbia", "partner": "China", **extra}
    return Claim(value=value, metric=metric, period=period, id=id, **fields)


def test_totals_balances_coverage_and_growth_are_derived() -> None:
    claims = [
        trade("trade.exports", "2020", 100.0, "e20"),
        trade("trade.imports", "2020", 150.0, "i20"),
        trade("trade.exports", "2021", 120.0, "e21"),
        trade("trade.imports", "2021", 180.0, "i21"),
        trade("trade.total", "2021", 310.0, "t21"),
    ]
    assert trade_table(claims, to_usd=usd_of) == [
        TradeYear(
            year=2020,
            exports=100.0,
            imports=150.0,
            total=250.0,
            balance=-50.0,
            coverage=pytest.approx(2 / 3),
            derived=("total", "balance", "coverage"),
            claims=("e20", "i20"),
            versions=(
                TradeVersion("exports", "e20", 100.0, True),
                TradeVersion("imports", "i20", 150.0, True),
            ),
        ),
        TradeYear(
            year=2021,
            exports=120.0,
            imports=180.0,
            total=310.0,  # stated, although exports + imports is 300
            balance=-60.0,
            coverage=pytest.approx(2 / 3),
            growth=pytest.approx(24.0),  # 310 / 250 - 1
            derived=("balance", "coverage", "growth"),
            claims=("e21", "i21", "t21"),
            versions=(
                TradeVersion("exports", "e21", 120.0, True),
                TradeVersion("imports", "i21", 180.0, True),
                TradeVersion("total", "t21", 310.0, True),
            ),
        ),
    ]


def test_claims_that_are_not_a_yearly_country_total_are_left_out() -> None:
    claims = [
        trade("trade.exports", "2023", 50.0, "copper", object="copper ores"),
        trade("trade.total", "2023/2024", 1.2e9, "rise", measure="change"),
        trade("trade.exports", "2010/2019", 45.0, "times", unit="times", measure="multiple"),
        trade("trade.exports", "2023", 7.0, "multiple", unit="times", measure="multiple"),
        trade("trade.imports", "2024-H1", 3.0, "half"),
        trade("trade.imports", None, 3.0, "undated"),
        trade("trade.imports", "2023", 9.0, "refused", status="rejected"),
        trade("investment.total", "2023", 9.0, "invest"),
        trade("trade.product_share_exports", "2023", 93.0, "share", unit="percent"),
        trade("trade.partner_share_exports", "2023", 6.0, "notpct", unit="count"),
        trade("trade.total", "2023", 600.0, "kept"),
    ]
    assert trade_table(claims, to_usd=usd_of) == [
        TradeYear(
            year=2023,
            total=600.0,
            claims=("kept",),
            versions=(TradeVersion("total", "kept", 600.0, True),),
        )
    ]


def test_an_accepted_claim_wins_and_differing_versions_give_no_invented_mean() -> None:
    candidates = [
        trade("trade.exports", "2022", 10.0, "a"),
        trade("trade.exports", "2022", 60.0, "b"),
        trade("trade.exports", "2022", 20.0, "c"),
    ]
    [row] = trade_table(candidates, to_usd=usd_of)
    # Three sources, three values: no median or mean that no source states.
    assert (row.exports, row.disputed, row.claims) == (None, ("exports",), ())
    assert [(v.claim, v.value, v.used) for v in row.versions] == [
        ("a", 10.0, False),
        ("b", 60.0, False),
        ("c", 20.0, False),
    ]

    accepted = trade("trade.exports", "2022", 50.0, "d", status="accepted")
    [row] = trade_table([*candidates, accepted], to_usd=usd_of)
    assert (row.exports, row.claims, row.disputed) == (50.0, ("d",), ())

    same = [trade("trade.exports", "2022", 10.0, "a"), trade("trade.exports", "2022", 10.0, "e")]
    [row] = trade_table(same, to_usd=usd_of)
    assert (row.exports, row.claims) == (10.0, ("a", "e"))


def test_a_year_held_back_stays_with_its_versions_and_derives_nothing() -> None:
    used = [trade("trade.exports", "2021", 1.0, "e21"), trade("trade.imports", "2021", 3.0, "i21")]
    held = [
        trade("trade.total", "2022", 6.0, "t1", status="accepted"),
        trade("trade.total", "2022", 6.1, "t2", status="accepted"),
        trade("trade.exports", "2022", 1.23, "e22", status="accepted"),
        trade("trade.imports", "2021", 3.0, "cand", status="candidate"),
    ]
    rows = {r.year: r for r in trade_table(used, to_usd=usd_of, held_back=held)}
    assert rows[2021].disputed == ()  # a candidate stating the same value disputes nothing
    assert rows[2021].total == 4.0
    y2022 = rows[2022]
    assert (y2022.total, y2022.exports, y2022.growth) == (None, None, None)
    assert y2022.disputed == ("exports", "total")
    assert [(v.field, v.claim, v.used) for v in y2022.versions] == [
        ("exports", "e22", False),
        ("total", "t1", False),
        ("total", "t2", False),
    ]


def test_a_stated_balance_keeps_the_sign_it_was_given() -> None:
    claims = [
        trade("trade.exports", "2019", 10.0, "e"),
        trade("trade.imports", "2019", 40.0, "i"),
        trade("trade.balance", "2019", 30.0, "b"),  # "a deficit of 30" written unsigned
    ]
    [row] = trade_table(claims, to_usd=usd_of)
    assert row.balance == 30.0
    assert row.derived == ("total", "coverage")


def test_money_goes_through_to_usd_and_shares_stay_in_percent() -> None:
    claims = [
        trade("trade.exports", "2023", 1e6, "eur", unit="EUR"),
        trade("trade.partner_share_imports", "2023", 11.3, "shr", unit="percent"),
    ]
    [row] = trade_table(claims, to_usd=usd_of)
    eur = to_usd(1e6, "EUR", "2023")
    assert eur is not None
    assert row.exports == pytest.approx(eur.amount_usd)
    assert round(row.exports / 1e6, 4) == 1.0813  # the ECB's 2023 EUR/USD average
    assert (row.share_imports, row.share_exports, row.imports) == (11.3, None, None)


def test_growth_needs_the_year_before() -> None:
    claims = [trade("trade.total", "2014", 1.5e9, "a"), trade("trade.total", "2016", 2.0e9, "b")]
    rows = trade_table(claims, to_usd=usd_of)
    assert [(r.year, r.growth) for r in rows] == [(2014, None), (2016, None)]


def test_no_claims_give_no_rows() -> None:
    assert trade_table([], to_usd=usd_of) == []


def read_claims(path: Path) -> list[Claim]:
    """Read the curated claims CSV into Claims."""
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Claim(
                id=row["claim_id"],
                source_id=row["source_id"],
                metric=row["metric"],
                subject=row["subject"] or None,
                partner=row["partner"] or None,
                entity=row["entity"] or None,
                object=row["object"] or None,
                period=row["period"] or None,
                value=float(row["value"]),
                value_max=float(row["value_max"]) if row["value_max"] else None,
                unit=row["unit"],
                qualifier=row["qualifier"],
                measure=row["measure"],
            )
            for row in csv.DictReader(f)
        ]


def test_serbia_china_rows_from_the_curated_claims(shared: Path) -> None:
    claims = [
        c
        for c in read_claims(shared / "facts" / "claims.csv")
        if (c.subject, c.partner) == ("Serbia", "China")
    ]
    rows = {row.year: row for row in trade_table(claims, to_usd=usd_of)}
    assert sorted(rows) == [2013, 2014, 2023, 2024]

    y2024 = rows[2024]
    assert (y2024.exports, y2024.imports, y2024.total) == (1.9e9, 5.5e9, 7.4e9)
    assert y2024.balance == pytest.approx(-3.6e9)
    assert (y2024.share_exports, y2024.share_imports) == (6.0, 11.3)
    assert y2024.coverage == pytest.approx(1.9 / 5.5)
    # 2023 has two stated totals, 6.0 and 6.1 billion: no total (and no 6.05 mean), both
    # versions kept, and no growth for 2024 from a disputed year.
    assert rows[2023].total is None
    assert rows[2023].disputed == ("total",)
    assert [(v.claim, v.value) for v in rows[2023].versions if v.field == "total"] == [
        ("c002", 6.0e9),
        ("c015", 6.1e9),
    ]
    assert y2024.growth is None
    assert y2024.derived == ("balance", "coverage")
    assert y2024.claims == ("c014", "c016", "c017", "c018", "c019")

    # 2013 states only exports and imports; the product-level 2023 exports are left out.
    assert rows[2013].total == pytest.approx(1.5089e9)
    assert rows[2023].exports == 1.23e9
    assert rows[2023].claims == ("c005", "c006")
