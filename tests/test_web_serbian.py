"""Serbian sources on the dashboard, in real headless Chromium: text in its own script."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser import CHROMIUM, CHROMIUM_ARGS, HAVE_CHROMIUM, NO_CHROMIUM, running_server
from geoledger import store
from geoledger.pipeline.ingest import ingest_paths
from test_serbian_sources import CYRILLIC, LATIN

pytestmark = pytest.mark.browser

if not HAVE_CHROMIUM:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A ledger holding one Cyrillic file in Windows-1251 and one Latin file in UTF-8."""
    folder = tmp_path_factory.mktemp("serbian")
    (folder / "cyr.txt").write_bytes(CYRILLIC.encode("cp1251"))
    (folder / "lat.txt").write_bytes(LATIN.encode("utf-8"))
    url = f"sqlite:///{folder / 'ledger.db'}"
    engine = store.make_engine(url)
    report = ingest_paths(engine, [str(folder / "cyr.txt"), str(folder / "lat.txt")])
    assert report.documents == 2
    engine.dispose()
    with running_server(url, token="t") as base:
        yield base


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = chromium.new_context(base_url=server)
        yield context.new_page()
        chromium.close()


def test_source_page_shows_the_text_in_its_own_script_and_names_the_language(page: Any) -> None:
    page.goto("/sources/cyr.txt")
    assert page.locator("h1").inner_text() == "Спољнотрговинска размена Србије и Кине"
    assert "· Serbian (Cyrillic) ·" in page.locator("p.meta").first.inner_text()
    body = page.locator(".source-text")
    assert body.get_attribute("lang") == "sr-Cyrl"
    assert body.text_content() == CYRILLIC


def test_sources_list_names_each_language(page: Any) -> None:
    page.goto("/sources")
    rows = page.locator("table.data tbody tr")
    languages = [rows.nth(i).locator("td").nth(5).inner_text() for i in range(rows.count())]
    assert sorted(languages) == ["Serbian (Cyrillic)", "Serbian (Latin)"]


def test_a_latin_search_finds_the_cyrillic_source_with_its_own_letters(page: Any) -> None:
    page.goto("/search?q=sabac")
    snippets = {
        page.locator("li.hit-source a").nth(i).inner_text(): page.locator("li.hit-source p.meta")
        .nth(i)
        .inner_text()
        for i in range(page.locator("li.hit-source").count())
    }
    assert snippets == {
        "Спољнотрговинска размена Србије и Кине": (
            "… је и даље већи. Љубљана и [Шабац] су поменути у саопштењу које …"
        ),
        "Spoljnotrgovinska razmena Srbije i Kine": (
            "… je i dalje veći. Ljubljana i [Šabac] su pomenuti u saopštenju koje …"
        ),
    }
