"""The engagement index on small ledgers with hand-computed answers, and on the bundled one."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from geoledger.analysis.currency import to_usd
from geoledger.analysis.index import (
    INDEX_DOMAINS,
    IndexDefinition,
    IndexResult,
    compute_index,
    default_definition,
    load_definition,
    parse_definition,
    with_weights,
)
from geoledger.errors import InvalidInput
from geoledger.models import Actor, Claim, Event, EventActor

SERBIA = Actor("serbia", "Serbia", "country", aliases=("Serbian",))
ALPHA = Actor("alpha", "Alphaland", "country", aliases=("Alpha",))
BETA = Actor("beta", "Betaland", "country")
GAMMA = Actor("gamma", "Gammaland", "country")
ALPHA_BANK = Actor("alpha_bank", "Alpha Bank", "bank", country="Alphaland")
DELTA = Actor("delta", "Deltaland", "country")
ACTORS = [SERBIA, ALPHA, BETA, GAMMA, ALPHA_BANK, DELTA]

SMALL = """
version = "test_index.v1"
[domains]
economy = 2
politics = 1
security = 1
technology = 1
soft_power = 1

[sensitivity]
runs = 0

[[indicator]]
id = "share.v1"
domain = "economy"
formula = "latest_value"
metrics = ["trade.partner_share_exports"]
unit = "percent"
weight = 1
window_years = 3

[[indicator]]
id = "loans.v1"
domain = "economy"
formula = "sum_usd"
metrics = ["loan"]
unit = "USD"
weight = 3

[[indicator]]
id = "visits.v1"
domain = "politics"
formula = "count_events"
kinds = ["visit"]
bilateral = true
distinct = "month"
unit = "count"
weight = 1

[[indicator]]
id = "arms.v1"
domain = "security"
formula = "count_events"
domains = ["security"]
partner_roles = ["supplier"]
unit = "count"
weight = 1
"""


def usd(claim: Claim) -> float | None:
    """The claim in USD at the real rate of its period."""
    conversion = to_usd(claim.value, claim.unit, claim.period)
    return None if conversion is None else conversion.amount_usd


def claim(
    id: str, metric: str, partner: str, value: float, unit: str, period: str | None, **extra: object
) -> Claim:
    """A Serbia claim about partner, as the ledger would hold it."""
    return Claim(
        value=value,
        unit=unit,
        metric=metric,
        period=period,
        subject="Serbia",
        partner=partner,
        id=id,
        source_id=f"doc_{id}.txt",
        status="accepted",
        **extra,
    )


def event(id: str, date: str | None, kind: str, domain: str, *actors: str) -> Event:
    """An event; actors as 'id' or 'id:role'."""
    pairs = tuple(EventActor(*(a.split(":") if ":" in a else (a, "participant"))) for a in actors)
    return Event(id=id, date=date, date_precision=None, kind=kind, domain=domain, actors=pairs)


CLAIMS = [
    claim("a_share_20", "trade.partner_share_exports", "Alpha", 40, "percent", "2020"),
    claim("a_share_22", "trade.partner_share_exports", "Alphaland", 50, "percent", "2022"),
    claim("b_share_22", "trade.partner_share_exports", "Betaland", 25, "percent", "2022"),
    claim("a_loan_1", "loan", "Alphaland", 100, "USD", "2021", object="bridge"),
    # The same loan reported by a second source counts once.
    claim("a_loan_1b", "loan", "alpha", 100, "USD", "2021", object="Bridge"),
    claim("a_loan_2", "loan", "Alphaland", 200, "USD", "2022", object="road"),
    claim("b_loan", "loan", "Betaland", 600, "USD", "2022", object="plant"),
    # Not about Serbia, and rejected: neither may count.
    replace(claim("wb_loan", "loan", "Betaland", 9e9, "USD", "2022"), subject="Western Balkans"),
    replace(claim("rej_loan", "loan", "Alphaland", 9e9, "USD", "2022"), status="rejected"),
]
EVENTS = [
    event("v1", "2022-03-02", "visit", "politics", "alpha:visitor", "serbia:host"),
    event("v2", "2022-03-04", "visit", "politics", "alpha:visitor", "serbia:host"),
    event("v3", "2022-06", "visit", "politics", "serbia:visitor", "alpha:host"),
    event("v4", "2023", "visit", "politics", "alpha_bank:visitor", "serbia:host"),
    event("v5", "2022", "visit", "politics", "beta:visitor", "serbia:host"),
    # A tour of two countries is not bilateral; a reporter does not take part.
    event("v6", "2022", "visit", "politics", "beta:visitor", "serbia:host", "delta:host"),
    event("v7", "2022", "visit", "politics", "serbia:visitor", "delta:host", "gamma:reporter"),
]


def run(definition: IndexDefinition | None = None, **options: object) -> IndexResult:
    """The index of Alpha, Beta and Gamma in Serbia on the small ledger."""
    return compute_index(
        subject=SERBIA,
        partners=[ALPHA, BETA, GAMMA],
        actors=ACTORS,
        claims=options.pop("claims", CLAIMS),  # type: ignore[arg-type]
        events=options.pop("events", EVENTS),  # type: ignore[arg-type]
        definition=definition or parse_definition(SMALL),
        to_usd=usd,
        **options,  # type: ignore[arg-type]
    )


def table(result: IndexResult) -> dict[str, dict[str, object]]:
    """partner -> indicator id -> (value, normalized, evidence), and the scores."""
    out: dict[str, dict[str, object]] = {}
    for p in result.partners:
        row: dict[str, object] = {"score": p.score, "rank": p.rank, "coverage": p.coverage}
        for d in p.domains:
            row[d.domain] = (d.score, d.coverage)
            for i in d.indicators:
                row[i.id] = (i.value, i.normalized, i.evidence)
        out[p.partner] = row
    return out


def test_scores_match_the_hand_computed_index() -> None:
    got = table(run())
    # Alpha: latest share 50 (leader, 100); loans 100 + 200 = 300 of Beta's 600 (50);
    # economy (1 x 100 + 3 x 50) / 4 = 62.5. Visits: three in two months + one by its bank
    # = 3 months (leader, 100). Overall (2 x 62.5 + 1 x 100) / 3 = 75.
    assert got["Alphaland"] == {
        "score": 75.0,
        "rank": 1,
        "coverage": 0.5,  # economy and politics known: (2 + 1) / 6 of the domain weight
        "economy": (62.5, 1.0),
        "politics": (100.0, 1.0),
        "security": (None, 0.0),
        "technology": (None, 0.0),
        "soft_power": (None, 0.0),
        "share.v1": (50.0, 100.0, ("a_share_22",)),
        "loans.v1": (300.0, 50.0, ("a_loan_1", "a_loan_1b", "a_loan_2")),
        "visits.v1": (3.0, 100.0, ("v1", "v2", "v3", "v4")),
        "arms.v1": (None, None, ()),
    }
    # Beta: share 25 of 50 (50), loans 600 (100): economy (50 + 300) / 4 = 87.5; one bilateral
    # visit of Alpha's three (33.3); overall (2 x 87.5 + 33.33) / 3 = 69.44.
    beta = got["Betaland"]
    assert beta["economy"] == (87.5, 1.0)
    assert beta["visits.v1"] == (1.0, pytest.approx(100 / 3), ("v5",))
    assert beta["score"] == pytest.approx((2 * 87.5 + 100 / 3) / 3)
    assert beta["rank"] == 2


def test_no_evidence_is_missing_never_zero() -> None:
    result = run()
    gamma = next(p for p in result.partners if p.partner == "Gammaland")
    assert (gamma.score, gamma.rank, gamma.coverage) == (None, None, 0.0)
    assert all(d.score is None and d.coverage == 0.0 for d in gamma.domains)
    assert all(
        i.value is None and i.normalized is None and i.evidence == ()
        for d in gamma.domains
        for i in d.indicators
    )
    # Beta without loan evidence: economy rests on the share alone (50), at half coverage ...
    no_loan = [c for c in CLAIMS if c.id != "b_loan"]
    beta = table(run(claims=no_loan))["Betaland"]
    assert beta["economy"] == (50.0, 0.25)
    # ... whereas a stated loan of zero is evidence and pulls the score down: (50 + 0) / 4.
    zero = [*no_loan, claim("b_zero", "loan", "Betaland", 0, "USD", "2022", object="x")]
    assert table(run(claims=zero))["Betaland"]["economy"] == (12.5, 1.0)


def test_every_value_is_traced_to_claims_and_events_in_the_ledger() -> None:
    result = run()
    known = {c.id for c in CLAIMS} | {e.id for e in EVENTS}
    for p in result.partners:
        for d in p.domains:
            for i in d.indicators:
                assert (i.value is None) == (i.evidence == ())
                assert set(i.evidence) <= known
    cited = {
        e for p in result.partners for d in p.domains for i in d.indicators for e in i.evidence
    }
    assert not cited & {"wb_loan", "rej_loan", "v6", "v7", "a_share_20"}


def test_event_domains_fold_into_the_index_domains_by_default() -> None:
    text = (
        SMALL
        + """
[[indicator]]
id = "care.v1"
domain = "soft_power"
formula = "count_events"
unit = "count"
weight = 1
"""
    )
    events = [
        event("h1", "2020", "aid", "health", "alpha:donor", "serbia:recipient"),
        event("c1", "2021", "launch", "culture", "alpha", "serbia"),
        event("e1", "2021", "launch", "economy", "alpha", "serbia"),
    ]
    got = table(run(parse_definition(text), events=events))["Alphaland"]
    assert got["care.v1"] == (2.0, 100.0, ("c1", "h1"))  # culture and health are soft power


def test_a_year_takes_dated_evidence_inside_each_window() -> None:
    undated = [
        *CLAIMS,
        claim("a_undated", "trade.partner_share_exports", "Alpha", 90, "percent", None),
    ]
    got = table(run(claims=undated, year=2021))["Alphaland"]
    assert got["share.v1"] == (40.0, 100.0, ("a_share_20",))  # 2022 is later; undated is out
    assert got["loans.v1"] == (100.0, 100.0, ("a_loan_1", "a_loan_1b"))
    assert got["visits.v1"] == (None, None, ())
    # Without a year all evidence counts; an undated figure yields to a dated one.
    assert table(run(claims=undated))["Alphaland"]["share.v1"][2] == ("a_share_22",)
    # The share's window is 3 years (2022-2024 as of 2024): the 2022 figure counts as of 2024,
    # not as of 2025.
    assert table(run(year=2024))["Alphaland"]["share.v1"][0] == 50.0
    assert table(run(year=2025))["Alphaland"]["share.v1"][0] is None


def two_domain_result(**sensitivity: object) -> IndexResult:
    """Alpha scores 80 in economy and 20 in politics; Beta 50 and 100; domain weights equal."""
    text = SMALL.replace("economy = 2", "economy = 1").replace(
        'id = "loans.v1"', 'id = "loans.v1"\nnormalisation = "fixed"'
    )
    definition = parse_definition(text)
    definition = replace(
        definition,
        sensitivity=replace(definition.sensitivity, **sensitivity),
        indicators=tuple(i for i in definition.indicators if i.id in ("loans.v1", "visits.v1")),
    )
    loans = [
        claim("p1_loan", "loan", "Alphaland", 80, "USD", "2022"),
        claim("p2_loan", "loan", "Betaland", 50, "USD", "2022"),
    ]
    # Alpha visits in 2 months, Beta in 10: 20 and 100 once normalised to the leader.
    visits = [event(f"a{n}", f"2022-0{n}", "visit", "politics", "alpha", "serbia") for n in (1, 2)]
    visits += [
        event(f"b{y}{n}", f"{y}-0{n}", "visit", "politics", "beta", "serbia")
        for y in (2021, 2022)
        for n in range(1, 6)
    ]
    return compute_index(
        subject=SERBIA,
        partners=[ALPHA, BETA],
        actors=ACTORS,
        claims=loans,
        events=visits,
        definition=definition,
        to_usd=usd,
    )


def test_leaving_each_domain_out_gives_exact_ranges_and_rank_shares() -> None:
    result = two_domain_result(runs=0)
    alpha, beta = result.partners
    assert [d.score for d in alpha.domains][:2] == [80.0, 20.0]
    assert [d.score for d in beta.domains][:2] == [50.0, 100.0]
    assert (alpha.score, beta.score) == (50.0, 75.0)
    sens = result.sensitivity
    assert sens is not None and sens.runs == 5
    assert sens.leave_one_out["economy"] == {"Alphaland": 20.0, "Betaland": 100.0}
    assert sens.leave_one_out["politics"] == {"Alphaland": 80.0, "Betaland": 50.0}
    # Leaving politics out puts Alpha first; leaving out an empty domain changes nothing.
    assert sens.ranks == {"Alphaland": {1: 0.2, 2: 0.8}, "Betaland": {1: 0.8, 2: 0.2}}
    assert sens.score_ranges == {"Alphaland": (20.0, 80.0), "Betaland": (50.0, 100.0)}


def test_uniform_perturbation_stays_inside_the_weight_box() -> None:
    # Each weight times U(0.5, 1.5): Alpha's (80 w1 + 20 w2) / (w1 + w2) lies in [35, 65] and
    # Beta's (50 w1 + 100 w2) / (w1 + w2) in [62.5, 87.5]. Alpha leads only when
    # w1 / w2 > 8 / 3, which has probability 0.0052 on that square.
    result = two_domain_result(runs=4000, spread=0.5, seed=11, leave_one_out=False)
    sens = result.sensitivity
    assert sens is not None and sens.runs == 4000
    low, high = sens.score_ranges["Alphaland"]
    assert low is not None and high is not None
    assert 35.0 <= low < 35.5 and 64.5 < high <= 65.0
    low, high = sens.score_ranges["Betaland"]
    assert low is not None and high is not None
    assert 62.5 <= low < 63.0 and 87.0 < high <= 87.5
    assert sens.ranks["Alphaland"][1] == pytest.approx(0.0052, abs=0.0025)
    assert sens.ranks["Alphaland"][1] + sens.ranks["Alphaland"][2] == pytest.approx(1.0)


def test_sensitivity_is_reproducible_and_depends_on_the_seed() -> None:
    for method in ("uniform", "dirichlet"):
        one = two_domain_result(runs=500, method=method, seed=5)
        assert two_domain_result(runs=500, method=method, seed=5) == one
        other = two_domain_result(runs=500, method=method, seed=6, leave_one_out=False)
        assert other.partners == one.partners  # weights move the ranges, not the base scores
        assert other.sensitivity != one.sensitivity


def test_dirichlet_draws_keep_scores_between_the_domain_scores() -> None:
    result = two_domain_result(
        runs=2000, method="dirichlet", concentration=20.0, seed=5, leave_one_out=False
    )
    sens = result.sensitivity
    assert sens is not None
    low, high = sens.score_ranges["Alphaland"]
    assert low is not None and high is not None
    # Draws centred on equal weights: Alpha's mean score near 50, never at 20 or 80.
    assert 20.0 < low < 50.0 < high < 80.0


def test_weights_file_overrides_domain_and_indicator_weights(tmp_path: Path) -> None:
    base = parse_definition(SMALL)
    heavier = with_weights(
        base, '[domains]\npolitics = 2\n[indicators]\n"loans.v1" = 1\n', where="w"
    )
    got = table(run(heavier))["Alphaland"]
    # economy (100 + 50) / 2 = 75; overall (2 x 75 + 2 x 100) / 4 = 87.5
    assert got["economy"] == (75.0, 1.0)
    assert got["score"] == 87.5
    with pytest.raises(InvalidInput) as info:
        with_weights(base, '[indicators]\n"nope.v1" = 1\n', where="w.toml")
    assert str(info.value) == "w.toml: no indicator 'nope.v1'; see indicators.toml for ids."
    path = tmp_path / "weights.toml"
    path.write_text("[domains]\neconomy = 0\n", encoding="utf-8")
    assert load_definition(weights=path).domain_weights["economy"] == 0.0


def test_a_bad_indicator_file_is_refused_with_its_place() -> None:
    bad = SMALL.replace('formula = "sum_usd"', 'formula = "sum_everything"')
    with pytest.raises(InvalidInput) as info:
        parse_definition(bad, where="mine.toml")
    assert str(info.value) == (
        "mine.toml, indicator loans.v1: formula 'sum_everything' is not one of latest_value, "
        "sum_usd, count_distinct_objects, count_events."
    )


def test_the_shipped_definition_covers_every_domain_with_reasons() -> None:
    definition = default_definition()
    assert set(definition.domain_weights) == set(INDEX_DOMAINS)
    assert {i.domain for i in definition.indicators} == set(INDEX_DOMAINS)
    assert all(i.id.endswith(".v1") and i.why and i.weight > 0 for i in definition.indicators)
    assert definition.sensitivity.runs >= 1000


def test_shuffled_input_gives_the_same_result() -> None:
    claims, events = list(CLAIMS), list(EVENTS)
    random.Random(1).shuffle(claims)
    random.Random(2).shuffle(events)
    assert run(claims=claims, events=events) == run()


# --- the bundled ledger through the real CLI ----------------------------------------------------


def test_cli_index_on_the_bundled_ledger(cli, bundled_db: Path) -> None:  # type: ignore[no-untyped-def]
    first = cli("--db", str(bundled_db), "index", "Serbia", "--format", "json")
    assert first.exit_code == 0, first.output
    record = json.loads(first.output)
    again = json.loads(cli("--db", str(bundled_db), "index", "Serbia", "--format", "json").output)
    assert again == record  # same ledger, same weights, same numbers

    assert [p["partner"] for p in record["partners"]] == [
        "China",
        "European Union",
        "Russia",
        "United States",
    ]
    assert record["year"] is None
    assert set(record["weights"]) == {"domains", "indicators"}
    for p in record["partners"]:
        assert [d["domain"] for d in p["domains"]] == list(INDEX_DOMAINS)
    # The ledger holds no cooperative US-Serbia evidence: null everywhere, never 0.
    us = record["partners"][3]
    assert (us["score"], us["rank"], us["coverage"]) == (None, None, 0.0)
    assert record["sensitivity"]["score_ranges"]["United States"] == [None, None]

    claims = json.loads(cli("--db", str(bundled_db), "claims", "--format", "json").output)
    events = json.loads(cli("--db", str(bundled_db), "events", "--format", "json").output)
    known = {c["id"] for c in claims} | {e["id"] for e in events}
    by_id = {}
    for p in record["partners"]:
        for d in p["domains"]:
            for i in d["indicators"]:
                assert (i["value"] is None) == (i["evidence"] == [])
                assert set(i["evidence"]) <= known
                assert set(i["evidence"]) <= set(record["evidence"])
                by_id[(p["partner"], i["id"])] = i
    alignment = by_id[("European Union", "eu_alignment.v1")]
    assert (alignment["value"], alignment["normalized"], alignment["evidence"]) == (
        47.0,
        47.0,
        ["c081"],
    )
    assert by_id[("China", "arms_supply.v1")]["evidence"] == ["ev_073", "ev_090"]
    runs = record["sensitivity"]["runs"]
    assert runs == default_definition().sensitivity.runs + len(INDEX_DOMAINS)
    china_ranks = record["sensitivity"]["ranks"]["China"]
    assert sum(china_ranks.values()) == pytest.approx(1.0)


def test_cli_index_trend_shows_eu_alignment_falling(cli, bundled_db: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("--db", str(bundled_db), "index", "Serbia", "--years", "--format", "json")
    assert result.exit_code == 0, result.output
    trend = {row["year"]: row for row in json.loads(result.output)["trend"]}
    politics = {
        year: next(p for p in row["partners"] if p["partner"] == "European Union")["domains"][
            "politics"
        ]
        for year, row in trend.items()
    }
    assert politics[2015] == 66.0 and politics[2024] == 47.0
    table_run = cli("--db", str(bundled_db), "index", "Serbia", "--years")
    assert table_run.exit_code == 0
    assert "Score by year (coverage)" in table_run.output


def test_cli_index_with_a_weights_file_and_an_unknown_subject(
    cli,
    bundled_db: Path,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    weights = tmp_path / "w.toml"
    weights.write_text(
        "[domains]\neconomy = 1\npolitics = 0\nsecurity = 0\ntechnology = 0\nsoft_power = 0\n"
    )
    result = cli(
        "--db", str(bundled_db), "index", "Serbia", "--weights", str(weights), "--format", "json"
    )
    record = json.loads(result.output)
    for p in record["partners"]:
        economy = p["domains"][0]["score"]
        assert p["score"] == economy  # only economy weighs
    missing = cli("--db", str(bundled_db), "index", "Atlantis")
    assert missing.exit_code == 1
    assert missing.output.strip() == "error: No actor named 'Atlantis'. See 'geoledger actors'."


def test_only_facts_fit_for_aggregation_enter_the_index(bundled_db: Path) -> None:
    from geoledger import store
    from geoledger.pipeline import connect
    from geoledger.pipeline.index import compute_index as index_of

    def eu_loans(conn: object) -> dict[str, object]:
        record = index_of(conn, "Serbia")  # type: ignore[arg-type]
        eu = next(p for p in record["partners"] if p["partner"] == "European Union")
        return next(i for i in eu["domains"][0]["indicators"] if i["id"] == "loans.v1")

    engine = store.make_engine(f"sqlite:///{bundled_db}")
    source = "002_fa7102139ac1f54f.txt"  # a bundled source; our claim text is our own
    loan = replace(
        claim("t_loan", "loan", "European Union", 5e8, "USD", "2021", object="test road"),
        source_id=source,
    )
    with connect(engine) as conn:
        assert eu_loans(conn)["value"] is None
        # A candidate nobody has accepted is not yet fit for aggregation: still missing.
        store.save_claim(conn, replace(loan, status="candidate"), who="tester")
        assert eu_loans(conn)["value"] is None
        store.save_claim(conn, replace(loan, id="t_loan2", status="accepted"), who="tester")
        found = eu_loans(conn)
    # Both claims state one fact; it enters once and cites both. China's loans (USD 608 m for
    # Kostolac + USD 943 m for the railway) lead.
    assert found["value"] == 5e8
    assert found["normalized"] == round(100 * 5e8 / 1.551e9, 1)
    assert found["evidence"] == ["t_loan", "t_loan2"]


# --- weights files that cannot be used -----------------------------------------------------------

RULE = "must be a number from 0 to 1000000"
BAD_WEIGHTS = [
    ("domains = 3\n", "domains must be a table ([domains]), got 3."),
    ('indicators = ["loans.v1"]\n', 'indicators must be a table ([indicators]), got ["loans.v1"].'),
    ("sensitivity = 1\n", "sensitivity must be a table ([sensitivity]), got 1."),
    (
        "[sensitivity]\nfoo = 1\n",
        "[sensitivity] has no setting 'foo'; "
        "use runs, seed, method, spread, concentration, leave_one_out.",
    ),
    (
        '[sensitivity]\nruns = "many"\n',
        '[sensitivity] runs must be a whole number from 0 to 100000, got "many".',
    ),
    (
        "[sensitivity]\nruns = 1.5\n",
        "[sensitivity] runs must be a whole number from 0 to 100000, got 1.5.",
    ),
    (
        "[sensitivity]\nspread = 5\n",
        "[sensitivity] spread must be a number from 0 to below 1, got 5.",
    ),
    (
        '[sensitivity]\nmethod = "gauss"\n',
        '[sensitivity] method must be one of uniform, dirichlet, got "gauss".',
    ),
    (
        "[sensitivity]\nconcentration = nan\n",
        "[sensitivity] concentration must be a number above 0, at most 1000000, got nan.",
    ),
    (
        '[sensitivity]\nleave_one_out = "no"\n',
        '[sensitivity] leave_one_out must be true or false, got "no".',
    ),
    ("[domains]\neconomy = nan\n", f"[domains] economy {RULE}, got nan."),
    ("[domains]\neconomy = inf\n", f"[domains] economy {RULE}, got inf."),
    ("[domains]\neconomy = 1e308\n", f"[domains] economy {RULE}, got 1e+308."),
    ("[domains]\neconomy = -1\n", f"[domains] economy {RULE}, got -1."),
    ("[domains]\neconomy = true\n", f"[domains] economy {RULE}, got true."),
    ('[domains]\neconomy = "1"\n', f'[domains] economy {RULE}, got "1".'),
    ('[indicators]\n"loans.v1" = -inf\n', f"[indicators] loans.v1 {RULE}, got -inf."),
    (
        "[indicators]\nloans.v1 = 1\n",
        '[indicators] loans: quote ids, as in "loans.v1" = 1.',
    ),
    (
        "[domains]\nculture = 1\n",
        "unknown domain 'culture'; use economy, politics, security, technology, soft_power.",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_WEIGHTS)
def test_a_bad_weights_text_is_refused_naming_the_key_and_the_rule(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as info:
        with_weights(default_definition(), text, where="w.toml")
    assert str(info.value) == f"w.toml: {message}"


@pytest.mark.parametrize(("text", "message"), BAD_WEIGHTS)
def test_the_cli_refuses_a_bad_weights_file_in_one_line(  # type: ignore[no-untyped-def]
    cli, bundled_db: Path, tmp_path: Path, text: str, message: str
) -> None:
    weights = tmp_path / "w.toml"
    weights.write_text(text, encoding="utf-8")
    for output in ("table", "json"):
        result = cli(
            "--db",
            str(bundled_db),
            "index",
            "Serbia",
            "--weights",
            str(weights),
            "--format",
            output,
        )
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr == f"error: {weights}: {message}\n"


def test_a_weights_file_that_is_not_utf8_is_refused(cli, bundled_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    weights = tmp_path / "w.toml"
    weights.write_bytes(
        "[domains]\n# poids \N{LATIN SMALL LETTER E WITH ACUTE}\n".encode("latin-1")
    )
    message = f"{weights}: not UTF-8 text (byte 18); save it as UTF-8."
    with pytest.raises(InvalidInput) as info:
        load_definition(weights=weights)
    assert str(info.value) == message
    result = cli("--db", str(bundled_db), "index", "Serbia", "--weights", str(weights))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"error: {message}\n")


def test_an_indicators_file_checks_sensitivity_with_the_same_rules() -> None:
    bad = SMALL.replace("runs = 0", 'runs = "many"')
    with pytest.raises(InvalidInput) as info:
        parse_definition(bad, where="mine.toml")
    assert str(info.value) == (
        'mine.toml: [sensitivity] runs must be a whole number from 0 to 100000, got "many".'
    )
    bad = SMALL.replace("weight = 3", "weight = nan")
    with pytest.raises(InvalidInput) as info:
        parse_definition(bad, where="mine.toml")
    assert str(info.value) == f"mine.toml, indicator loans.v1: weight {RULE}, got nan."


def test_a_weights_file_may_change_the_sensitivity_settings() -> None:
    text = (
        '[sensitivity]\nruns = 3\nmethod = "dirichlet"\nconcentration = 5\nleave_one_out = false\n'
    )
    definition = with_weights(parse_definition(SMALL), text, where="w.toml")
    assert definition.sensitivity == replace(
        parse_definition(SMALL).sensitivity,
        runs=3,
        method="dirichlet",
        concentration=5.0,
        leave_one_out=False,
    )
    sens = run(definition).sensitivity
    assert sens is not None and sens.runs == 3


def test_dirichlet_draws_survive_a_weight_too_small_for_a_gamma_shape() -> None:
    # concentration x weight / total underflows to 0.0, which random.gammavariate refuses.
    text = (
        '[sensitivity]\nruns = 20\nmethod = "dirichlet"\nconcentration = 1e-300\n'
        '[indicators]\n"loans.v1" = 1e-300\n'
    )
    result = run(with_weights(parse_definition(SMALL), text, where="w.toml"))
    assert result.sensitivity is not None and result.sensitivity.runs == 20 + 5
    low, high = result.sensitivity.score_ranges["Alphaland"]
    assert low is not None and high is not None and 0 <= low <= high <= 100


# --- one path from the ledger to the index, rounded or not ----------------------------------------


def test_the_unrounded_index_takes_the_same_path_as_the_rounded_one(bundled_db: Path) -> None:
    from geoledger import store
    from geoledger.pipeline import connect
    from geoledger.pipeline.index import compute_index as index_of
    from geoledger.pipeline.index import compute_index_result

    engine = store.make_engine(f"sqlite:///{bundled_db}")
    with connect(engine) as conn:
        record = index_of(conn, "Serbia", year=2022)
        precise = compute_index_result(conn, "Serbia", year=2022)
        # The subject as its own partner is refused, and a repeated partner counts once.
        with pytest.raises(InvalidInput) as info:
            compute_index_result(conn, "Serbia", partners=["China", "Serbia"])
        twice = compute_index_result(conn, "Serbia", partners=["China", "Beijing", "China"])
    assert str(info.value) == "'Serbia' is the subject itself; a partner must be another actor."
    assert [p.partner for p in twice.partners] == ["China"]
    assert precise.sensitivity is None
    assert [p.partner for p in precise.partners] == [p["partner"] for p in record["partners"]]
    for exact, shown in zip(precise.partners, record["partners"], strict=True):
        assert (exact.rank, round(exact.coverage, 3)) == (shown["rank"], shown["coverage"])
        assert (None if exact.score is None else round(exact.score, 1)) == shown["score"]
        for domain, shown_domain in zip(exact.domains, shown["domains"], strict=True):
            for i, shown_i in zip(domain.indicators, shown_domain["indicators"], strict=True):
                assert (None if i.normalized is None else round(i.normalized, 1)) == shown_i[
                    "normalized"
                ]
