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
    return frozenset(map(str.casefold, _WORD.findall(text or "")))


def near_copies(a: str | None, b: str | None) -> bool:
    """True when two sentences share most of their words (one quotes the other or a release)."""
    wa, wb = _words(a), _words(b)
    if len(wa) < _MIN_WORDS or len(wb) < _MIN_WORDS:
        return False
    return len(wa & wb) / len(wa | wb) >= _NEAR_COPY


class OriginGraph:
    """Which of some versions share an origin (see independence.v1), for any subset of them.

    Built once per fact: each sentence is tokenised once, identical word sets become one
    class, and every near-copy pair of classes is found once by a prefix-filtered join. The
    groups of a subset are the connected parts of this relation restricted to it, so asking
    for many subsets (best_version asks for each figure's backers) re-tokenises nothing.
    """

    def __init__(self, versions: Sequence[Version]) -> None:
        self.versions = list(versions)
        ids: dict[tuple[str, str], int] = {}
        self.keys: list[tuple[int, ...]] = []
        for version in self.versions:
            author = (version.source_author or "").casefold()
            keys = [("source", version.claim.source_id or "")]
            if version.source_author and author:
                keys.append(("author", author))
            if version.source_url:
                keys.append(("url", version.source_url))
            self.keys.append(tuple(ids.setdefault(key, len(ids)) for key in keys))
        # Identical sentences are tokenised once; sets too short to compare get no class.
        by_text: dict[str | None, int] = {}
        by_words: dict[frozenset[str], int] = {}
        self.word_class: list[int] = []
        for version in self.versions:
            if version.context not in by_text:
                words = _words(version.context)
                if len(words) < _MIN_WORDS:
                    by_text[version.context] = -1
                else:
                    by_text[version.context] = by_words.setdefault(words, len(by_words))
            self.word_class.append(by_text[version.context])
        self.class_pairs = _near_copy_pairs_of_sets(list(by_words))

    def groups(self, members: Sequence[int] | None = None) -> list[list[int]]:
        """Positions of members (default: every version) grouped by origin, first-seen order."""
        chosen = range(len(self.versions)) if members is None else members
        parent: dict[int, int] = {i: i for i in chosen}

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def join(i: int, j: int) -> None:
            parent[find(i)] = find(j)

        first: dict[int, int] = {}
        first_of_class: dict[int, int] = {}
        for i in chosen:
            for key in self.keys[i]:
                if key in first:
                    join(i, first[key])
                else:
                    first[key] = i
            cls = self.word_class[i]
            if cls >= 0:
                if cls in first_of_class:
                    join(i, first_of_class[cls])
                else:
                    first_of_class[cls] = i
        for a, b in self.class_pairs:
            if a in first_of_class and b in first_of_class:
                join(first_of_class[a], first_of_class[b])
        grouped: dict[int, list[int]] = {}
        for i in chosen:
            grouped.setdefault(find(i), []).append(i)
        return list(grouped.values())

    def count(self, members: Sequence[int] | None = None) -> int:
        """How many independent origins members (default: every version) come from."""
        return len(self.groups(members))


def origins(versions: Sequence[Version]) -> list[list[Version]]:
    """versions grouped by shared origin (see independence.v1), in first-seen order.

    Same source, author or URL join through a dictionary; near-copies are found by a
    prefix-filtered similarity join, so a fact with thousands of versions is not compared
    pair by pair (that was cubic in best_version).
    """
    graph = OriginGraph(versions)
    return [[graph.versions[i] for i in group] for group in graph.groups()]


def _near_copy_pairs(texts: Sequence[str | None]) -> list[tuple[int, int]]:
    """Pairs (i, j) of texts that are near_copies, enough to join every near-copy group.

    Texts with the same words are joined to their first; the rest are compared only with
    texts sharing one of their rarest words (see _near_copy_pairs_of_sets).
    """
    first: dict[frozenset[str], int] = {}
    pairs = []
    for i, text in enumerate(texts):
        words = _words(text)
        if len(words) < _MIN_WORDS:
            continue
        if words in first:
            pairs.append((i, first[words]))
        else:
            first[words] = i
    distinct = list(first.items())
    for a, b in _near_copy_pairs_of_sets([words for words, _ in distinct]):
        pairs.append((distinct[a][1], distinct[b][1]))
    return pairs


def _near_copy_pairs_of_sets(sets: Sequence[frozenset[str]]) -> list[tuple[int, int]]:
    """Every pair (i, j), j < i, of distinct word sets sharing at least 80 % of their union.

    Complete, not a sample: a set sharing 80 % of the union with another shares with it the
    rarest word they have in common, which lies within the n - floor(0.8n) + 1 rarest words
    of each (words ranked by how many sets hold them, then alphabetically).
    """
    if len(sets) < 2:
        return []
    frequency: dict[str, int] = {}
    for words in sets:
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
    # One rank per word, so each set is sorted by a dictionary look-up, not a Python key.
    rank = {w: r for r, w in enumerate(sorted(frequency, key=lambda w: (frequency[w], w)))}
    index: dict[str, list[int]] = {}
    pairs = []
    for i, words in enumerate(sets):
        ranked = sorted(words, key=rank.__getitem__)
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
    sources: int | None = None,
) -> Support:
    """The support of a fact made of versions; see aggregation.v1 for fit_for_aggregation.

    sources, when given, is the number of independent origins among the live versions,
    already counted (make_fact counts it on the graph best_version used).
    """
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
        sources=OriginGraph(live).count() if sources is None else sources,
        source_ids=tuple(sorted({v.claim.source_id or "" for v in live})),
        accepted=bool(accepted),
        accepted_by=tuple(by),
        pledge=pledge,
        fit_for_aggregation=not unfit,
        unfit_because=tuple(unfit),
    )
