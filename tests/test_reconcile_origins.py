"""reconcile: shared origins and best values, fast paths against the pairwise definition."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from geoledger.models import Claim
from geoledger.reconcile import (
    Version,
    agree,
    figure,
    group_facts,
    near_copies,
    origins,
    with_support,
)
from geoledger.reconcile.figures import scale_of

WORDS = [f"w{i}" for i in range(40)]


def pairwise_origins(versions: Sequence[Version]) -> list[list[str]]:
    """independence.v1 straight from its definition: every pair tried, joined transitively."""
    parent = list(range(len(versions)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, a in enumerate(versions):
        for j in range(i):
            b = versions[j]
            same = (
                (a.claim.source_id or "") == (b.claim.source_id or "")
                or bool(a.source_author and b.source_author)
                and a.source_author.casefold() == b.source_author.casefold()  # type: ignore[union-attr]
                or bool(a.source_url)
                and a.source_url == b.source_url
                or near_copies(a.context, b.context)
            )
            if same:
                parent[find(i)] = find(j)
    groups: dict[int, list[str]] = {}
    for i, v in enumerate(versions):
        groups.setdefault(find(i), []).append(v.id)
    return list(groups.values())


def sentence(rng: random.Random, base: list[str]) -> str:
    """base with a word or two swapped, dropped or added: near-copies and not."""
    words = list(base)
    for _ in range(rng.choice((0, 0, 1, 2, 4))):
        roll = rng.random()
        if roll < 0.4 and len(words) > 3:
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        elif roll < 0.7 and len(words) > 3:
            words.pop(rng.randrange(len(words)))
        else:
            words.insert(rng.randrange(len(words) + 1), rng.choice(WORDS).upper())
    return " ".join(words) + rng.choice((".", "", " 2024."))


def versions_of(rng: random.Random, n: int) -> list[Version]:
    bases = [rng.sample(WORDS, rng.randint(6, 14)) for _ in range(rng.randint(1, 4))]
    values = [rng.choice((1.2e9, 1.25e9, 1.3e9, 2e9, 5e8)) for _ in range(rng.randint(1, 5))]
    found = []
    for i in range(n):
        value = rng.choice(values)
        claim = Claim(
            value=value,
            unit="USD",
            id=f"c{i:03d}",
            source_id=f"s{rng.randrange(n)}",
            metric="trade.exports",
            subject="Serbia",
            partner="China",
            period="2024",
            qualifier=rng.choice(("exact", "exact", "approx", "at_least")),
            status=rng.choice(("candidate", "candidate", "accepted", "rejected")),
        )
        found.append(
            Version(
                claim,
                usd=value,
                source_author=rng.choice((None, None, "Ana", "ana", "Marko")),
                source_url=rng.choice((None, None, None, f"http://x/{rng.randrange(5)}")),
                context=rng.choice((None, sentence(rng, rng.choice(bases)))),
            )
        )
    return found


@pytest.mark.parametrize("seed", range(60))
def test_origins_are_the_groups_the_pairwise_definition_gives(seed: int) -> None:
    rng = random.Random(seed)
    versions = versions_of(rng, rng.randint(1, 60))
    assert [[v.id for v in g] for g in origins(versions)] == pairwise_origins(versions)


@pytest.mark.parametrize("seed", range(60))
def test_best_value_and_sources_follow_the_pairwise_definition(seed: int) -> None:
    rng = random.Random(1000 + seed)
    versions = versions_of(rng, rng.randint(1, 40))
    facts = group_facts(versions, {})
    live = [v for v in versions if v.live]
    if not live:
        assert facts == []
        return
    (fact,) = facts
    scale = scale_of(live)
    assert scale == "USD"
    figures = {v.id: figure(v, scale) for v in live}

    def rank(v: Version) -> tuple[int, int, float, str]:
        mine = figures[v.id]
        backers = [w for w in live if agree([mine, figures[w.id]])]
        open_ended = v.claim.qualifier in ("at_least", "at_most")
        return (-len(pairwise_origins(backers)), int(open_ended), mine.relative, v.id)

    pool = [v for v in live if v.claim.status == "accepted"] or live
    assert fact.best is not None
    assert fact.best.id == min(pool, key=rank).id
    support = with_support(fact).support
    assert support is not None
    assert support.sources == len(pairwise_origins(live))
