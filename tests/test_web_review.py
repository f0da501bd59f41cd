"""Review in real Chromium: accept, reject and edit from the page and by keyboard, audit shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, HAVE_CHROMIUM, NO_CHROMIUM, running_server
from geoledger import pipeline, store
from geoledger.pipeline.ingest import ingest_paths

TOKEN = "review-test-token"
ARTICLE = "000_6507202e5f058613.txt"

pytestmark = pytest.mark.browser

if not HAVE_CHROMIUM:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Iterator[str]:
    """A ledger with one ingested article (so there are candidates) behind a real server."""
    url = f"sqlite:///{tmp_path_factory.mktemp('review') / 'ledger.db'}"
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


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A signed-in tab on /review."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=server)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto("/review")
    tab.fill("input[name=token]", TOKEN)
    tab.click("text=Sign in")
    tab.wait_for_url("**/review")
    yield tab
    context.close()
    assert errors == []


def first_card(page: Any) -> tuple[Any, str]:
    card = page.locator("section.review").first
    return card, card.get_attribute("id").removeprefix("review-")


def last_decision(page: Any) -> str:
    return page.locator("section.audit ol.history li").first.inner_text()


def test_accept_from_the_page_shows_in_the_audit_trail(page: Any) -> None:
    card, claim_id = first_card(page)
    card.locator("button.accept").click()
    page.wait_for_url("**/review?done=*")
    assert page.locator(".done").inner_text() == f"Saved: claim {claim_id}."
    assert page.request.get(f"/api/claims/{claim_id}").json()["status"] == "accepted"
    assert page.locator(f"#review-{claim_id}").count() == 0
    assert f"accept {claim_id} by browser" in last_decision(page)


def test_reject_from_the_page_needs_and_keeps_a_why(page: Any) -> None:
    card, claim_id = first_card(page)
    card.locator("button.reject").click()
    # The browser refuses an empty why: the page stays, the claim stays a candidate.
    assert page.url.endswith("/review")
    assert page.request.get(f"/api/claims/{claim_id}").json()["status"] == "candidate"
    card.locator(".reject-form input").fill("a page number, not a figure")
    card.locator("button.reject").click()
    page.wait_for_url("**/review?done=*")
    assert page.request.get(f"/api/claims/{claim_id}").json()["status"] == "rejected"
    assert f"reject {claim_id} by browser: a page number, not a figure" in last_decision(page)


def test_edit_from_the_page_changes_the_claim_and_logs_before_and_after(page: Any) -> None:
    card, claim_id = first_card(page)
    before = page.request.get(f"/api/claims/{claim_id}").json()
    card.locator("summary", has_text="Edit").click()
    card.locator("form.edit input[name=period]").fill("2019")
    card.locator("form.edit input[name=why]").fill("the year is in the previous sentence")
    card.locator("button.save").click()
    page.wait_for_url("**/review?done=*")
    after = page.request.get(f"/api/claims/{claim_id}").json()
    assert after["period"] == "2019"
    assert after["value"] == before["value"]
    history = page.request.get(f"/api/claims/{claim_id}/history").json()
    assert (history[-1]["action"], history[-1]["after"]) == ("edit", {"period": "2019"})
    line = last_decision(page)
    assert f"edit {claim_id} by browser: the year is in the previous sentence" in line
    assert f"period: {before['period']} → 2019" in line


def test_review_by_keyboard_alone(page: Any) -> None:
    cards = page.locator("section.review")
    second = cards.nth(1).get_attribute("id").removeprefix("review-")
    third = cards.nth(2).get_attribute("id").removeprefix("review-")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == f"review-{second}"
    page.keyboard.press("a")
    page.wait_for_url("**/review?done=*")
    assert page.request.get(f"/api/claims/{second}").json()["status"] == "accepted"
    # After a decision the first claim holds the focus; move to the one that was third.
    first = cards.first.get_attribute("id").removeprefix("review-")
    assert page.evaluate("document.activeElement.id") == f"review-{first}"
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == f"review-{third}"
    page.keyboard.press("r")
    page.keyboard.type("a duplicate of another claim")
    # The page is already at /review?done=…: wait for the new page, not for the URL.
    with page.expect_navigation(url="**/review?done=*"):
        page.keyboard.press("Enter")
    assert page.request.get(f"/api/claims/{third}").json()["status"] == "rejected"
    # e opens the editor on the focused claim; Enter in a field saves it.
    editing = cards.first.get_attribute("id").removeprefix("review-")
    page.keyboard.press("e")
    assert page.evaluate("document.activeElement.name") == "metric"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "period"
    page.keyboard.press("Control+a")
    page.keyboard.type("2020")
    with page.expect_navigation(url="**/review?done=*"):
        page.keyboard.press("Enter")
    assert page.request.get(f"/api/claims/{editing}").json()["period"] == "2020"
    assert f"edit {editing} by browser" in last_decision(page)
