"""Checking a text against the ledger: real corpus articles, rewritten with changed figures.

The bundled ledger holds hand-checked claims from the corpus articles, so an article checked as it
is agrees with the ledger; the same article with one figure changed, or one year moved, must say
so figure by figure. Figures are found through the shared gold's offsets, never by their text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from geoledger.api import create_app
from geoledger.config import Settings
from geoledger.store import make_engine
from geoledger.store import schema as t

ARTICLE = "000_6507202e5f058613.txt"


def gold_claims(shared: Path) -> list[dict[str, Any]]:
    path = shared / "gold" / ARTICLE.replace(".txt", ".jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def gold_one(shared: Path, **wanted: Any) -> dict[str, Any]:
    """The one gold claim with these attributes."""
    found = [g for g in gold_claims(shared) if all(g[k] == v for k, v in wanted.items())]
    assert len(found) == 1, wanted
    return found[0]


def article(shared: Path) -> str:
    return (shared / "corpus" / ARTICLE).read_text(encoding="utf-8")


def rewrite(text: str, claim: dict[str, Any], new_surface: str) -> str:
    """text with claim's figure replaced by new_surface, at the claim's own place."""
    assert text[claim["start"] : claim["end"]] == claim["surface"]
    return text[: claim["start"]] + new_surface + text[claim["end"] :]


def figure_at(report: dict[str, Any], start: int) -> dict[str, Any]:
    found = [f for f in report["figures"] if f["start"] == start]
    assert len(found) == 1, [(f["start"], f["surface"]) for f in report["figures"]]
    return found[0]


def check_json(cli: Any, db: Path, path: Path) -> dict[str, Any]:
    result = cli("--db", str(db), "check", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ledger_counts(db: Path) -> tuple[int, int, int, int]:
    engine = make_engine(f"sqlite:///{db}", create=False)
    with engine.connect() as conn:
        counts = tuple(
            conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (t.sources, t.claims, t.audit_log, t.ingest_issues)
        )
    engine.dispose()
    return counts  # type: ignore[return-value]


def test_an_article_the_ledger_was_built_from_agrees_with_its_sources(
    cli: Any, bundled_db: Path, shared: Path, tmp_path: Path
) -> None:
    path = tmp_path / ARTICLE
    path.write_text(article(shared), encoding="utf-8")
    report = check_json(cli, bundled_db, path)
    exports = gold_one(shared, metric="trade.exports", period="2024", value=1.9e9)
    figure = figure_at(report, exports["start"])
    assert figure["verdict"] == "agrees"
    assert figure["key"]["subject"] == "Serbia" and figure["key"]["partner"] == "China"
    best = [e for e in figure["evidence"] if e["best"]]
    assert len(best) == 1 and best[0]["status"] == "accepted" and best[0]["relation"] == "agrees"
    assert best[0]["source"] == ARTICLE and best[0]["value"] == 1.9e9
    assert figure["difference"] == 0.0
    # A count with no metric of the vocabulary is unclear, and says what it is unsure of.
    other = gold_one(shared, metric="other", period="2023")
    unclear = figure_at(report, other["start"])
    assert unclear["verdict"] == "unclear" and "metric" in unclear["unclear"]
    assert sum(report["counts"].values()) == len(report["figures"])


def test_a_changed_figure_differs_by_how_much_and_rounding_is_told_apart(
    cli: Any, bundled_db: Path, shared: Path, tmp_path: Path
) -> None:
    exports = gold_one(shared, metric="trade.exports", period="2024", value=1.9e9)
    # 1.94 bn is within the ledger's "1.9 billion" (±0.05 bn as printed), 2.85 bn is not.
    near, far = tmp_path / "near.txt", tmp_path / "far.txt"
    near.write_text(rewrite(article(shared), exports, "$1.94 billion"), encoding="utf-8")
    far.write_text(rewrite(article(shared), exports, "$2.85 billion"), encoding="utf-8")

    within = figure_at(check_json(cli, bundled_db, near), exports["start"])
    assert within["verdict"] == "differs_within_rounding"
    assert within["difference"] == pytest.approx(0.04e9)
    assert within["reason"].startswith("off by 40m USD (2.1%), within the printed precision")

    beyond = figure_at(check_json(cli, bundled_db, far), exports["start"])
    assert beyond["verdict"] == "differs"
    assert beyond["difference"] == pytest.approx(0.95e9)
    assert beyond["difference_pct"] == pytest.approx(50.0)
    assert beyond["reason"] == (
        "off by 950m USD (50.0%), beyond the printed precision (2.85bn USD vs c016 1.9bn USD)"
    )
    assert [e["relation"] for e in beyond["evidence"]] == ["differs"]


def test_a_figure_of_a_year_the_ledger_has_not_is_new(
    cli: Any, bundled_db: Path, shared: Path, tmp_path: Path
) -> None:
    exports = gold_one(shared, metric="trade.exports", period="2013")
    text = article(shared)
    moved = text.replace("2013", "1983")
    assert len(moved) == len(text) and moved != text
    path = tmp_path / "moved.txt"
    path.write_text(moved, encoding="utf-8")
    figure = figure_at(check_json(cli, bundled_db, path), exports["start"])
    assert figure["key"]["period"] == "1983"
    assert figure["verdict"] == "new"
    assert figure["evidence"] == [] and figure["fact"] is None


def test_markdown_and_table_say_every_verdict_count(
    cli: Any, bundled_db: Path, shared: Path, tmp_path: Path
) -> None:
    path = tmp_path / ARTICLE
    path.write_text(article(shared), encoding="utf-8")
    report = check_json(cli, bundled_db, path)
    counts = report["counts"]
    markdown = cli("--db", str(bundled_db), "check", str(path), "--format", "markdown")
    assert markdown.exit_code == 0
    lines = markdown.stdout.splitlines()
    assert lines[0].startswith("## Figures in ")
    total = len(report["figures"])
    assert lines[2].startswith(f"{total} figures: {counts['agrees']} agree")
    assert lines[4] == "| # | figure | means | verdict | why | ledger sources |"
    assert len([line for line in lines if line.startswith("| ")]) == total + 1
    table = cli("--db", str(bundled_db), "check", str(path))
    assert table.exit_code == 0 and lines[2] in table.stdout


def test_standard_input_is_checked_and_nothing_is_stored(
    cli: Any, bundled_db: Path, shared: Path
) -> None:
    before = ledger_counts(bundled_db)
    result = cli("--db", str(bundled_db), "check", "-", "--format", "json", input=article(shared))
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["document"]["name"] == "input.txt" and report["counts"]["agrees"] > 0
    assert ledger_counts(bundled_db) == before


def test_ingest_after_checking_stores_the_text_as_a_source(
    cli: Any, bundled_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "note.txt"
    path.write_text(
        "A note on Serbian trade\nPublished: 2025-03-01\n\n"
        "Serbia's trade with China reached $9.9 billion in 1999.\n",
        encoding="utf-8",
    )
    sources, claims, *_ = ledger_counts(bundled_db)
    first = cli("--db", str(bundled_db), "check", str(path), "--format", "json", "--ingest")
    assert first.exit_code == 0
    assert json.loads(first.stdout)["figures"][0]["verdict"] == "new"
    assert first.stderr == "note.txt: 1 claims stored as candidates.\n"
    assert ledger_counts(bundled_db)[:2] == (sources + 1, claims + 1)
    again = check_json(cli, bundled_db, path)["figures"][0]
    assert again["verdict"] == "agrees"
    assert [e["status"] for e in again["evidence"]] == ["candidate"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("zeros.txt", b"\x00\x01\x02" * 400, "binary"),
        ("latin1.txt", "Izvoz je 5 miliona € – rekordno".encode("cp1250"), "invalid UTF-8"),
        ("huge.txt", b"1 " * (25 * 1024 * 1024), "file too large"),
    ],
)
def test_bad_input_is_one_line_a_non_zero_exit_and_no_write(
    cli: Any, bundled_db: Path, tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = ledger_counts(bundled_db)
    result = cli("--db", str(bundled_db), "check", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {path}: ") and reason in result.stderr
    assert result.stderr.count("\n") == 1
    assert ledger_counts(bundled_db) == before


def test_a_check_without_a_ledger_says_how_to_make_one(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Exports were $5 million in 2020.\n", encoding="utf-8")
    result = cli("--db", str(tmp_path / "none.db"), "check", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: No ledger at ") and result.stderr.count("\n") == 1


@pytest.fixture
def client(bundled_db: Path) -> TestClient:
    settings = Settings(database_url=f"sqlite:///{bundled_db}", user="api", api_token="t0ken")
    return TestClient(create_app(settings))


def test_the_api_checks_json_text_and_writes_nothing(
    client: TestClient, bundled_db: Path, shared: Path
) -> None:
    exports = gold_one(shared, metric="trade.exports", period="2024", value=1.9e9)
    text = rewrite(article(shared), exports, "$2.85 billion")
    before = ledger_counts(bundled_db)
    response = client.post("/api/check", json={"text": text, "name": "draft.txt"})
    assert response.status_code == 200
    report = response.json()
    assert report["document"]["name"] == "draft.txt"
    figure = figure_at(report, exports["start"])
    assert (figure["value"], figure["unit"], figure["verdict"]) == (2.85e9, "USD", "differs")
    assert ledger_counts(bundled_db) == before


@pytest.mark.parametrize(
    ("body", "status", "code", "detail"),
    [
        ({"text": ""}, 400, "invalid_input", "input.txt: empty file"),
        ({"text": "%PDF-1.4 nothing", "name": "a.pdf"}, 400, "invalid_input", None),
        ({"text": "x" * (21 * 1024 * 1024)}, 413, "too_large", None),
        ({"name": "a.txt"}, 422, "invalid_request", None),
    ],
)
def test_the_api_refuses_bad_text_in_the_error_shape(
    client: TestClient, body: dict[str, Any], status: int, code: str, detail: str | None
) -> None:
    response = client.post("/api/check", json=body)
    assert response.status_code == status
    assert response.json()["code"] == code
    if detail is not None:
        assert response.json()["detail"] == detail
