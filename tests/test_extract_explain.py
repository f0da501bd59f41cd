"""`geoledger extract --explain` and the claim page say which words decided each attribute."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, HAVE_CHROMIUM, NO_CHROMIUM, running_server
from conftest import CliRun
from geoledger import pipeline, store
from geoledger.pipeline.ingest import ingest_paths

ARTICLE = (
    "Montenegro borrows again\nPublished: 2021-03-04\n\n"
    "Montenegro took a $944 million loan from the Export-Import Bank of China in 2014.\n\n"
    "Tourist arrivals rose by 12 percent.\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "montenegro.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_extract_explain_names_the_words_behind_each_attribute(cli: CliRun, article: Path) -> None:
    result = cli("extract", str(article), "--explain")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["surface"], r["why"]) for r in rows] == [
        (
            "$944 million",
            {
                "metric": "'loan' near the figure",
                "period": "its own clause: '2014'",
                "subject": "named in the sentence: 'Montenegro'",
                "partner": "the home country of 'Export-Import Bank of China'",
                "entity": "named in the sentence: 'Export-Import Bank of China'",
            },
        ),
        (
            "12 percent",
            {
                "metric": "'arrivals' near the figure",
                "period": "the document's date (2021-03-04); a change runs from its base "
                "(a year before)",
                "subject": "the document's main country (Montenegro)",
                "partner": "none named",
                "entity": "none: trade and poll figures have no single actor",
            },
        ),
    ]
    assert (rows[1]["metric"], rows[1]["period"]) == ("tourism.arrivals", "2020/2021")


def test_extract_explain_as_csv_adds_one_column_per_attribute(cli: CliRun, article: Path) -> None:
    result = cli("extract", str(article), "--explain", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[0]
    assert header.endswith(",why_metric,why_period,why_subject,why_partner,why_entity")


@pytest.mark.skipif(not HAVE_CHROMIUM, reason=NO_CHROMIUM)
def test_the_claim_page_shows_why_an_extracted_claim_reads_as_it_does(
    tmp_path: Path, article: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    engine = store.make_engine(url)
    pipeline.load_dataset(engine)
    assert ingest_paths(engine, [str(article)]).claims == 2
    engine.dispose()
    with running_server(url, token="t") as server, sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = chromium.new_page(base_url=server)
        claims = page.request.get("/api/claims?status=candidate").json()
        loan = next(c for c in _items(claims) if c["metric"] == "loan")
        page.goto(f"/claims/{loan['id']}")
        rows = page.locator("#why table.why tbody tr")
        assert rows.all_inner_texts() == [
            "metric\tloan\t'loan' near the figure",
            "period\t2014\tits own clause: '2014'",
            "subject\tMontenegro\tnamed in the sentence: 'Montenegro'",
            "partner\tChina\tthe home country of 'Export-Import Bank of China'",
            "entity\tExim Bank of China\tnamed in the sentence: 'Export-Import Bank of China'",
        ]
        chromium.close()


def _items(payload: Any) -> Iterator[dict[str, Any]]:
    return iter(payload["items"] if isinstance(payload, dict) else payload)
