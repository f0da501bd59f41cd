"""`geoledger ingest` and `geoledger extract` end to end: real files, a real SQLite ledger."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import CliRun

DATA = Path(__file__).parent / "data"


def _claims(cli: CliRun, db: Path, *args: str) -> list[dict]:  # type: ignore[type-arg]
    result = cli("--db", str(db), "claims", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def corpus(shared: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(shared / "corpus", folder)
    return folder


def test_extract_prints_claims_with_exact_offsets_and_stores_nothing(
    cli: CliRun, corpus: Path, tmp_path: Path
) -> None:
    result = cli("extract", str(corpus), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) > 50
    texts = {p.name: p.read_text(encoding="utf-8") for p in corpus.glob("*.txt")}
    for row in rows:
        assert texts[row["doc"]][row["start"] : row["end"]] == row["surface"]
        assert set(row) >= {
            "doc",
            "start",
            "end",
            "surface",
            "value",
            "value_max",
            "unit",
            "qualifier",
            "measure",
            "period",
            "metric",
            "subject",
            "partner",
            "entity",
            "object",
        }
    assert result.stderr.startswith("3 documents read, ")
    assert not (tmp_path / "data" / "ledger.db").exists()


def test_ingest_stores_candidates_with_their_place_and_twice_changes_nothing(
    cli: CliRun, corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "l.db"
    first = cli("--db", str(db), "ingest", str(corpus))
    assert first.exit_code == 0, first.stderr
    assert first.stdout.startswith("3 documents read (3 new), ")
    candidates = _claims(cli, db, "--status", "candidate")
    assert len(candidates) > 50
    for claim in candidates:
        assert claim["source"] in {p.name for p in corpus.glob("*.txt")}
        assert claim["start"] is not None and claim["surface"]
        assert claim["origin"] == "extracted" and claim["made_by"]
    second = cli("--db", str(db), "ingest", str(corpus / "*.txt"))
    assert second.stdout.startswith("3 documents read (0 new), 0 claims stored")
    assert _claims(cli, db, "--status", "candidate") == candidates


def test_the_stored_text_is_what_offsets_point_into(cli: CliRun, tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DATA / "harbour_crane_article.html", folder)
    shutil.copy(DATA / "river_freight_note.pdf", folder)
    result = cli("--db", str(db), "ingest", str(folder), "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    from geoledger.store import get_source, make_engine

    engine = make_engine(f"sqlite:///{db}")
    claims = _claims(cli, db)
    assert {c["source"] for c in claims} == {"harbour_crane_article.html", "river_freight_note.pdf"}
    with engine.connect() as conn:
        for claim in claims:
            text = get_source(conn, claim["source"]).text or ""
            assert text[claim["start"] : claim["end"]] == claim["surface"]


def test_bad_files_are_refused_one_line_each_and_the_rest_is_ingested(
    cli: CliRun, corpus: Path, tmp_path: Path
) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (corpus / "latin1.txt").write_bytes(
        "Investment of 5 million dinars in Zürich".encode("latin-1")
    )
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    missing = tmp_path / "nowhere.txt"
    db = tmp_path / "l.db"
    result = cli("--db", str(db), "ingest", str(corpus), str(missing))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors[0] == f"error: {missing}: no such file"
    assert f"error: {corpus / 'empty.txt'}: empty file" in errors
    assert f"error: {corpus / 'binary.txt'}: binary file, not text" in errors
    assert any(
        e.startswith(f"error: {corpus / 'latin1.txt'}: invalid UTF-8 at byte ") for e in errors
    )
    assert any(e.startswith(f"error: {corpus / 'broken.pdf'}: malformed PDF") for e in errors)
    assert len(errors) == 5
    assert result.stdout.startswith("3 documents read (3 new), ")
    assert result.stdout.rstrip().endswith("; 5 files refused.")
    issues = json.loads(cli("--db", str(db), "issues", "--format", "json").stdout)
    assert {i["code"] for i in issues} >= {"refused"}
    assert len([i for i in issues if i["code"] == "refused"]) == 5


def test_parallel_ingest_stores_the_same_claims(cli: CliRun, corpus: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert cli("--db", str(one), "ingest", str(corpus)).exit_code == 0
    assert cli("--db", str(two), "ingest", str(corpus), "--jobs", "2").exit_code == 0
    strip = lambda rows: [{k: v for k, v in r.items() if not k.endswith("_at")} for r in rows]  # noqa: E731
    assert strip(_claims(cli, one)) == strip(_claims(cli, two))


def test_ingest_links_into_an_existing_ledger(cli: CliRun, corpus: Path, bundled_db: Path) -> None:
    result = cli("--db", str(bundled_db), "ingest", str(corpus))
    assert result.exit_code == 0
    extracted = _claims(cli, bundled_db, "--status", "candidate", "--partner", "Kina")
    assert extracted and all(c["partner"] == "China" for c in extracted)
    curated = _claims(cli, bundled_db, "--status", "accepted")
    assert len(curated) == 89


def test_a_new_article_with_another_export_figure_is_a_conflict_at_once(
    cli: CliRun, bundled_db: Path, tmp_path: Path
) -> None:
    article = tmp_path / "wire.txt"
    article.write_text(
        "Exports reach a record\n\nBELGRADE, March 3, 2025 - Serbia's exports to China rose to"
        " $2.4 billion in 2024, the statistics office said on Monday, driven by copper"
        " shipments from Chinese-owned mines.\n",
        encoding="utf-8",
    )
    assert cli("--db", str(bundled_db), "ingest", str(article)).exit_code == 0
    result = cli(
        "--db",
        str(bundled_db),
        "conflicts",
        "--metric",
        "trade.exports",
        "--period",
        "2024",
        "--format",
        "json",
    )
    conflicts = [c for c in json.loads(result.stdout) if c["key"]["metric"] == "trade.exports"]
    assert len(conflicts) == 1
    versions = {(v["value"], v["source"]) for v in conflicts[0]["versions"]}
    assert versions == {(1.9e9, "000_6507202e5f058613.txt"), (2.4e9, "wire.txt")}
    assert conflicts[0]["verdict"] == "conflict"


def test_an_organisation_the_ledger_lacks_is_proposed_as_a_new_actor(
    cli: CliRun, bundled_db: Path, tmp_path: Path
) -> None:
    article = tmp_path / "deal.txt"
    article.write_text(
        "Plant sold\n\nNOVI SAD, June 2, 2025 - Danube Cable Holding paid €48 million for a"
        " cable plant near Novi Sad in 2025, the buyer said.\n",
        encoding="utf-8",
    )
    assert cli("--db", str(bundled_db), "ingest", str(article)).stdout == (
        "1 document read (1 new), 1 claim stored, 1 new actor(s) proposed.\n"
    )
    result = cli("--db", str(bundled_db), "actors", "--status", "proposed", "--format", "json")
    (actor,) = json.loads(result.stdout)
    assert (actor["name"], actor["status"], actor["sources"]) == (
        "Danube Cable Holding",
        "proposed",
        ["deal.txt"],
    )
    assert len(json.loads(cli("--db", str(bundled_db), "actors", "--format", "json").stdout)) == 165


def test_a_quantity_the_extractor_cannot_read_is_kept_as_a_located_issue(
    cli: CliRun, tmp_path: Path
) -> None:
    text = "Budget note\n\nThe ministry set aside 3 billion for roads in 2024.\n"
    article = tmp_path / "note.txt"
    article.write_text(text, encoding="utf-8")
    db = tmp_path / "l.db"
    assert cli("--db", str(db), "ingest", str(article)).exit_code == 0
    issues = json.loads(cli("--db", str(db), "issues", "--format", "json").stdout)
    unread = [i for i in issues if i["code"] == "unread_quantity"]
    assert len(unread) == 1 and unread[0]["doc"] == "note.txt"
    assert text[unread[0]["start"] : unread[0]["end"]].startswith("3 billion")
    cli("--db", str(db), "ingest", str(article))
    assert json.loads(cli("--db", str(db), "issues", "--format", "json").stdout) == issues


def test_curated_and_extracted_copies_of_one_statement_are_one_row(
    cli: CliRun, shared: Path, bundled_db: Path
) -> None:
    from geoledger import pipeline, store
    from geoledger.store import make_engine

    article = shared / "corpus" / "001_23ae14e54a8101f3.txt"
    assert cli("--db", str(bundled_db), "ingest", str(article)).exit_code == 0
    engine = make_engine(f"sqlite:///{bundled_db}")
    with engine.connect() as conn:
        titles = store.source_titles(conn)
        records = [
            pipeline.claim_record(c, titles)
            for c in store.list_claims(conn, store.ClaimFilter(source=article.name))
            if c.metric == "investment.deal"
        ]
        rows = pipeline.one_row_per_statement(conn, records)
    engine.dispose()
    assert len(rows) < len(records)  # the extracted copies joined their curated claims
    assert all(r["origin"] == "curated" for r in rows if r["also"])
    by_entity = sorted((r["entity"], r["value"]) for r in rows)
    assert by_entity.count(("Zijin Mining", 1e9)) == 1 and ("Linglong", 1e9) in by_entity


def test_money_without_a_rate_is_kept_in_its_currency_and_the_claim_says_why(
    cli: CliRun, tmp_path: Path
) -> None:
    article = tmp_path / "guilders.txt"
    article.write_text(
        "Dutch exporters sold machines worth 250 million Dutch guilders to Serbia in 1998.\n",
        encoding="utf-8",
    )
    db = tmp_path / "ledger.db"
    assert cli("--db", str(db), "ingest", str(article)).exit_code == 0
    rows = _claims(cli, db)
    assert [(r["surface"], r["value"], r["unit"], r["usd"]) for r in rows] == [
        ("250 million Dutch guilders", 250e6, "NLG", None)
    ]
    assert rows[0]["usd_note"] == (
        "no exchange rate for NLG in 1998: neither the ECB reference rates nor HMRC's rates "
        "publish it then; give the amount in a published currency; kept in NLG."
    )


def test_a_bare_dollar_in_an_article_about_canada_is_a_canadian_dollar_and_says_so(
    cli: CliRun, tmp_path: Path
) -> None:
    article = tmp_path / "canada.txt"
    article.write_text(
        "Canada will lend Serbia $300 million for rail in 2024, Canadian officials said in "
        "Ottawa.\n",
        encoding="utf-8",
    )
    db = tmp_path / "ledger.db"
    assert cli("--db", str(db), "ingest", str(article)).exit_code == 0
    rows = _claims(cli, db)
    assert [(r["surface"], r["value"], r["unit"], r["note"]) for r in rows] == [
        (
            "$300 million",
            300e6,
            "CAD",
            "'$' read as CAD: the text names Canada more often than United States",
        )
    ]
