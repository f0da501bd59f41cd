"""relate_facts finds the groups that trying every pair with `related` finds, without the pairs."""

from __future__ import annotations

import random
from itertools import combinations

from geoledger.reconcile import relate_facts
from geoledger.reconcile.facts import AGGREGATE_METRICS, Fact, related
from geoledger.reconcile.figures import FactKey

PAIRS = [("Serbia", "China"), ("Serbia", "Russia"), ("Hungary", "China")]
METRICS = ["trade.exports", "loan", *sorted(AGGREGATE_METRICS)]
PERIODS = [None, "2019", "2020", "2019-Q2", "2020-05", "2018/2021", "not a period"]


def _fact(key: FactKey) -> Fact:
    return Fact(key, (), "consistent", "", None, None, None)


def _pairwise(facts: list[Fact]) -> list[tuple[FactKey, ...]]:
    """The groups the definition gives: every pair tried, joined when related."""
    parent = list(range(len(facts)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in combinations(range(len(facts)), 2):
        if related(facts[i], facts[j]):
            parent[find(i)] = find(j)
    groups: dict[int, list[FactKey]] = {}
    for i, fact in enumerate(facts):
        groups.setdefault(find(i), []).append(fact.key)
    return [tuple(g) for g in groups.values() if len(g) > 1]


def test_groups_are_those_every_pair_gives_on_random_ledgers() -> None:
    rng = random.Random(7)
    found = 0
    for _ in range(40):
        keys = {
            FactKey(
                metric=rng.choice(METRICS),
                subject=pair[0],
                partner=pair[1],
                entity=rng.choice([None, "HBIS", "Zijin"]),
                object=rng.choice([None, "copper"]),
                period=rng.choice(PERIODS),
                measure=rng.choice(["level", "level", "change"]),
            )
            for pair in (rng.choice(PAIRS) for _ in range(rng.randint(2, 60)))
        }
        facts = [_fact(k) for k in sorted(keys, key=repr)]
        got = [tuple(f.key for f in r.facts) for r in relate_facts(facts)]
        assert got == _pairwise(facts)
        found += len(got)
    assert found > 40  # the ledgers hold groups of both kinds to find


def test_dated_aggregates_join_exactly_where_their_periods_overlap() -> None:
    # No undated figure to join them all: the groups are the runs of overlapping periods.
    dated = [
        "2015",
        "2016",
        "2017",
        "2018",
        "2019",
        "2020",
        "2019-Q2",
        "2016-03",
        "2015/2017",
        "2021/2022",
        "2013",
        "2013-12-31",  # starts on the day another period ends: they overlap
        "2014-H1",
        "not a period",
        "no period either",
    ]
    rng = random.Random(11)
    sizes = []
    for _ in range(60):
        keys = {
            FactKey(
                metric=rng.choice(sorted(AGGREGATE_METRICS)),
                subject="Serbia",
                partner="China",
                entity=rng.choice([None, "HBIS", "Zijin", "Linglong"]),
                object=None,
                period=rng.choice(dated),
                measure="level",
            )
            for _ in range(rng.randint(2, 40))
        }
        facts = [_fact(k) for k in sorted(keys, key=repr)]
        got = [tuple(f.key for f in r.facts) for r in relate_facts(facts)]
        assert got == _pairwise(facts)
        sizes += [len(group) for group in got]
    assert len(set(sizes)) > 3  # groups of many sizes, not one group of everything
