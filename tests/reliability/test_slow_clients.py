"""A slow or huge request cannot hold the server: real uvicorn, real sockets.

Bodies without a Content-Length are counted as they stream and refused past the route's cap
(413); a body or headers trickling in past their time are refused (408) and the connection is
closed; meanwhile other clients are served, and the ledger is unchanged.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import func, select

from geoledger.api.write import MAX_UPLOAD_BYTES
from geoledger.store import make_engine
from geoledger.store import schema as t
from reliability.harness import TOKEN, Server, kill9, start_server

BOUNDARY = "reliability-boundary"
ARTICLE = b"Serbia and China signed a loan agreement worth $150 million in 2021.\n"


def connect(url: str) -> socket.socket:
    """A raw TCP connection to the server; reads give up after 30 s rather than hang the run."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    return sock


def head(path: str, *lines: str) -> bytes:
    return (
        "\r\n".join(
            [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Authorization: Bearer {TOKEN}", *lines]
        )
        + "\r\n\r\n"
    ).encode()


def chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def multipart_head(name: str) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()


def answer(sock: socket.socket) -> tuple[int, dict[str, str], dict]:
    """Read one HTTP response until the server closes: (status, headers, JSON body)."""
    received = b""
    with contextlib.suppress(ConnectionResetError):
        while block := sock.recv(65536):
            received += block
    top, _, body = received.partition(b"\r\n\r\n")
    status_line, *header_lines = top.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)}
    return int(status_line.split()[1]), headers, json.loads(body)


def send_all_you_can(sock: socket.socket, data: bytes) -> bool:
    """Send data; False once the server has closed its side (it answered early)."""
    try:
        sock.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        return False
    return True


def counts(db: Path) -> tuple[int, int, int]:
    """(sources, claims, audit entries) of the ledger: what a refused request must not change."""
    engine = make_engine(f"sqlite:///{db}", create=False)
    with engine.connect() as conn:
        found = tuple(
            conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (t.sources, t.claims, t.audit_log)
        )
    engine.dispose()
    return found  # type: ignore[return-value]


@pytest.fixture(scope="module")
def bundled_db(_bundled_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ledger for the module's one server (each test compares its own before and after)."""
    path = tmp_path_factory.mktemp("slow") / "bundled.db"
    shutil.copy(_bundled_template, path)
    return path


@pytest.fixture(scope="module")
def server(bundled_db: Path) -> Iterator[Server]:
    started = start_server(
        str(bundled_db),
        GEOLEDGER_BODY_SECONDS="1.5",
        GEOLEDGER_HEADER_SECONDS="1.5",
        GEOLEDGER_DOC_SECONDS="0.5",
    )
    yield started
    kill9(started.proc)


def test_a_chunked_upload_past_the_cap_is_refused_413_and_stores_nothing(
    server, bundled_db: Path
) -> None:  # type: ignore[no-untyped-def]
    before = counts(bundled_db)
    with connect(server.url) as sock:
        sock.sendall(
            head(
                "/api/ingest",
                "Transfer-Encoding: chunked",
                f"Content-Type: multipart/form-data; boundary={BOUNDARY}",
            )
        )
        sock.sendall(chunk(multipart_head("huge.txt")))
        block = ARTICLE * (1024 * 1024 // len(ARTICLE))
        sent = 0
        while sent < 2 * MAX_UPLOAD_BYTES and send_all_you_can(sock, chunk(block)):
            sent += len(block)
        status, headers, body = answer(sock)
    assert status == 413
    assert headers["connection"] == "close"
    assert body == {
        "detail": f"The request body is larger than the {MAX_UPLOAD_BYTES + 1024 * 1024:,} bytes "
        "this route takes.",
        "code": "too_large",
    }
    assert counts(bundled_db) == before


def test_a_chunked_review_body_past_a_mebibyte_is_refused_413(server, bundled_db: Path) -> None:  # type: ignore[no-untyped-def]
    before = counts(bundled_db)
    with connect(server.url) as sock:
        sock.sendall(
            head(
                "/api/claims/c001/reject",
                "Transfer-Encoding: chunked",
                "Content-Type: application/json",
            )
        )
        sent = 0
        while sent < 4 * 1024 * 1024 and send_all_you_can(sock, chunk(b" " * 65536)):
            sent += 65536
        status, _, body = answer(sock)
    assert (status, body["code"]) == (413, "too_large")
    assert counts(bundled_db) == before
    assert httpx.get(f"{server.url}/api/claims/c001").json()["status"] != "rejected"


def test_a_body_trickling_in_is_refused_408_while_others_are_served(
    server, bundled_db: Path
) -> None:  # type: ignore[no-untyped-def]
    before = counts(bundled_db)
    document = multipart_head("slow.txt") + ARTICLE + f"\r\n--{BOUNDARY}--\r\n".encode()
    with connect(server.url) as sock:
        sock.sendall(
            head(
                "/api/ingest",
                f"Content-Length: {len(document)}",
                f"Content-Type: multipart/form-data; boundary={BOUNDARY}",
            )
        )
        sock.sendall(document[:40])  # and then a byte now and then, never the whole of it
        for byte in document[40:60]:
            with contextlib.suppress(OSError):
                sock.sendall(bytes([byte]))
            # Others are answered while this upload holds its connection.
            assert httpx.get(f"{server.url}/api/sources?limit=1", timeout=10).status_code == 200
            time.sleep(0.1)
        status, headers, body = answer(sock)
    assert (status, headers["connection"]) == (408, "close")
    assert body == {
        "detail": "The request body did not arrive within 1.5 s; send it again on a faster "
        "connection, or smaller.",
        "code": "too_slow",
    }
    assert counts(bundled_db) == before


def test_headers_trickling_in_are_cut_off_408_while_others_are_served(server) -> None:  # type: ignore[no-untyped-def]
    slow = [connect(server.url) for _ in range(50)]
    try:
        for sock in slow:
            sock.sendall(b"GET /api/sources HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        for number in range(10):
            for sock in slow:
                with contextlib.suppress(OSError):
                    sock.sendall(b"X-Slow-%d: 1\r\n" % number)
            assert httpx.get(f"{server.url}/api/sources?limit=1", timeout=10).status_code == 200
            time.sleep(0.1)
        answers = [answer(sock) for sock in slow]
    finally:
        for sock in slow:
            sock.close()
    assert {(status, body["code"]) for status, _, body in answers} == {(408, "too_slow")}
    assert answers[0][2]["detail"] == "The request headers did not arrive within 1.5 s."


def test_a_silent_connection_is_closed_after_the_header_time(server) -> None:  # type: ignore[no-untyped-def]
    with connect(server.url) as sock:
        status, headers, _ = answer(sock)
    assert (status, headers["connection"]) == (408, "close")


def test_a_chunked_upload_under_the_cap_is_ingested(server, bundled_db: Path) -> None:  # type: ignore[no-untyped-def]
    sources, _, _ = counts(bundled_db)
    document = multipart_head("fine.txt") + ARTICLE * 3 + f"\r\n--{BOUNDARY}--\r\n".encode()
    with connect(server.url) as sock:
        sock.sendall(
            head(
                "/api/ingest",
                "Transfer-Encoding: chunked",
                f"Content-Type: multipart/form-data; boundary={BOUNDARY}",
                "Connection: close",
            )
        )
        for start in range(0, len(document), 50):
            sock.sendall(chunk(document[start : start + 50]))
        sock.sendall(b"0\r\n\r\n")
        status, _, body = answer(sock)
    assert status == 200, body
    assert (body["documents"], body["new_documents"], body["refused"]) == (1, 1, [])
    assert counts(bundled_db)[0] == sources + 1


def test_an_upload_past_its_cpu_budget_is_refused_and_the_rest_ingested(
    server, bundled_db: Path
) -> None:  # type: ignore[no-untyped-def]
    sources, _, _ = counts(bundled_db)
    dense = ARTICLE * 40_000  # 2.8 MB of figures: seconds of CPU, against 0.5 s
    files = [
        ("files", ("dense.txt", dense, "text/plain")),
        ("files", ("small.txt", ARTICLE + b"It was signed in Belgrade.\n", "text/plain")),
    ]
    response = httpx.post(
        f"{server.url}/api/ingest",
        files=files,
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=600,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["refused"] == [
        "upload/000/dense.txt: took more than its 0.5 s CPU budget; split it into smaller documents"
    ]
    assert (body["documents"], body["new_documents"]) == (1, 1)
    assert counts(bundled_db)[0] == sources + 1
    # The server thread that ran it serves on.
    assert httpx.get(f"{server.url}/api/sources?limit=1").status_code == 200
