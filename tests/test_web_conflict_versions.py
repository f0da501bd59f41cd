"""A conflict that thousands of sources repeat lists a few versions and counts the rest, on the
/conflicts page as on the overview, so the page's size does not grow with the ledger."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from geoledger import pipeline, store
from geoledger.api import create_app
from geoledger.config import Settings
from geoledger.pipeline import review
from geoledger.pipeline.stored import rebuild_reconciliation
from geoledger.web.views import VERSIONS_SHOWN

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
MORE = re.compile(r"and (\d+) more versions?")


def test_the_conflicts_page_shows_a_few_versions_and_counts_the_rest(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from ledger import build_ledger
    finally:
        sys.path.remove(str(BENCHMARKS))
    url = f"sqlite:///{tmp_path / 'many.db'}"
    engine = store.make_engine(url)
    build_ledger(engine, 2000, after_rows=rebuild_reconciliation)
    with pipeline.connect(engine) as conn:
        held = [len(r.get("versions") or []) for r in review.list_conflicts(conn, limit=None)]
    engine.dispose()
    extra = sorted(n - VERSIONS_SHOWN for n in held if n > VERSIONS_SHOWN)
    assert extra, "the generated ledger should hold a conflict with many versions"

    client = TestClient(create_app(Settings(database_url=url)))
    shown: list[int] = []
    page = "/conflicts"
    while page:
        html = client.get(page).text
        shown += [int(n) for n in MORE.findall(html)]
        after = re.search(r'href="(/conflicts\?[^"]*after=[^"]+)"', html)
        page = after.group(1).replace("&amp;", "&") if after else ""
    # Every conflict cut short says how many versions it left out, with the ledger's own count.
    assert sorted(shown) == extra
