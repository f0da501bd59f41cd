"""The dashboard in real headless Chromium against a real uvicorn server on localhost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, HAVE_CHROMIUM, NO_CHROMIUM, SHOTS, running_server
from geoledger import pipeline, store
from geoledger.pipeline.ingest import ingest_paths

TOKEN = "browser-test-token"
ARTICLE = "000_6507202e5f058613.txt"

pytestmark = pytest.mark.browser

if not HAVE_CHROMIUM:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> str:
    """The bundled dataset plus one corpus article ingested, so claims have places in text."""
    path = tmp_path_factory.mktemp("web") / "ledger.db"
    url = f"sqlite:///{path}"
    engine = store.make_engine(url)
    pipeline.load_dataset(engine)
    report = ingest_paths(engine, [str(shared / "corpus" / ARTICLE)])
    assert report.documents == 1 and report.claims > 0
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def server(ledger: str) -> Iterator[str]:
    """A real uvicorn server on a free localhost port, in a thread."""
    with running_server(ledger, token=TOKEN) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
    outside: list[str] = []
    context.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:")) else outside.append(r.url),
    )
    tab = context.new_page()
    yield tab
    context.close()
    assert outside == [], f"requests left the server: {outside}"


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_overview_renders_its_charts_with_linked_marks(page: Any) -> None:
    page.goto("/")
    assert page.title() == "Overview · geoledger"
    trade = page.locator("svg.chart-bars").filter(has_text="2023")
    assert trade.count() >= 1
    bars = page.locator("svg.chart-bars a.chart-link rect")
    assert bars.count() >= 6
    box = bars.first.bounding_box()
    assert box is not None and box["height"] >= 1 and box["width"] > 2
    hrefs = page.locator("svg.chart-bars a.chart-link").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    assert any(h.startswith("/claims/") for h in hrefs)
    assert page.locator("table.powers th", has_text="European Union").count() == 1
    shoot(page, "overview")
    # The README's picture (docs/overview.png) is copied from here by hand, not by the test:
    # a test run leaves the tree as it found it.
    page.set_viewport_size({"width": 1280, "height": 1400})
    shoot(page, "overview-readme")


def test_a_figure_leads_to_its_source_with_the_claim_highlighted(page: Any) -> None:
    # Candidates are the claims extraction found in the ingested article, each with its span.
    page.goto("/claims?status=candidate")
    cite = page.locator("table.data a.cite").first
    href = unquote(cite.get_attribute("href"))
    claim_id = href.rsplit("#claim-", 1)[1]
    cite.click()
    page.wait_for_url(f"**/sources/**#claim-{claim_id}")
    mark = page.locator(f"[id='claim-{claim_id}'] mark")
    assert mark.is_visible()
    claim = page.request.get(f"/api/claims/{claim_id}").json()
    assert mark.inner_text() == claim["surface"]
    colour = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour == "rgb(245, 158, 11)"  # the :target highlight, not the plain one
    shoot(page, "source")


def test_search_finds_an_actor(page: Any) -> None:
    page.goto("/")
    page.fill("header input[name=q]", "Zijin")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Zijin")
    hit = page.locator("li.hit-actor a", has_text="Zijin Mining")
    assert hit.count() == 1
    shoot(page, "search")
    hit.click()
    assert page.locator("h1").inner_text().startswith("Zijin Mining")
    shoot(page, "actor")


def test_review_needs_the_token_then_accepts_a_claim(page: Any) -> None:
    page.goto("/review")
    assert page.locator("input[name=token]").is_visible()
    page.fill("input[name=token]", "not-the-token")
    page.click("text=Sign in")
    assert page.locator(".error-msg").inner_text() == "That token is not right."
    page.fill("input[name=token]", TOKEN)
    page.click("text=Sign in")
    page.wait_for_url("**/review")
    card = page.locator("section.review").first
    claim_id = card.get_attribute("id").removeprefix("review-")
    shoot(page, "review")
    card.locator("button.accept").click()
    page.wait_for_url("**/review?done=*")
    assert page.locator(".done").inner_text() == f"Saved: claim {claim_id}."
    claim = page.request.get(f"/api/claims/{claim_id}").json()
    assert claim["status"] == "accepted"
    history = page.request.get(f"/api/claims/{claim_id}/history").json()
    assert (history[-1]["action"], history[-1]["who"]) == ("accept", "browser")


PAGES = [
    "/index",
    "/trade",
    "/money",
    "/money?sort=period&order=asc",
    "/politics",
    "/security",
    "/technology",
    "/soft-power",
    "/events",
    "/actors",
    "/sources",
    "/claims",
    "/facts",
    "/conflicts",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_javascript_errors(page: Any, path: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    response = page.goto(path)
    assert response is not None and response.status == 200
    assert page.locator("main h1").count() == 1
    assert errors == []
    name = path.strip("/").replace("?", "_").replace("&", "_").replace("=", "-")
    shoot(page, name)


def test_money_sorts_by_usd_without_javascript(browser: Any, server: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=server)
    tab = context.new_page()
    tab.goto("/money?sort=usd&order=desc")
    cells = tab.locator("table.money-table tbody tr td:nth-child(7)").all_inner_texts()
    context.close()
    assert len(cells) > 3
    assert cells[0] != "–"


def test_money_charts_a_statement_once_though_curated_and_extracted(page: Any) -> None:
    page.goto("/money?kind=all")
    dots = page.locator("figure svg a.chart-link").evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), a.querySelector('title').textContent,"
        " a.querySelector('circle').getAttribute('cx'),"
        " a.querySelector('circle').getAttribute('cy')])"
    )
    shown = page.locator("table.money-table tbody tr[data-row]").evaluate_all(
        "rows => rows.map(r => r.dataset.row)"
    )
    # The table lists every claim (its downloads are its rows); the chart one dot per
    # statement: "€1 billion each" for two buyers is two dots, one figure held twice is one.
    assert len(dots) > 3
    assert len({(title, x, y) for _, title, x, y in dots}) == len(dots)
    assert {href.rsplit("/", 1)[-1] for href, *_ in dots} <= set(shown)
    assert len(dots) < len(shown)


def test_the_fact_page_lists_versions_linked_to_claims(page: Any) -> None:
    page.goto("/facts")
    # count() does not wait: wait for the fact page itself before counting on it.
    with page.expect_navigation(url="**/facts/f*"):
        page.locator("table.data tbody a").first.click()
    assert page.locator("h2", has_text="versions").count() == 1
    assert page.locator("table.data a.num").count() >= 1
    shoot(page, "fact")
