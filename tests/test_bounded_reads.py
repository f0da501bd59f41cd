"""Reads that read only their page (issue 16) answer what reading everything answers, on a
generated ledger (benchmarks/ledger.py) on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from geoledger import pipeline, store
from geoledger.numbers import amount
from geoledger.store import ClaimFilter, make_engine

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture
def bench_engine(ledger_url: str) -> Iterator[Engine]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from ledger import build_ledger
    finally:
        sys.path.remove(str(BENCHMARKS))
    from geoledger.pipeline.stored import rebuild_reconciliation

    engine = make_engine(ledger_url)
    build_ledger(engine, 1500, after_rows=rebuild_reconciliation)
    yield engine
    engine.dispose()


def _search_everything(conn: Any, text_: str, limit: int) -> list[dict[str, Any]]:
    """The search answer as it was made before paging: every hit read in full, then cut."""
    key = text_.casefold()
    rows = [
        {"kind": "actor", "id": a.id, "label": a.name, "snippet": a.note or ""}
        for a in store.list_actors(conn)
        if any(key in s.casefold() for s in (a.name, a.id, *a.aliases))
    ]
    sources = store.search_sources(conn, text_, limit=limit)
    titles = store.source_titles_of(conn, [i for i, _ in sources])
    rows += [
        {"kind": "source", "id": i, "label": titles.get(i) or "", "snippet": cut}
        for i, cut in sources
    ]
    found = store.matching_claim_ids(conn, text_, limit=limit * 3)
    rows += [
        {
            "kind": "claim",
            "id": c.id,
            "label": f"{c.metric} {c.period or ''}".strip(),
            "snippet": f"{amount(c.value, c.unit)} · {c.subject or ''} / "
            f"{c.partner or ''} · {c.entity or c.object or ''}",
        }
        for c in store.list_claims(conn, ClaimFilter(ids=found))
    ]
    return rows[: limit * 3]


def test_search_pages_are_slices_of_the_whole_answer(bench_engine: Engine) -> None:
    with pipeline.connect(bench_engine) as conn:
        for words, limit in (("copper", 1000), ("copper", 4), ("Serbia China", 7), ("hbis", 5)):
            whole = _search_everything(conn, words, limit)
            assert whole, words
            assert pipeline.search_records(conn, words, limit=limit) == whole
            for offset, rows in ((0, 3), (2, 5), (len(whole) - 2, 10), (len(whole) + 1, 5)):
                page, total = pipeline.search_page(
                    conn, words, limit=limit, offset=offset, rows=rows
                )
                assert total == len(whole), words
                assert page == whole[offset : offset + rows], (words, offset)
        kinds = {hit["kind"] for hit in _search_everything(conn, "copper", 4)}
        assert kinds == {"actor", "source", "claim"}  # the cap cuts across every kind


def test_the_index_lists_the_first_evidence_and_counts_the_rest(bench_engine: Engine) -> None:
    from geoledger.pipeline.index import bounded_index, compute_index, index_view

    with pipeline.connect(bench_engine) as conn:
        whole = compute_index(conn, "Serbia")
        shown = index_view(conn, "Serbia", shown=3)
        assert shown == bounded_index(whole, 3)
        assert index_view(conn, "Serbia", shown=10**6) == bounded_index(whole, 10**6)
    listed: set[str] = set()
    cut = False
    for partner, whole_partner in zip(shown["partners"], whole["partners"], strict=True):
        assert partner["evidence_count"] == whole_partner["evidence_count"]
        for domain, whole_domain in zip(partner["domains"], whole_partner["domains"], strict=True):
            every = {e for i in whole_domain["indicators"] for e in i["evidence"]}
            assert domain["evidence_total"] == len(every)
            for indicator, full in zip(
                domain["indicators"], whole_domain["indicators"], strict=True
            ):
                assert indicator["evidence"] == full["evidence"][:3]
                assert indicator["evidence_total"] == len(full["evidence"])
                assert {k: v for k, v in indicator.items() if "evidence" not in k} == {
                    k: v for k, v in full.items() if k != "evidence"
                }
                cut = cut or len(full["evidence"]) > 3
                listed.update(indicator["evidence"])
    assert cut  # the generated ledger gives some indicator more evidence than is listed
    assert shown["evidence"] == {e: whole["evidence"][e] for e in sorted(listed)}
    rest = {k: v for k, v in whole.items() if k not in ("partners", "evidence")}
    assert {k: v for k, v in shown.items() if k not in ("partners", "evidence")} == rest


def test_the_index_page_says_how_much_evidence_it_does_not_list(
    bench_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    from fastapi.testclient import TestClient

    from geoledger.api import create_app
    from geoledger.config import Settings
    from geoledger.pipeline import index
    from geoledger.pipeline.index import compute_index

    monkeypatch.setattr(index, "EVIDENCE_SHOWN", 3)
    with pipeline.connect(bench_engine) as conn:
        whole = compute_index(conn, "Serbia")
    url = bench_engine.url.render_as_string(hide_password=False)
    client = TestClient(create_app(Settings(database_url=url)))
    page = client.get("/index").text
    more = sorted(int(n) for n in re.findall(r'class="more-evidence">and (\d+) more<', page))
    expected = sorted(
        len(i["evidence"]) - 3
        for p in whole["partners"]
        for d in p["domains"]
        for i in d["indicators"]
        if len(i["evidence"]) > 3
    )
    assert more == expected and more
    api = client.get("/api/index", params={"evidence": 2}).json()
    first = api["partners"][0]["domains"][0]["indicators"][0]
    assert first["evidence_total"] == len(
        whole["partners"][0]["domains"][0]["indicators"][0]["evidence"]
    )
    assert len(first["evidence"]) <= 2


def test_a_claim_search_picks_what_reading_every_matching_id_picks(bench_engine: Engine) -> None:
    from sqlalchemy import and_, select, true

    from geoledger.pipeline.stored import selection
    from geoledger.store import facets, keyset, reconciled
    from geoledger.store import pages as paged
    from geoledger.store import schema as t

    def picked(conn: Any, conditions: list[Any]) -> list[str]:
        joined = t.claims.join(t.recon_claims, t.recon_claims.c.claim_id == t.claims.c.id)
        query = select(t.claims.c.id).select_from(joined).where(and_(true(), *conditions))
        return sorted(conn.execute(query).scalars())

    with pipeline.connect(bench_engine) as conn:
        for words, filters in (
            ("copper", {}),
            ("copper", {"partner": "China"}),
            ("Serbia", {"metric": "trade"}),
            ("nothing-like-this", {}),
        ):
            chosen = selection(pipeline.claim_filter(conn, search=words, **filters))
            every = picked(conn, reconciled.claim_conditions(conn, chosen))
            assert picked(conn, facets.claim_conditions(conn, chosen)) == every, words
            walked = facets.claim_conditions(conn, chosen, indexed=False)
            assert picked(conn, walked) == every, words
            assert paged.count_claims(conn, chosen) == len(every)
            assert keyset.count_up_to(conn, chosen, 10**6) == len(every)
            listed, after = [], None
            while True:  # the keyset pages of the search, walked and not, are the claims
                rows, after = paged.claims_page(conn, chosen, after=after, limit=37)
                listed += [claim.id for claim, _ in rows]
                if len(rows) < 37:
                    break
            assert sorted(listed) == every
        assert every == [] and picked(conn, facets.claim_conditions(conn, chosen)) == []


def test_a_year_of_sources_is_the_sources_dated_in_it(bench_engine: Engine) -> None:
    from sqlalchemy import func, select

    from geoledger.store import schema as t
    from geoledger.store import tables

    s = t.sources.c
    with pipeline.connect(bench_engine) as conn:
        years = conn.execute(select(func.substr(s.published_on, 1, 4)).distinct()).scalars()
        for year in [y for y in years if y] + ["1999"]:
            dated = select(s.id).where(func.substr(s.published_on, 1, 4) == year)
            expected = sorted(conn.execute(dated).scalars())
            condition = tables.source_condition(conn, {"year": year}, None)
            assert sorted(conn.execute(select(s.id).where(condition)).scalars()) == expected
            assert tables.count_sources(conn, condition) == len(expected)
            listed, after = [], None
            while True:
                rows, after, _ = tables.source_page(conn, condition, after=after, limit=40)
                listed += [row["id"] for row in rows]
                if after is None:
                    break
            assert sorted(listed) == expected and len(listed) == len(set(listed))


def _every(client: Any, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of an API listing, page after page (its `next` cursor)."""
    items: list[dict[str, Any]] = []
    after = None
    while True:
        query = {**params, "limit": 1000} | ({"after": after} if after else {})
        page = client.get(path, params=query)
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        after = body["next"]
        if after is None:
            return items


def test_fact_and_conflict_listings_hold_their_first_versions_and_count_them_all(
    bench_engine: Engine,
) -> None:
    import re

    from alembic import command
    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from geoledger.api import create_app
    from geoledger.config import Settings
    from geoledger.store import schema as t
    from geoledger.store.engine import _alembic_config
    from geoledger.store.reconciled import LISTED_VERSIONS, listing_record

    url = bench_engine.url.render_as_string(hide_password=False)
    client = TestClient(create_app(Settings(database_url=url)))
    for path in ("/api/facts", "/api/conflicts"):
        listed = _every(client, path)
        full = _every(client, path, versions="all")
        assert [r["id"] for r in listed] == [r["id"] for r in full]
        for short, whole in zip(listed, full, strict=True):
            assert short["versions"] == whole["versions"][:LISTED_VERSIONS]
            assert short["versions_total"] == len(whole["versions"])
            rest = {k: v for k, v in short.items() if k not in ("versions", "versions_total")}
            assert rest == {k: v for k, v in whole.items() if k != "versions"}
        # The generated ledger repeats some facts more often than a listing holds.
        assert any(len(r["versions"]) > LISTED_VERSIONS for r in full), path
    # The facts page's Versions column counts every version, as the fact's own page lists them.
    counts: dict[str, int] = {}
    page = "/facts"
    while page:
        html = client.get(page).text
        for fact_id, n in re.findall(
            r'<tr data-row="([^"]+)">.*?<td class="r">(\d+)</td></tr>', html, re.S
        ):
            counts[fact_id] = int(n)
        after = re.search(r'rel="next" href="([^"]+)"', html)
        page = after.group(1).replace("&amp;", "&") if after else ""
    facts = {r["id"]: len(r["versions"]) for r in _every(client, "/api/facts", versions="all")}
    assert counts == facts
    assert max(counts.values()) > LISTED_VERSIONS
    for fact_id in sorted(counts, key=lambda f: -counts[f])[:2]:
        html = client.get(f"/facts/{fact_id}").text
        assert f"<h2>{counts[fact_id]} versions</h2>" in html

    # A ledger made before listing records gets them from its stored records on upgrade.
    with bench_engine.begin() as conn:
        config = _alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0012")
    upgraded = make_engine(url)
    with upgraded.connect() as conn:
        for table in (t.recon_facts, t.recon_items):
            rows = conn.execute(select(table.c.record, table.c.listing)).all()
            assert rows and all(r.listing is not None for r in rows)
            for row in rows:
                assert json.loads(row.listing) == listing_record(json.loads(row.record))
    upgraded.dispose()


def test_a_domain_page_lists_the_claims_one_sorted_read_lists(bench_engine: Engine) -> None:
    from sqlalchemy import and_, func, select

    from geoledger.store import pages
    from geoledger.store import schema as t
    from geoledger.store.ledger import _claim

    c, r = t.claims.c, t.recon_claims.c
    metrics = ("policy.alignment_rate", "opinion.share", "loan")
    with pipeline.connect(bench_engine) as conn:
        for chosen in (metrics[:2], metrics):
            # The order the page promises, as one query sorting every claim of the metrics.
            query = (
                select(t.claims)
                .select_from(t.claims.join(t.recon_claims, r.claim_id == c.id))
                .where(and_(c.status != "rejected", c.metric.in_(chosen)))
                .order_by(
                    c.metric,
                    r.period_start.nulls_first(),
                    c.source_id,
                    func.coalesce(c.start, -1),
                    c.id,
                )
            )
            every = [_claim(row) for row in conn.execute(query)]
            for limit in (1, 7, 100, len(every) + 5):
                found, total = pages.domain_claims(conn, metrics=chosen, keywords=(), limit=limit)
                assert [x.id for x in found] == [x.id for x in every[:limit]]
                assert total == (len(every) if limit <= len(every) else len(found))
    assert len(every) > 100
