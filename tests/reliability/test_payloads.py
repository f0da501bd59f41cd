"""XSS and injection payloads through every field: stored as text, shown escaped, never run."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from geoledger.api import create_app
from geoledger.config import Settings
from reliability.harness import TOKEN, integrity_problems

AUTH = {"Authorization": f"Bearer {TOKEN}"}
SCRIPT = "<script>alert(1)</script>"
PAYLOADS = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' OR 1=1 --",
    "'; DROP TABLE claims; --",
    "%' UNION SELECT id, text FROM sources --",
    "{{7*7}}${7*7}",
    "\u202eevil\u200b",
    "a" * 290,
]
TEXT_FIELDS = ("subject", "partner", "entity", "object", "note")
SOURCE = "000_6507202e5f058613.txt"


@pytest.fixture
def client(bundled_db: Path) -> TestClient:
    url = f"sqlite:///{bundled_db}"
    return TestClient(create_app(Settings(database_url=url, user="op", api_token=TOKEN)))


def unescaped(html: str) -> list[str]:
    """Payload markup that reached a page unescaped."""
    return [p for p in (SCRIPT, "<img src=x onerror") if p in html]


def test_payloads_in_every_claim_field_are_stored_as_text_and_escaped(
    client: TestClient, bundled_db: Path
) -> None:
    created = []
    for number, payload in enumerate(PAYLOADS):
        for field in TEXT_FIELDS:
            body = {"source": SOURCE, "metric": "trade.total", "value": number + 1, "unit": "USD"}
            response = client.post("/api/claims", json={**body, field: payload}, headers=AUTH)
            assert response.status_code in (200, 201), response.text
            assert response.json()[field] == payload.strip()
            created.append(response.json()["id"])
        period = client.post("/api/claims", json={**body, "period": payload[:32]}, headers=AUTH)
        assert period.status_code == 400
    for claim_id, payload in zip(created, PAYLOADS * len(TEXT_FIELDS), strict=False):
        edit = client.post(
            f"/api/claims/{claim_id}/edit", json={"note": payload, "why": payload}, headers=AUTH
        )
        assert edit.status_code == 200
        reject = client.post(f"/api/claims/{claim_id}/reject", json={"why": payload}, headers=AUTH)
        assert reject.status_code == 200
        page = client.get(f"/claims/{claim_id}")
        assert page.status_code == 200 and unescaped(page.text) == []
    for path in ("/claims", "/review", "/", "/facts", "/conflicts", "/money", "/actors"):
        page = client.get(path)
        assert page.status_code == 200 and unescaped(page.text) == [], path
    assert integrity_problems(f"sqlite:///{bundled_db}") == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_as_filters_and_searches_match_nothing_and_break_nothing(
    client: TestClient, payload: str
) -> None:
    for path, params in (
        ("/api/claims", {"subject": payload}),
        ("/api/claims", {"search": payload}),
        ("/api/claims", {"source": payload[:200]}),
        ("/api/events", {"actor": payload}),
        ("/api/search", {"q": payload}),
        ("/api/facts", {"partner": payload}),
        ("/claims", {"entity": payload}),
        ("/search", {"q": payload}),
        ("/events", {"domain": payload}),
        ("/index", {"subject": payload}),
    ):
        response = client.get(path, params=params)
        assert response.status_code < 500, (path, response.text)
        if path.startswith("/api/") and response.status_code == 200 and "total" in response.json():
            assert response.json()["total"] == 0, (path, payload)
        if not path.startswith("/api/"):
            assert unescaped(response.text) == []
    assert client.get("/api/claims", params={"limit": 1}).json()["total"] == 89


def test_payloads_in_an_uploaded_document_are_escaped_on_its_page(client: TestClient) -> None:
    text = (
        f'---\ntitle: {SCRIPT}\nauthor: "><img src=x onerror=alert(1)>\n'
        "url: javascript:alert(document.cookie)\n---\n\n"
        f"{SCRIPT} Serbia and China signed a loan of $150 million in 2021.\n"
    )
    upload = client.post(
        "/api/ingest", files=[("files", ("trap.md", text.encode(), "text/markdown"))], headers=AUTH
    )
    assert upload.status_code == 200 and upload.json()["new_documents"] == 1
    source = client.get("/api/sources/trap.md").json()
    assert (source["title"], source["url"]) == (SCRIPT, None)
    for path in ("/sources/trap.md", "/sources", "/claims?source=trap.md", "/review"):
        page = client.get(path)
        assert page.status_code == 200 and unescaped(page.text) == [], path
        assert 'href="javascript' not in page.text.lower()
