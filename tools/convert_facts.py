"""One-off: turn /work/shared/facts into src/geoledger/data/china_serbia; --check verifies it.

Kept for the record of how the bundled dataset was made. Fact fields (ids, names,
kinds, countries, aliases, dates, amounts, claims) are copied unchanged; actor
notes and event summaries are rewritten by hand below, and event actors gain a
role from ROLES.

Usage:
    python tools/convert_facts.py            # write the four CSV files
    python tools/convert_facts.py --check    # compare with /work/shared, exit 1 on any problem

On the "malformed kind" row (nbc_defence_centre_krusevac): the raw line is
    nbc_defence_centre_krusevac,"Nuclear, Biological and Chemical Defence Centre (Kruševac)",organisation,...
Split naively on commas, its kind column shows the stray quoted fragment
' Biological and Chemical Defence Centre (Kruševac)"'. Read as CSV (RFC 4180
quoting, as the csv module does) the row is well-formed: name is the whole
quoted string and kind is "organisation". So nothing in the data needed fixing;
this script reads with the csv module, writes properly quoted CSV, and --check
asserts that the row's name and kind come out right.
"""

# ruff: noqa: E501
# (the rewritten notes and summaries are hand-written data, one per line, easier to review unwrapped)

from __future__ import annotations

import argparse
import csv
import re
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path

FACTS = Path("/work/shared/facts")
CORPUS = Path("/work/shared/corpus")
OUT = Path(__file__).resolve().parents[1] / "src" / "geoledger" / "data" / "china_serbia"
NGRAM = 6  # a shared run of this many words counts as copied wording

# The role an actor plays in an event; anything not clear from the event is a participant.
ROLES = {
    "investor": "puts money into a company, project or country",
    "host": "country, place or person receiving an investment, visit or meeting",
    "lender": "gives a loan",
    "borrower": "takes a loan",
    "acquirer": "buys a company or a stake",
    "target": "company or asset bought, or party attacked",
    "supplier": "sells or delivers goods, arms, vaccines or services (exporter in a trade flow)",
    "buyer": "buys or imports them",
    "visitor": "travels to the host",
    "signatory": "party to an agreement",
    "donor": "gives aid, grants or funding",
    "recipient": "receives aid, grants or deliveries",
    "attacker": "carries out a military attack or invasion",
    "reporter": "body, poll or outlet whose data or article is the record of the event",
    "speaker": "person or body whose statement or assessment is the event",
    "object": "project, asset, product or system the event concerns",
    "participant": "any other part, or a part not clear from the record",
}

SOURCE_COLUMNS = ("id", "title", "author", "outlet", "published_on", "url", "kind")
ACTOR_COLUMNS = ("id", "name", "kind", "country", "aliases", "note", "sources")
EVENT_COLUMNS = (
    "id", "date", "date_precision", "kind", "domain", "actors", "amount", "currency",
    "summary", "sources", "conflict_with",
)  # fmt: skip
CLAIM_COLUMNS = (
    "id", "source", "metric", "subject", "partner", "entity", "object", "period",
    "value", "value_max", "unit", "qualifier", "measure",
)  # fmt: skip

NOTES = {
    "china": "main subject of the dataset; Serbia's partner in the BRI, the FTA and arms purchases",
    "serbia": "EU candidate; the first CEE state that China named a comprehensive strategic partner",
    "russia": "long-standing ally of Serbia; holds a majority of NIS through Gazprom Neft",
    "united_states": "criticises Serbia's arms purchases from China; blamed for the 1999 embassy bombing",
    "european_union": "Serbia's biggest trading partner; the bloc Serbia seeks to join",
    "european_community": "forerunner of the EU; one of the main outside actors once Yugoslavia broke up",
    "nato": "ran the 1999 air war on Yugoslavia, in which the Chinese embassy was hit",
    "western_balkans": "six-state region including Serbia; recipient of Chinese loans",
    "germany": "Serbia's top trading partner, with China in second place",
    "france": "where Xi began his European trip in May 2024",
    "hungary": "on Xi's May 2024 itinerary; the Budapest end of the railway project",
    "ukraine": "attacked by Russia in 2022; the SVR claims Serbia sent it weapons",
    "kosovo": "declared independence in February 2008; Serbia and China do not recognise it",
    "taiwan": "territory; Serbia supports the One-China position",
    "hong_kong": "territory; Serbia sides with China on it",
    "yugoslavia": "former federation; broke up in 1991-92; NATO bombed it in 1999",
    "bosnia_and_herzegovina": "Western Balkan country; its visitors logged the most overnight stays in Serbia in 2019",
    "albania": "Western Balkan country and a 17+1 participant",
    "montenegro": "one of the Western Balkan countries",
    "north_macedonia": "a Western Balkan country",
    "georgia": "where Russia cited the Kosovo precedent in 2008",
    "moldova": "part of the eastern region covered by EU enlargement",
    "luhansk": "self-declared republic that Serbia does not recognise",
    "donetsk": "self-declared republic; Serbia withholds recognition",
    "xi_jinping": "China's president; came to Serbia in 2016 and in May 2024",
    "aleksandar_vucic": "Serbia's president and head of the SNS",
    "vladimir_putin": "Russia's president; had Vučić at the Victory Day parade in May 2025",
    "chen_bo": "China's ambassador to Serbia",
    "zhang_youxia": "deputy head of China's top military body (vice-chairman, Central Military Commission); came to Belgrade in September 2019",
    "jens_stoltenberg": "NATO Secretary General; said Serbia is free to pick its 5G supplier",
    "jens_bastian": "economist writing on Chinese investment in Southeast Europe; cited in footnote 5 of 002",
    "vedran_dzihic": "senior researcher at the Austrian Institute for International Affairs",
    "vuk_vuksanovic": "cited author; senior researcher at BCSP (Belgrade Centre for Security Policy)",
    "boris_tadic": "ex-president of Serbia who named China a fourth foreign-policy pillar; texts omit his first name",
    "stefan_vladisavljev": "wrote 000; fellow at CHOICE and programme coordinator at BFPE; 004 cites him",
    "robert_stanley": "wrote 003",
    "belt_and_road_initiative": "China's worldwide infrastructure programme, launched in 2013; Serbia is a main partner",
    "belt_and_road_forum": "summit of the BRI; held in Beijing in 2023",
    "cooperation_17_plus_1": "format linking China with CEE states, started 2012; summit in Belgrade in 2014",
    "china_serbia_fta": "signed in 2023 per 000, announced on 8 May 2024 per 001; in force from 1 July 2024",
    "shared_future": "statement signed during Xi's visit on 8 May 2024",
    "united_nations": "where Serbia voted against Russia on three occasions in 2022",
    "un_security_council": "where China and Russia support Serbia over Kosovo",
    "un_human_rights_council": "Serbia voted in 2022 for Russia's removal from it",
    "european_commission": "cited in 002 (footnote 22) on the EU connectivity agenda",
    "eurostat": "gives the 2021 shares of EU trade with Serbia",
    "european_parliament": "its members charged Serbia and Chinese investors with breaking the law",
    "european_energy_community": "the EU's vehicle for bringing Western Balkan energy into its system",
    "zijin_mining": 'owner since 2018 of 63% of RTB Bor (002: a majority); bought Nevsun; operates Čukaru Peki. In 000 "Zijin Mining" is one of two local units of "Zijin"',
    "zijin_copper": "Zijin's copper subsidiary in Serbia; gave money for COVID-19 testing",
    "hbis": "paid EUR 42m for the Smederevo steel mill in 2016",
    "smederevo_steel_mill": "steelworks that lost money; HBIS has owned it since 2016",
    "rtb_bor": "copper complex; since 2018 Zijin owns 63% (001) or a majority (002)",
    "linglong": "put up a tyre plant in Zrenjanin in 2018 worth about EUR 1bn",
    "nevsun": "miner Zijin bought for EUR 1.2bn, with the Čukaru Peki rights; the texts give no nationality",
    "bgi": "biotechnology company that helped Serbia set up COVID-19 testing",
    "mammoth_foundation": "helped with COVID-19 testing and made donations",
    "sinopharm": "its vaccine reached Serbia in Q1 2021",
    "huawei": "regional headquarters located in Belgrade; EUR 150m digitalisation deal with Serbian Telecom",
    "serbian_telecom": "its Huawei contract is said to be worth EUR 150m",
    "gazprom": "Russia's state gas firm; owns Gazprom Neft",
    "gazprom_neft": "took a 51% stake in NIS in 2009",
    "nis": "Serbia's oil and gas monopoly; Gazprom Neft has owned 51% since 2009",
    "chinese_state_banks": "fund Serbian infrastructure; lent USD 608m for Kostolac in 2014",
    "zrenjanin_tyre_factory": "Linglong's 2018 plant; criticised as a polluter",
    "cukaru_peki": "Zijin's copper and gold mine near Bor; opened 2021; rights came with Nevsun",
    "budapest_belgrade_railway": "107 km Serbian section funded by a USD 943m Chinese loan (2019); a USD 1bn reconstruction contract was discussed in 2025",
    "kostolac_power_plant": "lignite power station enlarged with a USD 608m Chinese loan in 2014",
    "kragujevac_ai_platform": "planned with Huawei from 2019, to be finished by 2025",
    "safe_cities": "Chinese surveillance systems in Novi Sad, Belgrade and Niš",
    "chinese_embassy_belgrade": "NATO bombs struck it in 1999",
    "hq22_fk3": "Chinese surface-to-air missile system Serbia received in 2022",
    "ch92a": "Serbia took delivery of six in July 2020",
    "pegasus_drone": "Serbian-made drone due for an upgrade with Chinese technology",
    "statistical_office_serbia": "provides the trade figures used in 000",
    "serbian_ministry_european_integration": "source of a December 2019 survey and of donor data for 2000-2016",
    "serbian_progressive_party": "in power since 2012 under Vučić; 002 calls it both SNP and SNS",
    "chinese_foreign_ministry": "its statement made Serbia the first CEE state with comprehensive strategic partner status",
    "chinese_ministry_of_education": "oversees the Confucius Institutes",
    "hanban": "Chinese cultural agency; funds scholarships for Serbian students",
    "confucius_institutes": "present in Serbia since 2006, at the universities of Belgrade and Novi Sad",
    "chinese_national_tourism_org": "put Serbia on its 2020 list of ten top winter destinations",
    "chinese_armed_forces": "its officers train in Serbia; its senior officers visit Belgrade",
    "chinese_ministry_of_defence": "its top officials visit Belgrade regularly",
    "central_military_commission": "its vice-chairman Zhang Youxia came to Belgrade in September 2019",
    "nbc_defence_centre_krusevac": "Chinese officers attend courses here",
    "svr": "in May 2025 accused Serbia of supplying arms to Ukraine",
    "us_army": "KFOR troops in Kosovo, shown in a 2000 photo caption",
    "mp_company_108": "US Army unit shown in Domerovce, Kosovo, in August 2000",
    "bcsp": "Belgrade think tank; ran a poll in November 2020; Vuk Vuksanović works there",
    "isac": "Belgrade think tank that measures Serbia's alignment with EU foreign policy",
    "center_for_contemporary_politics": "Belgrade think tank; source of the 66% alignment figure for 2015",
    "austrian_institute_international_affairs": "where Vedran Dzihic works",
    "wiiw": "source of the figures comparing EU and Chinese infrastructure finance",
    "foundation_bfpe": "Serbian NGO where Vladisavljev coordinates a programme",
    "choice": "network of China watchers; Vladisavljev is a visiting fellow; probably published 000",
    "stear": "online publication that published 004",
    "csis": 'publisher of a report cited in 002 (footnote 17): "Becoming a Chinese Client State"',
    "lse_ideas": "published Vuksanovic's 2021 strategic update, per 004's bibliography",
    "konrad_adenauer_stiftung": "publisher cited in 004's bibliography",
    "international_crisis_group": "its 2022 report appears in 004's bibliography",
    "carnegie_endowment": "publisher listed in 004's bibliography",
    "eth_zurich_css": "published Larsen 2020, listed in 004's bibliography",
    "study_group_information": "Vienna-based publisher of a volume cited in 002 (footnote 7)",
    "biepag": "its 2017 policy study is cited in 002 (footnote 33)",
    "xinhua": "China's state news agency; has a Belgrade office and media deals with Serbian outlets",
    "china_media_group": "Chinese state broadcaster with cooperation deals with pro-government Serbian media",
    "cgtn": "showed Vučić kissing the Chinese flag in March 2020",
    "rferl": "cited source that interviewed both Dzihic and Vuksanovic",
    "politika": "Serbian daily newspaper, cited many times in 002",
    "danas": "Serbian daily newspaper cited in 002",
    "slobodna_vojvodina": "cited in 002 (footnote 15) on pollution in Zrenjanin",
    "telegraf": "cited in 002 (footnote 17) on Chinese workers",
    "glas_amerike": "cited in 002 (footnote 10) on Chinese loans and corruption",
    "deutsche_welle": "cited in 002, footnote 34",
    "european_western_balkans": "cited in 002, footnotes 36 and 37",
    "orf": "cited in 002 (footnote 38) on vaccines",
    "defensenews": "cited in 002 (footnote 45) on Chinese missiles",
    "see_energy_news": "cited in 002 (footnote 23) on Chinese energy projects",
    "euractiv": "cited in 004's bibliography (Zimonjic 2023)",
    "oil_gas_journal": "cited in 004's bibliography on the NIS deal",
    "sais_review": "published Vladisavljev 2022, per 004's bibliography",
    "suedosteuropa_mitteilungen": "journal that 002 cites many times",
    "economic_analysis_journal": "journal; footnote 2 of 002 cites it",
    "horizons_journal": "journal listed in 004's bibliography",
    "jces": "journal listed in 004's bibliography",
    "seebss": "journal listed in 004's bibliography",
    "wikimedia_commons": "credited for an image in 001",
    "afp": "credited for a photo in 003",
    "alexander_zemlianichenko": "photographer credited for an image in 003",
    "elena_jovicic": "author cited in 002, footnotes 2 and 6",
    "slavica_stevanovic": "author cited in 002, footnotes 2 and 6",
    "isidora_beraha": "author cited in 002, footnotes 2 and 6",
    "mario_holzner": "author cited in 002, footnote 7",
    "predrag_jurekovic": "edited a volume cited in 002 (footnote 7)",
    "aleksandra_nenadovic": "author cited in 002, footnotes 10 and 12",
    "alexander_strelkov": "author cited in 002, footnote 11",
    "iva_martinovic": "author cited in 002, footnote 19",
    "ana_krstinovska": "author cited in 002, footnote 21",
    "nevenka_cavlek": "author cited in 002, footnote 25",
    "heather_conley": "CSIS author cited in 002, footnotes 17, 20 and 42",
    "jonathan_hillman": "CSIS author cited in 002, footnote 17",
    "maesea_mccalpin": "CSIS author cited in 002, footnote 17",
    "donatienne_ruy": "CSIS author cited in 002, footnote 17",
    "marijana_avakumovic": "author cited in 002, footnote 16",
    "sanja_kljajic": "author cited in 002, footnote 34",
    "sofija_popovic": "author cited in 002, footnote 36",
    "kurt_bassuener": "author cited in 002, footnote 44",
    "dusan_stojanovic": "author cited in 002, footnote 45",
    "marko_kmezic": "editor cited in 002, footnote 33",
    "florian_bieber": "editor cited in 002, footnote 33",
    "d_bechev": "author of a 2004 work in 004's bibliography",
    "n_beckmann_dierkes": "author of a 2022 work cited in 004",
    "s_rankic": "author of a 2022 work cited in 004",
    "u_izundu": "author of a 2009 piece on the NIS deal cited in 004",
    "m_ignjatijevic": "author of a 2022 work in 004's bibliography",
    "m_bjelos": "author of a 2022 work in 004's bibliography",
    "l_steric": "author of a 2022 work in 004's bibliography",
    "d_jovic": "author of a 2022 work cited in 004",
    "n_m_khaze": "author of a 2021 work in 004's bibliography",
    "x_wang": "author of a 2021 work in 004's bibliography",
    "h_larsen": "author of a 2020 work cited in 004",
    "m_samorukov": "author of a 2019 work in 004's bibliography",
    "b_zimonjic": "author of a 2023 work cited in 004",
}

# event id -> (roles of the actors that are not plain participants, summary in our words)
EVENTS: dict[str, tuple[str, str]] = {
    "ev_001": ("", "Once Yugoslavia broke apart, Serbia's foreign policy came to be shaped chiefly by four outside powers, namely the European Community, Russia, NATO and the United States."),
    "ev_002": ("nato=attacker united_states=attacker yugoslavia=target", "In spring 1999 NATO waged an air campaign, Operation Allied Force, against Yugoslavia over Kosovo, and Belgrade was among the places hit."),
    "ev_003": ("", "China and Russia condemned the NATO and US bombing for having no UN Security Council authorisation and worried it would serve as a precedent; the war brought Beijing, Moscow and Belgrade closer."),
    "ev_004": ("", "Since 1999 Russia has relied on its Security Council seat to block Kosovo's UN membership, in support of Serbia's refusal to recognise it."),
    "ev_005": ("nato=attacker united_states=attacker chinese_embassy_belgrade=target", "NATO bombs struck China's embassy in Belgrade during the campaign; the month follows from the 25th anniversary being marked in May 2024, and 001 also describes it as an American strike."),
    "ev_006": ("european_union=donor serbia=recipient serbian_ministry_european_integration=reporter", "Figures from Serbia's ministry for EU integration show the EU granted Serbia EUR 2.96bn between 2000 and 2016, which was 59.9% of the grant aid Serbia got from all international donors."),
    "ev_007": ("china=donor serbia=recipient serbian_ministry_european_integration=reporter", "Over the same 2000-2016 period China gave Serbia only EUR 31.4m in grants, a mere 0.6% share of all such aid."),
    "ev_008": ("kosovo=host", "Captioned photo from Operation Joint Guardian: military police of the US Army at Domerovce, Kosovo, as friction grew between Albanian and Serbian protesters."),
    "ev_009": ("serbia=host", "Confucius Institutes, overseen by China's education ministry through Hanban, started work in Serbia at the universities of Belgrade and Novi Sad."),
    "ev_010": ("", "China seemed to weather the global financial crisis well, as Western economies withdrew from Southeast Europe."),
    "ev_011": ("", "When supporting Georgia's breakaway regions, Russia invoked Kosovo as a precedent."),
    "ev_012": ("", "Kosovo declared itself independent of Serbia."),
    "ev_013": ("china=signatory serbia=signatory", "A joint statement by China and Serbia set up a strategic partnership between them."),
    "ev_014": ("china=signatory serbia=signatory chinese_state_banks=lender", "The two countries signed a framework agreement covering cooperation in economic and technological infrastructure, the start of their modern relationship; at first that cooperation consisted largely of Chinese bank loans for infrastructure."),
    "ev_015": ("china=signatory serbia=signatory", "After their strategic-partnership statement, Beijing and Belgrade also signed an accord on economic and technological cooperation."),
    "ev_016": ("china=signatory serbia=signatory", "An untitled 2009 economic accord, described as a landmark, paved the way for large-scale Chinese investment."),
    "ev_017": ("gazprom_neft=acquirer nis=target serbia=host", "Gazprom Neft, part of Gazprom, acquired 51% of NIS, Serbia's oil and gas monopoly."),
    "ev_018": ("european_union=donor western_balkans=recipient wiiw=reporter", "According to WIIW, the EU supported some EUR 18bn of infrastructure investment in the region over 2009-2018, providing more than EUR 1bn in grants and more than EUR 5bn in loans."),
    "ev_019": ("chinese_state_banks=lender western_balkans=borrower wiiw=reporter", "WIIW figures show Chinese banks lent close to EUR 9bn to Western Balkan countries for construction during 2010-2019, none of it as grants."),
    "ev_020": ("serbia=buyer china=supplier", "Serbia's imports from China doubled between 2010 and 2019."),
    "ev_021": ("serbia=supplier china=buyer", "Serbia's exports to China in 2019 were 45 times their 2010 value, though still small in absolute terms."),
    "ev_022": ("china=investor serbia=host", "Between 2010 and 2015 Chinese investment in Serbia totalled a modest EUR 189m, well short of EU foreign direct investment."),
    "ev_023": ("", "Since 2011 over sixty Serbian public schools have offered Mandarin as an optional subject, and in some specialised language high schools it is the first foreign language taught."),
    "ev_024": ("", "The Serbian Progressive Party led by Vučić came to power; 002 associates this with a steep decline in democracy."),
    "ev_025": ("", "China launched the 17+1 cooperation platform for countries of Central, Eastern and Southeast Europe."),
    "ev_026": ("", "Sixteen Central and Eastern European countries founded the 16+1 format."),
    "ev_027": ("", "Xi Jinping unveiled the Belt and Road Initiative, which cast Southeast Europe as an entry point to the EU."),
    "ev_028": ("china=investor serbia=host", "Chinese investment in Serbia since 2013 amounts to about EUR 18bn."),
    "ev_029": ("serbia=supplier china=buyer", "In 2013 Serbia exported just USD 8.9m worth of goods to China."),
    "ev_030": ("serbia=buyer china=supplier", "Serbia's imports from China came to USD 1.5bn in 2013."),
    "ev_031": ("statistical_office_serbia=reporter", "Figures from Serbia's statistical office show Serbia-China trade of USD 1.5bn for 2014."),
    "ev_032": ("serbia=borrower chinese_state_banks=lender kostolac_power_plant=object", "A USD 608m loan from a Chinese state bank paid for enlarging the Kostolac lignite-fired power station, a plant that falls short of current environmental standards."),
    "ev_033": ("serbia=host", "A 17+1 summit took place in Belgrade."),
    "ev_034": ("", "Russia invoked the Kosovo precedent once more, this time to justify separatism in Ukraine."),
    "ev_035": ("european_union=donor western_balkans=recipient european_commission=reporter", "For 2015-2020 the EU earmarked around EUR 1bn for the connectivity agenda it runs in the Western Balkans, intended to set off dozens of projects totalling EUR 4bn."),
    "ev_036": ("center_for_contemporary_politics=reporter", "According to the Center for Contemporary Politics, Serbia aligned with 66% of EU foreign-policy declarations in 2015."),
    "ev_037": ("xi_jinping=visitor serbia=host", "Xi Jinping made a trip to Serbia, during which the Smederevo steel deal was made public."),
    "ev_038": ("hbis=acquirer smederevo_steel_mill=target serbia=host", "HBIS (Hesteel) acquired the loss-making Smederevo steelworks for EUR 42m, a deal regarded as opening a new stage of Chinese direct investment."),
    "ev_039": ("hbis=investor smederevo_steel_mill=object serbia=host", "As part of the Smederevo takeover, HBIS pledged to invest as much as EUR 300m more."),
    "ev_040": ("", "In 2017, 53% of people in Serbia rated China's role favourably, the comparison point cited in BCSP's 2020 survey."),
    "ev_041": ("china=visitor serbia=host", "The number of Chinese tourists visiting Serbia doubled in 2017-2018, passing 100,000."),
    "ev_042": ("linglong=investor zrenjanin_tyre_factory=object serbia=host", "Linglong put up a car-tyre factory in Zrenjanin worth roughly EUR 1bn."),
    "ev_043": ("zijin_mining=acquirer rtb_bor=target serbia=host", "Zijin Mining acquired 63% of RTB Bor, the Bor mining and smelting complex, for roughly EUR 1bn."),
    "ev_044": ("zijin_mining=acquirer rtb_bor=target serbia=host", "002 reports that \"Zijing Mining\" (its spelling) paid USD 1.26bn for a majority holding in RTB Bor, among the biggest Chinese acquisitions in the region."),
    "ev_045": ("zijin_mining=acquirer rtb_bor=target serbia=host", "Control of the RTB Bor copper complex went to Chinese owners; no price or share is stated."),
    "ev_046": ("zijin_mining=acquirer nevsun=target cukaru_peki=object serbia=host", "Zijin Mining paid EUR 1.2bn for Nevsun and with it obtained the rights to Čukaru Peki; the year is inferred from context."),
    "ev_047": ("", "The EU began a fresh enlargement round with its eastern neighbours, with emphasis on aligning with EU foreign policy."),
    "ev_048": ("kragujevac_ai_platform=object", "Serbia and China set out plans for a regional artificial-intelligence platform in Kragujevac, to be finished by 2025, with Huawei in a leading role."),
    "ev_049": ("serbia=supplier china=buyer", "More than 80% of what Serbia sold to China was copper."),
    "ev_050": ("isac=reporter", "ISAC found that Serbia joined only 57% of EU common foreign-policy declarations, the weakest record of the Western Balkan candidate countries."),
    "ev_051": ("china=visitor serbia=host", "With about 145,000 arrivals, Chinese tourists formed the biggest group of foreign visitors to Serbia."),
    "ev_052": ("china=visitor serbia=host", "Chinese tourists spent 268,572 nights in Serbia, a total exceeded only by guests from Bosnia and Herzegovina."),
    "ev_053": ("china=lender serbia=borrower budapest_belgrade_railway=object", "Under the Belgrade-Budapest railway deal China and Serbia signed, a Chinese loan of USD 943m is to finance the Serbian part, 107 km long."),
    "ev_054": ("zhang_youxia=visitor serbia=host", "General Zhang Youxia, vice-chairman of China's Central Military Commission, came to Belgrade; Vučić took the occasion to hail a \"steely friendship\"."),
    "ev_055": ("kragujevac_ai_platform=object politika=reporter", "A Politika headline cited in 002 announced that Huawei's AI software platform would come to Kragujevac."),
    "ev_056": ("serbian_ministry_european_integration=reporter", "In a ministry survey, 20% of respondents mistakenly thought China was Serbia's largest donor, while 26% chose the EU."),
    "ev_057": ("", "Official Serbian figures put Chinese loans and investments at about USD 7bn by the end of 2019, split roughly evenly between the two and equal to some 15% of GDP."),
    "ev_058": ("china=investor serbia=host", "By some Serbian experts' reckoning, China had invested EUR 9-10bn in Serbia by the end of 2019."),
    "ev_059": ("", "Giant billboards across Serbia expressed gratitude to \"brother Xi\" for help during the pandemic."),
    "ev_060": ("", "The Chinese National Tourism Organisation named Serbia one of the ten best winter destinations worldwide."),
    "ev_061": ("", "Since 2020 Xi and Vučić have promoted the idea of an \"ironclad friendship\" between their countries."),
    "ev_062": ("china=investor serbia=host", "In 2020 China was Serbia's third-biggest source of net FDI and its second-biggest trading partner."),
    "ev_063": ("", "As a supplier of Serbia's imports China was second only to Germany, yet it ranked near last as a destination for Serbian exports."),
    "ev_064": ("serbia=buyer china=supplier", "The pandemic led Serbia to buy more medical supplies from China."),
    "ev_065": ("china=donor serbia=recipient", "In the first wave of COVID-19, China sent Serbia protective gear and medical equipment."),
    "ev_066": ("cgtn=reporter", "Vučić greeted the Chinese aid plane on the tarmac and kissed China's flag, as CGTN reported on 22 March 2020."),
    "ev_067": ("china=donor serbia=recipient", "China sent six pandemic specialists to Serbia, who held meetings with ministers and with Vučić."),
    "ev_068": ("aleksandar_vucic=speaker", "Vučić attacked the EU for being slow to help with the pandemic and praised China."),
    "ev_069": ("politika=reporter", "A Politika headline cited in 002 reported that the visiting Chinese specialists honoured those killed when the embassy was bombed in 1999."),
    "ev_070": ("european_union=donor western_balkans=recipient", "In late April 2020 the EU approved a EUR 3.3bn package to help the Western Balkans cope with the pandemic."),
    "ev_071": ("aleksandar_vucic=speaker politika=reporter", "Politika ran a headline quoting Vučić: he had known the West would be angered by his letter to Xi."),
    "ev_072": ("politika=reporter", "Politika reported that a second group of Chinese doctors was awarded Serbian military commemorative medals."),
    "ev_073": ("china=supplier serbia=buyer ch92a=object", "Serbia received six Chinese CH-92A reconnaissance and strike drones, becoming the first European country to operate them; 004 calls them the first Chinese weapons delivered to Europe since the embargo imposed after Tiananmen."),
    "ev_074": ("defensenews=reporter", "A DefenseNews headline cited in 002: Serbia was considering Chinese missiles in spite of American warnings."),
    "ev_075": ("bcsp=reporter", "In the BCSP survey, 40% called Russia Serbia's greatest friend, against 16% for China."),
    "ev_076": ("bcsp=reporter", "In the BCSP survey, 46% supported joining the EU and 51% were against."),
    "ev_077": ("bcsp=reporter", "The BCSP survey found 87% rating China's role positively, up from 53% in 2017."),
    "ev_078": ("bcsp=reporter", "According to the BCSP survey, 57% wanted Serbia's foreign policy coordinated with Russia and China."),
    "ev_079": ("zijin_mining=investor cukaru_peki=object serbia=host", "Zijin Mining started production at its Čukaru Peki copper and gold mine near Bor."),
    "ev_080": ("european_union=buyer serbia=supplier eurostat=reporter", "Eurostat data show the EU took 65.9% of Serbia's exports in 2021."),
    "ev_081": ("european_union=supplier serbia=buyer eurostat=reporter", "According to Eurostat, the EU supplied 53.9% of Serbia's imports in 2021."),
    "ev_082": ("china=supplier sinopharm=supplier serbia=recipient", "In January-March 2021 dedicated deliveries of China's Sinopharm vaccine sped up Serbia's vaccinations at a time when the EU could not spare doses."),
    "ev_083": ("", "Russia invoked Kosovo yet again in 2022, as a precedent for secession in Ukraine."),
    "ev_084": ("", "Serbia voted against Russia at the UN on three occasions, including a vote to suspend Russia's membership of the Human Rights Council."),
    "ev_085": ("", "Serbia did not back Russia's war, nor did it recognise the Luhansk and Donetsk republics."),
    "ev_086": ("", "Serbia refused to take part in sanctions against Russia; 001 adds that Serbia and China both reject EU sanctions."),
    "ev_087": ("serbia=buyer russia=supplier", "Serbia concluded a new agreement with Russia on gas supplies."),
    "ev_088": ("vuk_vuksanovic=speaker", "A 2022 study by Vuksanović argues that Serbia's elites turn to China for money and legitimacy, because Chinese funds come quicker than EU money and carry no rule-of-law conditions."),
    "ev_089": ("russia=attacker ukraine=target", "Russia's invasion of Ukraine reshaped Serbia's foreign relations and gave NATO new life."),
    "ev_090": ("china=supplier serbia=buyer hq22_fk3=object", "At a public exercise Serbia showed off air-defence systems of the Chinese HQ-22 (FK-3) type that it had just received; 004 places the FK-3 purchase in 2022."),
    "ev_091": ("serbia=signatory china=signatory", "Defence agreements concluded in 2023 may open the way to Chinese arms sales to Serbia and make the country a transit point for weapons headed to Africa and Eurasia."),
    "ev_092": ("china=signatory serbia=signatory china_serbia_fta=object", "According to 000, the free trade agreement was signed while Beijing hosted the Belt and Road Forum in 2023."),
    "ev_093": ("serbia=speaker", "Serbia stated openly that it still relies on Russia's backing on Kosovo (EURACTIV, March 2023)."),
    "ev_094": ("serbia=supplier china=buyer", "Serbia's exports to China amounted to USD 1.23bn in 2023."),
    "ev_095": ("serbia=buyer china=supplier", "In 2023 Serbia bought USD 4.8bn worth of goods from China."),
    "ev_096": ("statistical_office_serbia=reporter", "000 first gives two-way trade for 2023 as USD 6bn."),
    "ev_097": ("", "000 later uses USD 6.1bn as the 2023 trade total when computing growth in 2024."),
    "ev_098": ("serbia=supplier china=buyer", "Copper ores and concentrates led Serbia's exports to China in 2023, worth USD 842m."),
    "ev_099": ("serbia=supplier china=buyer", "Second came refined copper, with USD 301m of sales to China."),
    "ev_100": ("serbia=supplier china=buyer", "Third place among exports to China went to processed wood, USD 26m."),
    "ev_101": ("serbia=supplier china=buyer", "In 2023 Serbia exported USD 1.2m of raspberries to China."),
    "ev_102": ("", "Two-way trade rose to USD 7.4bn in 2024, leaving China behind only Germany among Serbia's trading partners."),
    "ev_103": ("", "Trade increased by USD 1.2bn, the largest yearly rise in more than ten years (the stated totals of 6.1 and 7.4 imply 1.3)."),
    "ev_104": ("serbia=supplier china=buyer", "Exports to China climbed to USD 1.9bn, a little over 6% of everything Serbia exported."),
    "ev_105": ("serbia=buyer china=supplier", "Serbia bought USD 5.5bn of goods from China, more than a year earlier; that is 11.3% of all its imports."),
    "ev_106": ("serbia=supplier china=buyer", "Copper and copper-based goods made up 93% of what Serbia exported to China, around USD 1.76bn, most of it produced by Chinese-owned mines."),
    "ev_107": ("serbia=supplier china=buyer", "In 2024 the value of raspberries Serbia sold to China shrank to USD 832,000."),
    "ev_108": ("", "At the close of 2024 China was Serbia's second trading partner, behind Germany."),
    "ev_109": ("vedran_dzihic=speaker rferl=reporter", "Speaking to RFE/RL, Dzihic described Serbia as China's gateway to the broader European market and to strategic investment."),
    "ev_110": ("vuk_vuksanovic=speaker rferl=reporter", "In an RFE/RL interview Vuksanović said China has replaced Russia as Serbia's main partner in the East, as the war in Ukraine has strained relations with Moscow."),
    "ev_111": ("isac=reporter", "ISAC data show Serbia joining just 47% of EU foreign-policy declarations in January-June 2024, a drop."),
    "ev_112": ("xi_jinping=speaker", "Before the 25th anniversary of the embassy bombing, Xi vowed that China would not forget the attack and spoke of a friendship forged in blood both peoples had shed."),
    "ev_113": ("serbia=signatory china=signatory", "Xi's visit brought announced deals opening China's market to Serbian blueberries and dried plums, though neither product is yet among the 50 largest exports to China."),
    "ev_114": ("xi_jinping=visitor france=host hungary=host serbia=host", "Xi started a six-day trip to Europe in France, with Hungary and Serbia also on the route (001 misprints the year as \"204\")."),
    "ev_115": ("xi_jinping=visitor aleksandar_vucic=host serbia=host", "Invited by Vučić, Xi arrived at Belgrade's Nikola Tesla Airport on a state visit."),
    "ev_116": ("xi_jinping=visitor aleksandar_vucic=host serbia=host", "Xi held talks with Vučić in Belgrade during his state visit to Serbia; 000 dates the visit only to May 2024."),
    "ev_117": ("china=signatory serbia=signatory shared_future=object", "A statement committing China and Serbia to build a \"shared future\" was signed."),
    "ev_118": ("china=signatory serbia=signatory china_serbia_fta=object", "001 describes the FTA as agreed and announced at the joint press conference of Vučić and Xi in Belgrade, which made Serbia the first country in Europe for years with a free trade deal with China."),
    "ev_119": ("china=signatory serbia=signatory", "While Xi was in Serbia, many agreements and memoranda were signed, taking the comprehensive strategic partnership further, to the concern of Brussels."),
    "ev_120": ("aleksandar_vucic=speaker", "Welcoming Xi, Vučić declared that Serbia's relationship with China was stronger and more lasting than its ties with Europe."),
    "ev_121": ("china=signatory serbia=signatory china_serbia_fta=object", "The free trade agreement between China and Serbia entered into force (000 says July or mid-2024; 001 gives 1 July 2024)."),
    "ev_122": ("china=investor serbia=host", "Talks touched on a train factory in Serbia backed by China, which Vučić said Beijing was about to approve."),
    "ev_123": ("china=supplier serbia=buyer budapest_belgrade_railway=object", "The same talks included a USD 1bn Chinese contract to rebuild part of the high-speed Belgrade-Budapest railway."),
    "ev_124": ("svr=speaker", "The SVR, Russia's foreign intelligence service, charged that Serbia was secretly supplying Ukraine with weapons and ammunition."),
    "ev_125": ("aleksandar_vucic=visitor vladimir_putin=host russia=host", "In Moscow, Vučić watched the Victory Day parade standing alongside Putin."),
    "ev_126": ("", "A few hours after the parade, Vučić had a private meeting with Xi in Moscow, where Xi lauded their \"ironclad friendship\"."),
    "ev_127": ("nato=attacker", "NATO's attacks on ethnic-Serb forces in Bosnia, given without a year as one reason Serbia regards NATO as a threat."),
    "ev_128": ("", "Beijing has never bought NATO's explanation that the embassy strike was a mistake, despite the alliance's apology."),
    "ev_129": ("china_serbia_fta=object", "Under the FTA, tariffs are to be lifted over five to ten years on close to 95% of what Serbia sells to China."),
    "ev_130": ("", "Zijin controls Serbia's copper sector via two local subsidiaries, which 000 calls Zijin Mining and Zijin Copper."),
    "ev_131": ("serbia=signatory russia=signatory", "Serbia's earlier FTA with Russia did little for exports, as Serbian producers lacked the volume and standards required."),
    "ev_132": ("china_serbia_fta=object", "No company is yet publicly known to have moved to Serbia in order to benefit from the FTA."),
    "ev_133": ("bgi=donor mammoth_foundation=donor zijin_copper=donor serbia=recipient", "Zijin Copper, BGI and the Mammoth Foundation helped Serbia set up COVID-19 testing labs and made donations."),
    "ev_134": ("china=supplier serbia=recipient", "Deliveries of Chinese CoronaVac doses helped put Serbia at the top of Europe's vaccination tables."),
    "ev_135": ("chen_bo=speaker", "Ambassador Chen Bo commended the contribution of Chinese companies and anticipated closer cooperation to support economic recovery."),
    "ev_136": ("", "Chen Bo appears in Serbian media more often, and more favourably, than nearly any other foreign envoy."),
    "ev_137": ("china=investor serbia=host", "001 names China as Serbia's largest single foreign investor, mostly because of the BRI."),
    "ev_138": ("china=investor serbia=host budapest_belgrade_railway=object", "China has invested around USD 10bn in Serbian infrastructure and energy, including the Belgrade-Budapest railway and the Smederevo mill, preserving thousands of jobs."),
    "ev_139": ("chinese_foreign_ministry=reporter", "Serbia became the first country in Central and Eastern Europe to be made a comprehensive strategic partner of China, according to China's Foreign Ministry as quoted in 003; 001 links this to the friendship after 2020."),
    "ev_140": ("", "Serbia sides with China on One-China and on its core interests (Taiwan, Xinjiang, Hong Kong and the BRI) and says it will not back Taiwanese or Hong Kong causes."),
    "ev_141": ("", "China regards Kosovo as Serbian territory, does not recognise it, and supports Serbia in the UN Security Council."),
    "ev_142": ("", "Under Vučić, Belgrade has not criticised China over human rights, whether on the Uighurs or on dissidents."),
    "ev_143": ("china_media_group=signatory xinhua=signatory", "Pro-government Serbian media have concluded cooperation agreements with the Chinese state outlets China Media Group and Xinhua."),
    "ev_144": ("", "Xinhua has an office in Belgrade that publicises Chinese initiatives."),
    "ev_145": ("", "Belgrade hosts Huawei's regional headquarters, and Serbia could act as its base for expanding its technology across the Western Balkans."),
    "ev_146": ("serbian_telecom=buyer huawei=supplier", "Serbian Telecom's digitalisation contract with Huawei is said to be worth EUR 150m."),
    "ev_147": ("", "More than two-thirds of recent ICT projects by Chinese firms in the Western Balkans are aimed at Serbia."),
    "ev_148": ("safe_cities=object", "Chinese surveillance systems are being installed to turn Belgrade, Novi Sad and Niš into \"safe cities\"."),
    "ev_149": ("jens_stoltenberg=speaker", "Stoltenberg said Serbia, as a neutral country, is free to choose its 5G partners, while NGOs in the West and in Serbia worry Chinese standards will restrict civil rights."),
    "ev_150": ("", "Serbian and Chinese police patrol together in cities that attract many Chinese tourists."),
    "ev_151": ("", "Special police units from both countries conduct joint counter-terrorism drills."),
    "ev_152": ("pegasus_drone=object", "Chinese military technology is to be used to upgrade Serbia's Pegasus drones, and Serbian specialists are being trained in China."),
    "ev_153": ("nbc_defence_centre_krusevac=host", "Kruševac's centre for nuclear, biological and chemical defence runs courses for officers of the Chinese armed forces."),
    "ev_154": ("", "Both countries aim to expand military ties, notably in cyber security and the training of special forces, and high-level military visits happen regularly."),
    "ev_155": ("united_states=speaker", "Washington criticises Serbia for buying Chinese arms, saying the deals hurt its prospects of EU accession."),
    "ev_156": ("", "Both the US and the EU are worried by the sway Russia and China hold over the Western Balkans."),
    "ev_157": ("china=visitor serbia=host", "Chinese visitors need no visa for Serbia, and China recommends Serbia as a travel destination."),
    "ev_158": ("hanban=donor serbia=recipient", "Hanban pays for scholarships for talented Serbian pupils and students."),
    "ev_159": ("", "A few Serbian high schools make Mandarin the compulsory first foreign language, and there are plans to offer it at every high school."),
    "ev_160": ("china=donor serbia=recipient", "Chinese money goes to pro-Chinese Serbian think tanks with a geopolitical focus."),
    "ev_161": ("", "Serbia's biggest bilateral trade deficit is with China."),
    "ev_162": ("", "Serbia's imports from China are mainly high-tech goods and household appliances, while China buys Serbian copper and agricultural products."),
    "ev_163": ("european_union=supplier serbia=buyer", "The EU supplies around 60% of what Serbia imports; the year is not given."),
    "ev_164": ("european_union=buyer serbia=supplier", "Close to 70% of Serbian exports are sold to the EU; no year is stated."),
    "ev_165": ("", "Combined, Chinese loans and investment were worth about 15% of Serbian GDP, going by end-2019 figures."),
    "ev_166": ("china=acquirer smederevo_steel_mill=target", "According to 004, Chinese companies took over a steelworks, copper mines and a coal-fired power station, and the steelworks was later valued at about 3.3% of Serbia's GDP."),
    "ev_167": ("jens_bastian=speaker", "Bastian contends that Chinese holdings in Western Balkan ore mines secure supply chains for Chinese manufacturing, especially the car industry."),
    "ev_168": ("zrenjanin_tyre_factory=object", "Environmental groups hold the Chinese tyre factory in Zrenjanin responsible for worsening the quality of the air and water."),
    "ev_169": ("", "Anti-government protests have erupted over environmental harm linked to Chinese investments."),
    "ev_170": ("european_parliament=speaker", "In heavy-industry projects, according to members of the European Parliament, the government in Belgrade and Chinese investors broke both Serbian and EU law."),
    "ev_171": ("", "Critics argue that Chinese construction firms rely mainly on Chinese labour and materials, under non-transparent contracts that bypass tendering rules."),
    "ev_172": ("budapest_belgrade_railway=object", "Media under government control turn roads, bridges and the line from Belgrade to Budapest, all financed by China, into propaganda."),
    "ev_173": ("european_union=speaker", "The EU is open to Chinese capital in Serbia on condition that it follows EU rules and fits in with EU projects, and Brussels views China's energy projects critically."),
    "ev_174": ("aleksandar_vucic=speaker", "Vučić has said more than once that no European country is a closer friend of Beijing than Serbia (a cited Danas article, November 2020)."),
    "ev_175": ("", "Kosovo is the only Western Balkan country outside the 17+1 format."),
    "ev_176": ("", "China seems not to object to Serbia joining the EU and could gain a supporter within the Union."),
    "ev_177": ("", "Serbia maintains military neutrality and stays outside blocs, while NATO has taken in most of its neighbours."),
    "ev_178": ("russia=supplier serbia=recipient", "Russia, regarded as Serbia's \"eternal\" friend for religious, historical and cultural reasons, has for a long time provided it with arms and energy."),
    "ev_179": ("boris_tadic=speaker", "Former president Tadić called China the \"fourth pillar\" of Serbian foreign policy starting in the late 2000s, and Vučić speaks of \"alternative pillars\"."),
    "ev_180": ("", "003 states that China has courted Serbia for over two decades as a gateway for the BRI into Europe."),
    "ev_181": ("", "Serbia's unemployment rate exceeds 8%, and Chinese projects have generated jobs."),
    "ev_182": ("", "China's trade dispute with the United States could lead it to focus on its own region ahead of Serbia."),
    "ev_183": ("serbia=signatory kosovo=signatory", "Kosovo and Serbia have a new EU-supported agreement intended to normalise their relations."),
}  # fmt: skip


def read_rows(name: str) -> list[dict[str, str]]:
    """Read one facts CSV as a list of dicts."""
    with (FACTS / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_ours(name: str) -> list[dict[str, str]]:
    """Read one of our dataset CSVs as a list of dicts."""
    with (OUT / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def split_list(cell: str) -> list[str]:
    """Split a `;`-separated cell into stripped items, dropping empties."""
    return [item.strip() for item in cell.split(";") if item.strip()]


def join_list(items: Iterable[str]) -> str:
    """Join items into one `;`-separated cell."""
    return ";".join(items)


def date_precision(date: str) -> str:
    """Return day, month, year or interval for an ISO date; empty for no date."""
    if not date:
        return ""
    if "/" in date:
        return "interval"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return "day"
    if re.fullmatch(r"\d{4}-\d{2}", date):
        return "month"
    if re.fullmatch(r"\d{4}", date):
        return "year"
    raise ValueError(f"Unrecognised date {date!r}; add a rule to date_precision.")


def parse_roles(spec: str) -> dict[str, str]:
    """Turn 'a=role b=role' into {a: role, b: role}."""
    return dict(pair.split("=", 1) for pair in spec.split())


def event_actors(event_id: str, actor_ids: list[str]) -> str:
    """Return the actors cell: actor_id:role pairs in the original order."""
    roles = parse_roles(EVENTS[event_id][0])
    unknown = set(roles) - set(actor_ids)
    if unknown:
        raise ValueError(f"{event_id}: roles given for actors not in the event: {sorted(unknown)}")
    return join_list(f"{a}:{roles.get(a, 'participant')}" for a in actor_ids)


def write_csv(name: str, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    """Write rows to OUT/name with a header, UTF-8, minimal quoting."""
    with (OUT / name).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def convert() -> None:
    """Write sources, actors, events and claims CSVs from the shared facts."""
    OUT.mkdir(parents=True, exist_ok=True)
    sources = [
        {
            "id": r["source_id"],
            "title": r["title"],
            "author": r["author"],
            "outlet": r["publisher"],
            "published_on": r["published"],
            "url": "",
            "kind": r["kind"],
        }
        for r in read_rows("sources.csv")
    ]
    actors = [
        {
            "id": r["actor_id"],
            "name": r["name"],
            "kind": r["kind"],
            "country": r["country"],
            "aliases": join_list(split_list(r["aliases"])),
            "note": NOTES[r["actor_id"]],
            "sources": join_list(split_list(r["sources"])),
        }
        for r in read_rows("actors.csv")
    ]
    events = [
        {
            "id": r["event_id"],
            "date": r["date"],
            "date_precision": date_precision(r["date"]),
            "kind": r["kind"],
            "domain": r["domain"],
            "actors": event_actors(r["event_id"], split_list(r["actors"])),
            "amount": r["amount"],
            "currency": r["currency"],
            "summary": EVENTS[r["event_id"]][1],
            "sources": join_list(split_list(r["sources"])),
            "conflict_with": join_list(split_list(r["conflict_with"])),
        }
        for r in read_rows("events.csv")
    ]
    claims = [
        {"id": r["claim_id"], "source": r["source_id"]}
        | {c: r[c] for c in CLAIM_COLUMNS if c not in ("id", "source")}
        for r in read_rows("claims.csv")
    ]
    write_csv("sources.csv", SOURCE_COLUMNS, sources)
    write_csv("actors.csv", ACTOR_COLUMNS, actors)
    write_csv("events.csv", EVENT_COLUMNS, events)
    write_csv("claims.csv", CLAIM_COLUMNS, claims)


def words(text: str) -> list[str]:
    """Lower-case word tokens; line breaks, hyphens and punctuation do not count."""
    return re.findall(r"\w+", text.lower())


def ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    """Every run of n consecutive words in text."""
    toks = words(text)
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def compare(
    problems: list[str], what: str, ours: list[dict[str, str]], theirs: list[dict[str, str]],
    fields: dict[str, str], lists: tuple[str, ...] = (),
) -> None:  # fmt: skip
    """Record a problem for every row or field (ours <- theirs) that differs."""
    if [o["id"] for o in ours] != [t[fields["id"]] for t in theirs]:
        problems.append(f"{what}: ids differ in set or order")
        return
    for o, t in zip(ours, theirs, strict=True):
        for mine, orig in fields.items():
            a, b = o[mine], t[orig]
            if mine in lists:
                a, b = split_list(a), split_list(b)  # type: ignore[assignment]
            if a != b:
                problems.append(f"{what} {o['id']}.{mine}: {a!r} != original {b!r}")


def check() -> list[str]:
    """Compare our dataset with /work/shared; return a list of problems (empty if all good)."""
    problems: list[str] = []
    sources, actors = read_ours("sources.csv"), read_ours("actors.csv")
    events, claims = read_ours("events.csv"), read_ours("claims.csv")
    f_sources, f_actors = read_rows("sources.csv"), read_rows("actors.csv")
    f_events, f_claims = read_rows("events.csv"), read_rows("claims.csv")

    for name, rows, cols in (
        ("sources.csv", sources, SOURCE_COLUMNS),
        ("actors.csv", actors, ACTOR_COLUMNS),
        ("events.csv", events, EVENT_COLUMNS),
        ("claims.csv", claims, CLAIM_COLUMNS),
    ):
        if rows and tuple(rows[0]) != cols:
            problems.append(f"{name}: header {tuple(rows[0])} != {cols}")
    counts = {
        "sources": len(sources),
        "actors": len(actors),
        "events": len(events),
        "claims": len(claims),
    }
    if counts != {"sources": 5, "actors": 164, "events": 183, "claims": 89}:
        problems.append(f"row counts {counts}")

    compare(problems, "source", sources, f_sources, {
        "id": "source_id", "title": "title", "author": "author", "outlet": "publisher",
        "published_on": "published", "kind": "kind",
    })  # fmt: skip
    problems += [f"source {s['id']}.url not empty" for s in sources if s["url"]]

    compare(problems, "actor", actors, f_actors, {
        "id": "actor_id", "name": "name", "kind": "kind", "country": "country",
        "aliases": "aliases", "sources": "sources",
    }, lists=("aliases", "sources"))  # fmt: skip
    nbc = next((a for a in actors if a["id"] == "nbc_defence_centre_krusevac"), None)
    if nbc is None or (nbc["name"], nbc["kind"]) != (
        "Nuclear, Biological and Chemical Defence Centre (Kruševac)",
        "organisation",
    ):
        problems.append(f"actor nbc_defence_centre_krusevac not read right: {nbc}")

    compare(problems, "event", events, f_events, {
        "id": "event_id", "date": "date", "kind": "kind", "domain": "domain", "amount": "amount",
        "currency": "currency", "sources": "sources", "conflict_with": "conflict_with",
    }, lists=("sources", "conflict_with"))  # fmt: skip
    for e, f in zip(events, f_events, strict=False):
        pairs = [p.split(":", 1) for p in split_list(e["actors"])]
        if [a for a, _ in pairs] != split_list(f["actors"]):
            problems.append(f"event {e['id']}.actors: ids differ from {f['actors']!r}")
        problems += [f"event {e['id']}: unknown role {r!r}" for _, r in pairs if r not in ROLES]
        if e["date_precision"] != date_precision(f["date"]):
            problems.append(f"event {e['id']}.date_precision {e['date_precision']!r}")

    compare(problems, "claim", claims, f_claims, {
        "id": "claim_id", "source": "source_id",
    } | {c: c for c in CLAIM_COLUMNS if c not in ("id", "source")})  # fmt: skip

    problems += check_wording(actors, f_actors, events, f_events)
    problems += check_manifest()
    return problems


def check_wording(
    actors: list[dict[str, str]], f_actors: list[dict[str, str]],
    events: list[dict[str, str]], f_events: list[dict[str, str]],
) -> list[str]:  # fmt: skip
    """Flag rewritten texts that are empty, unchanged, or share 6+ words with originals or the corpus."""
    problems: list[str] = []
    corpus = {p.name: ngrams(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))}
    summaries = set().union(*(ngrams(f["summary"]) for f in f_events))
    notes = set().union(*(ngrams(f["note"]) for f in f_actors))
    rewritten = [("event", e["id"], e["summary"], summaries) for e in events] + [
        ("actor", a["id"], a["note"], notes) for a in actors
    ]
    originals = {f["event_id"]: f["summary"] for f in f_events} | {
        f["actor_id"]: f["note"] for f in f_actors
    }
    for what, row_id, text, original_grams in rewritten:
        if not text.strip():
            problems.append(f"{what} {row_id}: empty text")
            continue
        if words(text) == words(originals[row_id]):
            problems.append(f"{what} {row_id}: text equals the original")
        grams = ngrams(text)
        for gram in sorted(grams & original_grams):
            problems.append(f"{what} {row_id}: shares {' '.join(gram)!r} with an original text")
        for name, corpus_grams in corpus.items():
            for gram in sorted(grams & corpus_grams):
                problems.append(f"{what} {row_id}: shares {' '.join(gram)!r} with {name}")
    return problems


def check_manifest() -> list[str]:
    """Check dataset.toml names the dataset and the four files, which exist."""
    path = OUT / "dataset.toml"
    if not path.exists():
        return [f"{path} missing"]
    meta = tomllib.loads(path.read_text(encoding="utf-8"))
    problems = [
        f"dataset.toml: {key} missing"
        for key in ("name", "title", "description", "version", "subject")
        if key not in meta
    ]
    if meta.get("name") != "china-serbia":
        problems.append(f"dataset.toml: name {meta.get('name')!r}")
    files = meta.get("files", {})
    for key in ("sources", "actors", "events", "claims"):
        if files.get(key) != f"{key}.csv" or not (OUT / f"{key}.csv").exists():
            problems.append(f"dataset.toml: files.{key} is {files.get(key)!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Convert, or with --check report differences; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify instead of writing")
    args = parser.parse_args(argv)
    if not args.check:
        convert()
        print(f"wrote 4 files to {OUT}")
        return 0
    problems = check()
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
