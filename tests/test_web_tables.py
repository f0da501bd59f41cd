"""The claims table on SQLite and PostgreSQL: keyset pages in every order, facet counts, budgets."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import text

from geoledger import pipeline, store
from geoledger.errors import InvalidInput
from geoledger.periods import parse_period
from geoledger.pipeline import pages, tables
from geoledger.pipeline.stored import ensure_reconciled, selection
from geoledger.store import budget, facets, keyset

SORTS = [None, "metric", "period", "usd"]


@pytest.fixture
def engine(ledger_url: str) -> Any:
    engine = store.make_engine(ledger_url)
    pipeline.load_dataset(engine)
    yield engine
    engine.dispose()


def expected_order(records: list[dict[str, Any]], sort: str | None, descending: bool) -> list[str]:
    """The order the table promises, computed here from the claims themselves."""
    if sort is None:
        keyed = [
            ((r["doc"], -1 if r["start"] is None else r["start"], r["id"]), r) for r in records
        ]
        return [r["id"] for _, r in sorted(keyed, key=lambda kr: kr[0], reverse=descending)]
    values = {
        "metric": lambda r: r["metric"],
        "period": lambda r: parse_period(r["period"]).end.isoformat() if r["period"] else None,
        "usd": lambda r: r["usd"],
    }[sort]
    present = [r for r in records if values(r) is not None]
    missing = [r for r in records if values(r) is None]
    present.sort(key=lambda r: (values(r), r["id"]), reverse=descending)
    missing.sort(key=lambda r: r["id"], reverse=descending)
    # Missing values come last whichever the direction.
    return [r["id"] for r in present + missing]


def walk(conn: Any, state: tables.TableState, *, backward: bool = False) -> list[list[str]]:
    """Every page of the table, following next (or, from the last page, prev) links."""
    pages_seen: list[list[str]] = []
    chosen = selection(pipeline.claim_filter(conn, **state.filters))
    cursor: dict[str, str | None] = {}
    if backward:
        # Reach the last page first, then walk back.
        while True:
            page = keyset.sorted_page(
                conn, chosen, sort=state.sort, descending=state.descending, limit=7, **cursor
            )
            if page.next is None:
                break
            cursor = {"after": page.next}
    while True:
        page = keyset.sorted_page(
            conn, chosen, sort=state.sort, descending=state.descending, limit=7, **cursor
        )
        pages_seen.append([claim.id or "" for claim, _ in page.rows])
        following = page.prev if backward else page.next
        if following is None:
            return pages_seen[::-1] if backward else pages_seen
        cursor = {"before": following} if backward else {"after": following}


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", SORTS)
def test_keyset_pages_give_every_claim_once_in_order_both_ways(
    engine: Any, sort: str | None, descending: bool
) -> None:
    with pipeline.connect(engine) as conn:
        ensure_reconciled(conn)
        records = pipeline.claim_records(conn)
        state = tables.TableState(sort=sort, descending=descending)
        forward = walk(conn, state)
        backward = walk(conn, state, backward=True)
    want = expected_order(records, sort, descending)
    assert [i for page in forward for i in page] == want
    assert all(len(page) == 7 for page in forward[:-1])
    # Walking back from the last page gives the same pages.
    assert backward == forward


def test_a_filtered_sorted_table_pages_only_the_filtered_claims(engine: Any) -> None:
    with pipeline.connect(engine) as conn:
        state = tables.TableState(filters={"partner": "China"}, sort="usd", descending=True)
        seen = [i for page in walk(conn, state) for i in page]
        records = pipeline.claim_records(conn, partner="China")
    assert seen == expected_order(records, "usd", True)
    assert len(seen) == len(records) > 7


def test_a_cursor_from_elsewhere_is_refused_with_one_line(engine: Any) -> None:
    with pipeline.connect(engine) as conn:
        chosen = selection(None)
        page = keyset.sorted_page(conn, chosen, limit=3)
        assert page.next is not None and page.prev is None
        with pytest.raises(InvalidInput) as raised:
            # A cursor of the default order holds three keys; sorted by USD, two.
            keyset.sorted_page(conn, chosen, sort="usd", after="bm90IGEgY3Vyc29y")
    assert str(raised.value) == "'bm90IGEgY3Vyc29y' is not a cursor this listing gave."


@pytest.mark.parametrize(
    "filters", [{}, {"partner": "China"}, {"metric": "trade", "period": "2023"}]
)
def test_every_facet_value_counts_what_its_filter_picks(
    engine: Any, filters: dict[str, str]
) -> None:
    with pipeline.connect(engine) as conn:
        found = tables.claims_table(conn, tables.TableState(filters=filters))
        total = found["total"]
        assert total == pages.count_claims(conn, **filters) > 0
        for facet in found["facets"]:
            assert not facet["timed_out"]
            entries = facet["entries"]
            assert entries, facet["name"]
            if not facet["more"]:
                # Every claim is in exactly one value (none, undated and spans included).
                assert sum(e["count"] for e in entries) == total, facet["name"]
            for entry in entries:
                if entry["value"] is None:
                    continue
                narrowed = {**filters, facet["param"]: entry["value"]}
                counted = pages.count_claims(conn, **narrowed)
                assert counted == entry["count"], (facet["name"], entry)


def test_the_year_facet_names_undated_figures_and_spans_without_a_filter(engine: Any) -> None:
    with pipeline.connect(engine) as conn:
        found = tables.claims_table(conn, tables.TableState())
        year = next(f for f in found["facets"] if f["name"] == "year")
        undated = sum(1 for r in pipeline.claim_records(conn) if not r["period"])
    shown = {e["label"]: e for e in year["entries"]}
    assert shown["undated"]["count"] == undated and shown["undated"]["value"] is None
    assert all(e["value"] is None or len(e["value"]) == 4 for e in year["entries"])


def test_the_country_facet_counts_an_actor_under_its_name_not_its_spellings(
    engine: Any,
) -> None:
    with pipeline.connect(engine) as conn:
        found = tables.claims_table(conn, tables.TableState())
        country = next(f for f in found["facets"] if f["name"] == "country")
        serbia = pages.count_claims(conn, subject="Serbia")
    labels = [e["label"] for e in country["entries"]]
    assert labels.count("Serbia") == 1
    assert next(e for e in country["entries"] if e["label"] == "Serbia")["count"] == serbia


def test_a_query_past_its_budget_stops_and_leaves_the_transaction_usable(
    engine: Any,
) -> None:
    slow = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000) "
        "SELECT count(*) FROM n"
        if engine.dialect.name == "sqlite"
        else "SELECT pg_sleep(5)"
    )
    with pipeline.connect(engine) as conn:
        before = pages.count_claims(conn)
        began = time.monotonic()
        with pytest.raises(budget.TimeUp), budget.time_limit(conn, 0.2):
            conn.execute(text(slow)).all()
        assert time.monotonic() - began < 3
        # The same transaction answers on, and a later query has no budget left over.
        assert pages.count_claims(conn) == before
        assert conn.execute(text("SELECT 1")).scalar_one() == 1


def test_a_facet_out_of_time_says_so(engine: Any) -> None:
    with pipeline.connect(engine) as conn:
        ensure_reconciled(conn)
        # A page whose facet time is spent: the facet is not counted, and says so.
        found = facets.count_facet(conn, selection(None), "metric", budget_s=0)
        assert found.timed_out and found.counts == []
        # And the page still renders with the others.
        assert facets.count_facet(conn, selection(None), "metric").counts


@pytest.mark.parametrize("table", ["facts", "conflicts"])
def test_stored_tables_page_both_ways_and_count_their_facets(engine: Any, table: str) -> None:
    with pipeline.connect(engine) as conn:
        whole = tables.stored_table(conn, table, tables.TableState(limit=1000))
        every = whole["items"]
        assert whole["total"] == len(every) > 3 and whole["next"] is None
        # Pages of 3 forward, then back from the last: the same rows in the same order.
        seen: list[list[Any]] = []
        state = tables.TableState(limit=3)
        while True:
            page = tables.stored_table(conn, table, state)
            seen.append(page["items"])
            if page["next"] is None:
                break
            state = tables.TableState(limit=3, after=page["next"])
        back: list[list[Any]] = [page["items"]]
        while page["prev"] is not None:
            page = tables.stored_table(conn, table, tables.TableState(limit=3, before=page["prev"]))
            back.append(page["items"])
        assert [r for p in seen for r in p] == whole["items"]
        assert back[::-1] == seen
        reverse = tables.stored_table(conn, table, tables.TableState(limit=1000, descending=True))
        assert reverse["items"] == whole["items"][::-1]
        for facet in whole["facets"]:
            if not facet["more"]:
                assert sum(e["count"] for e in facet["entries"]) == whole["total"], facet["name"]
            for entry in facet["entries"]:
                narrowed = tables.TableState(filters={facet["param"]: entry["value"]}, limit=1000)
                found = tables.stored_table(conn, table, narrowed)
                assert found["total"] == entry["count"], (facet["name"], entry)
                name = facet["name"]
                shown = [r.get(name) or r["key"].get(name) for r in found["items"]]
                assert shown == [entry["value"]] * entry["count"]


def test_sources_page_both_ways_and_count_their_facets(engine: Any) -> None:
    with pipeline.connect(engine) as conn:
        whole = tables.sources_table(conn, tables.TableState(limit=1000))
        assert whole["total"] == len(whole["items"]) == len(store.list_sources(conn)) > 2
        seen: list[list[Any]] = []
        state = tables.TableState(limit=2)
        while True:
            page = tables.sources_table(conn, state)
            seen.append(page["items"])
            if page["next"] is None:
                break
            state = tables.TableState(limit=2, after=page["next"])
        back = [page["items"]]
        while page["prev"] is not None:
            page = tables.sources_table(conn, tables.TableState(limit=2, before=page["prev"]))
            back.append(page["items"])
        assert [r for p in seen for r in p] == whole["items"] and back[::-1] == seen
        dates = [r["published_on"] or "" for r in whole["items"]]
        assert dates == sorted(dates)
        for facet in whole["facets"]:
            if not facet["more"]:
                assert sum(e["count"] for e in facet["entries"]) == whole["total"], facet["name"]
            for entry in facet["entries"]:
                if entry["value"] is None:
                    continue
                narrowed = tables.TableState(filters={facet["param"]: entry["value"]}, limit=1000)
                found = tables.sources_table(conn, narrowed)
                assert len(found["items"]) == found["total"] == entry["count"], entry


def test_events_page_both_ways_dated_first_and_count_their_facets(engine: Any) -> None:
    with pipeline.connect(engine) as conn:
        whole = tables.events_table(conn, tables.TableState(limit=1000))
        every = pipeline.event_records(conn)
        seen: list[str] = []
        state = tables.TableState(limit=40)
        while True:
            page = tables.events_table(conn, state)
            seen += [e["id"] for e in page["items"]]
            if page["next"] is None:
                break
            state = tables.TableState(limit=40, after=page["next"])
        back = tables.events_table(conn, tables.TableState(limit=40, before=page["prev"]))
        facet_checks = []
        for facet in whole["facets"]:
            for entry in facet["entries"]:
                if entry["value"] is None:
                    continue
                narrowed = tables.TableState(filters={facet["param"]: entry["value"]}, limit=1000)
                facet_checks.append((entry["count"], tables.events_table(conn, narrowed)["total"]))
    ids = [e["id"] for e in whole["items"]]
    assert whole["total"] == len(ids) == len(every) > 40 and seen == ids
    assert [e["id"] for e in back["items"]] == ids[-len(page["items"]) - 40 : -len(page["items"])]
    dated = [e for e in whole["items"] if e["date"]]
    assert whole["items"][: len(dated)] == dated
    assert [e["date"] for e in dated] == sorted(e["date"] for e in dated)
    assert facet_checks and all(counted == total for counted, total in facet_checks)


def test_actors_page_by_name_and_count_their_facets(engine: Any) -> None:
    with pipeline.connect(engine) as conn:
        whole = tables.actors_table(conn, tables.TableState(limit=1000))
        seen: list[str] = []
        state = tables.TableState(limit=30)
        while True:
            page = tables.actors_table(conn, state)
            seen += [a["id"] for a in page["items"]]
            if page["next"] is None:
                break
            state = tables.TableState(limit=30, after=page["next"])
        checks = [
            (entry["count"], tables.actors_table(conn, narrowed)["total"])
            for facet in whole["facets"]
            for entry in facet["entries"]
            if entry["value"] is not None
            for narrowed in [tables.TableState(filters={facet["param"]: entry["value"]})]
        ]
        serbia = tables.actors_table(conn, tables.TableState(filters={"search": "srbija"}))
        every = store.list_actors(conn)
    ids = [a["id"] for a in whole["items"]]
    assert seen == ids and whole["total"] == len(every) > 30
    assert [a["name"] for a in whole["items"]] == sorted(a.name for a in every)
    assert checks and all(counted == total for counted, total in checks)
    # Another name an actor goes by finds it.
    assert [a["name"] for a in serbia["items"]] == ["Serbia"]


# --- facets from stored counts (migration 0009 and recon_counts) ------------------------------

STORED_FILTERS: list[tuple[dict[str, str], str | None]] = [
    ({}, None),
    ({"status": "accepted"}, None),
    ({"status": "candidate"}, None),
    ({"subject": "Serbia"}, None),
    ({"partner": "China", "metric": "trade"}, None),
    ({"metric": "investment"}, "2010/2024"),
    ({"status": "accepted"}, "2023"),
]


def _assert_stored_facets_count_the_rows(engine: Any) -> None:
    """Every facet summed from stored counts equals counting the claims (GROUP BY) now."""
    with pipeline.connect(engine) as conn:
        ensure_reconciled(conn)
        used = 0
        for filters, period in STORED_FILTERS:
            chosen = selection(pipeline.claim_filter(conn, **filters), period)
            for name in tables.FACETS:
                stored = facets.stored_claim_facet(conn, chosen, name)
                counted = facets.grouped_facet(conn, chosen, name, budget_s=30)
                if stored is None:
                    continue
                used += 1
                assert not counted.timed_out
                assert (stored.counts, stored.more) == (counted.counts, counted.more), (
                    filters,
                    period,
                    name,
                )
        # Filters are dimensions of the stored counts: all but the filtered source facets read them.
        assert used == 6 * len(STORED_FILTERS) - 4
        # A search or a source is not a dimension of them: those facets count the claims.
        first = conn.execute(text("SELECT min(source_id) FROM claims")).scalar_one()
        for filters in ({"search": "copper"}, {"source": first}):
            chosen = selection(pipeline.claim_filter(conn, **filters))
            assert all(facets.stored_claim_facet(conn, chosen, n) is None for n in tables.FACETS)


def test_stored_facet_counts_follow_load_ingest_review_and_restore(
    ledger_url: str, shared: Any
) -> None:
    from geoledger.pipeline import review
    from geoledger.pipeline.ingest import ingest_paths

    engine = store.make_engine(ledger_url)
    pipeline.load_dataset(engine)
    _assert_stored_facets_count_the_rows(engine)
    ingest_paths(engine, [str(shared / "corpus")])
    _assert_stored_facets_count_the_rows(engine)
    with pipeline.connect(engine) as conn:
        candidates = review.review_queue(conn)
        review.accept_claim(conn, candidates[0], who="ana")
        review.reject_claim(conn, "c002", who="ana", why="superseded by the customs release")
        review.edit_claim(conn, "c005", {"partner": "Russia", "metric": "trade.imports"}, who="ana")
    _assert_stored_facets_count_the_rows(engine)
    with pipeline.connect(engine) as conn:
        review.restore_claim(conn, "c002", who="ana")
        # A claim moved to another source (a fix made in SQL) moves its source count.
        other = conn.execute(
            text(
                "SELECT min(id) FROM sources WHERE id <> (SELECT source_id FROM claims "
                "WHERE id = 'c005')"
            )
        ).scalar_one()
        conn.execute(
            text("UPDATE claims SET source_id = :other WHERE id = 'c005'"), {"other": other}
        )
    _assert_stored_facets_count_the_rows(engine)
    from sqlalchemy import delete, insert, select

    from geoledger.store import schema as t
    from geoledger.store.ledger import mark_dirty

    with pipeline.connect(engine) as conn:
        # A claim written and removed in SQL (no audit row points at it) counts, then does not.
        row = dict(conn.execute(select(t.claims).where(t.claims.c.id == "c006")).mappings().one())
        conn.execute(insert(t.claims), [{**row, "id": "c006-copy", "status": "rejected"}])
        mark_dirty(conn, claims=["c006-copy"])  # what the store does when it saves one
    _assert_stored_facets_count_the_rows(engine)
    with pipeline.connect(engine) as conn:
        conn.execute(delete(t.claims).where(t.claims.c.id == "c006-copy"))
        mark_dirty(conn, claims=["c006-copy"])
    _assert_stored_facets_count_the_rows(engine)
    engine.dispose()


def test_a_backup_restored_holds_the_same_source_counts(ledger_url: str, tmp_path: Any) -> None:
    from sqlalchemy import select

    from geoledger.pipeline.custody import backup_ledger, restore_ledger
    from geoledger.store import schema as t

    engine = store.make_engine(ledger_url)
    pipeline.load_dataset(engine)
    counts = t.claim_source_counts.c
    read = select(t.claim_source_counts).order_by(counts.source_id, counts.status)
    with engine.connect() as conn:
        before = conn.execute(read).all()
    backup_ledger(engine, tmp_path / "ledger.jsonl")
    engine.dispose()
    # The counts are not in the backup: the restored claims make them again as they go in.
    restored = store.make_engine(f"sqlite:///{tmp_path / 'restored.db'}")
    restore_ledger(restored, tmp_path / "ledger.jsonl")
    with restored.connect() as conn:
        assert before and conn.execute(read).all() == before
    restored.dispose()


def test_the_metric_filter_is_a_range_that_keeps_other_words_out(engine: Any) -> None:
    from geoledger.store import schema as t

    with pipeline.connect(engine) as conn:
        ensure_reconciled(conn)
        for metric in ("trade", "trade.exports", "investment", "other"):
            chosen = selection(pipeline.claim_filter(conn, metric=metric))
            every = store.list_claims(conn)
            expected = sorted(
                c.id or "" for c in every if c.metric == metric or c.metric.startswith(metric + ".")
            )
            found = keyset.sorted_page(conn, chosen, limit=1000).rows
            assert sorted(c.id or "" for c, _ in found) == expected, metric
            status = facets.grouped_facet(conn, chosen, "status", budget_s=30)
            assert sum(n for _, n in status.counts) == len(expected), metric
        condition = facets.metric_condition(conn, t.claims.c.metric, "trade")
        compiled = str(condition.compile(compile_kwargs={"literal_binds": True}))
        assert "LIKE" not in compiled.upper()  # both test databases compare bytes
