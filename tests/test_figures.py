"""One rule for which figures count: headline views and the index agree, candidates are marked."""

from __future__ import annotations

from pathlib import Path

from geoledger import pipeline, store
from geoledger.pipeline import figures
from geoledger.pipeline import review as reviewing
from geoledger.web import views


def _with_candidate(db: Path) -> tuple[object, str]:
    """The bundled ledger plus one typed-in, unchecked import share dated after every other."""
    engine = store.make_engine(f"sqlite:///{db}")
    with pipeline.connect(engine) as conn:
        claim_id, _ = reviewing.add_claim(
            conn,
            metric="trade.partner_share_imports",
            value="40",
            unit="percent",
            who="tester",
            source_title="A blog nobody checked",
            fields={"period": "2025", "subject": "Serbia", "partner": "China"},
        )
    return engine, claim_id


def test_a_newer_candidate_does_not_replace_the_accepted_headline(bundled_db: Path) -> None:
    engine, candidate = _with_candidate(bundled_db)
    with pipeline.connect(engine) as conn:
        table = views.powers(conn)["rows"]
        money = views.money(conn)
    row = next(r for r in table if r["metric"] == "trade.partner_share_imports")
    china = next(c for c in row["cells"] if c["power"] == "China")
    assert (china["figure"]["id"], china["figure"]["status"], china["count"]) == (
        "c019",
        "accepted",
        1,
    )
    assert candidate not in money["svg"]
    engine.dispose()


def test_a_candidate_alone_is_shown_but_marked(bundled_db: Path) -> None:
    records = [{"id": "x", "status": "candidate", "period": "2025"}]
    assert figures.headline_figure(records, key=lambda r: r["period"]) == records[0]
    assert not figures.counts_in_headline("candidate")
    assert figures.counts_in_headline("accepted")
    assert figures.headline_figure([{"status": "rejected"}], key=lambda r: 0) is None


def test_the_index_counts_only_what_headlines_count(bundled_db: Path) -> None:
    from geoledger.pipeline.index import compute_index

    engine, candidate = _with_candidate(bundled_db)
    with pipeline.connect(engine) as conn:
        index = compute_index(conn, "Serbia")
        statuses = {c.id: c.status for c in store.list_claims(conn)}
    cited = {
        e
        for p in index["partners"]
        for d in p["domains"]
        for i in d["indicators"]
        for e in i["evidence"]
    }
    claims = {e for e in cited if e in statuses}
    assert candidate not in cited
    assert claims and all(figures.counts_in_headline(statuses[c]) for c in claims)
    engine.dispose()


def test_flows_read_as_the_roles_say(bundled_db: Path) -> None:
    from fastapi.testclient import TestClient

    from geoledger.api import create_app
    from geoledger.config import Settings

    investment = {"metric": "investment.total", "subject": "Serbia", "partner": "China"}
    assert figures.parties(investment) == "China → Serbia"
    deal = {**investment, "metric": "investment.deal", "entity": "Zijin Mining"}
    assert figures.parties(deal) == "Zijin Mining → Serbia"
    assert figures.parties({**investment, "metric": "loan"}) == "China → Serbia"
    assert figures.parties({**investment, "metric": "trade.exports"}) == "Serbia → China"
    assert figures.parties({**investment, "metric": "trade.imports"}) == "China → Serbia"
    share = {**investment, "metric": "trade.partner_share_imports"}
    assert figures.parties(share) == "Serbia · China"
    client = TestClient(create_app(Settings(database_url=f"sqlite:///{bundled_db}")))
    page = client.get("/claims", params={"metric": "investment.total"}).text
    assert "<td>China → Serbia</td>" in page
    assert "Serbia → China" not in page


def test_attacks_and_criticism_are_no_security_ties(bundled_db: Path) -> None:
    engine = store.make_engine(f"sqlite:///{bundled_db}")
    with pipeline.connect(engine) as conn:
        ties = {t["power"]: t for t in views.overview(conn)["powers"]["ties"]}
        index = views.engagement(conn)["index"]
    engine.dispose()
    # The 1999 NATO bombing (ev_002, ev_005) and Washington's criticism (ev_155) are the
    # United States' only security events in the ledger: none of them is a tie.
    assert ties["United States"]["security"] == 0
    us = figures.security_ties(index)["United States"]
    assert not us & {"ev_002", "ev_005", "ev_155"}
    assert ties["China"]["security"] == len(figures.security_ties(index)["China"]) > 0


def test_the_index_says_how_much_evidence_each_power_has_and_flags_uneven_evidence(
    bundled_db: Path,
) -> None:
    from geoledger.pipeline.index import compute_index

    engine = store.make_engine(f"sqlite:///{bundled_db}")
    with pipeline.connect(engine) as conn:
        index = compute_index(conn, "Serbia", trend=True)
    engine.dispose()
    counts = index["evidence_counts"]
    assert counts["China"] > 3 * counts["European Union"] > 0
    assert index["evidence_warning"] == (
        f"Uneven evidence: China's score rests on {counts['China']} claims and events, "
        f"European Union's on {counts['European Union']}; scores follow how much was written "
        "as well as what happened. Compare with care."
    )
    # A year where only one power has a score compares nothing: it is a gap, not a win.
    assert index["trend"]
    for row in index["trend"]:
        assert sum(p["score"] is not None for p in row["partners"]) != 1, row["year"]
    china_2015 = next(r for r in index["trend"] if r["year"] == 2015)["partners"][0]
    assert (china_2015["partner"], china_2015["score"]) == ("China", None)


def test_an_edited_accepted_claim_shows_as_corrected_everywhere(bundled_db: Path) -> None:
    from fastapi.testclient import TestClient

    from geoledger.api import create_app
    from geoledger.config import Settings
    from geoledger.report import export

    engine = store.make_engine(f"sqlite:///{bundled_db}")
    with pipeline.connect(engine) as conn:
        reviewing.edit_claim(conn, "c019", {"value": "11.4"}, who="tester", why="typo")
    with pipeline.connect(engine) as conn:
        [record] = pipeline.claim_records(
            conn, metric="trade.partner_share_imports", partner="China"
        )
        rows = {r["id"]: r for r in export.rows_of(conn, "claims")}
        headline = views.powers(conn)["rows"]
    engine.dispose()
    assert (record["status"], record["figure_status"]) == ("accepted", "corrected")
    assert (rows["c019"]["status"], rows["c019"]["counts_in_headlines"]) == ("corrected", True)
    assert rows["c014"]["status"] == "accepted"
    row = next(r for r in headline if r["metric"] == "trade.partner_share_imports")
    assert next(c for c in row["cells"] if c["power"] == "China")["figure"]["id"] == "c019"
    client = TestClient(create_app(Settings(database_url=f"sqlite:///{bundled_db}")))
    page = client.get("/claims/c019").text
    assert '<span class="status status-corrected">corrected</span>' in page
