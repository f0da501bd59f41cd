"""The engagement index page in real headless Chromium: heat table, trend, weights calculator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, HAVE_CHROMIUM, NO_CHROMIUM, SHOTS, running_server
from geoledger import pipeline, store
from geoledger.pipeline.index import compute_index

DOMAINS = ("economy", "politics", "security", "technology", "soft_power")

pytestmark = pytest.mark.browser

if not HAVE_CHROMIUM:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled dataset in a real SQLite ledger."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web-index') / 'ledger.db'}"
    engine = store.make_engine(url)
    pipeline.load_dataset(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def server(ledger: str) -> Iterator[str]:
    """A real uvicorn server on a free localhost port, in a thread."""
    with running_server(ledger, token="index-test-token") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _open(browser: Any, server: str, *, javascript: bool = True) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=server, java_script_enabled=javascript
    )
    outside: list[str] = []
    errors: list[str] = []
    context.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:")) else outside.append(r.url),
    )
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert outside == [], f"requests left the server: {outside}"
    assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    yield from _open(browser, server)


@pytest.fixture
def page_without_js(browser: Any, server: str) -> Iterator[Any]:
    yield from _open(browser, server, javascript=False)


def expected_index(ledger: str, tmp_path: Path, weights: str | None = None) -> dict[str, Any]:
    """What the pipeline computes on the same ledger, with a weights file if given."""
    weights_file = None
    if weights is not None:
        weights_file = tmp_path / "weights.toml"
        weights_file.write_text(weights, encoding="utf-8")
    engine = store.make_engine(ledger)
    try:
        with pipeline.connect(engine) as conn:
            return compute_index(conn, "Serbia", weights_file=weights_file, trend=True)
    finally:
        engine.dispose()


def ranking(index: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(rank, partner, score) as the heat table shows them: best first, no score last."""
    order = sorted(
        enumerate(index["partners"]),
        key=lambda e: (e[1]["rank"] is None, e[1]["rank"] or 0, e[0]),
    )
    return [
        (
            str(p["rank"]) if p["rank"] is not None else "–",
            p["partner"],
            str(p["score"]) if p["score"] is not None else "no score",
        )
        for _, p in order
    ]


def shown_ranking(page: Any) -> list[tuple[str, str, str]]:
    rows = page.locator("#heat tbody tr")
    return [
        (
            row.locator("td.rank").inner_text(),
            row.locator("th").inner_text(),
            row.locator("td.overall .score").inner_text(),
        )
        for row in rows.all()
    ]


def shown_domains(page: Any, partner: str) -> dict[str, str]:
    row = page.locator(f"#heat tbody tr[data-partner='{partner}']")
    return {d: row.locator(f"td[data-domain={d}] > :first-child").inner_text() for d in DOMAINS}


def domain_texts(index: dict[str, Any], partner: str) -> dict[str, str]:
    found = next(p for p in index["partners"] if p["partner"] == partner)
    return {
        d["domain"]: str(d["score"]) if d["score"] is not None else "no evidence"
        for d in found["domains"]
    }


def test_the_heat_table_shows_every_domain_and_leads_to_the_evidence(
    page: Any, ledger: str, tmp_path: Path
) -> None:
    expected = expected_index(ledger, tmp_path)
    page.goto("/index")
    # index.js has rescored the table with the shipped weights and matched the server exactly.
    assert page.locator("#heat").get_attribute("data-computed") == "browser"
    assert shown_ranking(page) == ranking(expected)
    for partner in ("China", "European Union", "Russia", "United States"):
        assert shown_domains(page, partner) == domain_texts(expected, partner)
    # No evidence is said as such, never as a zero.
    us = page.locator("#heat tbody tr[data-partner='United States'] td.cell")
    assert us.all_inner_texts() == ["no evidence"] * 5
    cell = page.locator("#heat tbody tr[data-partner='China'] td[data-domain=economy] a")
    cell.click()
    page.wait_for_url("**/index#china-economy")
    chips = page.locator("[id='china-economy'] a.cite-chip")
    assert chips.count() >= 1
    href = chips.first.get_attribute("href")
    assert href.startswith(("/claims/", "/events#event-"))
    assert page.request.get(href).status == 200


def test_the_trend_draws_one_line_per_partner_with_gaps_for_missing_years(
    page: Any, ledger: str, tmp_path: Path
) -> None:
    expected = expected_index(ledger, tmp_path)
    years = [str(row["year"]) for row in expected["trend"]]
    assert len(years) >= 3
    page.goto("/index")
    chart = page.locator("#trend svg.chart")
    assert chart.count() == 1
    labels = chart.locator("text").all_text_contents()
    assert all(y in labels for y in years)
    scored = [(r["year"], p) for r in expected["trend"] for p in r["partners"] if p["score"]]
    assert chart.locator("a.chart-link circle").count() == len(scored)
    # A segment joins two neighbouring years that both have a score; a missing year is a gap.
    segments = 0
    for partner in expected["partners"]:
        name = partner["partner"]
        present = [
            next(p for p in row["partners"] if p["partner"] == name)["score"] is not None
            for row in expected["trend"]
        ]
        segments += sum(a and b for a, b in zip(present, present[1:], strict=False))
    assert chart.locator("line[stroke-width='2']").count() == segments
    tips = chart.locator("a.chart-link title").all_text_contents()
    first = scored[0]
    assert any(t.startswith(f"{first[1]['partner']} {first[0]}: {first[1]['score']}") for t in tips)


def test_changing_a_weight_reranks_the_partners_as_the_server_does(
    page: Any, ledger: str, tmp_path: Path
) -> None:
    before = expected_index(ledger, tmp_path)
    after = expected_index(ledger, tmp_path, "[domains]\neconomy = 3\n")
    assert ranking(after) != ranking(before)  # the weight chosen does change the order
    page.goto("/index")
    assert shown_ranking(page) == ranking(before)
    page.fill("input[name=w_economy]", "3")
    assert shown_ranking(page) == ranking(after)
    assert page.locator("#calc-status").inner_text().startswith("Recomputed in your browser")
    # An indicator weight changes domain scores, and with them the ranking, the same way.
    both = expected_index(
        ledger, tmp_path, '[domains]\neconomy = 3\n[indicators]\n"trade_share.v1" = 0\n'
    )
    page.locator("form.weights details summary").click()
    page.fill("input[name='w_trade_share.v1']", "0")
    assert shown_ranking(page) == ranking(both)
    for partner in ("China", "European Union", "Russia"):
        assert shown_domains(page, partner) == domain_texts(both, partner)
    page.locator("#domains").scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "index.png"), full_page=True)
    # The slider drives the same number input and the same rescoring.
    page.fill("input[name='w_trade_share.v1']", "3")
    slider = page.locator("input[type=range][data-for=w_economy]")
    assert slider.is_visible()
    slider.fill("0.3")
    assert page.locator("input[name=w_economy]").input_value() == "0.3"
    assert shown_ranking(page) == ranking(before)


def test_the_weights_form_recomputes_on_the_server_without_javascript(
    page_without_js: Any, ledger: str, tmp_path: Path
) -> None:
    page = page_without_js
    after = expected_index(ledger, tmp_path, "[domains]\neconomy = 3\n")
    page.goto("/index")
    assert page.locator("#heat").get_attribute("data-computed") == "server"
    assert page.locator("input[type=range]").first.is_hidden()
    page.fill("input[name=w_economy]", "3")
    page.click("text=Recompute on the server")
    page.wait_for_url("**/index?*w_economy=3*")
    assert shown_ranking(page) == ranking(after)
    assert page.locator("input[name=w_economy]").input_value() == "3.0"
    china = next(p for p in after["partners"] if p["partner"] == "China")
    heading = page.locator("section#china h2").inner_text()
    assert heading.startswith(f"{china['rank']}. China: {china['score']}")
    assert page.locator("#trend svg.chart a.chart-link").count() >= 1


def test_a_negative_or_unknown_weight_is_refused_with_a_message(page: Any) -> None:
    response = page.goto("/index?w_economy=-1")
    assert response is not None and response.status == 400
    assert page.locator("main p").first.inner_text() == (
        "w_economy=-1: a weight must be a number from 0 to 1000000, such as 0.25."
    )
    response = page.goto("/index?w_trade=1")
    assert response is not None and response.status == 400
    assert page.locator("main p").first.inner_text().startswith("w_trade: no such weight")
