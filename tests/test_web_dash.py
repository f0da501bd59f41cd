"""Every dashboard page in real Chromium at 1366 and 390 px: layout, chart text, accessibility."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, HAVE_CHROMIUM, NO_CHROMIUM, running_server
from geoledger import pipeline, store
from geoledger.pipeline.ingest import ingest_paths

TOKEN = "dash-test-token"
ARTICLE = "000_6507202e5f058613.txt"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = [1366, 390]

pytestmark = pytest.mark.browser

if not HAVE_CHROMIUM:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

PAGES = [
    "/",
    "/index",
    "/trade",
    "/trade?partner=European%20Union",
    "/money",
    "/politics",
    "/security",
    "/technology",
    "/soft-power",
    "/events",
    "/actors",
    "/actors/Zijin%20Mining",
    "/sources",
    f"/sources/{ARTICLE}",
    "/claims",
    "/claims/c014",
    "/facts",
    "/conflicts",
    "/check",
    "/search?q=Zijin",
    "/review",
    "/no-such-page/at-all",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Iterator[str]:
    """The bundled ledger plus one ingested article behind a real uvicorn server."""
    url = f"sqlite:///{tmp_path_factory.mktemp('dash') / 'ledger.db'}"
    engine = store.make_engine(url)
    pipeline.load_dataset(engine)
    assert ingest_paths(engine, [str(shared / "corpus" / ARTICLE)]).claims > 3
    engine.dispose()
    with running_server(url, token=TOKEN) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser: Any, server: str, path: str, width: int) -> tuple[Any, Any]:
    # bypass_csp: the test injects axe-core, which the app's CSP rightly refuses to run.
    context = browser.new_context(
        viewport={"width": width, "height": 900}, base_url=server, bypass_csp=True
    )
    tab = context.new_page()
    tab.goto(path)
    return context, tab


# Rendered size of each SVG text: its font size times the SVG's current scale.
CHART_TEXT = """() => [...document.querySelectorAll('svg text')]
  .filter(t => t.getBBox().width > 0)
  .map(t => [t.textContent.trim(), t.getScreenCTM(), parseFloat(getComputedStyle(t).fontSize)])
  .map(([text, m, size]) => [text, size * Math.hypot(m.a, m.b)])"""

AUDIT = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_every_page_fits_reads_and_passes_the_audit(
    browser: Any, server: str, path: str, width: int
) -> None:
    context, tab = open_page(browser, server, path, width)
    try:
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at {width} px"
        small = [(t, round(s, 1)) for t, s in tab.evaluate(CHART_TEXT) if s < 11]
        assert small == [], f"chart text under 11 px at {width} px: {small[:5]}"
        tab.add_script_tag(path=str(AXE))
        violations = tab.evaluate(AUDIT)
        assert violations == [], f"{path} at {width} px: " + "; ".join(violations)
    finally:
        context.close()


def test_docs_render_with_the_network_off(browser: Any, server: str) -> None:
    context = browser.new_context(base_url=server)
    asked: list[str] = []

    def only_localhost(route: Any) -> None:
        asked.append(route.request.url)
        if route.request.url.startswith(server):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_localhost)
    tab = context.new_page()
    tab.goto("/docs")
    tab.wait_for_selector(".swagger-ui .opblock-tag", timeout=15_000)
    assert tab.locator(".swagger-ui .info .title").inner_text().startswith("geoledger")
    assert tab.locator(".opblock-tag", has_text="claims").count() >= 1
    context.close()
    assert [u for u in asked if not u.startswith(server)] == []


def test_skip_link_is_the_first_tab_stop_and_reaches_the_content(browser: Any, server: str) -> None:
    context, tab = open_page(browser, server, "/claims", 1366)
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Skip to content"
    outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")
    inside = tab.evaluate("document.querySelector('main').contains(document.activeElement)")
    context.close()
    assert outline == "solid"
    assert inside


def test_the_four_powers_differ_by_pattern_as_well_as_colour(browser: Any, server: str) -> None:
    context, tab = open_page(browser, server, "/", 1366)
    chart = tab.locator("svg.chart-bars").first
    legend = chart.locator("rect[width='12']").evaluate_all(
        "rs => rs.map(r => [r.nextSibling.textContent, r.getAttribute('fill')])"
    )
    patterns = chart.locator("pattern").count()
    context.close()
    names = sorted(name for name, _ in legend)
    assert names == ["China", "European Union", "Russia", "United States"]
    fills = dict(legend)
    assert fills["China"] == "#D55E00"
    assert all(fills[n].startswith("url(#pat-") for n in names[1:])
    assert len(set(fills.values())) == 4 and patterns == 3


def test_a_pair_page_shows_only_that_pairs_agreement(browser: Any, server: str) -> None:
    context, tab = open_page(browser, server, "/trade?partner=European%20Union", 1366)
    eu = tab.locator("ol.timeline-list li").all_inner_texts()
    rules = tab.locator("svg.chart-bars line[stroke-dasharray='4 3']").count()
    tab.goto("/trade")
    china = tab.locator("ol.timeline-list li").all_inner_texts()
    caption = tab.locator("figcaption", has_text="Exports by product").inner_text()
    products = tab.locator("svg.chart-hbars a").count()
    context.close()
    assert eu == ["No dated FTA events."] and rules == 0
    assert [line.split(" — ")[0] for line in china] == [
        "2023 FTA signed",
        "2024-05-08 FTA signed",
        "2024-07-01 FTA in force",
    ]
    # One year per product chart: the latest with product figures.
    assert caption.startswith("Exports by product in 2024")
    assert products >= 1


def test_the_404_page_speaks_of_the_dashboard(browser: Any, server: str) -> None:
    context, tab = open_page(browser, server, "/claims/no-such-claim", 1366)
    text = tab.locator("main").inner_text()
    status = tab.request.get("/claims/no-such-claim").status
    context.close()
    assert status == 404
    assert "No claim 'no-such-claim'." in text
    assert "geoledger " not in text
    assert "search box at the top" in text


def test_events_list_dated_items_first(browser: Any, server: str) -> None:
    context, tab = open_page(browser, server, "/events", 1366)
    dates = tab.locator("li.event time").all_inner_texts()
    context.close()
    undated = [i for i, d in enumerate(dates) if d == "undated"]
    assert dates[0] != "undated" and undated
    assert undated == list(range(undated[0], len(dates)))
