"""The store on a real SQLite file and a real PostgreSQL server: same tests, both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from geoledger import store
from geoledger.errors import ConflictingWrite, InvalidInput, NotFound
from geoledger.models import Actor, Claim, Event, EventActor, Source
from geoledger.pipeline import load_dataset
from geoledger.store import ClaimFilter, make_engine
from geoledger.store.engine import head_version


def _source(**kw: object) -> Source:
    values = {"id": "s1", "title": "Copper and credit", "text": "Zijin bought the smelter."}
    values.update(kw)
    return Source(**values)  # type: ignore[arg-type]


def test_new_ledger_is_at_the_newest_schema_version(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    assert store.schema_version(engine) == head_version()
    make_engine(ledger_url)  # opening again migrates nothing and fails nothing
    assert store.schema_version(engine) == head_version()


def test_saving_the_same_source_twice_changes_nothing(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    with engine.begin() as conn:
        assert store.save_source(conn, _source(content_hash="h1")) == ("s1", True)
        assert store.save_source(conn, _source(id="other", content_hash="h1")) == ("s1", False)
        assert store.save_source(conn, _source()) == ("s1", False)
        assert [s.id for s in store.list_sources(conn)] == ["s1"]


def test_claims_round_trip_with_every_field(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    claim = Claim(
        id="c1",
        source_id="s1",
        value=1.5e9,
        value_max=2e9,
        unit="USD",
        metric="loan",
        qualifier="approx",
        measure="level",
        period="2010/2019",
        subject="Serbia",
        partner="China",
        entity="Exim Bank of China",
        object="Kostolac B3",
        surface="$1.5-2bn",
        start=10,
        end=18,
        status="candidate",
        origin="extracted",
        made_by="money.v1",
    )
    with engine.begin() as conn:
        store.save_source(conn, _source())
        assert store.save_claim(conn, claim, who="tester") is True
        assert store.save_claim(conn, claim, who="tester") is False
    with engine.connect() as conn:
        got = store.get_claim(conn, "c1")
    assert got.created_at and got.updated_at
    for field in (
        "value",
        "value_max",
        "unit",
        "metric",
        "qualifier",
        "period",
        "subject",
        "partner",
        "entity",
        "object",
        "surface",
        "start",
        "end",
        "status",
        "origin",
        "made_by",
        "source_id",
    ):
        assert getattr(got, field) == getattr(claim, field), field


def test_a_failed_transaction_leaves_the_ledger_unchanged(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    with pytest.raises(RuntimeError), engine.begin() as conn:
        store.save_source(conn, _source())
        raise RuntimeError("the rest of the document failed")
    with engine.connect() as conn:
        assert store.list_sources(conn) == []


def test_actor_lookup_is_case_blind_through_every_alias(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    with engine.begin() as conn:
        store.save_actor(
            conn,
            Actor(
                id="serbia",
                name="Serbia",
                kind="country",
                aliases=("Srbija", "Belgrade", "Serbian"),
            ),
        )
        assert store.get_actor(conn, "BELGRADE").id == "serbia"
        assert store.actor_name_keys(conn, "srbija") == {"serbia", "srbija", "belgrade", "serbian"}
        with pytest.raises(NotFound, match="No actor named 'Ruritania'"):
            store.get_actor(conn, "Ruritania")


def test_events_keep_actors_roles_sources_and_conflicts(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    event = Event(
        id="e1",
        date="2018-12",
        date_precision="month",
        kind="acquisition",
        domain="economy",
        actors=(EventActor("zijin", "acquirer"), EventActor("rtb_bor", "target")),
        amount=9e9,
        amount_max=1e10,
        currency="EUR",
        summary="A purchase.",
        sources=("s1",),
        conflict_with=("e2",),
    )
    with engine.begin() as conn:
        store.save_source(conn, _source())
        for actor_id in ("zijin", "rtb_bor"):
            store.save_actor(conn, Actor(id=actor_id, name=actor_id, kind="company"))
        assert store.save_event(conn, event) is True
        assert store.save_event(conn, event) is False
        assert store.list_events(conn, actor_ids=["rtb_bor"]) == [event]
        assert store.list_events(conn, actor_ids=["nobody"]) == []


def test_full_text_search_finds_source_words_and_claim_fields(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    with engine.begin() as conn:
        store.save_source(conn, _source())
        store.save_claim(
            conn,
            Claim(
                id="c1",
                source_id="s1",
                value=63,
                unit="percent",
                entity="Zijin Mining",
                origin="entered",
            ),
            who="t",
        )
        assert [sid for sid, _ in store.search_sources(conn, "smelter")] == ["s1"]
        assert store.search_sources(conn, "railway") == []
        assert [c.id for c in store.list_claims(conn, ClaimFilter(search="zijin"))] == ["c1"]
        # Query syntax in user text is taken as plain words, never as an error.
        assert store.search_sources(conn, 'smelter" OR -(') == []


def test_update_claim_refuses_a_stale_version_and_logs_each_change(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    with engine.begin() as conn:
        store.save_source(conn, _source())
        store.save_claim(
            conn, Claim(id="c1", source_id="s1", value=1, unit="count", origin="entered"), who="t"
        )
        store.update_claim(
            conn, "c1", {"status": "accepted"}, who="ana", action="accept", expected_version=1
        )
        with pytest.raises(ConflictingWrite):
            store.update_claim(
                conn, "c1", {"status": "rejected"}, who="bo", action="reject", expected_version=1
            )
        with pytest.raises(InvalidInput, match="Cannot change claim field"):
            store.update_claim(conn, "c1", {"id": "c2"}, who="bo", action="edit")
        history = store.list_history(conn, "c1")
    assert [h["action"] for h in history] == ["create", "accept"]
    assert history[1]["before"] == {"status": "candidate"}
    assert history[1]["after"] == {"status": "accepted"}


def test_bundled_dataset_loads_once_on_both_backends(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    first = load_dataset(engine)
    second = load_dataset(engine)
    assert first.added == {"sources": 5, "actors": 164, "events": 183, "claims": 89}
    assert sum(second.added.values()) == 0
    with engine.connect() as conn:
        assert store.count_rows(conn) == {"sources": 5, "actors": 164, "events": 183, "claims": 89}
        count = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
    assert count == 89  # one 'create' entry per claim, none added by the second load


def test_missing_sqlite_ledger_is_refused_for_reading(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "nowhere" / "ledger.db"
    with pytest.raises(NotFound) as caught:
        make_engine(f"sqlite:///{path}", create=False)
    assert str(caught.value) == f"No ledger at {path}. Run 'geoledger load' first."
    assert not path.exists()


def test_migrations_build_exactly_the_tables_the_code_uses(ledger_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from geoledger.store.schema import metadata

    engine = make_engine(ledger_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    # Full-text tables (SQLite) and indexes (PostgreSQL) are made by hand in the migration.
    diff = [
        d for d in diff if not (d[0] in ("remove_table", "remove_index") and "fts" in d[1].name)
    ]
    assert diff == []


def test_save_claims_stores_a_batch_once_and_logs_each(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    batch = [
        Claim(
            id=f"x{i}",
            source_id="s1",
            value=i,
            unit="count",
            origin="extracted",
            made_by="count.v1",
        )
        for i in range(3)
    ]
    with engine.begin() as conn:
        store.save_source(conn, _source())
        assert store.save_claims(conn, [*batch, batch[0]], who="ingest") == 3
        assert store.save_claims(conn, batch, who="ingest") == 0
        assert [c.id for c in store.list_claims(conn)] == ["x0", "x1", "x2"]
        history = store.list_history(conn, "x1")
        with pytest.raises(InvalidInput, match="needs an id and a source"):
            store.save_claims(conn, [Claim(value=1, unit="count")], who="ingest")
    assert [(h["action"], h["who"]) for h in history] == [("create", "count.v1")]
    assert history[0]["after"]["value"] == 1


def test_search_and_name_filters_fold_case_and_accents_on_both_backends(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    with engine.begin() as conn:
        store.save_source(conn, _source(text="Zijin runs the Čukaru Peki mine near Bor."))
        store.save_claim(
            conn,
            Claim(
                id="c1",
                source_id="s1",
                value=1,
                unit="count",
                entity="Čukaru Peki",
                origin="entered",
            ),
            who="t",
        )
        assert [sid for sid, _ in store.search_sources(conn, "cukaru")] == ["s1"]
        assert [sid for sid, _ in store.search_sources(conn, "ČUKARU")] == ["s1"]
        assert [c.id for c in store.list_claims(conn, ClaimFilter(search="cukaru"))] == ["c1"]
        where = ClaimFilter(entity=frozenset({"čukaru peki"}))
        assert [c.id for c in store.list_claims(conn, where)] == ["c1"]


def test_metric_filter_takes_a_family_literally_and_case_blind(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    with engine.begin() as conn:
        store.save_source(conn, _source())
        for claim_id, metric in (("c1", "trade.exports"), ("c2", "trade"), ("c3", "tradeoff")):
            store.save_claim(
                conn,
                Claim(
                    id=claim_id,
                    source_id="s1",
                    value=1,
                    unit="count",
                    metric=metric,
                    origin="entered",
                ),
                who="t",
            )

        def ids(metric: str) -> list[str]:
            return [c.id or "" for c in store.list_claims(conn, ClaimFilter(metric=metric))]

        assert ids("Trade") == ["c1", "c2"]
        assert ids("%") == [] and ids("trade_exports") == []


def test_rows_without_a_date_or_place_come_first_on_both_backends(ledger_url: str) -> None:
    engine = make_engine(ledger_url)
    with engine.begin() as conn:
        store.save_source(conn, _source())
        for claim_id, start in (("a", 5), ("b", None)):
            store.save_claim(
                conn,
                Claim(
                    id=claim_id,
                    source_id="s1",
                    value=1,
                    unit="count",
                    start=start,
                    origin="entered",
                ),
                who="t",
            )
        for event_id, date in (("e1", "2020"), ("e2", None)):
            store.save_event(
                conn,
                Event(id=event_id, date=date, date_precision=None, kind="visit", domain="politics"),
            )
        assert [c.id for c in store.list_claims(conn)] == ["b", "a"]
        assert [e.id for e in store.list_events(conn)] == ["e2", "e1"]
