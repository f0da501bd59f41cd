"""Quality gate on the real-article development sets (tests/data/realdev): the extractor as a
user runs it (the CLI on a ledger holding the bundled dataset), scored per part with
tools/score_devset.py. Floors sit at the scores reached when last raised; raise them when the
scores rise. The test parts are measured here and never tuned on.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
REALDEV = ROOT / "tests" / "data" / "realdev"

# part -> floors on mention F1, junk (a ceiling), and attribute accuracy over matched claims.
# Raised with the quantity layer (issues 11 and 12: lek, denars, Serbian numbers) and the meaning
# rules tuned on en/tune (issue 10), at the scores the two reached together.
FLOORS: dict[str, dict[str, float]] = {
    "en/tune": {"f1": 0.932, "metric": 0.901, "period": 0.799, "subject": 0.921, "partner": 0.841},
    "en/test": {"f1": 0.921, "metric": 0.734, "period": 0.615, "subject": 0.834, "partner": 0.726},
    "sr/tune": {"f1": 0.954, "metric": 0.821, "period": 0.718, "subject": 0.894, "partner": 0.835},
    "sr/test": {"f1": 0.886, "metric": 0.821, "period": 0.616, "subject": 0.803, "partner": 0.707},
}
# en/tune and en/test raised with the document-level meaning rules of issue 10 (who gives and
# who receives, the report's time frame, changes from their base, tables and lists), tuned on
# en/tune only: en/test measured, from 0.664/0.536/0.777/0.577 (metric/period/subject/partner).
# sr/test metric 0.719 -> 0.713 (one claim: an amount told twice now takes the meaning the
# text names elsewhere, which gains en/test and sr/tune); its partner rose 0.719 -> 0.754.
# Issue 12 (Serbian words in lang/sr_cues.toml, Serbian periods, month datelines) raised sr/test
# metric 0.63 -> 0.72 and period 0.30 -> 0.45, and lowered its partner 0.735 -> 0.717 (three
# claims: two with the Serbian opinion words, one when role words had to be whole words so that
# Serbian 's' no longer matched the end of English 'across'; the test part is not looked at).
# The session of 2026-12-02 added 20 harder excerpts (regional English, Cyrillic Serbian) and
# re-based the tune floors and sr/test's on them before any rule saw them.
# sr/tune re-based again on 10 more excerpts (s24–s33) before any rule saw them: partner 0.816;
# en/tune on t35–t44 likewise: F1 0.941, subject 0.891, partner 0.807.
# en/tune and en/test raised (scores minus 0.01) with structural role and metric rules tuned on
# en/tune t01–t44 (givers of promises, state banks and lone powers in titles, two-way trade,
# 'originating in', a trade share naming no partner, 'in grants and loans'): en/test from
# 0.718/0.591/0.783/0.668 to 0.721/0.591/0.786/0.685 (metric/period/subject/partner);
# with the Serbian rules merged, main 0.724/0.591/0.783/0.668 -> 0.727/0.591/0.786/0.685.
# Serbian periods of part of a year, 'as of' days, debt to a state and more Serbian words raised
# sr/tune metric 0.795 -> 0.859 and period 0.597 -> 0.690, and sr/test metric 0.713 -> 0.743 and
# period 0.449 -> 0.491 (floors at the new scores minus 0.01; the others kept).
# sr/test's ceiling rose from 0.02 (set when almost nothing was read in Serbian) to 0.03.
# en/test (+12, e38–e49) and sr/test (+10, r24–r33) grew by excerpts annotated this session and
# scored first with the merged rules: their floors (and sr/test's junk ceiling) re-based on them.
# sr/tune grew by s34–s45 (12 excerpts, 113 claims) before any rule saw them: metric 0.859 ->
# 0.811, period 0.690 -> 0.684; floors re-based to those minus 0.01. en/tune grew by t45–t56
# (12 excerpts, 129 claims) likewise: F1 0.961 -> 0.937, metric 0.929 -> 0.902, period 0.818 ->
# 0.767, subject 0.927 -> 0.910, partner 0.852 -> 0.846.
# en floors raised (scores minus 0.01) with clause and paragraph rules tuned on en/tune t01–t56
# (a metric continued in its paragraph, a year framing the next paragraph, bases dated against
# the figure they are compared with, gapped clauses, datelines, relative clauses): en/test from
# 0.730/0.591/0.818/0.700 to 0.750/0.602/0.818/0.702 (metric/period/subject/partner).
# Serbian tables and lists under a unit heading, 'u posmatranom periodu', bases of last year's
# months, change verbs with no link, trading partners and exporters as roles (tuned on sr/tune
# only), and a region's share of tourism as 'other' (as sr/tune annotates it) raised sr/tune F1
# 0.951 -> 0.954, metric 0.811 -> 0.858, period 0.684 -> 0.723, subject 0.908 -> 0.934, partner
# 0.844 -> 0.871, and sr/test metric 0.769 -> 0.786, period 0.550 -> 0.563; merged with main's
# clause rules: sr/tune metric 0.860, period 0.731; sr/test metric 0.811, period 0.576 (floors
# at the new scores minus 0.01).
# en/test (+12, e50–e61) and sr/test (+12, r34–r45) grew by excerpts annotated on 2 December
# 2026 and scored first with every rule of that day merged; floors re-based on them (minus 0.01).
JUNK_CEILING = {"en/tune": 0.02, "en/test": 0.04, "sr/tune": 0.03, "sr/test": 0.04}
# 2026-12-02 evening: en/tune grew by t57-t62 (32 claims, merged before any rule saw them);
# its floors re-based on the merged scores (F1 .942, metric .910, period .806, subject .931,
# partner .850) minus 0.01; sr/tune grew by s46-s57 (88 claims, 9 Latin and 3 Cyrillic
# excerpts), its floors re-based the same way (F1 .940, metric .834, period .714, subject .925,
# partner .834).
# 2026-12-02 night: every branch of the evening merged, then the fresh excerpts e62-e85 and
# r46-r57 (scored alone first) joined the test parts; all four parts re-based on the merged
# scores minus 0.01 (sr/tune subject lower: s55's Bosnian-mark amounts are now read).
# 2026-12-02 (en4): en metric and period floors raised to the scores minus 0.01 with spans of
# years kept as intervals, bases of comparison ('as much as in 2018', 'a year earlier', 'the
# highest since 2015'), survey years as fieldwork and tranches paid out: en/tune metric .911,
# period .809; en/test metric .741, period .605.


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location(
        "score_devset", ROOT / "tools" / "score_devset.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("part", sorted(FLOORS))
def test_the_extractor_holds_its_floors_on_real_articles(part: str) -> None:
    scorer = _scorer()
    folder = REALDEV / part
    result = scorer.score(folder, scorer.extract(folder))
    assert result["docs"] >= 15 and result["gold"] >= 150
    for attribute, floor in FLOORS[part].items():
        assert result[attribute] >= floor, (part, attribute, round(result[attribute], 3))
    assert result["junk"] <= JUNK_CEILING[part], (part, "junk", round(result["junk"], 3))


def test_the_scorer_gives_the_serbian_parts_a_row_per_script() -> None:
    scorer = _scorer()
    folder = REALDEV / "sr" / "tune"
    by_script = scorer.scripts(folder)
    assert set(by_script.values()) == {"Latin", "Cyrillic"}
    preds = scorer.extract(folder)
    whole = scorer.score(folder, preds)
    rows = [
        scorer.score(
            folder, preds, docs={d for d, s in by_script.items() if s == script}, label=script
        )
        for script in ("Latin", "Cyrillic")
    ]
    assert [r["part"] for r in rows] == ["sr/tune Latin", "sr/tune Cyrillic"]
    # The scripts split the part: their documents, gold and matches add up to the whole.
    for key in ("docs", "gold", "matched", "predicted"):
        assert sum(r[key] for r in rows) == whole[key], key
