"""Briefs from the bundled ledger: self-contained HTML that Chromium opens with no request out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS
from geoledger import pipeline
from geoledger.report import build_report, render_markdown, write_report
from geoledger.store import make_engine


@pytest.fixture
def brief(bundled_db: Path) -> object:
    engine = make_engine(f"sqlite:///{bundled_db}", create=False)
    with pipeline.connect(engine) as conn:
        report = build_report(conn, "Serbia", "China")
    engine.dispose()
    return report


def test_the_brief_cites_every_source_it_uses_by_number(brief: object, tmp_path: Path) -> None:
    out = write_report(brief, tmp_path / "brief.md")  # type: ignore[arg-type]
    text = out.read_text(encoding="utf-8")
    assert text == render_markdown(brief)  # type: ignore[arg-type]
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    listed = re.findall(r"^(\d+)\. .*\(`([^`]+)`\)$", text, flags=re.MULTILINE)
    assert cited == {int(n) for n, _ in listed} and cited == set(range(1, len(listed) + 1))
    assert "000_6507202e5f058613.txt" in {source for _, source in listed}
    assert "| Imports | 2024 | USD 5.5 bn |" in text


def test_a_bad_suffix_is_refused(brief: object, tmp_path: Path) -> None:
    from geoledger.errors import InvalidInput

    with pytest.raises(InvalidInput, match=r"brief\.pdf: write the report to a \.html or a \.md"):
        write_report(brief, tmp_path / "brief.pdf")  # type: ignore[arg-type]


def test_the_html_brief_opens_in_chromium_without_any_request_out(
    brief: object, tmp_path: Path
) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    out = write_report(brief, tmp_path / "brief.html")  # type: ignore[arg-type]
    html = out.read_text(encoding="utf-8")
    assert "<link" not in html and "<script" not in html and "@import" not in html
    requests: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(out.as_uri())
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").inner_text() == "Serbia and China"
        assert page.locator("svg.chart-bars rect").count() >= 4
        refs = page.locator("ol.refs li").count()
        assert refs >= 1
        page.locator("a.ref").first.click()
        assert page.evaluate("location.hash").startswith("#ref-")
        shots = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "report.png"), full_page=True)
        browser.close()
    outside = [u for u in requests if not u.startswith(("file:", "data:"))]
    assert requests and outside == []


def test_the_brief_keeps_2023_and_prints_the_trade_conflicts_with_versions(
    brief: object,
) -> None:
    text = render_markdown(brief)  # type: ignore[arg-type]
    row = "| 2023 | USD 1.23 bn (c005) ? | USD 4.8 bn (c006) ? | "
    assert row + "USD 6 bn (c002) / USD 6.1 bn (c015) ? | – |" in text
    assert "6.05" not in text
    assert "2 conflicts, 1 related but not comparable." in text
    assert "### trade.total Serbia · China 2023\n" in text
    assert "- c015 (stated): USD 6.1 bn, 2023, accepted [1]" in text
    assert "['" not in text  # no Python list anywhere
