"""Every amount the dashboard and the brief show, read in Chromium, checked against the ledger."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, HAVE_CHROMIUM, NO_CHROMIUM, running_server
from geoledger import numbers, pipeline, report, store
from geoledger.pipeline.index import compute_index

pytestmark = pytest.mark.browser

if not HAVE_CHROMIUM:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

TOKEN = "figures-test-token"
PAGES = (
    "/",
    "/trade",
    "/money",
    "/index",
    "/events",
    "/claims",
    "/conflicts",
    "/facts",
    "/sources",
    "/politics",
    "/security",
    "/technology",
    "/soft-power",
)
# An amount as geoledger prints it ("USD 1.5 bn", "EUR 300 m", "≈ 6 bn"): none may stand
# on a page without saying which claim, event or index entry it is.
PRINTED_AMOUNT = re.compile(
    r"\b(?:[A-Z]{3} -?\d[\d,]*(?:\.\d+)?(?: (?:k|m|bn|trillion))?"
    r"|-?\d[\d,]*(?:\.\d+)? (?:m|bn|trillion))\b"
)
# Everything each checked element says about itself, read in one pass of the page.
READ = """() => Array.from(document.querySelectorAll(
  '[data-claim], [data-claims], [data-event], [data-indicator]')).map(e => ({
    text: e.textContent.trim(), claim: e.dataset.claim || null, field: e.dataset.field || null,
    claims: e.dataset.claims || null, op: e.dataset.op || null, event: e.dataset.event || null,
    partner: e.dataset.partner || null, indicator: e.dataset.indicator || null}))"""
# The page's text with checked amounts, quoted article text and reconciliation's
# reasoning (which cites figures in its own words) taken out.
LEFT_OVER = """() => {
  const skip = '[data-claim], [data-claims], [data-event], [data-indicator], .source-text, '
    + '.conflict-reason, .reason, .summary, svg, script, style, form';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement && !node.parentElement.closest(skip)) found.push(node.textContent);
  }
  return found;
}"""


# A chart mark's tooltip, with the claim its link opens.
MARKS = """() => Array.from(document.querySelectorAll('svg a.chart-link')).map(a => ({
    href: a.getAttribute('href'), title: (a.querySelector('title') || {}).textContent || ''}))"""
CURRENCY_AMOUNT = re.compile(r"\b([A-Z]{3}) (-?\d[\d,]*(?:\.\d+)?(?: (?:k|m|bn|trillion))?)")


def check_mark(mark: dict[str, str], truth: dict[str, Any]) -> list[str]:
    """Every amount in a chart mark's tooltip matches the claim the mark links to."""
    found = re.fullmatch(r"/claims/([^/?#]+)", mark["href"] or "")
    if found is None:
        return []
    claim = truth["claims"][found.group(1)]
    wrong = []
    for currency, text in CURRENCY_AMOUNT.findall(mark["title"]):
        if currency == claim["unit"]:
            want = [claim["value"], claim["value_max"]]
        elif currency == "USD":
            want = [claim["usd"]]
        else:
            want = []
        if not any(w is not None and _close(text, w) for w in want):
            wrong.append(f"chart mark {mark['title']!r} is not claim {claim['id']}")
    return wrong


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled ledger as a new user loads it."""
    path = tmp_path_factory.mktemp("figures") / "ledger.db"
    url = f"sqlite:///{path}"
    engine = store.make_engine(url)
    pipeline.load_dataset(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def truth(ledger: str) -> dict[str, Any]:
    """The ledger's own values: every claim, every event, the index."""
    engine = store.make_engine(ledger)
    with pipeline.connect(engine) as conn:
        claims = {r["id"]: r for r in pipeline.claim_records(conn)}
        events = {e["id"]: e for e in pipeline.event_records(conn)}
        index = compute_index(conn, "Serbia")
    engine.dispose()
    indicators = {
        (p["partner"], i["id"]): i
        for p in index["partners"]
        for d in p["domains"]
        for i in d["indicators"]
    }
    return {"claims": claims, "events": events, "indicators": indicators}


@pytest.fixture(scope="module")
def tab(ledger: str) -> Iterator[Any]:
    with running_server(ledger, token=TOKEN) as url, sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = chromium.new_context(base_url=url)
        context.add_cookies([{"name": "geoledger_token", "value": TOKEN, "url": url}])
        yield context.new_page()
        chromium.close()


def _close(text: str, value: float) -> bool:
    parsed, tolerance = numbers.parse(text)
    return abs(parsed - value) <= tolerance * (1 + 1e-9)


def _numbers_in(text: str) -> list[str]:
    """The printed numbers of an amount text, in order ('EUR 9 bn – EUR 10 bn' gives two)."""
    return [m.group(0) for m in numbers._NUMBER.finditer(text)]


def check(item: dict[str, Any], truth: dict[str, Any]) -> str | None:
    """None if the shown text matches the ledger's value within its printed precision."""
    text = item["text"]
    if item["claim"]:
        claim = truth["claims"][item["claim"]]
        field = item["field"] or "value"
        if field == "usd":
            want = [claim["usd"]]
        elif field in ("value", "exact"):
            want = [claim["value"]] + ([claim["value_max"]] if claim["value_max"] else [])
            currency = field == "value" and claim["unit"] and len(claim["unit"]) == 3
            if currency and not text.lstrip("≈≤≥ ").startswith(claim["unit"]):
                return f"{text!r} does not say {claim['unit']}"
        elif field == "exact_max":
            want = [claim["value_max"]]
        else:
            return f"unknown field {field}"
        if field == "exact":
            want = want[:1]
        if claim["unit"] == "fraction" and field in ("value", "usd"):
            want = [w * 100 for w in want]  # a fraction is printed as a percent
        shown = _numbers_in(text)[: len(want)]
        if len(shown) != len(want) or not all(
            _close(s, w) for s, w in zip(shown, want, strict=True)
        ):
            return f"{text!r} shows {item['claim']} {field} as {want}"
        return None
    if item["claims"]:
        ids = item["claims"].split()
        values = [truth["claims"][i]["usd"] for i in ids]
        want = {
            "sum": lambda v: v[0] + v[1],
            "diff": lambda v: v[0] - v[1],
            "ratio": lambda v: v[0] / v[1] * 100,
        }[item["op"]](values)
        return None if _close(text, want) else f"{text!r} is not {item['op']} of {ids} = {want}"
    if item["event"]:
        event = truth["events"][item["event"]]
        want = event["amount"] * (100 if event["currency"] == "fraction" else 1)
        return None if _close(text, want) else f"{text!r} is not event {item['event']} {want}"
    indicator = truth["indicators"][(item["partner"], item["indicator"])]
    return None if _close(text, indicator["value"]) else f"{text!r} is not {indicator}"


def _read(tab: Any, path: str, truth: dict[str, Any]) -> tuple[int, list[str]]:
    response = tab.goto(path)
    assert response is not None and response.status == 200, path
    items = tab.evaluate(READ)
    wrong = [f"{path}: {problem}" for item in items if (problem := check(item, truth))]
    marks = tab.evaluate(MARKS)
    wrong += [f"{path}: {p}" for mark in marks for p in check_mark(mark, truth)]
    linked = [m for m in marks if m["href"].startswith("/claims/c")]
    items = items + [m for m in linked if CURRENCY_AMOUNT.search(m["title"])]
    if tab.locator("p.downloads a[download]").count() != 3:
        wrong.append(f"{path}: no CSV, JSON and Parquet download links")
    unexplained = [t for text in tab.evaluate(LEFT_OVER) for t in PRINTED_AMOUNT.findall(text)]
    wrong += [f"{path}: {text!r} stands for no claim" for text in unexplained]
    return len(items), wrong


def test_every_amount_on_every_page_matches_the_ledger(tab: Any, truth: dict[str, Any]) -> None:
    paths = list(PAGES)
    paths += [f"/claims/{i}" for i in truth["claims"]]
    seen, wrong = 0, []
    for path in PAGES[:7]:
        tab.goto(path)
        for href in tab.eval_on_selector_all(
            "a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
        ):
            link = urlsplit(href).path
            if link.startswith(("/facts/", "/sources/", "/actors/")) and link not in paths:
                paths.append(link)
    paths.append("/review")
    _, marks_wrong = _read(tab, "/money", truth)
    assert marks_wrong == []
    money_marks = [m for m in tab.evaluate(MARKS) if CURRENCY_AMOUNT.search(m["title"])]
    assert len(money_marks) > 10  # the money chart's tooltips are checked too
    for path in paths:
        count, problems = _read(tab, path, truth)
        seen += count
        wrong += problems
    assert wrong == [], "\n".join(wrong)
    assert seen > 500  # the pages really show their figures


def test_every_amount_in_the_brief_matches_the_ledger(
    tab: Any, ledger: str, truth: dict[str, Any], tmp_path: Path
) -> None:
    engine = store.make_engine(ledger)
    with pipeline.connect(engine) as conn:
        brief = report.build_report(conn, "Serbia", "China")
    engine.dispose()
    out = report.write_report(brief, tmp_path / "brief.html")
    tab.goto(out.as_uri())
    items = tab.evaluate(READ)
    wrong = [problem for item in items if (problem := check(item, truth))]
    left = [t for text in tab.evaluate(LEFT_OVER) for t in PRINTED_AMOUNT.findall(text)]
    wrong += [f"{t!r} stands for no claim" for t in left]
    assert wrong == []
    assert len(items) > 20


def test_the_trade_table_keeps_2023_with_every_version_and_the_reason(tab: Any) -> None:
    tab.goto("/trade")
    row = tab.locator("table.data tr.disputed").filter(has_text="2023")
    assert row.count() == 1
    assert row.locator(".status-disputed").first.inner_text() == "sources disagree"
    total = row.locator("td").nth(3)
    assert total.inner_text().split(" ?")[0] == "USD 6 bn / USD 6.1 bn"
    reason = tab.locator("tr.reason p").first.inner_text()
    assert reason.startswith("2023: exports + imports = 1.23bn USD + 4.8bn USD = 6.03bn USD")
    assert "6.05" not in tab.locator("main").inner_text()


def test_each_download_link_gives_the_table_it_names(tab: Any, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    tab.goto("/trade")
    links = tab.eval_on_selector_all(
        "p.downloads a[download]", "els => els.map(e => e.getAttribute('href'))"
    )
    assert links == [
        "/export/trade.csv?subject=Serbia&partner=China",
        "/export/trade.json?subject=Serbia&partner=China",
        "/export/trade.parquet?subject=Serbia&partner=China",
    ]
    response = tab.request.get(links[2])
    assert response.status == 200
    (tmp_path / "trade.parquet").write_bytes(response.body())
    table = pq.read_table(tmp_path / "trade.parquet")
    assert table.column("year").to_pylist() == [2013, 2014, 2023, 2024]
    assert table.column("disputed").to_pylist()[2] == "exports imports total"
    csv_text = tab.request.get(links[0]).text()
    assert csv_text.splitlines()[0].startswith("subject,partner,year,exports,imports,total")
