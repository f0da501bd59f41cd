"""Figures read as a series: an amount told again, a table's rows under its heading, a
figure in brackets after another, coordinated figures sharing a verb."""

from __future__ import annotations

import dataclasses
import re

from geoledger.extract.metrics import heading_metric
from geoledger.extract.quantities import Quantity
from geoledger.models import Claim

_NOT_MONEY = frozenset({"percent", "count", "times", "fraction", "km", "ha"})
# '(an increase of ', '(a ': a bracket opened right after a figure.
_BRACKET_AFTER_RE = re.compile(r"\s*\(\s*(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:of\s+)?")
_DIGIT_RE = re.compile(r"\d")
_HEADING_MAX = 90
_PERIOD_WORD_RE = re.compile(r"\b(?:19|20)\d\d\b|\b(?:year|month|quarter|half)\b", re.I)


def unify_restated(claims: list[Claim], why: list[dict[str, str]] | None) -> None:
    """One amount told again in a document is one thing: a figure left 'other' or called an
    investment takes the meaning the text gives it where it names it ('the €100mn loan').
    Rewrites claims (and their explanations) in place."""
    groups: dict[tuple[str, float, float | None], list[int]] = {}
    for i, c in enumerate(claims):
        if c.unit not in _NOT_MONEY and c.measure == "level":
            groups.setdefault((c.unit, c.value, c.value_max), []).append(i)
    for members in groups.values():
        named = {claims[i].metric for i in members} - {"other"}
        if "loan" in named:
            target, weak = "loan", {"other", "investment.total", "investment.pledge"}
        elif len(named) == 1:
            target, weak = next(iter(named)), {"other"}
        else:
            continue
        for i in members:
            if claims[i].metric in weak and claims[i].metric != target:
                claims[i] = dataclasses.replace(claims[i], metric=target)
                if why is not None:
                    why[i]["metric"] = f"the same amount is called {target} elsewhere"


def table_headings(text: str) -> list[tuple[int, str]]:
    """Lines of text that head a table (no figure, a money cue word), with their metric."""
    out = []
    pos = 0
    for line in text.split("\n"):
        # A heading is a short line with no figure; prose lines are long, so this stays cheap.
        if line.strip() and len(line) <= _HEADING_MAX and not _DIGIT_RE.search(line):
            metric = heading_metric(line)
            if metric is not None:
                out.append((pos, metric))
        pos += len(line) + 1
    return out


def last_table_heading(text: str) -> str | None:
    """The metric of the last line of text that heads a table (table_headings(text)[-1]), read
    from the end so the lines before it are not scanned."""
    for line in reversed(text.split("\n")):
        if line.strip() and len(line) <= _HEADING_MAX and not _DIGIT_RE.search(line):
            metric = heading_metric(line)
            if metric is not None:
                return metric
    return None


def last_alike(done: list[tuple[Quantity, str]], q: Quantity) -> tuple[Quantity, str] | None:
    """The last figure of the sentence in q's unit and measure: '10% come from Turkey (a 14%
    increase) and 9% from China' joins 9% to 10%, not to the change between them."""
    return next(
        (d for d in reversed(done) if d[0].unit == q.unit and d[0].measure == q.measure), None
    )


def follows_in_brackets(between: str) -> bool:
    """True when the text between two figures opens a bracket: 'at 10% (an increase of 3%'."""
    return bool(_BRACKET_AFTER_RE.fullmatch(between))


def names_time(text: str) -> bool:
    """True when text names a year or a part of one."""
    return bool(_PERIOD_WORD_RE.search(text))
