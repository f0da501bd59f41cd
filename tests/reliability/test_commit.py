"""A write the API answered 200 is committed: readers see it at once, and kill -9 keeps it."""

from __future__ import annotations

import random
import threading
from pathlib import Path

from sqlalchemy import select

from geoledger.store import make_engine
from geoledger.store import schema as t
from reliability.harness import TOKEN, count, kill9

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _toggle(client, claim_id: str, status: str):  # type: ignore[no-untyped-def]
    """Accept a rejected claim or reject an accepted one; the response."""
    if status == "accepted":
        return client.post(f"/api/claims/{claim_id}/reject", json={"why": "toggle"}, headers=AUTH)
    return client.post(f"/api/claims/{claim_id}/accept", json={"why": "toggle"}, headers=AUTH)


def test_no_read_after_a_200_sees_the_old_status(bundled_db: Path, serve) -> None:  # type: ignore[no-untyped-def]
    server = serve(str(bundled_db))
    reviews, readers = count(30, 1000), 8
    with server.client() as client:
        claims = client.get("/api/claims", params={"limit": 1000}).json()["items"]
    status = {c["id"]: c["status"] for c in claims}
    acked: dict[str, tuple[int, str]] = {}  # claim -> (reviews acknowledged, last status)
    started: dict[str, int] = {}  # claim -> reviews of it sent so far
    lock = threading.Lock()
    done = threading.Event()
    stale: list[str] = []
    reads = [0] * readers

    def read(n: int) -> None:
        rng = random.Random(n)
        with server.client() as client:
            while not done.is_set():
                with lock:
                    if not acked:
                        continue
                    claim_id = rng.choice(list(acked))
                    writes, want = acked[claim_id]
                    if started[claim_id] != writes:
                        continue  # a write of it is in flight: its state is not settled
                got = client.get(f"/api/claims/{claim_id}").json()["status"]
                reads[n] += 1
                with lock:
                    # A write sent meanwhile may show before its 200: newer, not stale.
                    if started[claim_id] != writes:
                        continue
                    if got != want:
                        stale.append(f"{claim_id}: read {got} after a 200 for {want}")

    threads = [threading.Thread(target=read, args=(n,)) for n in range(readers)]
    for thread in threads:
        thread.start()
    try:
        with server.client() as client:
            for number in range(reviews):
                claim_id = claims[number % len(claims)]["id"]
                with lock:
                    started[claim_id] = started.get(claim_id, 0) + 1
                response = _toggle(client, claim_id, status[claim_id])
                assert response.status_code == 200, response.text
                status[claim_id] = response.json()["status"]
                with lock:
                    acked[claim_id] = (started[claim_id], status[claim_id])
                own = client.get(f"/api/claims/{claim_id}").json()["status"]
                assert own == status[claim_id]
    finally:
        done.set()
        for thread in threads:
            thread.join()
    print(f"{reviews} reviews, {sum(reads)} reads by {readers} readers, {len(stale)} stale")
    assert stale == []
    assert min(reads) > 0


def test_kill_9_right_after_a_200_keeps_the_write(bundled_db: Path, serve) -> None:  # type: ignore[no-untyped-def]
    kills = count(2, 20)
    claim_ids: list[str] = []
    expected: dict[str, str] = {}
    for number in range(kills):
        server = serve(str(bundled_db))
        with server.client() as client:
            if not claim_ids:
                items = client.get("/api/claims", params={"limit": 1000}).json()["items"]
                claim_ids = [c["id"] for c in items]
                expected = {c["id"]: c["status"] for c in items}
            claim_id = claim_ids[number]
            response = _toggle(client, claim_id, expected[claim_id])
            assert response.status_code == 200
            kill9(server.proc)
        expected[claim_id] = response.json()["status"]
    engine = make_engine(f"sqlite:///{bundled_db}", create=False)
    with engine.connect() as conn:
        stored = dict(conn.execute(select(t.claims.c.id, t.claims.c.status)).all())
        logged = conn.execute(
            select(t.audit_log.c.claim_id, t.audit_log.c.why).where(t.audit_log.c.why == "toggle")
        ).all()
    engine.dispose()
    assert {c: stored[c] for c in claim_ids[:kills]} == {c: expected[c] for c in claim_ids[:kills]}
    assert sorted(c for c, _ in logged) == sorted(claim_ids[:kills])
    print(f"{kills} kills right after a 200: {kills} acknowledged writes kept, with audit rows")
