# ruff: noqa: E501  (one annotation a line reads better than wrapped tuples)
"""Write gold/*.jsonl from the hand annotations below; offsets come from unique anchors.

Annotated from the spec before the extractor ran on these articles. Conventions: relative
phrases are resolved against the dateline ('last year', 'two years ago', 'last autumn' ->
'2023-09/2023-11', 'by the end of the decade' -> '2030'); a change stated against 'the same
period last year' takes the current period; poll figures take the fieldwork dates; gas volumes
(cubic metres), energy (terawatt-hours), ages, durations and issue numbers are not claims.
"""

import json
import pathlib

HERE = pathlib.Path(__file__).parent
EU, CN, RU, RS, US = "European Union", "China", "Russia", "Serbia", "United States"
HU, WB, XK, MK, AL, BA = (
    "Hungary", "Western Balkans", "Kosovo", "North Macedonia", "Albania", "Bosnia and Herzegovina"
)  # fmt: skip
DFC = "U.S. International Development Finance Corporation"
NIS = "Petroleum Industry of Serbia"
FIELD = "2025-03-03/2025-03-17"
H1 = "2024-H1"

# anchor (once in the text, contains the surface), surface ('' = the anchor), value, value_max,
# unit, qualifier, measure, period, metric, subject, partner, entity, object
ANNOTATIONS: dict[str, list[tuple]] = {
    "g1_gas_wire.txt": [
        ("about $390 per", "$390", 390, None, "USD", "approx", "level", None, "other", RS, RU, "Gazprom", "gas price per 1,000 cubic metres"),
        ("$455", "", 455, None, "USD", "exact", "level", "2023", "other", RS, RU, "Gazprom", "gas price per 1,000 cubic metres"),
        ("90 percent", "", 90, None, "percent", "approx", "level", "2023", "other", RS, RU, None, "Russian share of gas consumption"),
        ("$1.1 billion", "", 1.1e9, None, "USD", "approx", "level", "2023", "trade.imports", RS, RU, None, "gas"),
        ("$1.6 billion", "", 1.6e9, None, "USD", "exact", "level", "2023", "trade.imports", RS, RU, None, None),
        ("$720 million", "", 720e6, None, "USD", "exact", "level", "2023", "trade.exports", RS, RU, None, None),
        ("by 11 percent", "11 percent", 11, None, "percent", "exact", "change", "2024-01/2024-09", "trade.imports", RS, RU, None, "gas"),
        ("51 percent stake", "51 percent", 51, None, "percent", "exact", "level", None, "investment.stake", RS, RU, "Srbijagas", "Banatski Dvor"),
        ("49 percent", "", 49, None, "percent", "exact", "level", None, "investment.stake", RS, RU, "Gazprom", "Banatski Dvor"),
        ("€80 million", "", 80e6, None, "EUR", "exact", "level", "2027", "investment.pledge", RS, None, "Srbijagas", "Banatski Dvor expansion"),
        ("€85 million", "", 85e6, None, "EUR", "exact", "level", "2023-12", "project.value", RS, "Bulgaria", None, "interconnector with Bulgaria"),
        ("€49.6 million", "", 49.6e6, None, "EUR", "exact", "level", "2023-12", "aid.grant", RS, EU, None, "interconnector with Bulgaria"),
        ("€25 million", "", 25e6, None, "EUR", "exact", "level", "2023-12", "loan", RS, EU, "European Investment Bank", "interconnector with Bulgaria"),
        ("about 15 percent", "15 percent", 15, None, "percent", "approx", "level", "2025", "other", RS, "Azerbaijan", None, "share of gas demand"),
        ("around 60 percent", "60 percent", 60, None, "percent", "approx", "level", "2030", "other", RS, RU, None, "Russian share of gas consumption"),
        ("buy 10 percent", "10 percent", 10, None, "percent", "exact", "level", "2024-04", "other", RS, HU, "MVM", "output of Serbian power plants in winter"),
        ("13,000", "", 13000, None, "count", "approx", "level", None, "society.count", RS, RU, NIS, "employees"),
    ],
    "g2_us_serbia.txt": [
        ("$95 million", "", 95e6, None, "USD", "exact", "level", "2025-02-28", "loan", RS, US, DFC, "solar park"),
        ("$300 million", "", 300e6, None, "USD", "at_least", "level", "2025", "finance.total", RS, US, DFC, "DFC portfolio"),
        ("$40 million", "", 40e6, None, "USD", "at_most", "level", "2020", "finance.total", RS, US, DFC, "DFC portfolio"),
        ("nine projects", "nine", 9, None, "count", "exact", "level", "2021/2025", "society.count", RS, US, DFC, "projects backed"),
        ("$50 million", "", 50e6, None, "USD", "approx", "level", "2025-06/2025-08", "aid.grant", RS, US, "Millennium Challenge Corporation", "threshold programme for the power sector"),
        ("$1.04 billion", "", 1.04e9, None, "USD", "exact", "level", "2024", "trade.exports", US, RS, None, None),
        ("$640 million", "", 640e6, None, "USD", "exact", "level", "2024", "trade.exports", RS, US, None, None),
        ("$400 million", "", 400e6, None, "USD", "approx", "level", "2024", "trade.balance", US, RS, None, None),
        ("20,000", "", 20000, None, "count", "approx", "level", None, "society.count", RS, US, None, "employees of American companies"),
        ("220 member", "220", 220, None, "count", "exact", "level", None, "society.count", RS, US, "American Chamber of Commerce in Serbia", "member firms"),
        ("600 U.S.", "600", 600, None, "count", "approx", "level", None, "security.count", XK, US, None, "U.S. soldiers in KFOR"),
        ("4,500", "", 4500, None, "count", "approx", "level", None, "security.count", XK, "NATO", None, "KFOR troops"),
        ("another 100", "100", 100, None, "count", "exact", "level", "2024-09/2024-11", "security.count", XK, US, None, "additional U.S. soldiers"),
        ("1,000 joint", "1,000", 1000, None, "count", "at_least", "level", "2006/2025", "other", RS, US, "Ohio National Guard", "joint activities"),
        ("19 exercises", "19", 19, None, "count", "exact", "level", "2020/2025", "other", RS, "NATO", None, "exercises with NATO members"),
        ("three with Russia", "three", 3, None, "count", "exact", "level", "2020/2025", "other", RS, RU, None, "exercises with Russia"),
        ("18 percent", "", 18, None, "percent", "exact", "change", "2024", "trade.exports", AL, RS, None, None),
        ("9 percent", "", 9, None, "percent", "exact", "change", "2024", "trade.exports", MK, RS, None, None),
        ("€3.9 billion", "", 3.9e9, None, "EUR", "exact", "level", "2000/2025", "aid.grant", RS, EU, None, None),
        ("ten times", "", 10, None, "times", "approx", "multiple", "2000/2025", "aid.grant", RS, EU, None, "EU grants against the U.S. total"),
    ],
    "g3_regional_brief.txt": [
        ("€1.4 billion", "", 1.4e9, None, "EUR", "exact", "level", "2015/2023", "investment.total", RS, HU, None, None),
        ("€500 million in 2019", "€500 million", 500e6, None, "EUR", "exact", "level", "2019", "investment.deal", RS, HU, "OTP Bank", "local unit of Société Générale"),
        ("€4.1 billion", "", 4.1e9, None, "EUR", "exact", "level", "2023", "trade.total", RS, HU, None, None),
        ("12 percent", "", 12, None, "percent", "exact", "change", "2023", "trade.exports", RS, HU, None, None),
        ("€110 million", "", 110e6, None, "EUR", "exact", "level", "2023", "loan", BA, HU, None, "preferential credit to Republika Srpska"),
        ("€180 million", "", 180e6, None, "EUR", "approx", "level", None, "investment.total", BA, HU, None, None),
        ("€90 million", "", 90e6, None, "EUR", "exact", "level", "2024-03", "loan", "Montenegro", HU, "Hungarian Export-Import Bank", "credit line"),
        ("€46 million", "", 46e6, None, "EUR", "exact", "level", "2023", "trade.total", HU, "Montenegro", None, None),
        ("€500 million in 2023", "€500 million", 500e6, None, "EUR", "exact", "level", "2023", "loan", MK, HU, None, "budget support"),
        ("2.5 percent", "", 2.5, None, "percent", "exact", "level", "2023", "other", MK, HU, None, "interest rate"),
        ("51 percent", "", 51, None, "percent", "exact", "level", None, "investment.stake", MK, HU, "Magyar Telekom", "Makedonski Telekom"),
        ("22 percent", "", 22, None, "percent", "exact", "change", "2023", "trade.exports", AL, HU, None, None),
        ("€64 million", "", 64e6, None, "EUR", "exact", "level", "2023", "trade.exports", AL, HU, None, None),
        ("€95 million", "", 95e6, None, "EUR", "exact", "level", "2023", "trade.imports", AL, HU, None, None),
        ("€5 billion", "", 5e9, None, "EUR", "approx", "level", "2015/2023", "investment.total", WB, CN, None, None),
        ("81 percent", "", 81, None, "percent", "exact", "level", "2023", "trade.partner_share_exports", WB, EU, None, None),
        ("58 percent", "", 58, None, "percent", "exact", "level", "2023", "trade.partner_share_imports", WB, EU, None, None),
        ("double", "", 2, None, "times", "exact", "multiple", "2024/2030", "investment.pledge", WB, HU, None, None),
        ("a third more", "a third", 0.333, None, "fraction", "approx", "change", "2023/2024", "trade.imports", RS, HU, None, "electricity"),
    ],
    "g4_poll.txt": [
        ("44 percent", "", 44, None, "percent", "exact", "level", FIELD, "opinion.share", RS, EU, None, "would vote for EU membership"),
        ("from 51 percent", "51 percent", 51, None, "percent", "exact", "level", "2024", "opinion.share", RS, EU, None, "would vote for EU membership"),
        ("39 percent", "", 39, None, "percent", "exact", "level", FIELD, "opinion.share", RS, EU, None, "would vote against EU membership"),
        ("61 percent", "", 61, None, "percent", "exact", "level", "2016", "opinion.share", RS, EU, None, "would vote for EU membership"),
        ("38 percent", "", 38, None, "percent", "exact", "level", FIELD, "opinion.share", RS, RU, None, "Russia greatest friend"),
        ("24 percent", "", 24, None, "percent", "exact", "level", FIELD, "opinion.share", RS, CN, None, "China greatest friend"),
        ("Only 6 percent", "6 percent", 6, None, "percent", "exact", "level", FIELD, "opinion.share", RS, US, None, "United States greatest friend"),
        ("and 5 percent", "5 percent", 5, None, "percent", "exact", "level", FIELD, "opinion.share", RS, EU, None, "an EU member state greatest friend"),
        ("17 percent", "", 17, None, "percent", "exact", "level", FIELD, "opinion.share", RS, EU, None, "EU greatest friend, aged 18 to 29"),
        ("with 15 percent", "15 percent", 15, None, "percent", "exact", "level", FIELD, "opinion.share", RS, RU, None, "Russia greatest friend, aged 18 to 29"),
        ("57 percent", "", 57, None, "percent", "exact", "level", FIELD, "opinion.share", RS, EU, None, "for membership, graduates"),
        ("31 percent", "", 31, None, "percent", "exact", "level", FIELD, "opinion.share", RS, EU, None, "for membership, pensioners"),
        ("Two-thirds", "", 0.667, None, "fraction", "exact", "level", FIELD, "opinion.share", RS, CN, None, "Chinese investments good for Serbia"),
        ("29 percent", "", 29, None, "percent", "exact", "level", FIELD, "opinion.share", RS, CN, None, "Chinese loans a risk"),
        ("41 percent", "", 41, None, "percent", "exact", "level", FIELD, "opinion.share", RS, "NATO", None, "NATO responsible for the war"),
        ("against 22 percent", "22 percent", 22, None, "percent", "exact", "level", FIELD, "opinion.share", RS, RU, None, "Russia responsible for the war"),
        ("48 percent", "", 48, None, "percent", "exact", "level", FIELD, "opinion.share", RS, RU, None, "against sanctions on Russia"),
        ("35 percent", "", 35, None, "percent", "exact", "level", FIELD, "opinion.share", RS, CN, None, "China largest aid donor"),
        ("and 18 percent", "18 percent", 18, None, "percent", "exact", "level", FIELD, "opinion.share", RS, RU, None, "Russia largest aid donor"),
        ("only 11 percent", "11 percent", 11, None, "percent", "exact", "level", FIELD, "opinion.share", RS, EU, None, "EU largest aid donor"),
        ("1,210", "", 1210, None, "count", "exact", "level", FIELD, "society.count", RS, None, None, "poll respondents"),
        ("103 municipalities", "103", 103, None, "count", "exact", "level", FIELD, "society.count", RS, None, None, "municipalities sampled"),
        ("2.8 percentage points", "", 2.8, None, "percent", "exact", "level", FIELD, "other", RS, None, None, "margin of error"),
        ("of 95 percent", "95 percent", 95, None, "percent", "exact", "level", FIELD, "other", RS, None, None, "confidence level"),
    ],
    "g5_stats_release.txt": [
        ("EUR 30,412.6 million", "", 30412.6e6, None, "EUR", "exact", "level", H1, "trade.total", RS, None, None, None),
        ("4.1%", "", 4.1, None, "percent", "exact", "change", H1, "trade.total", RS, None, None, None),
        ("EUR 13,608.3 million", "", 13608.3e6, None, "EUR", "exact", "level", H1, "trade.exports", RS, None, None, None),
        ("2.3%", "", 2.3, None, "percent", "exact", "change", H1, "trade.exports", RS, None, None, None),
        ("EUR 16,804.3 million", "", 16804.3e6, None, "EUR", "exact", "level", H1, "trade.imports", RS, None, None, None),
        ("5.6%", "", 5.6, None, "percent", "exact", "change", H1, "trade.imports", RS, None, None, None),
        ("EUR 3,196.0 million", "", 3196.0e6, None, "EUR", "exact", "level", H1, "trade.balance", RS, None, None, None),
        ("14.6%", "", 14.6, None, "percent", "exact", "change", H1, "trade.balance", RS, None, None, None),
        ("81.0%", "", 81.0, None, "percent", "exact", "level", H1, "other", RS, None, None, "import coverage by exports"),
        ("83.6%", "", 83.6, None, "percent", "exact", "level", "2023-H1", "other", RS, None, None, "import coverage by exports"),
        ("EUR 7,022.1 million", "", 7022.1e6, None, "EUR", "exact", "level", "2024-Q2", "trade.exports", RS, None, None, None),
        ("3.0%", "", 3.0, None, "percent", "exact", "change", "2024-Q2", "trade.exports", RS, None, None, None),
        ("EUR 8,711.9 million", "", 8711.9e6, None, "EUR", "exact", "level", "2024-Q2", "trade.imports", RS, None, None, None),
        ("EUR 1,742.5 million", "", 1742.5e6, None, "EUR", "exact", "level", H1, "trade.exports", RS, "Germany", None, None),
        ("EUR 1,020.8 million", "", 1020.8e6, None, "EUR", "exact", "level", H1, "trade.exports", RS, BA, None, None),
        ("EUR 848.0 million", "", 848.0e6, None, "EUR", "exact", "level", H1, "trade.exports", RS, "Italy", None, None),
        ("EUR 716.4 million", "", 716.4e6, None, "EUR", "exact", "level", H1, "trade.exports", RS, HU, None, None),
        ("EUR 2,105.7 million", "", 2105.7e6, None, "EUR", "exact", "level", H1, "trade.imports", RS, "Germany", None, None),
        ("EUR 2,086.3 million", "", 2086.3e6, None, "EUR", "exact", "level", H1, "trade.imports", RS, CN, None, None),
        ("EUR 1,010.2 million", "", 1010.2e6, None, "EUR", "exact", "level", H1, "trade.imports", RS, "Italy", None, None),
        ("EUR 861.5 million", "", 861.5e6, None, "EUR", "exact", "level", H1, "trade.imports", RS, HU, None, None),
        ("58.4%", "", 58.4, None, "percent", "exact", "level", H1, "other", RS, EU, None, "share of total trade"),
        ("EUR 1,043.9 million", "", 1043.9e6, None, "EUR", "exact", "level", H1, "trade.total", RS, RU, None, None),
        ("9.7%", "", 9.7, None, "percent", "exact", "change", H1, "trade.total", RS, RU, None, None),
        ("EUR 452.1 million", "", 452.1e6, None, "EUR", "exact", "level", H1, "trade.exports", RS, RU, None, None),
        ("EUR 591.8 million", "", 591.8e6, None, "EUR", "exact", "level", H1, "trade.imports", RS, RU, None, None),
        ("EUR 1,893.4 million", "", 1893.4e6, None, "EUR", "exact", "level", H1, "trade.exports", RS, None, None, "electrical machinery"),
        ("EUR 1,062.7 million", "", 1062.7e6, None, "EUR", "exact", "level", H1, "trade.exports", RS, None, None, "non-ferrous metals"),
        ("EUR 604.9 million", "", 604.9e6, None, "EUR", "exact", "level", H1, "trade.exports", RS, None, None, "rubber tyres"),
        ("EUR 815.6 million", "", 815.6e6, None, "EUR", "exact", "level", H1, "trade.exports", RS, CN, None, None),
        ("26.4%", "", 26.4, None, "percent", "exact", "change", H1, "trade.exports", RS, CN, None, None),
        ("71.2%", "", 71.2, None, "percent", "exact", "level", H1, "trade.product_share_exports", RS, CN, None, "copper"),
        ("EUR 6,586.2 million", "", 6586.2e6, None, "EUR", "exact", "level", "2024-Q1", "trade.exports", RS, None, None, None),
        ("EUR 6,571.0 million", "", 6571.0e6, None, "EUR", "exact", "level", "2024-Q1", "trade.exports", RS, None, None, None),
    ],
    "g6_feature.txt": [
        ("€51 million", "", 51e6, None, "EUR", "exact", "level", "2016", "investment.deal", RS, CN, "HBIS", "Smederevo steel mill"),
        ("€120 million", "", 120e6, None, "EUR", "approx", "level", "2016", "other", RS, None, None, "state spending to keep the plant alive"),
        ("5,300", "", 5300, None, "count", "approx", "level", "2024", "society.count", RS, CN, "HBIS", "employees"),
        ("5,050", "", 5050, None, "count", "exact", "level", "2016", "society.count", RS, CN, "HBIS", "employees"),
        ("$330 million", "", 330e6, None, "USD", "at_least", "level", "2016/2024", "investment.total", RS, CN, "HBIS", "Smederevo steel mill"),
        ("$1.3 billion", "", 1.3e9, None, "USD", "exact", "level", "2022", "trade.exports", RS, None, "HBIS", "steel"),
        ("4 percent", "", 4, None, "percent", "approx", "level", "2022", "other", RS, None, "HBIS", "share of Serbian exports"),
        ("$870 million", "", 870e6, None, "USD", "exact", "level", "2023", "trade.exports", RS, None, "HBIS", "steel"),
        ("by 15 percent", "15 percent", 15, None, "percent", "exact", "change", "2024-03/2024-05", "other", RS, CN, "HBIS", "steel output"),
        ("30 Chinese", "30", 30, None, "count", "approx", "level", "2014", "society.count", RS, CN, None, "Chinese families in Smederevo"),
        ("140 pupils", "140", 140, None, "count", "approx", "level", "2023-09/2023-11", "society.count", RS, CN, None, "pupils learning Mandarin"),
        ("21 percent", "", 21, None, "percent", "exact", "level", "2014", "macro.unemployment", RS, None, None, None),
        ("9.5 percent", "", 9.5, None, "percent", "exact", "level", "2024", "macro.unemployment", RS, None, None, None),
        ("8 percent", "", 8, None, "percent", "exact", "change", "2024-H1", "other", RS, CN, "HBIS", "average wages at the plant"),
        ("340 complaints", "340", 340, None, "count", "exact", "level", "2023", "society.count", RS, CN, "HBIS", "complaints over red dust"),
        ("twice", "", 2, None, "times", "exact", "multiple", "2022/2023", "society.count", RS, CN, "HBIS", "complaints over red dust"),
        ("€2.1 billion", "", 2.1e9, None, "EUR", "exact", "level", "2023", "investment.total", RS, CN, None, None),
        ("a third", "", 0.333, None, "fraction", "approx", "level", "2023", "other", RS, CN, None, "share of foreign direct investment"),
        ("16 percent", "", 16, None, "percent", "exact", "level", "2024", "other", RS, CN, None, "Chinese-owned plants' share of exports"),
        ("€250 million", "", 250e6, None, "EUR", "exact", "level", "2030", "investment.pledge", RS, CN, "HBIS", "electric arc furnace"),
        ("by 40 percent", "40 percent", 40, None, "percent", "exact", "change", "2030", "other", RS, CN, "HBIS", "emissions"),
        ("€15 million", "", 15e6, None, "EUR", "exact", "level", "2026", "investment.pledge", RS, None, None, "water network"),
        ("100,000", "", 100000, None, "count", "exact", "level", None, "society.count", RS, None, None, "population of Smederevo"),
    ],
}  # fmt: skip

FIELDS = (
    "surface", "value", "value_max", "unit", "qualifier", "measure", "period", "metric",
    "subject", "partner", "entity", "object",
)  # fmt: skip


def build_gold() -> None:
    """Locate every annotation in its article and write one gold JSONL file per article."""
    (HERE / "gold").mkdir(exist_ok=True)
    for doc, rows in ANNOTATIONS.items():
        text = (HERE / doc).read_text(encoding="utf-8")
        out = []
        for anchor, *fields in rows:
            assert text.count(anchor) == 1, (doc, anchor, text.count(anchor))
            record = dict(zip(FIELDS, fields, strict=True))
            record["surface"] = record["surface"] or anchor
            record["value"] = float(record["value"])
            if record["value_max"] is not None:
                record["value_max"] = float(record["value_max"])
            start = text.index(anchor) + anchor.index(record["surface"])
            end = start + len(record["surface"])
            assert text[start:end] == record["surface"]
            out.append({"doc": doc, "start": start, "end": end, **record})
        out.sort(key=lambda r: r["start"])
        lines = [json.dumps(r, ensure_ascii=False) for r in out]
        (HERE / "gold" / doc.replace(".txt", ".jsonl")).write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    build_gold()
