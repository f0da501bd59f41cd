"""Named reviewer tokens: stored as digests, revocable, and every decision carries the name."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from geoledger.api import create_app
from geoledger.auth import tokens
from geoledger.config import Settings
from geoledger.store import make_engine
from geoledger.store import schema as t

MASTER = "master-token-for-tests"


@pytest.fixture
def db(bundled_db: Path) -> str:
    return f"sqlite:///{bundled_db}"


def add(db: str, name: str) -> str:
    engine = make_engine(db)
    with engine.begin() as conn:
        secret = tokens.add_token(conn, name)
    engine.dispose()
    return secret


@pytest.fixture
def client(db: str) -> Any:
    app = create_app(Settings(database_url=db, user="operator", api_token=MASTER))
    with TestClient(app) as client:
        yield client


def who_did(client: TestClient, claim_id: str) -> list[tuple[str, str]]:
    history = client.get(f"/api/claims/{claim_id}/history").json()
    return [(h["action"], h["who"]) for h in history]


def test_token_commands_add_list_and_revoke(cli, bundled_db: Path) -> None:  # type: ignore[no-untyped-def]
    added = cli("--db", str(bundled_db), "token", "add", "Ana Petrović")
    assert added.exit_code == 0
    assert re.fullmatch(
        r"Token for Ana Petrović \(shown once, keep it\): glt_[A-Za-z0-9_-]{43}\n", added.output
    )
    again = cli("--db", str(bundled_db), "token", "add", "Ana Petrović")
    assert (again.exit_code, again.output) == (
        1,
        "error: A token named 'Ana Petrović' exists already; choose another name.\n",
    )
    revoked = cli("--db", str(bundled_db), "token", "revoke", "Ana Petrović")
    assert revoked.output == "Token 'Ana Petrović' revoked; its sessions are ended.\n"
    listed = cli("--db", str(bundled_db), "token", "list", "--format", "csv").output.splitlines()
    assert listed[0] == "name,created_at,revoked_at"
    assert re.fullmatch(
        r"Ana Petrović,\d{4}-\d\d-\d\dT[\d:]{8}Z,\d{4}-\d\d-\d\dT[\d:]{8}Z", listed[1]
    )
    unknown = cli("--db", str(bundled_db), "token", "revoke", "nobody")
    assert unknown.output == "error: No token named 'nobody'. See 'geoledger token list'.\n"


def test_a_name_with_control_characters_is_refused(cli, bundled_db: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("--db", str(bundled_db), "token", "add", "ana\nroot accept c001")
    assert result.exit_code == 1
    assert result.output == (
        "error: Reviewer name 'ana\\nroot accept c001' is not usable: give 1–100 letters, digits, "
        "spaces or . @ ' -, starting with a letter or digit.\n"
    )


def test_only_the_digest_of_a_token_is_stored(db: str, bundled_db: Path) -> None:
    secret = add(db, "ana")
    engine = make_engine(db)
    with engine.connect() as conn:
        stored = conn.execute(select(t.tokens.c.token_hash)).scalar_one()
    engine.dispose()
    assert stored == tokens.digest(secret) and secret not in stored
    assert secret.encode() not in bundled_db.read_bytes()


def test_api_decisions_carry_the_token_s_name(db: str, client: TestClient) -> None:
    ana, boris = add(db, "ana"), add(db, "boris")
    ok = client.post("/api/claims/c001/reject", json={"why": "typo"}, headers=bearer(ana))
    assert ok.status_code == 200
    ok = client.post("/api/claims/c001/accept", headers=bearer(boris))
    assert ok.status_code == 200
    ok = client.post("/api/claims/c002/reject", json={"why": "x"}, headers=bearer(MASTER))
    assert ok.status_code == 200
    assert who_did(client, "c001")[-2:] == [("reject", "ana"), ("accept", "boris")]
    assert who_did(client, "c002")[-1] == ("reject", "operator")


def test_a_revoked_token_is_refused(db: str, client: TestClient) -> None:
    ana = add(db, "ana")
    engine = make_engine(db)
    with engine.begin() as conn:
        tokens.revoke_token(conn, "ana")
    engine.dispose()
    refused = client.post("/api/claims/c001/accept", headers=bearer(ana))
    assert refused.status_code == 401
    assert refused.json() == {
        "detail": "This needs the write token: send 'Authorization: Bearer <token>'.",
        "code": "unauthorized",
    }


def test_the_dashboard_cookie_holds_a_session_id_not_the_token(db: str, client: TestClient) -> None:
    ana = add(db, "ana")
    signed = client.post("/login", data={"token": ana}, follow_redirects=False)
    assert signed.status_code == 303
    cookie = client.cookies["geoledger_session"]
    assert ana not in cookie and cookie != tokens.digest(ana)
    done = client.post("/review/c003/reject", data={"why": "wrong year"}, follow_redirects=False)
    assert done.status_code == 303
    assert who_did(client, "c003")[-1] == ("reject", "ana")
    client.post("/logout", follow_redirects=False)
    client.cookies.set("geoledger_session", cookie)  # a stolen cookie after sign-out
    after = client.post("/review/c003/accept", follow_redirects=False)
    assert after.status_code == 401


def test_revoking_a_token_ends_its_dashboard_sessions(db: str, client: TestClient) -> None:
    ana = add(db, "ana")
    client.post("/login", data={"token": ana}, follow_redirects=False)
    engine = make_engine(db)
    with engine.begin() as conn:
        tokens.revoke_token(conn, "ana")
    engine.dispose()
    assert client.post("/review/c003/accept", follow_redirects=False).status_code == 401


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
