"""The REST API on a real SQLite ledger loaded with the bundled dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from sqlalchemy import text

from geoledger.api import create_app
from geoledger.config import Settings
from geoledger.store import make_engine

TOKEN = "test-token-for-writes"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def app(bundled_db: Path) -> Any:
    return create_app(
        Settings(database_url=f"sqlite:///{bundled_db}", user="tester", api_token=TOKEN)
    )


@pytest.fixture
def client(app: Any) -> TestClient:
    return TestClient(app)


def assert_error(response: Any, status: int, code: str, detail: str | None = None) -> None:
    """The one error shape: exactly detail and code."""
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"detail", "code"}
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    if detail is not None:
        assert body["detail"] == detail


# --- reads -----------------------------------------------------------------------------------


def test_sources_are_paginated_with_their_total(client: TestClient) -> None:
    everything = client.get("/api/sources").json()
    assert everything["total"] == 5 and len(everything["items"]) == 5
    page = client.get("/api/sources", params={"limit": 2, "offset": 1}).json()
    assert page == {
        "total": 5,
        "limit": 2,
        "offset": 1,
        "next": page["next"],
        "items": everything["items"][1:3],
    }
    # The cursor continues where the page stopped, without an offset.
    rest = client.get("/api/sources", params={"after": page["next"], "limit": 10}).json()
    assert rest["items"] == everything["items"][3:] and rest["next"] is None
    assert_error(
        client.get("/api/sources", params={"after": "nonsense"}),
        400,
        "invalid_input",
        "'nonsense' is not a cursor this listing gave.",
    )


def test_a_source_comes_with_its_text_field(client: TestClient) -> None:
    body = client.get("/api/sources/000_6507202e5f058613.txt").json()
    assert body["id"] == "000_6507202e5f058613.txt"
    assert body["author"] == "Stefan Vladisavljev"
    assert "text" in body and body["claims"] == 22


def test_an_unknown_source_is_a_404_in_the_error_shape(client: TestClient) -> None:
    assert_error(
        client.get("/api/sources/nothing.txt"),
        404,
        "not_found",
        "No source 'nothing.txt'. See 'geoledger sources'.",
    )


def test_actors_list_and_a_dossier_found_by_alias(client: TestClient) -> None:
    listing = client.get("/api/actors", params={"kind": "bloc", "limit": 500}).json()
    assert "european_union" in {a["id"] for a in listing["items"]}
    assert all(a["kind"] == "bloc" for a in listing["items"])
    dossier = client.get("/api/actors/EU").json()
    assert dossier["actor"]["name"] == "European Union"
    assert {"c038", "c073"} <= {c["id"] for c in dossier["claims"]}
    assert dossier["events"] and dossier["sources"]
    assert_error(client.get("/api/actors/Atlantis"), 404, "not_found")


def test_events_filter_by_domain_and_refuse_a_bad_date(client: TestClient) -> None:
    body = client.get("/api/events", params={"domain": "security", "limit": 1000}).json()
    assert body["total"] == len(body["items"]) > 0
    assert {e["domain"] for e in body["items"]} == {"security"}
    dates = [e["date"] for e in body["items"] if e["date"]]
    assert dates == sorted(dates, key=lambda d: d[:4])
    assert_error(client.get("/api/events", params={"since": "yesterday"}), 400, "invalid_input")


def test_claims_take_the_cli_filters(client: TestClient) -> None:
    body = client.get(
        "/api/claims", params={"metric": "trade.exports", "partner": "Chinese", "period": "2023"}
    ).json()
    assert body["total"] >= 1
    for claim in body["items"]:
        assert claim["metric"] == "trade.exports"
        assert claim["partner"] == "China"
        assert claim["period"].startswith("2023")
    by_source = client.get("/api/claims", params={"source": "003_c5186eac025c13b5.txt"}).json()
    assert by_source["total"] == 4
    found = client.get("/api/claims", params={"search": "Smederevo"}).json()
    assert "c025" in {c["id"] for c in found["items"]}


def test_claim_filters_refuse_bad_values_in_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/claims", params={"status": "maybe"}), 422, "invalid_request")
    assert_error(client.get("/api/claims", params={"limit": 0}), 422, "invalid_request")
    assert_error(client.get("/api/claims", params={"period": "someday"}), 400, "invalid_input")


def test_one_claim_has_its_usd_value_and_history(client: TestClient) -> None:
    claim = client.get("/api/claims/c025").json()
    assert claim["unit"] == "EUR" and claim["usd"] is not None and claim["usd_rate"] > 0
    assert claim["usd"] == pytest.approx(claim["value"] * claim["usd_rate"], rel=1e-6)
    history = client.get("/api/claims/c025/history").json()
    assert [h["action"] for h in history] == ["create"]
    assert_error(client.get("/api/claims/nope"), 404, "not_found")
    assert_error(client.get("/api/claims/nope/history"), 404, "not_found")


def test_trade_gives_yearly_usd_rows(client: TestClient) -> None:
    params = {"subject": "Serbia", "partner": "China", "all_claims": "true"}
    body = client.get("/api/trade", params=params).json()
    years = {row["year"]: row for row in body["years"]}
    assert years[2023]["imports"] == pytest.approx(4.8e9)
    assert "balance" in years[2023]["derived"]
    fit = client.get("/api/trade", params={"subject": "Serbia", "partner": "China"}).json()
    assert fit["fit_for_aggregation_only"] is True
    fit_years = {row["year"]: row for row in fit["years"]}
    assert fit_years[2023]["total"] is None and fit_years[2023]["disputed"]
    assert {"c005", "c006"} <= set(fit["left_out"])


def test_search_finds_an_actor_and_needs_words(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "Zijin"}).json()
    assert {"kind": "actor", "id": "zijin_mining"} in [
        {"kind": h["kind"], "id": h["id"]} for h in body["items"]
    ]
    assert_error(client.get("/api/search"), 422, "invalid_request")
    assert_error(client.get("/api/search", params={"q": "   "}), 400, "invalid_input")


def test_index_compares_the_four_powers(client: TestClient) -> None:
    body = client.get("/api/index", params={"subject": "Serbia"}).json()
    assert [p["partner"] for p in sorted(body["partners"], key=lambda p: p["partner"])] == [
        "China",
        "European Union",
        "Russia",
        "United States",
    ]
    assert_error(client.get("/api/index", params={"subject": "Atlantis"}), 404, "not_found")


def test_facts_group_claims_and_each_opens_by_id(client: TestClient) -> None:
    body = client.get("/api/facts", params={"metric": "trade.total", "limit": 1000}).json()
    assert body["total"] == len(body["items"]) > 0
    first = body["items"][0]
    assert first["key"]["metric"] == "trade.total" and first["versions"]
    # A listing holds the first versions and counts them all; the fact's own page every one.
    whole = client.get(f"/api/facts/{first['id']}").json()
    assert first["versions_total"] == len(whole["versions"])
    assert {k: v for k, v in first.items() if k != "versions_total"} == {
        **whole,
        "versions": whole["versions"][: len(first["versions"])],
    }
    assert_error(client.get("/api/facts/fnothing"), 404, "not_found")


def test_conflicts_carry_versions_with_their_sources(client: TestClient) -> None:
    body = client.get("/api/conflicts", params={"limit": 1000}).json()
    assert body["total"] > 0
    for row in body["items"]:
        assert row["verdict"] and row["versions"] and row["id"].startswith("f")
    kinds = {row["kind"] for row in body["items"]}
    assert "event" in kinds


# --- writes ----------------------------------------------------------------------------------

WRITES = [
    (
        "post",
        "/api/claims",
        {"json": {"source": "000_6507202e5f058613.txt", "value": 1, "unit": "USD"}},
    ),
    ("post", "/api/claims/c001/accept", {}),
    ("post", "/api/claims/c001/reject", {"json": {"why": "no"}}),
    ("post", "/api/claims/c001/edit", {"json": {"value": 2}}),
    ("post", "/api/ingest", {"files": {"files": ("a.txt", b"Some words.", "text/plain")}}),
]


@pytest.mark.parametrize(("method", "url", "kwargs"), WRITES)
def test_writes_without_the_token_are_refused_with_401(
    client: TestClient, method: str, url: str, kwargs: dict[str, Any]
) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic eDp5"}):
        response = getattr(client, method)(url, headers=headers, **kwargs)
        assert_error(
            response,
            401,
            "unauthorized",
            "This needs the write token: send 'Authorization: Bearer <token>'.",
        )
        assert response.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/claims/c001").json()["status"] == "accepted"


def test_a_reviewer_rejects_accepts_and_edits_with_history(client: TestClient) -> None:
    rejected = client.post("/api/claims/c001/reject", json={"why": "wrong year"}, headers=AUTH)
    assert rejected.status_code == 200, rejected.text
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    accepted = client.post("/api/claims/c001/accept", headers=AUTH)
    assert accepted.json()["status"] == "accepted"
    edited = client.post(
        "/api/claims/c001/edit", json={"period": "2015", "why": "source says 2015"}, headers=AUTH
    )
    assert edited.json()["period"] == "2015"
    history = client.get("/api/claims/c001/history").json()
    assert [(h["action"], h["who"], h["why"]) for h in history] == [
        ("create", "geoledger-dataset", None),
        ("reject", "tester", "wrong year"),
        ("accept", "tester", None),
        ("edit", "tester", "source says 2015"),
    ]
    assert history[-1]["before"] == {"period": "2014"} and history[-1]["after"] == {
        "period": "2015"
    }


def test_review_errors_keep_the_shape(client: TestClient) -> None:
    assert_error(client.post("/api/claims/nope/accept", headers=AUTH), 404, "not_found")
    assert_error(
        client.post("/api/claims/c001/reject", headers=AUTH),
        400,
        "invalid_input",
        "Say why claim 'c001' is rejected (--why TEXT).",
    )
    assert_error(client.post("/api/claims/c001/edit", json={}, headers=AUTH), 400, "invalid_input")
    assert_error(
        client.post("/api/claims/c001/edit", json={"colour": "red"}, headers=AUTH),
        422,
        "invalid_request",
    )


def test_a_typed_in_claim_enters_as_a_candidate(client: TestClient) -> None:
    body = {
        "source": "004_83228218450cbd6b.txt",
        "metric": "security.count",
        "value": 6,
        "unit": "count",
        "period": "2020",
        "subject": "Serbia",
        "partner": "China",
        "object": "drones",
    }
    created = client.post("/api/claims", json=body, headers=AUTH)
    assert created.status_code == 201
    claim = created.json()
    assert (claim["status"], claim["origin"], claim["made_by"]) == (
        "candidate",
        "entered",
        "tester",
    )
    assert client.get(f"/api/claims/{claim['id']}").json() == claim
    again = client.post("/api/claims", json=body, headers=AUTH)
    assert again.status_code == 200 and again.json()["id"] == claim["id"]
    assert_error(
        client.post("/api/claims", json={**body, "metric": "vibes"}, headers=AUTH),
        400,
        "invalid_input",
    )
    assert_error(
        client.post("/api/claims", json={**body, "source": "none.txt"}, headers=AUTH),
        404,
        "not_found",
    )


def test_an_upload_is_ingested_and_its_claims_stored(client: TestClient) -> None:
    if not ingest_available():
        pytest.skip("extraction is not built yet, so ingest cannot run")
    article = (
        "Harbour note\n\nIn 2022 the port of Bar handled 2.1 million tonnes of cargo, and a "
        "Chinese firm signed a contract worth $45 million to build a new crane terminal.\n"
    )
    response = client.post(
        "/api/ingest",
        files={"files": ("harbour_note.txt", article.encode(), "text/plain")},
        headers=AUTH,
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["documents"] == 1 and report["new_documents"] == 1 and report["refused"] == []
    sources = client.get("/api/sources", params={"limit": 1000}).json()["items"]
    stored = [s for s in sources if s["id"].startswith("harbour_note")]
    assert len(stored) == 1 and stored[0]["has_text"]
    assert stored[0]["claims"] == report["claims"]


def test_an_unexpected_failure_is_a_500_in_the_error_shape(bundled_db: Path) -> None:
    url = f"sqlite:///{bundled_db}"
    app = create_app(Settings(database_url=url, api_token=TOKEN))
    engine = make_engine(url)
    with engine.begin() as conn:
        # A ledger broken behind the app's back: the query fails inside the database.
        conn.execute(text("ALTER TABLE actors RENAME TO actors_gone"))
    engine.dispose()
    client = TestClient(app, raise_server_exceptions=False)
    assert_error(
        client.get("/api/actors"),
        500,
        "internal_error",
        "Internal error; the server log has the details.",
    )


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths) >= {
        "/api/sources",
        "/api/sources/{source_id}",
        "/api/actors",
        "/api/actors/{name}",
        "/api/events",
        "/api/claims",
        "/api/claims/{claim_id}",
        "/api/claims/{claim_id}/history",
        "/api/claims/{claim_id}/accept",
        "/api/claims/{claim_id}/reject",
        "/api/claims/{claim_id}/edit",
        "/api/trade",
        "/api/search",
        "/api/index",
        "/api/ingest",
        "/api/facts",
        "/api/facts/{fact_id}",
        "/api/conflicts",
    }
    assert not any(p.startswith("/review") or p == "/" for p in paths)


# --- the schema, fuzzed ----------------------------------------------------------------------


def ingest_available() -> bool:
    """True once the extraction stage that ingest needs is part of the package."""
    try:
        import geoledger.pipeline.ingest  # noqa: F401
    except ImportError:
        return False
    return True


def test_no_generated_request_makes_a_server_error(app: Any) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    if not ingest_available():
        operations = [o for o in operations if o.path != "/api/ingest"]
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def call(case: Any) -> None:
            # With the token, so the write endpoints are fuzzed past the 401 too.
            case.call_and_validate(headers=AUTH, checks=[not_a_server_error])

        call()


def test_trade_kept_in_the_view_cache_follows_a_review(client: TestClient) -> None:
    # The yearly table is kept until the ledger changes: a rejected statement leaves it at once.
    params = {"subject": "Serbia", "partner": "China", "all_claims": "true"}
    first = client.get("/api/trade", params=params).json()
    assert client.get("/api/trade", params=params).json() == first
    year = {row["year"]: row for row in first["years"]}[2023]
    stated = client.get(
        "/api/claims",
        params={"subject": "Serbia", "partner": "China", "period": "2023", "limit": 100},
    ).json()["items"]
    imports = [c["id"] for c in stated if c["metric"] == "trade.imports"]
    assert imports and year["imports"] == pytest.approx(4.8e9)
    for claim_id in imports:
        answer = client.post(f"/api/claims/{claim_id}/reject", json={"why": "test"}, headers=AUTH)
        assert answer.status_code == 200, answer.text
    after = {row["year"]: row for row in client.get("/api/trade", params=params).json()["years"]}
    assert after.get(2023, {}).get("imports") is None
