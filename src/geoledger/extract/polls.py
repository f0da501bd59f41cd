"""Who answered a poll: the respondents' country of a share, and the countries they named."""

from __future__ import annotations

import re

from geoledger.extract.roles import Cand

# 'in both Serbia (36%)', 'Kosovans (83%)': the figure labels the people asked.
_LABEL_RE = re.compile(r"['’]?s?\s*\(\s*(?:[~≈]\s*)?$")
_IN_RE = re.compile(r"\b(?:in|from|among)\s+(?:both\s+|neighbou?ring\s+)?(?:the\s+)?$", re.I)
# '80% of respondents in Kosovo', '9% in Montenegro', '12% of Macedonians'.
_AFTER_RE = re.compile(
    r"\s*(?:\)\s*)?(?:of\s+(?:all\s+|the\s+)?(?:respondents|people|citizens|voters|those\s+"
    r"(?:polled|surveyed|asked|questioned))\s+)?(?:in|among)\s+(?:the\s+)?",
    re.I,
)
_SOON_IN_RE = re.compile(r"\s+(?:[\w’'-]+\s+){0,4}?(?:in|among)\s+(?:the\s+)?", re.I)
_OPENING_IN_RE = re.compile(
    r"(?:^|[,;:]\s*|\b(?:while|whereas|and|but)\s+)(?:in|among)\s+(?:both\s+)?(?:the\s+)?$", re.I
)
_AFTER_OF_RE = re.compile(r"\s*(?:\)\s*)?of\s+(?:all\s+|the\s+)?", re.I)
# 'respondents in North Macedonia picked ...', 'Serbian respondents', 'citizens of Montenegro'.
_ASKED_BEFORE_RE = re.compile(
    r"(?:respondents|people|citizens|voters|adults|those\s+(?:polled|surveyed|asked|questioned))"
    r"\s+(?:in|from|of)\s+(?:both\s+)?(?:the\s+)?$",
    re.I,
)
_ASKED_AFTER_RE = re.compile(r"\s+(?:respondents|citizens|voters|adults|public)\b", re.I)


def asked(c: Cand, sentence: str, span: tuple[int, int] | None = None) -> bool:
    """True when the country names people asked, not an answer they gave."""
    left = sentence[max(0, c.start - 40) : c.start]
    if c.people or _ASKED_BEFORE_RE.search(left) or _ASKED_AFTER_RE.match(sentence, c.end):
        # 'Bosnians said Turkey ...', but not 'named Russians the friendliest people'.
        return True
    right = sentence[c.end : c.end + 8]
    if re.match(r"['’]?s?\s*\(\s*[~≈]?\s*\d", right) and _IN_RE.search(left):
        return True  # 'in both Serbia (36%)'
    return bool(re.search(r"\d\s*%?\s*(?:\)\s*)?(?:in|among)\s+(?:the\s+)?$", left))


# 'in both North Macedonia (34%) and Montenegro (32%)': the gap between two labelled items.
_NEXT_LABELLED_RE = re.compile(
    r"['’]?s?\s*\(\s*[~≈]?\s*\d[^()]{0,12}\)\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)", re.I
)


def _listed_after_asked(cands: list[Cand], i: int, sentence: str) -> bool:
    """True when cands[i] follows, in a list of labelled figures, a country whose people were
    asked: the list goes on naming people asked."""
    while i > 0:
        prev, here = cands[i - 1], cands[i]
        if not _NEXT_LABELLED_RE.fullmatch(sentence, prev.end, here.start):
            return False
        if asked(prev, sentence):
            return True
        i -= 1
    return False


def respondents(
    cands: list[Cand], sentence: str, span: tuple[int, int], lo: int, hi: int
) -> Cand | None:
    """The country whose people gave this share: its label, its 'in X', else the nearest asked."""
    for i, c in enumerate(cands):
        if (
            c.end <= span[0]
            and _LABEL_RE.fullmatch(sentence, c.end, span[0])
            and (asked(c, sentence) or _listed_after_asked(cands, i, sentence))
        ):
            return c
    for c in cands:
        if c.start >= span[1] and (
            _AFTER_RE.fullmatch(sentence, span[1], c.start)
            or (c.people and _AFTER_OF_RE.fullmatch(sentence, span[1], c.start))
        ):
            return c
    for c in cands:
        # '79% would do so in Montenegro': the place the share was asked in, a few words on.
        if span[1] <= c.start <= span[1] + 40 and _SOON_IN_RE.fullmatch(sentence, span[1], c.start):
            return c
    # 'In Serbia, 54% of citizens ...', 'while in North Macedonia that percentage is 47%'.
    opening = [
        c
        for c in cands
        if c.end <= span[0]
        and _OPENING_IN_RE.search(sentence, max(0, c.start - 30), c.start)
        and not re.search(r"[.;]", sentence[c.end : span[0]])
    ]
    if opening:
        return opening[-1]
    pool = [c for c in cands if asked(c, sentence)]
    for group in ([c for c in pool if lo <= c.start < hi], pool):
        if group:
            return min(group, key=lambda c: abs(c.start - span[0]))
    return None


def coordinated(cands: list[Cand], sentence: str, first: Cand) -> list[Cand]:
    """The parties joined to first by 'and' or commas: 'In North Macedonia and Bosnia, 68%'."""
    out = [first]
    for c in cands:
        if c.start > out[-1].end and re.fullmatch(
            r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)", sentence[out[-1].end : c.start]
        ):
            out.append(c)
        elif c.start > first.end:
            break
    return out


# '79% would do so in Montenegro': a place where people were asked ('trust in the EU' is an
# answer).
_PLACE_RE = re.compile(
    r"(?<!trust\s)(?<!confidence\s)(?<!faith\s)(?<!interest\s)(?<!believe\s)(?<!believes\s)"
    r"\b(?:in|In)\s+(?:the\s+)?$"
)


def answers(cands: list[Cand], sentence: str) -> list[Cand]:
    """The candidates that can be the named answer: not the people asked, not a label of theirs,
    not a place where people were asked."""
    return [
        c
        for i, c in enumerate(cands)
        if not asked(c, sentence)
        and not _PLACE_RE.search(sentence, max(0, c.start - 30), c.start)
        and not _listed_after_asked(cands, i, sentence)
    ]
