"""Write gold/*.jsonl from the hand annotations below; offsets come from unique anchors."""

import json
import pathlib

HERE = pathlib.Path(__file__).parent
EU, CN, RU, RS, US = "European Union", "China", "Russia", "Serbia", "United States"
WB = "Western Balkans"

# (anchor that occurs once in the text and contains the surface, surface, value, value_max,
#  unit, qualifier, measure, period, metric, subject, partner, entity, object)
ANNOTATIONS: dict[str, list[tuple]] = {
    "h1_wire_metro.txt": [
        ("signs $2.1 billion metro", "$2.1 billion", 2.1e9, None, "USD", "exact", "level", "2024-10-08", "project.value", RS, CN, "Power Construction Corporation of China", "Belgrade metro line 1"),
        ("signed a $2.1 billion contract", "$2.1 billion", 2.1e9, None, "USD", "exact", "level", "2024-10-08", "project.value", RS, CN, "Power Construction Corporation of China", "Belgrade metro line 1"),
        ("21.3-kilometre", "21.3-kilometre", 21.3, None, "km", "exact", "level", None, "other", RS, CN, None, "Belgrade metro line 1"),
        ("with 19 stations", "19", 19, None, "count", "exact", "level", None, "other", RS, CN, None, "metro stations"),
        ("85 percent", "85 percent", 85, None, "percent", "exact", "level", None, "other", RS, CN, "Export-Import Bank of China", "share of metro cost financed by loan"),
        ("4,000 workers", "4,000", 4000, None, "count", "approx", "level", None, "society.count", RS, CN, None, "construction workers"),
        ("18 billion euros", "18 billion euros", 18e9, None, "EUR", "at_least", "level", "2014/2024", "project.value", RS, CN, None, "contracts of Chinese companies"),
        ("$19.7 billion", "$19.7 billion", 19.7e9, None, "USD", "at_least", "level", "2014/2024", "project.value", RS, CN, None, "contracts of Chinese companies"),
        ("62 percent", "62 percent", 62, None, "percent", "approx", "level", "2023", "trade.partner_share_exports", RS, EU, None, None),
        ("12.4 percent", "12.4 percent", 12.4, None, "percent", "exact", "level", "2023", "trade.partner_share_imports", RS, CN, None, None),
        ("$6.4 billion", "$6.4 billion", 6.4e9, None, "USD", "exact", "level", "2023", "trade.total", RS, CN, None, None),
        ("$1.8 billion", "$1.8 billion", 1.8e9, None, "USD", "at_least", "level", "2016", "trade.total", RS, CN, None, None),
        ("the 14 intergovernmental", "14", 14, None, "count", "exact", "level", "2009/2024", "other", RS, CN, None, "intergovernmental agreements without public tender"),
        ("51 percent", "51 percent", 51, None, "percent", "exact", "level", "2023", "policy.alignment_rate", RS, EU, None, None),
        ("64 percent", "64 percent", 64, None, "percent", "exact", "level", "2021", "policy.alignment_rate", RS, EU, None, None),
        ("95 percent", "95 percent", 95, None, "percent", "exact", "level", "2024-07-01", "trade.tariff_coverage", RS, CN, None, "Serbian goods"),
        ("250,000 passengers", "250,000", 250000, None, "count", "at_most", "level", None, "society.count", RS, None, None, "metro passengers a day"),
    ],
    "h2_n1_nis.txt": [
        ("falls to RSD 41.3 bn", "RSD 41.3 bn", 41.3e9, None, "RSD", "exact", "level", "2024", "other", RS, RU, "Petroleum Industry of Serbia", "net profit"),
        ("profit of RSD 41.3 bn", "RSD 41.3 bn", 41.3e9, None, "RSD", "exact", "level", "2024", "other", RS, RU, "Petroleum Industry of Serbia", "net profit"),
        ("49 percent", "49 percent", 49, None, "percent", "exact", "change", "2023/2024", "other", RS, RU, "Petroleum Industry of Serbia", "net profit"),
        ("RSD 462 bn", "RSD 462 bn", 462e9, None, "RSD", "exact", "level", "2024", "other", RS, RU, "Petroleum Industry of Serbia", "revenue"),
        ("RSD 270.6 bn", "RSD 270.6 bn", 270.6e9, None, "RSD", "exact", "level", "2024", "other", RS, RU, "Petroleum Industry of Serbia", "taxes and public revenues"),
        ("56.15 percent", "56.15 percent", 56.15, None, "percent", "exact", "level", None, "investment.stake", RS, RU, "Gazprom Neft", "NIS"),
        ("further 6 percent", "6 percent", 6, None, "percent", "exact", "level", None, "investment.stake", RS, RU, "Gazprom", "NIS"),
        ("11,000", "11,000", 11000, None, "count", "approx", "level", None, "society.count", RS, RU, "Petroleum Industry of Serbia", "employees"),
        ("RSD 38 bn", "RSD 38 bn", 38e9, None, "RSD", "exact", "level", "2025", "investment.pledge", RS, RU, "Petroleum Industry of Serbia", None),
        ("EUR 324 mln", "EUR 324 mln", 324e6, None, "EUR", "approx", "level", "2025", "investment.pledge", RS, RU, "Petroleum Industry of Serbia", None),
        ("EUR 1.94 bn", "EUR 1.94 bn", 1.94e9, None, "EUR", "exact", "level", "2024", "trade.total", RS, RU, None, None),
        ("18.7 percent", "18.7 percent", 18.7, None, "percent", "exact", "change", "2023/2024", "trade.total", RS, RU, None, None),
        ("EUR 812 mln", "EUR 812 mln", 812e6, None, "EUR", "exact", "level", "2024", "trade.exports", RS, RU, None, None),
        ("EUR 1.13 bn", "EUR 1.13 bn", 1.13e9, None, "EUR", "exact", "level", "2024", "trade.imports", RS, RU, None, "gas and oil"),
        ("EUR 6.9 bn", "EUR 6.9 bn", 6.9e9, None, "EUR", "exact", "level", "2024", "trade.total", RS, CN, None, None),
        ("EUR 9.8 bn", "EUR 9.8 bn", 9.8e9, None, "EUR", "exact", "level", "2024", "trade.total", RS, "Germany", None, None),
        ("EUR 21.4 bn", "EUR 21.4 bn", 21.4e9, None, "EUR", "exact", "level", "2024", "trade.exports", RS, EU, None, None),
        ("63.5 percent", "63.5 percent", 63.5, None, "percent", "exact", "level", "2024", "trade.partner_share_exports", RS, EU, None, None),
        ("RSD 3.6 bn", "RSD 3.6 bn", 3.6e9, None, "RSD", "exact", "level", "2024", "other", RS, RU, "Petroleum Industry of Serbia", "dividends to the state"),
        ("3 percent of GDP", "3 percent", 3, None, "percent", "exact", "level", "2025", "macro.gdp_share", RS, None, None, "budget deficit"),
        ("250,000 households", "250,000", 250000, None, "count", "at_least", "level", None, "society.count", RS, RU, None, "households on gas district heating"),
        ("650 million dollars", "650 million dollars", 650e6, None, "USD", "exact", "level", None, "investment.pledge", RS, CN, "Minth", "plants in Loznica and Šabac"),
        ("RSD 70 bn", "RSD 70 bn", 70e9, None, "RSD", "approx", "level", None, "investment.pledge", RS, CN, "Minth", "plants in Loznica and Šabac"),
        ("1,300 jobs", "1,300", 1300, None, "count", "approx", "level", None, "society.count", RS, CN, "Minth", "jobs"),
    ],
    "h3_thinktank_pdf.txt": [
        ("€6.8 billion", "€6.8 billion", 6.8e9, None, "EUR", "at_least", "level", "2009/2023", "loan", RS, CN, None, None),
        ("€3.6 billion", "€3.6 billion", 3.6e9, None, "EUR", "approx", "level", "2009/2023", "aid.grant", RS, EU, None, "IPA grants"),
        ("€5.2 billion", "€5.2 billion", 5.2e9, None, "EUR", "exact", "level", "2009/2023", "loan", RS, EU, "European Investment Bank", None),
        ("48%", "48%", 48, None, "percent", "exact", "level", "2009/2022", "other", RS, CN, None, "transport share of Chinese loans"),
        ("37%", "37%", 37, None, "percent", "exact", "level", "2009/2022", "other", RS, CN, None, "energy share of Chinese loans"),
        ("US$ 715 million", "US$ 715 million", 715e6, None, "USD", "exact", "level", "2013", "loan", RS, CN, None, "Kostolac B second phase"),
        ("three loans", "three", 3, None, "count", "exact", "level", None, "other", RS, CN, None, "loans for the Belgrade–Budapest railway"),
        ("US$ 1.36 billion", "US$ 1.36 billion", 1.36e9, None, "USD", "exact", "level", None, "loan", RS, CN, None, "Belgrade–Budapest railway (Serbian section)"),
        ("2.5%", "2.5%", 2.5, None, "percent", "exact", "level", None, "other", RS, CN, None, "average interest rate"),
        ("won 61 of", "61", 61, None, "count", "exact", "level", None, "other", RS, CN, None, "contracts won without tender"),
        ("the 73 contracts", "73", 73, None, "count", "exact", "level", None, "other", RS, CN, None, "contracts under the 2009 agreement"),
        ("30-40%", "30-40%", 30, 40, "percent", "approx", "level", None, "other", RS, CN, None, "subcontractor share of works"),
        ("Some 7,20015", "7,200", 7200, None, "count", "approx", "level", "2022", "society.count", RS, CN, None, "Chinese work permit holders"),
        ("€2.9 billion", "€2.9 billion", 2.9e9, None, "EUR", "exact", "level", "2022", "loan", RS, CN, None, "public debt to China"),
        ("8.5%", "8.5%", 8.5, None, "percent", "approx", "level", "2022", "other", RS, CN, None, "share of public debt"),
        ("4.3%", "4.3%", 4.3, None, "percent", "approx", "level", "2022", "macro.gdp_share", RS, CN, None, "public debt to China"),
        ("€3.4 billion", "€3.4 billion", 3.4e9, None, "EUR", "exact", "level", "2022", "loan", RS, EU, "European Investment Bank", "public debt to the EIB"),
        ("€200 million", "€200 million", 200e6, None, "EUR", "exact", "level", "2014/2020", "aid.grant", RS, EU, None, "average yearly grants"),
        ("35%", "35%", 35, None, "percent", "exact", "level", "2022", "opinion.share", RS, CN, None, "China named largest donor"),
        ("17%", "17%", 17, None, "percent", "exact", "level", "2022", "opinion.share", RS, EU, None, "EU named largest donor"),
        ("Two thirds", "Two thirds", 2 / 3, None, "fraction", "exact", "level", "2022", "opinion.share", RS, EU, None, "cannot name an EU-funded project"),
    ],
    "h4_eu_press.txt": [
        ("adopts €5.4 billion", "€5.4 billion", 5.4e9, None, "EUR", "exact", "level", "2024/2027", "project.value", WB, EU, None, "Growth Plan"),
        ("and €148 million for", "€148 million", 148e6, None, "EUR", "exact", "level", "2023-11-15", "aid.grant", RS, EU, None, "IPA III package"),
        ("worth €5.4 billion", "€5.4 billion", 5.4e9, None, "EUR", "exact", "level", "2024/2027", "project.value", WB, EU, None, "Growth Plan"),
        ("€1.8 billion", "€1.8 billion", 1.8e9, None, "EUR", "exact", "level", "2024/2027", "aid.grant", WB, EU, None, "Growth Plan grants"),
        ("€3.6 billion", "€3.6 billion", 3.6e9, None, "EUR", "exact", "level", "2024/2027", "loan", WB, EU, None, "Growth Plan loans"),
        ("to double the", "double", 2, None, "times", "exact", "multiple", None, "other", WB, None, None, "size of the region's economies"),
        ("a €148 million package", "€148 million", 148e6, None, "EUR", "exact", "level", "2023-11-15", "aid.grant", RS, EU, None, "IPA III package"),
        ("€65 million", "€65 million", 65e6, None, "EUR", "exact", "level", "2023-11-15", "aid.grant", RS, EU, None, "Niš–Brestovac railway section"),
        ("€42.5 million", "€42.5 million", 42.5e6, None, "EUR", "exact", "level", "2023-11-15", "aid.grant", RS, EU, None, "district heating"),
        ("in 12 municipalities", "12", 12, None, "count", "exact", "level", None, "other", RS, EU, None, "municipalities"),
        ("€40.5 million", "€40.5 million", 40.5e6, None, "EUR", "exact", "level", "2023-11-15", "aid.grant", RS, EU, None, "transmission grid"),
        ("€3.9 billion", "€3.9 billion", 3.9e9, None, "EUR", "at_least", "level", "2007/2023", "aid.grant", RS, EU, None, "pre-accession grants"),
        ("€21.5 billion", "€21.5 billion", 21.5e9, None, "EUR", "exact", "level", None, "project.value", WB, EU, None, "WBIF flagship projects"),
        ("for 74 flagship", "74", 74, None, "count", "exact", "level", None, "other", WB, EU, None, "flagship projects"),
        ("64.5%", "64.5%", 64.5, None, "percent", "exact", "level", "2022", "trade.partner_share_exports", RS, EU, None, None),
        ("56%", "56%", 56, None, "percent", "exact", "level", "2022", "trade.partner_share_imports", RS, EU, None, None),
        ("60%", "60%", 60, None, "percent", "at_least", "level", None, "other", RS, EU, None, "share of FDI stock"),
        ("48%", "48%", 48, None, "percent", "exact", "level", "2023-H1", "policy.alignment_rate", RS, EU, None, "CFSP declarations"),
        ("45%", "45%", 45, None, "percent", "exact", "level", "2022", "policy.alignment_rate", RS, EU, None, "CFSP declarations"),
        ("100%", "100%", 100, None, "percent", "exact", "level", "2023-H1", "policy.alignment_rate", "Montenegro", EU, None, "CFSP declarations"),
        ("€1.58 billion", "€1.58 billion", 1.58e9, None, "EUR", "at_most", "level", None, "aid.grant", RS, EU, None, "Growth Plan support"),
        ("€14.2 billion", "€14.2 billion", 14.2e9, None, "EUR", "exact", "level", "2021/2027", "aid.grant", None, EU, None, "IPA III budget"),
        ("2014; 22 of", "22", 22, None, "count", "exact", "level", None, "other", RS, EU, None, "negotiating chapters opened"),
        ("the 35 negotiating", "35", 35, None, "count", "exact", "level", None, "other", RS, EU, None, "negotiating chapters"),
    ],
    "h5_defence.txt": [
        ("2,600 soldiers", "2,600", 2600, None, "count", "approx", "level", "2024-06-01", "security.count", RS, None, None, "soldiers in exercise"),
        ("and 90 pieces", "90", 90, None, "count", "approx", "level", "2024-06-01", "security.count", RS, None, None, "pieces of equipment"),
        ("100 kilometres", "100 kilometres", 100, None, "km", "at_most", "level", None, "other", RS, CN, None, "FK-3 range"),
        ("delivery of one battery", "one", 1, None, "count", "exact", "level", "2022-04", "security.count", RS, CN, None, "FK-3 battery"),
        ("$250 million", "$250 million", 250e6, None, "USD", "exact", "level", "2022-04", "project.value", RS, CN, None, "FK-3 battery deal"),
        ("buy 12 more", "12", 12, None, "count", "exact", "level", None, "security.count", RS, CN, None, "CH-95 drones"),
        ("the six CH-92A", "six", 6, None, "count", "exact", "level", "2020", "security.count", RS, CN, None, "CH-92A drones"),
        ("€90 million and €120 million", "€90 million and €120 million", 90e6, 120e6, "EUR", "exact", "level", None, "project.value", RS, CN, None, "CH-95 drone contract"),
        ("27 percent", "27 percent", 27, None, "percent", "exact", "change", "2023", "trade.exports", RS, None, "Yugoimport SDPR", "arms exports"),
        ("$1.1 billion", "$1.1 billion", 1.1e9, None, "USD", "exact", "level", "2023", "trade.exports", RS, None, "Yugoimport SDPR", "arms exports"),
        ("a third", "a third", 1 / 3, None, "fraction", "approx", "level", "2023", "trade.partner_share_exports", RS, None, "Yugoimport SDPR", "arms exports to Asia and Africa"),
        ("with 40 units", "40", 40, None, "count", "exact", "level", None, "security.count", RS, None, None, "Pegasus drones"),
        ("donated six MiG-29", "six", 6, None, "count", "exact", "level", "2017", "security.count", RS, RU, None, "MiG-29 fighters"),
        ("and 20 T-72B1MS", "20", 20, None, "count", "exact", "level", "2021", "security.count", RS, RU, None, "T-72B1MS tanks"),
        ("and 25 BRDM", "25", 25, None, "count", "exact", "level", "2021", "security.count", RS, RU, None, "BRDM-2MS vehicles"),
        ("€3.1 billion", "€3.1 billion", 3.1e9, None, "EUR", "approx", "level", "2023-08", "project.value", RS, "France", "Dassault Aviation", "Rafale fighter jets"),
        ("for 14 Rafale", "14", 14, None, "count", "exact", "level", "2023-08", "security.count", RS, "France", "Dassault Aviation", "Rafale fighter jets"),
        ("in 17 exercises", "17", 17, None, "count", "exact", "level", "2023", "security.count", RS, "NATO", None, "joint exercises"),
        ("with two with Russia", "two", 2, None, "count", "exact", "level", "2023", "security.count", RS, RU, None, "joint exercises"),
        ("RSD 181.5 billion", "RSD 181.5 billion", 181.5e9, None, "RSD", "exact", "level", "2024", "other", RS, None, None, "defence budget"),
        ("$1.68 billion", "$1.68 billion", 1.68e9, None, "USD", "exact", "level", "2024", "other", RS, None, None, "defence budget"),
        ("2.3%", "2.3%", 2.3, None, "percent", "approx", "level", "2024", "macro.gdp_share", RS, None, None, "defence budget"),
        ("1.9%", "1.9%", 1.9, None, "percent", "at_least", "level", "2023", "macro.gdp_share", RS, None, None, "defence budget"),
        ("28,000", "28,000", 28000, None, "count", "approx", "level", None, "security.count", RS, None, None, "active personnel"),
    ],
    "h6_econ_brief.txt": [
        ("$1.12 billion", "$1.12 billion", 1.12e9, None, "USD", "exact", "level", "2024-H1", "trade.exports", RS, CN, None, None),
        ("+38.5%", "+38.5%", 38.5, None, "percent", "exact", "change", "2024-H1", "trade.exports", RS, CN, None, None),
        ("$2.87 billion", "$2.87 billion", 2.87e9, None, "USD", "exact", "level", "2024-H1", "trade.imports", RS, CN, None, None),
        ("+9.2%", "+9.2%", 9.2, None, "percent", "exact", "change", "2024-H1", "trade.imports", RS, CN, None, None),
        ("$1.75 billion", "$1.75 billion", 1.75e9, None, "USD", "exact", "level", "2024-H1", "trade.balance", RS, CN, None, None),
        ("13.1%", "13.1%", 13.1, None, "percent", "exact", "level", "2024-H1", "trade.partner_share_imports", RS, CN, None, None),
        ("arrivals .... 71,406", "71,406", 71406, None, "count", "exact", "level", "2024-H1", "tourism.arrivals", RS, CN, None, "Chinese tourists"),
        ("stays ............. 164,920", "164,920", 164920, None, "count", "exact", "level", "2024-H1", "tourism.overnights", RS, CN, None, "Chinese tourists"),
        ("three times", "three times", 3, None, "times", "approx", "multiple", "2019-H1/2024-H1", "trade.exports", RS, CN, None, None),
        ("86 percent", "86 percent", 86, None, "percent", "exact", "level", "2024-H1", "trade.product_share_exports", RS, CN, None, "copper cathodes and ores"),
        ("by 9.2 percent", "9.2 percent", 9.2, None, "percent", "exact", "change", "2024-H1", "trade.imports", RS, CN, None, None),
        ("$242 million", "$242 million", 242e6, None, "USD", "exact", "change", "2024-H1", "trade.imports", RS, CN, None, None),
        ("a quarter", "a quarter", 0.25, None, "fraction", "approx", "level", "2024-H1", "other", RS, CN, None, "share of Serbia's trade gap"),
        ("€1.3 billion", "€1.3 billion", 1.3e9, None, "EUR", "exact", "level", "2023", "investment.total", RS, CN, None, None),
        ("$2 and $3 billion", "$2 and $3 billion", 2e9, 3e9, "USD", "exact", "level", "2023", "investment.total", RS, CN, None, None),
        ("29 percent", "29 percent", 29, None, "percent", "exact", "level", "2023", "other", RS, CN, None, "share of FDI inflows"),
        ("1.2 billion euro", "1.2 billion euro", 1.2e9, None, "EUR", "exact", "change", "2023", "investment.total", RS, CN, None, "investment stock"),
        ("€6.3 billion", "€6.3 billion", 6.3e9, None, "EUR", "exact", "level", "2023", "investment.total", RS, CN, None, "investment stock"),
        ("41 percent", "41 percent", 41, None, "percent", "exact", "change", "2024-H1", "tourism.arrivals", RS, CN, None, "Chinese tourists"),
        ("year to 71,406", "71,406", 71406, None, "count", "exact", "level", "2024-H1", "tourism.arrivals", RS, CN, None, "Chinese tourists"),
        ("reached 164,920", "164,920", 164920, None, "count", "exact", "level", "2024-H1", "tourism.overnights", RS, CN, None, "Chinese tourists"),
        ("4.6%", "4.6%", 4.6, None, "percent", "exact", "level", "2024-H1", "other", RS, CN, None, "share of foreign arrivals"),
        ("five times a week", "five times", 5, None, "count", "exact", "level", None, "other", RS, CN, None, "weekly direct flights"),
        ("1,200 adults", "1,200", 1200, None, "count", "exact", "level", "2024-06", "society.count", RS, None, None, "poll respondents"),
        ("39%", "39%", 39, None, "percent", "exact", "level", "2024-06", "opinion.share", RS, CN, None, "China most important friend"),
        ("31%", "31%", 31, None, "percent", "exact", "level", "2024-06", "opinion.share", RS, RU, None, "Russia most important friend"),
        ("11%", "11%", 11, None, "percent", "exact", "level", "2024-06", "opinion.share", RS, EU, None, "EU most important friend"),
        ("41% would", "41%", 41, None, "percent", "exact", "level", "2024-06", "opinion.share", RS, EU, None, "for EU membership"),
        ("45% against", "45%", 45, None, "percent", "exact", "level", "2024-06", "opinion.share", RS, EU, None, "against EU membership"),
        ("25,000 and 30,000", "25,000 and 30,000", 25000, 30000, "count", "exact", "level", None, "society.count", RS, CN, None, "employees of Chinese-owned companies"),
        ("than 5,000", "5,000", 5000, None, "count", "at_most", "level", "2016", "society.count", RS, CN, None, "employees of Chinese-owned companies"),
        ("12 percent", "12 percent", 12, None, "percent", "exact", "change", "2024", "other", RS, CN, "HBIS", "wages"),
        ("$2.5 billion", "$2.5 billion", 2.5e9, None, "USD", "at_least", "level", "2024", "trade.exports", RS, CN, None, None),
    ],
}

FIELDS = ("surface", "value", "value_max", "unit", "qualifier", "measure", "period", "metric",
          "subject", "partner", "entity", "object")


def build_gold() -> None:
    """Locate every annotation in its article and write one gold JSONL file per article."""
    (HERE / "gold").mkdir(exist_ok=True)
    for doc, rows in ANNOTATIONS.items():
        text = (HERE / doc).read_text(encoding="utf-8")
        out = []
        for anchor, *fields in rows:
            assert text.count(anchor) == 1, (doc, anchor, text.count(anchor))
            start = text.index(anchor) + anchor.index(fields[0])
            record = dict(zip(FIELDS, fields, strict=True))
            record["value"] = float(record["value"])
            if record["value_max"] is not None:
                record["value_max"] = float(record["value_max"])
            end = start + len(record["surface"])
            assert text[start:end] == record["surface"]
            out.append({"doc": doc, "start": start, "end": end, **record})
        out.sort(key=lambda r: r["start"])
        lines = [json.dumps(r, ensure_ascii=False) for r in out]
        (HERE / "gold" / doc.replace(".txt", ".jsonl")).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build_gold()
