"""Sources carry title, outlet, author, date and URL; pages cite them so, never by file name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import CliRun
from geoledger.api import create_app
from geoledger.config import Settings

ARTICLE = "000_6507202e5f058613.txt"


def _sources(cli: CliRun, db: Path) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(cli("--db", str(db), "sources", "--format", "json").stdout)


def test_ingest_takes_citation_options(cli: CliRun, shared: Path, tmp_path: Path) -> None:
    doc = tmp_path / "article.txt"
    shutil.copy(shared / "corpus" / ARTICLE, doc)
    db = tmp_path / "l.db"
    args = ["--title", "Trade after the FTA", "--outlet", "Example Review", "--author", "A. Writer"]
    args += ["--date", "2025-02", "--url", "https://example.org/fta"]
    result = cli("--db", str(db), "ingest", str(doc), *args)
    assert result.exit_code == 0, result.output
    [source] = _sources(cli, db)
    assert (source["title"], source["outlet"], source["author"]) == (
        "Trade after the FTA",
        "Example Review",
        "A. Writer",
    )
    assert (source["published_on"], source["url"]) == ("2025-02", "https://example.org/fta")


def test_ingest_reads_a_sidecar_and_skips_it_as_a_document(
    cli: CliRun, shared: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(shared / "corpus" / ARTICLE, folder / "a.txt")
    meta = {"title": "Serbia and China", "outlet": "Example Weekly", "date": "2024-06-01"}
    (folder / "a.txt.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    db = tmp_path / "l.db"
    result = cli("--db", str(db), "ingest", str(folder))
    assert result.stdout == "1 document read (1 new), 22 claims stored.\n"
    [source] = _sources(cli, db)
    assert (source["title"], source["outlet"], source["published_on"]) == (
        "Serbia and China",
        "Example Weekly",
        "2024-06-01",
    )


def test_bad_citation_fields_get_one_clear_line(cli: CliRun, shared: Path, tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    shutil.copy(shared / "corpus" / ARTICLE, doc)
    db = str(tmp_path / "l.db")
    result = cli("--db", db, "ingest", str(doc), "--date", "2025-13")
    assert (result.exit_code, result.stderr) == (
        1,
        "error: --date '2025-13' is not ISO 8601 (2024, 2024-05, 2024-05-08).\n",
    )
    result = cli("--db", db, "ingest", str(doc), str(doc) + "x", "--title", "T")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: --title, --outlet, --author, --date and --url describe")
    (tmp_path / "a.txt.meta.json").write_text('{"url": "example.org"}', encoding="utf-8")
    result = cli("--db", db, "ingest", str(doc))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {doc}: a.txt.meta.json: url 'example.org' must start with http:// or https://.\n"
    )


def test_pages_cite_sources_by_title_never_by_file_name(bundled_db: Path) -> None:
    from fastapi.testclient import TestClient

    app = create_app(Settings(database_url=f"sqlite:///{bundled_db}"))
    client = TestClient(app)
    for path in ("/", "/events", "/conflicts", "/claims", "/trade", "/money", "/facts"):
        html = client.get(path).text
        for cite in html.split('class="cite"')[1:]:
            label = cite.split(">", 1)[1].split("<", 1)[0]
            assert not label.startswith(("000", "001", "002", "003", "004")), (path, label)
            assert ".txt" not in label, (path, label)
