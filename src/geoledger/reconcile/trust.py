"""How well a fact is supported: independent sources, a person's acceptance, pledge or outcome.

Independence (independence.v1): two versions share one origin, and so count once, when they
come from the same source, from sources with the same author or the same URL, or when the
sentences they were read from are near-copies (at least 80 % of their words shared, as when
two articles quote one press release). The ledger cannot see a shared origin it was not told
about, so the count is an upper bound.

Fitness for aggregation (aggregation.v1), after AidData's recommended-for-aggregates flag: a
fact may be summed into totals, trade tables and the dashboard only if its versions agree (the
accepted ones, where any were accepted: an unreviewed candidate cannot veto), a person (or the
curated dataset) accepted at least one of them, it is an outcome rather than a
pledge, it names its period, and no arithmetic check involving it failed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from geoledger.reconcile.figures import Version

INDEPENDENCE_RULE = "independence.v1"
AGGREGATION_RULE = "aggregation.v1"
PLEDGE_METRICS = frozenset({"investment.pledge"})
_NEAR_COPY = 0.8
_MIN_WORDS = 8
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Support:
    """What backs a fact."""

    sources: int  # independent origins among live versions
    source_ids: tuple[str, ...]
    accepted: bool
    accepted_by: tuple[str, ...]
    pledge: bool
    fit_for_aggregation: bool
    unfit_because: tuple[str, ...] = ()


def _words(text: str | None) -> frozenset[str]:
    return frozenset(w.casefold() for w in _WORD.findall(text or ""))


def near_copies(a: str | None, b: str | None) -> bool:
    """True when two sentences share most of their words (one quotes the other or a release)."""
    wa, wb = _words(a), _words(b)
    if len(wa) < _MIN_WORDS or len(wb) < _MIN_WORDS:
        return False
    return len(wa & wb) / len(wa | wb) >= _NEAR_COPY


def origins(versions: Sequence[Version]) -> list[list[Version]]:
    """versions grouped by shared origin (see independence.v1), in first-seen order.

    Same source, author or URL join through a dictionary; near-copies are found by a
    prefix-filtered similarity join, so a fact with thousands of versions is not compared
    pair by pair (that was cubic in best_version).
    """
    parent = list(range(len(versions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    first: dict[tuple[str, str], int] = {}
    for i, version in enumerate(versions):
        author = (version.source_author or "").casefold()
        for key in (
            ("source", version.claim.source_id or ""),
            ("author", author if version.source_author else ""),
            ("url", version.source_url or ""),
        ):
            if key[0] != "source" and not key[1]:
                continue
            if key in first:
                join(i, first[key])
            else:
                first[key] = i
    for i, j in _near_copy_pairs([v.context for v in versions]):
        join(i, j)
    groups: dict[int, list[Version]] = {}
    for i, version in enumerate(versions):
        groups.setdefault(find(i), []).append(version)
    return list(groups.values())


def _near_copy_pairs(texts: Sequence[str | None]) -> list[tuple[int, int]]:
    """Pairs (i, j) of texts that are near_copies, enough to join every near-copy group.

    Texts with the same words are joined to their first; the rest are compared only with
    texts sharing one of their rarest words (a set sharing 80 % of the union with another
    shares one of its n - 0.8n + 1 rarest words with it).
    """
    sets = [_words(text) for text in texts]
    first: dict[frozenset[str], int] = {}
    pairs = []
    for i, words in enumerate(sets):
        if len(words) < _MIN_WORDS:
            continue
        if words in first:
            pairs.append((i, first[words]))
        else:
            first[words] = i
    distinct = list(first.items())
    if len(distinct) < 2:
        return pairs
    frequency: dict[str, int] = {}
    for words, _ in distinct:
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
    index: dict[str, list[int]] = {}
    for words, i in distinct:
        ranked = sorted(words, key=lambda w: (frequency[w], w))
        prefix = ranked[: len(ranked) - int(_NEAR_COPY * len(ranked)) + 1]
        candidates: set[int] = set()
        for word in prefix:
            candidates.update(index.get(word, ()))
            index.setdefault(word, []).append(i)
        for j in sorted(candidates):
            both = len(words & sets[j])
            if both / (len(words) + len(sets[j]) - both) >= _NEAR_COPY:
                pairs.append((i, j))
    return pairs


def independent_sources(versions: Sequence[Version]) -> int:
    """How many independent origins the live versions come from."""
    return len(origins([v for v in versions if v.live]))


def support_of(
    versions: Sequence[Version],
    *,
    consistent: bool,
    period: str | None,
    failed_checks: Sequence[str] = (),
) -> Support:
    """The support of a fact made of versions; see aggregation.v1 for fit_for_aggregation."""
    live = [v for v in versions if v.live]
    accepted = [v for v in live if v.claim.status == "accepted"]
    pledge = any(v.claim.metric in PLEDGE_METRICS for v in live)
    unfit = []
    if not live:
        unfit.append("every version was rejected")
    if not consistent:
        unfit.append("its versions disagree")
    if live and not accepted:
        unfit.append("no version accepted yet")
    if pledge:
        unfit.append("a pledge, not an outcome")
    if not period:
        unfit.append("no period given")
    unfit.extend(f"failed check {check}" for check in failed_checks)
    by = sorted({v.accepted_by or v.claim.made_by or "unknown" for v in accepted})
    return Support(
        sources=len(origins(live)),
        source_ids=tuple(sorted({v.claim.source_id or "" for v in live})),
        accepted=bool(accepted),
        accepted_by=tuple(by),
        pledge=pledge,
        fit_for_aggregation=not unfit,
        unfit_because=tuple(unfit),
    )
