"""Bad or hostile input gets one clear refusal, and concurrent writers take turns."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from geoledger.api import create_app
from geoledger.config import Settings
from geoledger.errors import DocumentRefused
from geoledger.ingest import read_document
from geoledger.ingest.budget import time_budget
from geoledger.pipeline.ingest import ingest_paths
from geoledger.store import make_engine
from geoledger.store import schema as t
from geoledger.store.engine import describe

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "refusal-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = (
    "Serbia and China signed a loan agreement worth $150 million in 2021.\n"
    "Trade between Serbia and China reached 6.1 billion dollars in 2023.\n"
)


def refusal(path: Path) -> str:
    with pytest.raises(DocumentRefused) as caught:
        read_document(path)
    return str(caught.value)


def geoledger(*args: str, **env: str) -> subprocess.Popen:
    full = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **env}
    return subprocess.Popen(
        [sys.executable, "-m", "geoledger", *args],
        env=full,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# --- text encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read_as_text(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    doc = read_document(path)
    assert (doc.kind, doc.text) == ("text", ARTICLE)


def test_broken_utf16_says_where(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes("Loan".encode("utf-16") + b"\x00\xd8\x41\x00")  # a lone high surrogate
    assert refusal(path) == f"{path}: invalid UTF-16 at byte 10"


# --- PDFs ---------------------------------------------------------------------------------------


def many_page_pdf(pages: int, *, count: int | None = None) -> bytes:
    """A PDF of empty pages whose page tree says /Count count (default: the truth)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>"
        % (
            count if count is not None else pages,
            b" ".join(b"%d 0 R" % (i + 3) for i in range(pages)),
        ),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_a_pdf_of_a_hundred_thousand_pages_is_refused_before_reading_them(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    path.write_bytes(many_page_pdf(100_000))
    assert refusal(path) == f"{path}: too many pages (100,000 > 5,000 limit)"


def test_a_pdf_that_understates_its_pages_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "liar.pdf"
    path.write_bytes(many_page_pdf(5_001, count=1))
    assert refusal(path) == f"{path}: too many pages (5,001 > 5,000 limit)"


# --- names and fields ---------------------------------------------------------------------------


def test_a_file_name_with_a_newline_cannot_forge_a_second_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\nerror: b.txt").write_bytes(b"\x00\x01\x02binary")
    result = cli("--db", str(tmp_path / "l.db"), "ingest", str(folder))
    lines = result.output.splitlines()
    assert f"error: {folder}/a\\nerror: b.txt: binary file, not text" in lines
    assert sum(line.startswith("error: ") for line in lines) == 1


@pytest.fixture
def client(bundled_db: Path) -> Any:
    return TestClient(create_app(Settings(database_url=f"sqlite:///{bundled_db}", api_token=TOKEN)))


@pytest.mark.parametrize("name", ["..", ".", "x/..", "..\\..", "a\x1b[2Jb.txt"])
def test_an_upload_with_an_unusable_name_is_a_400(client: TestClient, name: str) -> None:
    response = client.post(
        "/api/ingest", files=[("files", (name, b"text", "text/plain"))], headers=AUTH
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": f"Upload 1: {name!r} is not a usable file name.",
        "code": "invalid_input",
    }


def test_an_oversized_request_is_refused_before_it_is_read(client: TestClient) -> None:
    response = client.post(
        "/api/claims/c001/accept",
        content=b"{" + b" " * (2 * 1024 * 1024) + b"}",
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request body (2,097,154 bytes) is larger than the 1,048,576 bytes this "
        "route takes.",
        "code": "too_large",
    }


@pytest.mark.parametrize("unit", ["US\nD", "USD\x1b[2J", "U\x00SD"])
def test_a_unit_with_control_characters_is_refused(client: TestClient, unit: str) -> None:
    body = {"source": "000_6507202e5f058613.txt", "metric": "trade.total", "value": 1, "unit": unit}
    response = client.post("/api/claims", json=body, headers=AUTH)
    assert response.status_code == 400
    assert response.json()["detail"] == (
        f"unit {unit!r} holds control characters; give plain text."
    )


@pytest.mark.parametrize("unit", ["US\nD", "USD\x1b[2J"])
def test_the_cli_refuses_a_unit_with_control_characters(cli, bundled_db: Path, unit: str) -> None:  # type: ignore[no-untyped-def]
    args = ["--db", str(bundled_db), "claims", "add", "--metric", "trade.total", "--value", "1"]
    result = cli(*args, "--unit", unit, "--source", "000_6507202e5f058613.txt")
    assert result.exit_code != 0
    assert result.output == f"error: unit {unit!r} holds control characters; give plain text.\n"
    engine = make_engine(f"sqlite:///{bundled_db}", create=False)
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(t.claims)).scalar_one()
    engine.dispose()
    assert stored == 89


# --- budgets ------------------------------------------------------------------------------------


def test_a_document_past_its_time_budget_is_refused_and_the_batch_goes_on(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    # Certainly over budget whatever the machine's load: the budget counts CPU seconds, and
    # these 2.8 MB of dense figures need many (the small one a hundredth of 0.2 s).
    (folder / "big.txt").write_text(ARTICLE * 20_000, encoding="utf-8")
    (folder / "small.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setenv("GEOLEDGER_DOC_SECONDS", "0.2")
    result = cli("--db", str(tmp_path / "l.db"), "ingest", str(folder))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        f"error: {folder}/big.txt: took more than its 0.2 s CPU budget; split it into smaller "
        "documents"
    )
    assert lines[-1] == "1 document read (1 new), 2 claims stored; 1 file refused."


def test_a_refusal_swallowed_inside_the_block_does_not_end_the_budget() -> None:
    # A refusal raised while the interpreter runs a finaliser is dropped; the alarm repeats,
    # so the block ends anyway. Here the block itself drops the first one.
    swallowed = 0
    with pytest.raises(DocumentRefused) as caught, time_budget("doc.txt", 0.05):
        try:
            while True:
                pass
        except DocumentRefused:
            swallowed += 1
        while True:
            pass
    assert swallowed == 1
    assert str(caught.value) == (
        "doc.txt: took more than its 0.05 s CPU budget; split it into smaller documents"
    )


def test_the_budget_holds_in_a_thread_other_than_the_main_one() -> None:
    # The server extracts uploads in worker threads, where no signal reaches.
    outcome: list[str] = []

    def work() -> None:
        try:
            with time_budget("doc.txt", 0.05):
                while True:
                    pass
        except DocumentRefused as refusal:
            outcome.append(str(refusal))
        with time_budget("next.txt", 30):
            outcome.append("the next document is not refused")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert outcome == [
        "doc.txt: took more than its 0.05 s CPU budget; split it into smaller documents",
        "the next document is not refused",
    ]


def test_no_alarm_is_left_after_a_block_within_its_budget() -> None:
    with time_budget("doc.txt", 30):
        pass
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGPROF) is signal.SIG_DFL


# --- concurrency ----------------------------------------------------------------------------------


def test_concurrent_ingests_of_the_same_documents_store_each_once(
    ledger_url: str, tmp_path: Path
) -> None:
    docs = []
    for number in range(3):
        path = tmp_path / f"doc{number}.md"
        path.write_text(
            f"# Note {number}\n\n{ARTICLE}In {2010 + number} a deal of ${number + 2} million.\n"
        )
        docs.append(str(path))
    engine = make_engine(ledger_url)
    errors: list[BaseException] = []

    def ingest() -> None:
        try:
            ingest_paths(engine, docs)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=ingest) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with engine.connect() as conn:
        sources = conn.execute(select(func.count()).select_from(t.sources)).scalar_one()
        claims = conn.execute(select(func.count()).select_from(t.claims)).scalar_one()
        created = conn.execute(select(func.count()).select_from(t.audit_log)).scalar_one()
    engine.dispose()
    assert errors == []
    assert sources == 3 and claims >= 3 and created == claims


def test_two_loads_at_once_both_end_with_one_clear_line(ledger_url: str) -> None:
    procs = [geoledger("--db", ledger_url, "load") for _ in range(2)]
    outputs = sorted((p.wait(timeout=300), *p.communicate()) for p in procs)
    prefix = f"Loaded china-serbia into {describe(ledger_url)}: "
    assert outputs == [
        (0, prefix + "0 sources, 0 actors, 0 events, 0 claims added (441 already present).\n", ""),
        (
            0,
            prefix + "5 sources, 164 actors, 183 events, 89 claims added (0 already present).\n",
            "",
        ),
    ]


def test_two_ingest_processes_of_the_same_files_store_each_once(
    ledger_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(4):
        (folder / f"doc{number}.txt").write_text(ARTICLE + f"In {2010 + number} it grew.\n")
    procs = [geoledger("--db", ledger_url, "ingest", str(folder)) for _ in range(2)]
    outputs = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    assert [(code, err) for code, _, err in outputs] == [(0, ""), (0, "")]
    # Each process read all four; each document was new to exactly one of them.
    new = [int(out.split("documents read (")[1].split(" new)")[0]) for _, out, _ in outputs]
    assert sum(new) == 4, outputs
    engine = make_engine(ledger_url, create=False)
    with engine.connect() as conn:
        sources = conn.execute(select(func.count()).select_from(t.sources)).scalar_one()
        claims = conn.execute(select(func.count()).select_from(t.claims)).scalar_one()
        created = conn.execute(
            select(func.count()).select_from(t.audit_log).where(t.audit_log.c.action == "create")
        ).scalar_one()
    engine.dispose()
    assert sources == 4 and claims >= 8 and created == claims


def test_workers_of_a_killed_ingest_die_with_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(60):
        (folder / f"d{number}.txt").write_text(ARTICLE * 400 + f"Note {number}.\n")
    proc = geoledger("--db", str(tmp_path / "l.db"), "ingest", "-j", "2", str(folder))
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.05)
    assert [pid for pid in workers if alive(pid)] == []


def children(pid: int) -> list[int]:
    """Pids whose parent is pid, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """True while pid runs (a zombie counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
