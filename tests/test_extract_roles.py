"""roles.counterpart_at and giver_at, the document-wide cue readers of find_focus."""

from __future__ import annotations

import re

from geoledger.extract.caseless import lowered_text
from geoledger.extract.roles import _cand, counterpart_at, giver_at

TEXTS = (
    "Serbia's trade with Germany rose, while exports to China fell by 4% and imports from Russia"
    " grew. American goods exports to Serbia doubled; Hungary grants a loan to North Macedonia,"
    " and the loan from China was subsidised by Germany.",
    "Robna razmena sa Nemačkom je porasla. Srbija je od EU dobila 200 miliona evra, a je u SAD"
    " izvezla robu vrednu 30 miliona. Srbija je izvezla na Kosovo više nego u Albaniju.",
    "ΣΕΡΒΙΑ and İstanbul: trade with Turkey grew.",  # texts that do not lower letter by letter
)


def _word_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]


def test_counterpart_at_reads_the_partner_cue_of_a_full_candidate() -> None:
    for text in TEXTS:
        low = lowered_text(text)
        for start, end in _word_spans(text):
            full = _cand(text, start, end, "", False).partner_cue
            assert counterpart_at(text, start, end) is full, text[start:end]
            assert counterpart_at(text, start, end, low) is full, text[start:end]


def test_giver_at_is_the_same_with_the_text_lowered_once() -> None:
    for text in TEXTS:
        low = lowered_text(text)
        for start, end in _word_spans(text):
            assert giver_at(text, start, end, low) is giver_at(text, start, end)


def test_counterpart_and_giver_cues() -> None:
    text = TEXTS[0]
    germany = text.index("Germany")
    assert counterpart_at(text, germany, germany + len("Germany"))
    serbia = text.index("Serbia", 10)
    assert not counterpart_at(text, 0, len("Serbia"))
    hungary = text.index("Hungary")
    assert giver_at(text, hungary, hungary + len("Hungary"))
    assert not giver_at(text, serbia, serbia + len("Serbia"))
    sr = TEXTS[1]
    nemacka = sr.index("Nemačkom")
    assert counterpart_at(sr, nemacka, nemacka + len("Nemačkom"))
