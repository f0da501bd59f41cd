"""Every dashboard page in real Chromium at 1366 and 390 px: layout, chart text, accessibility."""

from __future__ import annotations

import csv
import io
import json
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
    "/money?kind=loan&sort=period&order=asc",
    "/politics",
    "/security",
    "/technology",
    "/soft-power",
    "/events",
    "/events?kind=agreement&search=trade",
    "/actors",
    "/actors?kind=country&search=ser&order=desc",
    "/actors/Zijin%20Mining",
    "/sources",
    "/sources?year=2024&order=desc",
    f"/sources/{ARTICLE}",
    "/claims",
    "/claims?partner=China&sort=usd&order=desc",
    "/claims?status=candidate&metric=trade&search=Serbia",
    "/claims/c014",
    "/facts",
    "/facts?verdict=consistent&order=desc",
    "/conflicts",
    "/conflicts?kind=event",
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


def test_events_list_dated_items_first(browser: Any, server: str, tmp_path: Path) -> None:
    context, tab = open_page(browser, server, "/events", 1366)
    try:
        first = page_ids(tab)
        dates = tab.locator("li.event time").all_inner_texts()
        path = tmp_path / "events.json"
        with tab.expect_download() as event:
            tab.locator("a[data-format='json']").click()
        event.value.save_as(path)
    finally:
        context.close()
    every = json.loads(path.read_text("utf-8"))
    assert [e["id"] for e in every[: len(first)]] == first and "undated" not in dates
    undated = [i for i, e in enumerate(every) if not e["date"]]
    assert undated and undated == list(range(undated[0], len(every)))
    dated = [e["date"] for e in every if e["date"]]
    assert dated == sorted(dated)


# --- the claims table: facets, sorting, keyset pages, downloads --------------------------------


def page_ids(tab: Any) -> list[str]:
    """Ids of the rows (claims, facts, conflicts) the table shows, top to bottom."""
    return tab.locator(".table-card [data-row]").evaluate_all(
        "rows => rows.map(r => r.dataset.row)"
    )


def shown_total(tab: Any) -> int:
    return int(tab.locator("#table-count [data-total]").get_attribute("data-total"))


def downloaded_ids(tab: Any, fmt: str, tmp: Path) -> list[str]:
    """Click the page's download link for fmt and read the file it saves back."""
    with tab.expect_download() as event:
        tab.locator(f"a[data-format='{fmt}']").click()
    path = tmp / f"download.{fmt}"
    event.value.save_as(path)
    if fmt == "csv":
        return [row["id"] for row in csv.DictReader(io.StringIO(path.read_text("utf-8")))]
    if fmt == "json":
        return [row["id"] for row in json.loads(path.read_text("utf-8"))]
    import pyarrow.parquet as pq

    return [str(i) for i in pq.read_table(path).column("id").to_pylist()]


TABLES = [
    "/claims?partner=China&metric=trade&sort=usd&order=desc",
    "/money?kind=investment",
    "/money?kind=all&sort=period&order=asc&search=China",
    "/facts?metric=trade.exports&order=desc",
    "/conflicts?verdict=conflict",
    "/sources?order=desc",
    "/events?domain=security&order=desc",
    "/actors?kind=company",
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", TABLES)
def test_every_download_link_returns_exactly_the_rows_the_page_shows(
    browser: Any, server: str, path: str, width: int, tmp_path: Path
) -> None:
    context, tab = open_page(browser, server, path, width)
    try:
        shown = page_ids(tab)
        total = shown_total(tab)
        assert 0 < len(shown) == total <= 50
        for fmt in ("csv", "json", "parquet"):
            assert downloaded_ids(tab, fmt, tmp_path) == shown, fmt
    finally:
        context.close()


def test_a_table_of_several_pages_downloads_every_page_in_the_page_order(
    browser: Any, server: str, tmp_path: Path
) -> None:
    context, tab = open_page(browser, server, "/claims?sort=metric", 1366)
    try:
        first = page_ids(tab)
        total = shown_total(tab)
        assert len(first) == 50 < total
        everything = downloaded_ids(tab, "csv", tmp_path)
        tab.locator("nav.pager a[rel=next]").first.click()
        tab.wait_for_url("**after=**")
        second = page_ids(tab)
        # The next page's download is the same file: the cursor is not a filter.
        assert downloaded_ids(tab, "json", tmp_path) == everything
        tab.locator("nav.pager a[rel=prev]").first.click()
        tab.wait_for_url("**before=**")
        back = page_ids(tab)
    finally:
        context.close()
    assert len(everything) == total
    assert everything[:50] == first and everything[50 : 50 + len(second)] == second
    assert back == first


@pytest.mark.parametrize("facet", ["country", "power", "metric", "status", "year", "source"])
def test_a_facet_value_filters_to_as_many_claims_as_it_counts(
    browser: Any, server: str, facet: str
) -> None:
    context, tab = open_page(browser, server, "/claims?sort=usd&order=desc", 1366)
    try:
        link = tab.locator(f"section[data-facet='{facet}'] a.facet-value").first
        label = link.inner_text()
        counted = int(
            link.locator("xpath=following-sibling::span[@class='facet-count']").get_attribute(
                "data-count"
            )
        )
        link.click()
        tab.wait_for_load_state()
        total = shown_total(tab)
        url = tab.url
        chosen = tab.locator(
            f"section[data-facet='{facet}'] .facet-value.selected"
        ).all_inner_texts()
        filters = tab.locator("ul.active-filters li").all_inner_texts()
        # The URL holds the view: opened afresh it shows the same rows.
        rows = page_ids(tab)
        fresh = context.new_page()
        fresh.goto(url)
        again = page_ids(fresh)
    finally:
        context.close()
    assert total == counted
    assert "sort=usd" in url and "order=desc" in url
    assert chosen and any(label in f or f for f in filters)
    assert again == rows


def test_sort_headers_order_the_rows_and_say_so(browser: Any, server: str, tmp_path: Path) -> None:
    context, tab = open_page(browser, server, "/claims", 1366)
    try:
        tab.locator("th a.sort", has_text="USD").click()
        tab.wait_for_url("**sort=usd**")
        sorted_by = tab.locator("th[aria-sort]").evaluate(
            "th => [th.textContent.trim(), th.getAttribute('aria-sort')]"
        )
        shown = page_ids(tab)
        path = tmp_path / "sorted.json"
        with tab.expect_download() as event:
            tab.locator("a[data-format='json']").click()
        event.value.save_as(path)
        tab.locator("th a.sort", has_text="USD").click()
        tab.wait_for_selector("th[aria-sort='ascending']")
        flipped = tab.url
    finally:
        context.close()
    rows = json.loads(path.read_text("utf-8"))
    assert sorted_by[0].startswith("USD") and sorted_by[1] == "descending"
    assert "sort=usd" in flipped and "order=desc" not in flipped
    assert [r["id"] for r in rows[:50]] == shown
    amounts = [r["usd"] for r in rows if r["usd"] is not None]
    assert amounts == sorted(amounts, reverse=True)
    # Claims without a USD value come last.
    assert all(r["usd"] is None for r in rows[len(amounts) :])


def test_the_search_box_keeps_the_other_filters(browser: Any, server: str) -> None:
    context, tab = open_page(browser, server, "/claims?partner=China&sort=usd&order=desc", 1366)
    try:
        before = shown_total(tab)
        tab.get_by_label("Search the claims", exact=True).fill("exports")
        tab.get_by_role("button", name="Search").click()
        tab.wait_for_url("**search=exports**")
        after = shown_total(tab)
        url = tab.url
        api = tab.request.get("/api/claims?partner=China&search=exports&limit=1").json()
    finally:
        context.close()
    assert "partner=China" in url and "sort=usd" in url
    assert 0 < after < before
    assert after == api["total"]
