"""reconcile: grouping claims into facts, verdicts, tolerance, checks, trust, event disputes."""

from __future__ import annotations

import pytest

from geoledger.models import Claim, Event, EventActor
from geoledger.reconcile import (
    CONFLICT,
    CONSISTENT,
    RELATED,
    EventVersion,
    Version,
    event_conflicts,
    group_facts,
    link_claims,
    make_fact,
    origins,
    relate_facts,
    rounding_tolerance,
    run_checks,
    significant_half_unit,
    with_support,
)
from geoledger.reconcile.checks import BOUND_RULE, CHANGE_RULE, SHARE_RULE, SUM_RULE
from geoledger.reconcile.facts import key_of

NAMES = {
    "serbia": "Serbia",
    "china": "China",
    "zijin mining": "Zijin Mining Group",
    "zijing mining": "Zijin Mining Group",
    "rtb bor": "RTB Bor",
}


def version(
    claim_id: str,
    value: float,
    unit: str = "USD",
    *,
    source: str = "s1",
    usd: float | None = None,
    status: str = "accepted",
    **fields: object,
) -> Version:
    """A version of a Serbia–China claim; USD amounts are their own USD value."""
    base: dict[str, object] = {
        "metric": "trade.exports",
        "subject": "Serbia",
        "partner": "China",
        "period": "2024",
    }
    base.update(fields)
    claim = Claim(value=value, unit=unit, id=claim_id, source_id=source, status=status, **base)  # type: ignore[arg-type]
    if usd is None and unit == "USD":
        usd = value
    usd_max = claim.value_max if unit == "USD" else None
    return Version(claim, usd=usd, usd_max=usd_max)


def fact_of(*versions: Version):  # type: ignore[no-untyped-def]
    facts = group_facts(list(versions), NAMES)
    assert len(facts) == 1, [f.key for f in facts]
    return facts[0]


# --- grouping -------------------------------------------------------------------------------


def test_claims_naming_one_actor_by_different_aliases_group_into_one_fact() -> None:
    a = version("a", 1.26e9, metric="investment.deal", entity="Zijing Mining", object="RTB Bor")
    b = version(
        "b", 1.26e9, source="s2", metric="investment.deal", entity="Zijin Mining", object="rtb bor"
    )
    fact = fact_of(a, b)
    assert fact.key.entity == "Zijin Mining Group"
    assert fact.key.object == "RTB Bor"
    assert [v.id for v in fact.versions] == ["a", "b"]
    assert (fact.verdict, fact.reason) == (CONSISTENT, "2 versions state the same figure")


def test_another_period_measure_or_metric_is_another_fact() -> None:
    facts = group_facts(
        [
            version("a", 1.9e9),
            version("b", 1.2e9, period="2023"),
            version("c", 1.2e9, measure="change"),
            version("d", 5.5e9, metric="trade.imports"),
        ],
        NAMES,
    )
    assert sorted(tuple(f.key)[0:6:5] + (f.key.measure,) for f in facts) == [
        ("trade.exports", "2023", "level"),
        ("trade.exports", "2024", "change"),
        ("trade.exports", "2024", "level"),
        ("trade.imports", "2024", "level"),
    ]


def test_a_lone_version_is_consistent_and_its_own_best_value() -> None:
    fact = fact_of(version("a", 1.9e9))
    assert (fact.verdict, fact.reason, fact.best and fact.best.id) == (
        CONSISTENT,
        "one version",
        "a",
    )


# --- tolerance ------------------------------------------------------------------------------


def test_significant_half_unit_follows_the_printed_digits() -> None:
    assert significant_half_unit(6e9) == pytest.approx(5e8)
    assert significant_half_unit(1.26e9) == pytest.approx(5e6)
    assert significant_half_unit(268572) == pytest.approx(0.5)
    assert rounding_tolerance(1e9) == 0.10  # capped: "1 billion" is not ±50 %
    assert rounding_tolerance(268572) == 0.005  # floored at the scorer's 0.5 %


def test_a_rounded_figure_agrees_with_a_more_precise_one_within_its_rounding() -> None:
    fact = fact_of(version("a", 6e9), version("b", 6.1e9))
    assert fact.verdict == CONSISTENT
    assert fact.reason == (
        "2 versions agree within tolerance: 6bn USD to 6.1bn USD, 1.6% apart "
        "(a rounding ±8.3%; b rounding ±0.8%)"
    )
    assert fact.best is not None and fact.best.id == "b"  # the more precise figure


def test_precise_figures_that_differ_are_a_conflict_naming_both() -> None:
    fact = fact_of(version("a", 1.9e9), version("b", 2.4e9, source="s2"))
    assert fact.verdict == CONFLICT
    assert fact.reason == (
        "versions disagree beyond tolerance: a and b, 1.9bn USD vs 2.4bn USD, 20.8% apart "
        "(a rounding ±2.6%; b rounding ±2.1%)"
    )


def test_approx_widens_the_tolerance() -> None:
    assert fact_of(version("a", 1.23e9), version("b", 1.30e9)).verdict == CONFLICT
    widened = fact_of(version("a", 1.23e9, qualifier="approx"), version("b", 1.30e9))
    assert widened.verdict == CONSISTENT


def test_currency_conversion_widens_the_tolerance() -> None:
    in_usd = fact_of(version("a", 1.18e9, qualifier="approx"), version("b", 1.33e9))
    assert in_usd.verdict == CONFLICT
    converted = fact_of(
        version("a", 1e9, "EUR", usd=1.18e9, qualifier="approx"), version("b", 1.33e9)
    )
    assert converted.verdict == CONSISTENT
    assert "once converted to USD" in converted.reason
    assert "converted from EUR ±5%" in converted.reason


def test_at_least_is_open_upwards_and_at_most_downwards() -> None:
    share = {"metric": "trade.product_share_exports", "object": "copper"}
    over = version("a", 80, "percent", qualifier="at_least", **share)
    assert fact_of(over, version("b", 93, "percent", **share)).verdict == CONSISTENT
    assert fact_of(over, version("b", 62, "percent", **share)).verdict == CONFLICT
    under = version("a", 80, "percent", qualifier="at_most", **share)
    assert fact_of(under, version("b", 70, "percent", **share)).verdict == CONSISTENT


def test_a_range_agrees_with_a_figure_inside_it() -> None:
    ranged = version("a", 9e9, value_max=1e10)
    assert fact_of(ranged, version("b", 9.5e9)).verdict == CONSISTENT
    assert fact_of(ranged, version("b", 1.2e10)).verdict == CONFLICT


def test_units_that_cannot_be_compared_are_related_not_comparable() -> None:
    fact = fact_of(version("a", 1.9e9), version("b", 6, "percent"))
    assert fact.verdict == RELATED
    assert fact.reason == "versions are in units that cannot be compared (USD, percent)"


def test_rejected_versions_are_kept_but_never_count() -> None:
    fact = fact_of(version("a", 1.9e9), version("b", 2.4e9, status="rejected"))
    assert fact.verdict == CONSISTENT
    assert [v.id for v in fact.versions] == ["a", "b"]
    assert [v.id for v in fact.live] == ["a"]
    only_rejected = group_facts([version("b", 2.4e9, status="rejected")], NAMES)
    assert only_rejected == []


# --- best value and trust -------------------------------------------------------------------


def test_best_value_prefers_accepted_then_independent_agreement_then_precision() -> None:
    accepted = version("z", 1.9e9, source="s1")
    agreeing = [version(f"c{i}", 2.4e9, source=f"s{i + 2}", status="candidate") for i in range(3)]
    assert fact_of(accepted, *agreeing).best.id == "z"  # type: ignore[union-attr]
    # Without an accepted version, the figure three sources agree on wins over a lone one.
    lone = version("a", 1.9e9, source="s1", status="candidate")
    assert fact_of(lone, *agreeing).best.id == "c0"  # type: ignore[union-attr]
    # Two candidates that agree with each other: the more precise one.
    rough = version("r", 2e9, source="s1", status="candidate")
    fine = version("f", 2.04e9, source="s2", status="candidate")
    assert fact_of(rough, fine).best.id == "f"  # type: ignore[union-attr]


def test_same_author_url_or_copied_sentence_count_as_one_origin() -> None:
    sentence = "Serbian exports to China rose to 1.9 billion dollars last year, officials said"
    a = Version(Claim(value=1.9e9, unit="USD", id="a", source_id="s1"), context=sentence)
    b = Version(Claim(value=1.9e9, unit="USD", id="b", source_id="s2"), context=sentence + ".")
    c = Version(
        Claim(value=1.9e9, unit="USD", id="c", source_id="s3"),
        source_author="Jane Roe",
        context="A different sentence written by someone else about the same exports total",
    )
    d = Version(Claim(value=1.9e9, unit="USD", id="d", source_id="s4"), source_author="jane roe")
    e = Version(Claim(value=1.9e9, unit="USD", id="e", source_id="s5"), source_url="http://x/1")
    f = Version(Claim(value=1.9e9, unit="USD", id="f", source_id="s6"), source_url="http://x/1")
    groups = [[v.id for v in g] for g in origins([a, b, c, d, e, f])]
    assert groups == [["a", "b"], ["c", "d"], ["e", "f"]]


def test_support_says_why_a_fact_is_not_fit_for_aggregation() -> None:
    fit = with_support(fact_of(version("a", 1.9e9), version("b", 1.9e9, source="s2")))
    assert fit.support is not None
    assert (fit.support.sources, fit.support.accepted, fit.support.fit_for_aggregation) == (
        2,
        True,
        True,
    )
    pledge = with_support(
        fact_of(version("p", 3e8, "EUR", usd=3.3e8, metric="investment.pledge", period=None))
    )
    assert pledge.support is not None
    assert pledge.support.unfit_because == ("a pledge, not an outcome", "no period given")
    candidate = with_support(fact_of(version("c", 1.9e9, status="candidate")), ["sum.v1"])
    assert candidate.support is not None
    assert candidate.support.unfit_because == ("no version accepted yet", "failed check sum.v1")
    disputed = with_support(fact_of(version("a", 1.9e9), version("b", 2.4e9, source="s2")))
    assert disputed.support is not None
    assert disputed.support.unfit_because == ("its versions disagree",)


# --- related, not comparable ----------------------------------------------------------------


def test_aggregates_over_overlapping_periods_and_loans_plus_investment_are_related() -> None:
    facts = group_facts(
        [
            version("i1", 1.8e10, "EUR", usd=2.0e10, metric="investment.total", period="2013/2024"),
            version("i2", 1.89e8, "EUR", usd=2.1e8, metric="investment.total", period="2010/2015"),
            version("f1", 7e9, metric="finance.total", period="2019"),
            version("x1", 1.2e9, period="2023"),
            version("x2", 1.9e9, period="2024"),
        ],
        NAMES,
    )
    relations = relate_facts(facts)
    assert len(relations) == 1  # exports in 2023 and 2024 are a series, not related figures
    assert sorted(v.id for f in relations[0].facts for v in f.versions) == ["f1", "i1", "i2"]
    assert relations[0].reason == (
        "3 figures look alike but are not the same fact: they cover different periods "
        "(2019, 2010/2015, 2013/2024); they count different things (finance.total counts "
        "loans and investment together; investment.total counts investment only)"
    )


def test_a_figure_without_a_period_is_related_to_a_dated_one_not_compared() -> None:
    share = {"metric": "trade.partner_share_exports", "partner": "European Union"}
    facts = group_facts(
        [
            version("a", 70, "percent", period=None, qualifier="approx", **share),
            version("b", 65.9, "percent", period="2021", source="s2", **share),
        ],
        NAMES,
    )
    assert [f.verdict for f in facts] == [CONSISTENT, CONSISTENT]
    (relation,) = relate_facts(facts)
    assert relation.reason.endswith("they cover different periods (none given, 2021)")


# --- arithmetic checks ----------------------------------------------------------------------


def _checks(*versions: Version, rule: str | None = None):  # type: ignore[no-untyped-def]
    facts = group_facts(list(versions), NAMES)
    return [c for c in run_checks(facts) if rule is None or c.rule == rule]


def test_exports_plus_imports_against_the_stated_total() -> None:
    parts = [version("e", 1.9e9), version("i", 5.5e9, metric="trade.imports")]
    (ok,) = _checks(*parts, version("t", 7.4e9, metric="trade.total"))
    assert (ok.rule, ok.verdict, ok.computed) == (SUM_RULE, CONSISTENT, pytest.approx(7.4e9))
    (bad,) = _checks(*parts, version("t", 7.6e9, metric="trade.total"))
    assert bad.verdict == CONFLICT
    assert bad.reason == (
        "exports + imports = 1.9bn USD + 5.5bn USD = 7.4bn USD, but t states 7.6bn USD: off by "
        "200m USD, more than the 50m USD the printed precision allows (exports e, imports i)"
    )


def test_exports_minus_imports_against_a_stated_deficit() -> None:
    parts = [version("e", 1.9e9), version("i", 5.5e9, metric="trade.imports")]
    (ok,) = _checks(*parts, version("b", 3.6e9, metric="trade.balance"))
    assert ok.verdict == CONSISTENT
    (signed,) = _checks(*parts, version("b", -3.6e9, metric="trade.balance"))
    assert signed.verdict == CONSISTENT
    (bad,) = _checks(*parts, version("b", 4.6e9, metric="trade.balance"))
    assert bad.verdict == CONFLICT


def test_a_stated_change_against_the_difference_of_the_stated_levels() -> None:
    levels = [
        version("t23", 6.1e9, metric="trade.total", period="2023"),
        version("t24", 7.4e9, metric="trade.total", period="2024"),
    ]
    rise = {"metric": "trade.total", "measure": "change", "period": "2023/2024"}
    (bad,) = _checks(*levels, version("g", 1.2e9, **rise))
    assert (bad.rule, bad.verdict) == (CHANGE_RULE, CONFLICT)
    assert bad.computed == pytest.approx(1.3e9)
    assert bad.formula == "2024 level − 2023 level = 7.4bn USD − 6.1bn USD"
    assert [role for role, _ in bad.parts] == ["level 2023", "level 2024"]
    (ok,) = _checks(*levels, version("g", 1.3e9, **rise))
    assert ok.verdict == CONSISTENT
    # A change stated for one year is measured from the year before.
    (single,) = _checks(*levels, version("g", 1.3e9, metric="trade.total", measure="change"))
    assert single.verdict == CONSISTENT


def test_a_share_against_its_part_and_whole() -> None:
    copper = {"object": "copper"}
    whole = version("w", 1.9e9)
    part = version("p", 1.76e9, qualifier="approx", **copper)
    share = {"metric": "trade.product_share_exports", **copper}
    (ok,) = _checks(whole, part, version("s", 93, "percent", **share), rule=SHARE_RULE)
    assert (ok.rule, ok.verdict, round(ok.computed, 1)) == (SHARE_RULE, CONSISTENT, 92.6)
    (bad,) = _checks(whole, part, version("s", 50, "percent", **share), rule=SHARE_RULE)
    assert bad.verdict == CONFLICT


def test_a_stake_or_share_above_100_percent_is_a_conflict() -> None:
    stake = {"metric": "investment.stake", "entity": "Zijin Mining", "object": "RTB Bor"}
    (bad,) = _checks(version("k", 163, "percent", **stake))
    assert (bad.rule, bad.verdict) == (BOUND_RULE, CONFLICT)
    assert bad.reason == "k states 163 percent; a investment.stake lies between 0 and 100 percent"
    (ok,) = _checks(version("k", 63, "percent", **stake))
    assert ok.verdict == CONSISTENT
    (fraction,) = _checks(version("f", 1.5, "fraction", metric="opinion.share"))
    assert fraction.verdict == CONFLICT


# --- event disagreements --------------------------------------------------------------------


def _event(event_id: str, amount: float | None, currency: str | None, source: str, other: str):
    return Event(
        id=event_id,
        date="2018",
        date_precision="year",
        kind="acquisition",
        domain="economy",
        amount=amount,
        currency=currency,
        sources=(source,),
        conflict_with=(other,),
    )


def test_events_marked_conflicting_are_judged_on_their_linked_claims() -> None:
    deal = {"metric": "investment.deal", "entity": "Zijin Mining", "object": "RTB Bor"}
    eur = version("c1", 1e9, "EUR", source="s1", usd=1.18e9, qualifier="approx", **deal)
    other = version("c9", 1e9, "EUR", source="s1", usd=1.18e9, metric="investment.deal")
    usd = version("c2", 1.26e9, source="s2", **deal)
    stake = version("c3", 63, "percent", source="s1", **{**deal, "metric": "investment.stake"})
    facts = [with_support(f) for f in group_facts([eur, other, usd, stake], NAMES)]
    first = _event("ev1", 1e9, "EUR", "s1", "ev2")
    second = _event("ev2", 1.26e9, "USD", "s2", "ev1")
    # Among claims of one amount in one source, those naming the event's actors win.
    first = Event(**{**_asdict(first), "actors": (EventActor("zijin_mining"),)})
    linked = link_claims(
        first, [eur, other, usd], names=NAMES, actor_names={"zijin_mining": "Zijin Mining Group"}
    )
    assert [v.id for v in linked] == ["c1"]
    versions = [
        EventVersion(first, usd=1.18e9, claims=linked),
        EventVersion(second, usd=1.26e9, claims=(usd,)),
    ]
    (dispute,) = event_conflicts(versions, facts=facts, relations=[], names=NAMES)
    assert dispute.verdict == CONSISTENT
    assert dispute.reason.startswith("curated as a disagreement: ev1 (s1) vs ev2 (s2); amounts: ")
    assert "agree within tolerance once converted to USD" in dispute.reason
    assert dispute.reason.endswith("also on record: investment.stake 63 percent (c3, s1)")


def test_events_without_amounts_stay_a_conflict_for_a_person() -> None:
    a = _event("ev1", None, None, "s1", "ev2")
    b = Event(**{**_asdict(_event("ev2", None, None, "s2", "ev1")), "date": "2019"})
    (dispute,) = event_conflicts(
        [EventVersion(a), EventVersion(b)], facts=[], relations=[], names=NAMES
    )
    assert dispute.verdict == CONFLICT
    assert dispute.reason == (
        "curated as a disagreement: ev1 (s1) vs ev2 (s2); dates differ (2018, 2019); "
        "no two amounts to compare; read the versions"
    )


def _asdict(event: Event) -> dict[str, object]:
    return {name: getattr(event, name) for name in Event.__slots__}  # type: ignore[attr-defined]


def test_key_of_resolves_aliases_and_keeps_unknown_names() -> None:
    claim = Claim(value=1, unit="count", subject="serbia", partner="Atlantis", entity=" ")
    key = key_of(claim, NAMES)
    assert (key.subject, key.partner, key.entity) == ("Serbia", "Atlantis", None)
    assert make_fact(key, [Version(claim)]).verdict == CONSISTENT
