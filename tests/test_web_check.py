"""The check page in real headless Chromium: paste an article, see every verdict in place."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, HAVE_CHROMIUM, NO_CHROMIUM, SHOTS, running_server
from geoledger import pipeline, store

TOKEN = "browser-check-token"
ARTICLE = "000_6507202e5f058613.txt"

pytestmark = pytest.mark.browser

if not HAVE_CHROMIUM:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("check") / "ledger.db"
    url = f"sqlite:///{path}"
    engine = store.make_engine(url)
    pipeline.load_dataset(engine)
    engine.dispose()
    with running_server(url, token=TOKEN) as base:
        yield base


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, base_url=server)
        outside: list[str] = []
        context.on(
            "request",
            lambda r: None if r.url.startswith((server, "data:")) else outside.append(r.url),
        )
        yield context.new_page()
        context.close()
        chromium.close()
        assert outside == [], f"requests left the server: {outside}"


def draft(shared: Path) -> str:
    """The article with one figure changed beyond rounding and one within it."""
    text = (shared / "corpus" / ARTICLE).read_text(encoding="utf-8")
    lines = (shared / "gold" / ARTICLE.replace(".txt", ".jsonl")).read_text().splitlines()
    gold = [json.loads(line) for line in lines]

    def one(**wanted: Any) -> dict[str, Any]:
        [found] = [g for g in gold if all(g[k] == v for k, v in wanted.items())]
        return found

    far = one(metric="trade.exports", period="2024", value=1.9e9)
    near = one(metric="trade.imports", period="2024", value=5.5e9)
    # From the end backwards, so the earlier offset still points at its figure.
    for claim, surface in sorted(
        ((far, "$2.85 billion"), (near, "$5.54 billion")), key=lambda pair: -pair[0]["start"]
    ):
        text = text[: claim["start"]] + surface + text[claim["end"] :]
    return text


def test_the_page_highlights_each_figure_by_its_verdict(page: Any, shared: Path) -> None:
    text = draft(shared)
    page.goto("/check")
    assert page.locator("nav a[aria-current=page]").inner_text() == "Check"
    page.fill("#check-text", text)
    page.click("form.check-form button")
    page.wait_for_selector(".check-text mark")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "check.png"), full_page=False)
    marks = page.locator(".check-text mark")
    verdicts = {marks.nth(i).get_attribute("data-verdict") for i in range(marks.count())}
    assert {"agrees", "differs_within_rounding", "differs", "unclear"} <= verdicts
    # The figure written as 2.85 bn is marked 'differs' in the text and in the table.
    differs = page.locator(".check-text mark[data-verdict=differs]", has_text="$2.85 billion")
    assert differs.count() == 1
    differs.locator("a").click()
    row = page.locator("tr:target")
    assert row.get_attribute("data-verdict") == "differs"
    assert "off by 950m USD (50.0%), beyond the printed precision" in row.inner_text()
    # Its evidence is a click away: the ledger's claim, accepted, from the article itself.
    evidence = row.locator("a.num").first
    assert evidence.inner_text() == "USD 1.9 bn"
    evidence.click()
    page.wait_for_url("**/claims/c016")


def test_an_empty_text_is_refused_on_the_page(page: Any) -> None:
    page.goto("/check")
    page.fill("#check-text", "")
    with page.expect_response("**/check") as answer:
        page.click("form.check-form button")
    assert answer.value.status == 400
    assert page.locator("p.error").inner_text() == "pasted.txt: empty file"
