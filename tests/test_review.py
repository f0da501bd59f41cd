"""Review and reconciliation through the real ledger and CLI: facts, conflicts, decisions, audit."""

from __future__ import annotations

import csv
import json
import multiprocessing
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from geoledger.cli import main
from geoledger.errors import ConflictingWrite
from geoledger.models import Actor, Claim, Source
from geoledger.pipeline import connect
from geoledger.pipeline import review as reviewing
from geoledger.store import (
    get_claim,
    list_history,
    make_engine,
    save_actor,
    save_claim,
    save_source,
)

# Our own sentences (never the corpus): where the quantities sit is computed, not typed.
TEXT_A = (
    "Trade notes for the year. Serbian exports to China reached $1.9 billion in 2024, the "
    "statistics office said. Imports from China came to $5.5 billion."
)
TEXT_B = "A later report. It puts Serbian exports to China at $2.4 billion for 2024."


def _span(text: str, surface: str) -> tuple[int, int]:
    start = text.index(surface)
    return start, start + len(surface)


def _claim(claim_id: str, source: str, text: str, surface: str, value: float, **fields: Any):
    start, end = _span(text, surface)
    base: dict[str, Any] = {
        "metric": "trade.exports",
        "subject": "Serbia",
        "partner": "China",
        "period": "2024",
        "unit": "USD",
    }
    base.update(fields)
    return Claim(
        value=value, id=claim_id, source_id=source, start=start, end=end, surface=surface, **base
    )


@pytest.fixture
def ledger(tmp_path: Path) -> tuple[Path, Engine]:
    """A small ledger: one curated article with an accepted export figure and an import one."""
    path = tmp_path / "ledger.db"
    engine = make_engine(f"sqlite:///{path}")
    with connect(engine) as conn:
        save_actor(conn, Actor("serbia", "Serbia", "country", aliases=("Serbian",)))
        save_actor(conn, Actor("china", "China", "country", aliases=("Chinese", "PRC")))
        save_source(conn, Source(id="a.txt", title="Article A", text=TEXT_A, author="Ana"))
        exports = _claim("c1", "a.txt", TEXT_A, "$1.9 billion", 1.9e9)
        imports = _claim("c2", "a.txt", TEXT_A, "$5.5 billion", 5.5e9, metric="trade.imports")
        for claim in (exports, imports):
            save_claim(conn, Claim(**{**_fields(claim), "status": "accepted"}), who="curator")
    yield path, engine
    engine.dispose()


@pytest.fixture
def any_ledger(ledger_url: str) -> Iterator[tuple[str, Engine]]:
    """The same small ledger on SQLite and on PostgreSQL, by URL."""
    engine = make_engine(ledger_url)
    with connect(engine) as conn:
        save_actor(conn, Actor("serbia", "Serbia", "country", aliases=("Serbian",)))
        save_source(conn, Source(id="a.txt", title="Article A", text=TEXT_A, author="Ana"))
        exports = _claim("c1", "a.txt", TEXT_A, "$1.9 billion", 1.9e9)
        save_claim(conn, Claim(**{**_fields(exports), "status": "accepted"}), who="curator")
    yield ledger_url, engine
    engine.dispose()


def _fields(claim: Claim) -> dict[str, Any]:
    return {name: getattr(claim, name) for name in Claim.__slots__}  # type: ignore[attr-defined]


def run(path: Path, *args: str, user: str = "alice", input: str | None = None) -> Result:
    """The real CLI on the ledger at path."""
    return CliRunner().invoke(main, ["--db", str(path), "--user", user, *args], input=input)


def _save_second_article(engine: Engine, status: str = "candidate") -> None:
    with connect(engine) as conn:
        save_source(conn, Source(id="b.txt", title="Article B", text=TEXT_B, author="Bo"))
        claim = _claim("x1", "b.txt", TEXT_B, "$2.4 billion", 2.4e9, partner="PRC")
        save_claim(
            conn,
            Claim(**{**_fields(claim), "status": status, "origin": "extracted"}),
            who="money.v1",
        )


# --- facts and conflicts --------------------------------------------------------------------


def test_a_new_article_with_another_2024_export_figure_is_a_conflict_at_once(ledger) -> None:
    path, engine = ledger
    with connect(engine) as conn:
        assert [r for r in reviewing.list_conflicts(conn) if r["kind"] == "fact"] == []
    _save_second_article(engine)
    with connect(engine) as conn:
        rows = [r for r in reviewing.list_conflicts(conn) if r["kind"] == "fact"]
    assert len(rows) == 1
    (row,) = rows
    assert row["key"] == {
        "metric": "trade.exports",
        "subject": "Serbia",
        "partner": "China",  # PRC is an alias of China
        "entity": None,
        "object": None,
        "period": "2024",
        "measure": "level",
    }
    assert row["verdict"] == "conflict"
    assert [
        (v["claim"], v["value"], v["usd"], v["source"], v["source_title"]) for v in row["versions"]
    ] == [
        ("c1", 1.9e9, 1.9e9, "a.txt", "Article A"),
        ("x1", 2.4e9, 2.4e9, "b.txt", "Article B"),
    ]
    assert row["best"]["claim"] == "c1"  # the accepted figure stays best
    assert row["support"]["sources"] == 2
    # An unreviewed candidate does not take the accepted figure out of the totals ...
    assert row["support"]["fit_for_aggregation"] is True
    # ... but once a person accepts both, the fact is unfit until they settle it.
    assert run(path, "review", "accept", "x1").exit_code == 0
    with connect(engine) as conn:
        (row,) = [r for r in reviewing.list_conflicts(conn) if r["kind"] == "fact"]
    assert row["support"]["fit_for_aggregation"] is False
    assert row["support"]["unfit_because"] == ["its versions disagree"]


def test_facts_show_best_value_rule_support_and_checks(ledger) -> None:
    path, engine = ledger
    with connect(engine) as conn:
        save_claim(
            conn,
            Claim(
                value=7.4e9,
                unit="USD",
                metric="trade.total",
                subject="Serbian",
                partner="China",
                period="2024",
                id="c3",
                source_id="a.txt",
                status="accepted",
            ),
            who="curator",
        )
    result = run(path, "facts", "--format", "json")
    assert result.exit_code == 0, result.output
    facts = {r["key"]["metric"]: r for r in json.loads(result.output)}
    total = facts["trade.total"]
    assert total["verdict"] == "consistent"
    assert total["best"] == {
        "claim": "c3",
        "value": 7.4e9,
        "value_max": None,
        "unit": "USD",
        "usd": 7.4e9,
        "qualifier": "exact",
    }
    assert total["rule"].startswith("best_value.v1: rejected versions never count;")
    assert total["support"]["accepted"] is True
    assert total["support"]["fit_for_aggregation"] is True
    assert total["checks"] == [
        {"rule": "sum.v1", "verdict": "consistent", "computed": 7.4e9, "unit": "USD"}
    ]
    filtered = run(path, "facts", "--metric", "trade.imports", "--format", "csv")
    assert filtered.exit_code == 0
    lines = filtered.output.splitlines()
    assert lines[0].split(",") == [
        "verdict",
        "metric",
        "subject",
        "partner",
        "what",
        "period",
        "best",
        "usd",
        "versions",
        "sources",
        "accepted",
        "fit",
        "reason",
    ]
    assert len(lines) == 2 and lines[1].startswith(
        "single-source,trade.imports,Serbia,China,,2024,"
    )


def test_conflicts_table_and_csv_name_both_versions(ledger) -> None:
    path, engine = ledger
    _save_second_article(engine)
    result = run(path, "conflicts", "--format", "csv", "--no-events")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.output.splitlines()))
    assert [(r["kind"], r["verdict"], r["metric"], r["period"]) for r in rows] == [
        ("fact", "conflict", "trade.exports", "2024")
    ]
    assert rows[0]["versions"] == "c1 USD 1.9 bn [a.txt]; x1 USD 2.4 bn [b.txt]"
    table = run(path, "conflicts")
    assert table.exit_code == 0 and "conflict" in table.output and "trade.exports" in table.output


# --- review actions and the audit log -------------------------------------------------------


def test_reject_restore_accept_and_edit_are_each_one_audit_entry(ledger) -> None:
    path, engine = ledger
    _save_second_article(engine)
    assert run(path, "review", "reject", "x1", "--why", "misread the year").output == (
        "x1: rejected.\n"
    )
    assert run(path, "review", "reject", "x1", "--why", "again").output == "x1: already rejected.\n"
    with connect(engine) as conn:
        assert [r for r in reviewing.list_conflicts(conn) if r["kind"] == "fact"] == []
    assert run(path, "review", "restore", "x1", user="bob").output == "x1: restored (candidate).\n"
    edit = run(
        path, "review", "edit", "x1", "period=2023", "--qualifier", "approx", "--why", "p. 2"
    )
    assert edit.exit_code == 0, edit.output
    assert edit.output == "x1: edited qualifier=approx, period=2023.\n"
    assert run(path, "review", "accept", "x1").output == "x1: accepted.\n"
    history = json.loads(run(path, "history", "x1", "--format", "json").output)
    assert [(h["who"], h["action"], h["before"], h["after"], h["why"]) for h in history][1:] == [
        ("alice", "reject", {"status": "candidate"}, {"status": "rejected"}, "misread the year"),
        ("bob", "restore", {"status": "rejected"}, {"status": "candidate"}, None),
        (
            "alice",
            "edit",
            {"qualifier": "exact", "period": "2024"},
            {"qualifier": "approx", "period": "2023"},
            "p. 2",
        ),
        ("alice", "accept", {"status": "candidate"}, {"status": "accepted"}, None),
    ]
    assert history[0]["action"] == "create" and history[0]["who"] == "money.v1"
    table = run(path, "history", "x1")
    assert table.exit_code == 0 and "misread the year" in table.output


def test_review_commands_refuse_bad_input_with_one_error_line(ledger) -> None:
    path, engine = ledger
    _save_second_article(engine)
    cases = [
        (
            ("review", "reject", "x1", "--why", " "),
            "error: Say why claim 'x1' is rejected (--why TEXT).\n",
        ),
        (
            ("review", "restore", "x1"),
            "error: Claim 'x1' is candidate, not rejected; only a rejected claim can be "
            "restored.\n",
        ),
        (
            ("review", "edit", "x1", "colour=red"),
            "error: Cannot edit 'colour'; editable fields: metric, value, value_max, unit, "
            "qualifier, measure, period, subject, partner, entity, object, note.\n",
        ),
        (("review", "edit", "x1", "value=lots"), "error: value 'lots' is not a number.\n"),
        (
            ("review", "edit", "x1", "period=2024-13"),
            "error: Period '2024-13' is not a real date: month must be in 1..12.\n",
        ),
        (("review", "accept", "nope"), "error: No claim 'nope'. See 'geoledger claims'.\n"),
        (("review", "accept", "x1", "--expect-version", "7"), None),
    ]
    for args, message in cases:
        result = run(path, *args)
        assert result.exit_code == 1, (args, result.output)
        if message is not None:
            assert result.output == message, args
    stale = run(path, "review", "accept", "x1", "--expect-version", "7")
    # Version 7 was never the claim's: a typo, not someone else's change.
    assert stale.output == "error: Claim 'x1' is at version 1; it has never been at version 7.\n"
    with connect(engine) as conn:
        assert get_claim(conn, "x1").status == "candidate"
        assert [h["action"] for h in list_history(conn, "x1")] == ["create"]


def test_claims_add_enters_a_claim_with_its_source_and_prints_its_id(ledger) -> None:
    path, engine = ledger
    args = (
        "claims",
        "add",
        "--metric",
        "trade.imports",
        "--value",
        "4.8e9",
        "--unit",
        "usd",
        "--subject",
        "Serbia",
        "--partner",
        "China",
        "--period",
        "2023",
    )
    first = run(path, *args, "--source", "a.txt")
    assert first.exit_code == 0, first.output
    claim_id = first.output.strip()
    assert claim_id.startswith("e") and len(claim_id) == 12
    again = run(path, *args, "--source", "a.txt")
    assert again.output.splitlines()[0] == claim_id  # the same claim twice is one claim
    new = run(
        path,
        *args,
        "--source-title",
        "Customs bulletin",
        "--source-url",
        "https://example.org/bulletin",
        "--note",
        "table 3",
        "--accept",
    )
    assert new.exit_code == 0, new.output
    with connect(engine) as conn:
        entered = get_claim(conn, new.output.strip())
        assert (entered.source_id, entered.unit, entered.status, entered.origin, entered.note) == (
            "entered_customs_bulletin",
            "USD",
            "accepted",
            "entered",
            "table 3",
        )
        assert [h["action"] for h in list_history(conn, entered.id or "")] == ["create", "accept"]
    missing = run(path, *args)
    assert (missing.exit_code, missing.output) == (
        1,
        "error: Say where the claim comes from: --source ID, or --source-title and --source-url.\n",
    )
    unknown = run(path, *args, "--source", "zzz")
    assert unknown.output == "error: No source 'zzz'. See 'geoledger sources'.\n"


def test_interactive_review_shows_the_sentence_and_records_each_key(ledger) -> None:
    path, engine = ledger
    _save_second_article(engine)
    with connect(engine) as conn:
        for claim_id, surface in (("y1", "$1.9 billion"), ("y2", "$5.5 billion")):
            claim = _claim(
                claim_id, "a.txt", TEXT_A, surface, 1.9e9, metric="other", made_by="money.v1"
            )
            save_claim(conn, claim, who="money.v1")
    # x1 (b.txt) comes after y1, y2 (a.txt): accept y1, edit y2's period, reject x1.
    keys = "a" + "e" + "period\n2023\n\n" + "z" + "r" + "wrong year\n"
    result = run(path, "review", input=keys)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "[1/3] y1 · candidate · extracted by money.v1" in out
    assert (
        "Serbian exports to China reached »$1.9 billion« in 2024, the statistics office said."
        in out
    )
    assert "It puts Serbian exports to China at »$2.4 billion« for 2024." in out
    assert "[a]ccept  [e]dit a field  [r]eject  [s]kip  [q]uit" in out
    assert out.endswith("Reviewed 3 of 3: 1 accepted, 1 edited, 1 rejected.\n")
    with connect(engine) as conn:
        assert [get_claim(conn, i).status for i in ("y1", "y2", "x1")] == [
            "accepted",
            "candidate",
            "rejected",
        ]
        assert get_claim(conn, "y2").period == "2023"
        assert list_history(conn, "x1")[-1]["why"] == "wrong year"
    assert run(path, "review", "accept", "y2").output == "y2: accepted.\n"
    assert (
        run(path, "review", input="q").output == "Nothing to review: no candidate claims match.\n"
    )


def test_interactive_review_stops_at_q_and_skips_at_s(ledger) -> None:
    path, engine = ledger
    _save_second_article(engine)
    result = run(path, "review", "--source", "b.txt", input="s")
    assert result.output.endswith("Reviewed 1 of 1: 1 skipped.\n")
    result = run(path, "review", input="q")
    assert result.output.endswith("Reviewed 0 of 1: nothing decided.\n")


# --- two people at once --------------------------------------------------------------------


def _edit_repeatedly(path: str, user: str, pair: str, times: int, barrier: Any, out: Any) -> None:
    """Run `review edit` through the real CLI in this process, starting with the other one."""
    barrier.wait()
    codes = []
    for n in range(times):
        result = CliRunner().invoke(
            main, ["--db", path, "--user", user, "review", "edit", "c1", f"{pair}{n}"]
        )
        codes.append((result.exit_code, result.output))
    out.put((user, codes))


def test_two_processes_editing_one_claim_at_once_lose_no_change(any_ledger) -> None:
    path, _ = any_ledger
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    times = 8
    workers = [
        ctx.Process(
            target=_edit_repeatedly, args=(str(path), "alice", "note=alice ", times, barrier, out)
        ),
        ctx.Process(
            target=_edit_repeatedly, args=(str(path), "bob", "entity=bob ", times, barrier, out)
        ),
    ]
    for worker in workers:
        worker.start()
    results = dict(out.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert results["alice"] == [(0, f"c1: edited note=alice {n}.\n") for n in range(times)]
    assert results["bob"] == [(0, f"c1: edited entity=bob {n}.\n") for n in range(times)]
    engine = make_engine(path)
    with connect(engine) as conn:
        edits = [h for h in list_history(conn, "c1") if h["action"] == "edit"]
        claim = get_claim(conn, "c1")
    engine.dispose()
    assert sorted(h["after"].get("note") or "" for h in edits if h["who"] == "alice") == sorted(
        f"alice {n}" for n in range(times)
    )
    assert len([h for h in edits if h["who"] == "bob"]) == times
    assert (claim.note, claim.entity) == (f"alice {times - 1}", f"bob {times - 1}")


def _decide_after_reading(path: str, user: str, pair: str, barrier: Any, out: Any) -> None:
    """Read the claim's version, wait until the other process has too, then write with it."""
    field, _, value = pair.partition("=")
    engine = make_engine(path)
    with connect(engine) as conn:
        seen = reviewing.claim_version(conn, "c1")
    barrier.wait()
    try:
        with connect(engine) as conn:
            reviewing.edit_claim(conn, "c1", {field: value}, who=user, expected_version=seen)
        out.put((user, "written"))
    except ConflictingWrite as exc:
        # The loser looks again and applies its change on top of the winner's.
        with connect(engine) as conn:
            reviewing.edit_claim(conn, "c1", {field: value}, who=user)
        out.put((user, f"retried after: {exc}"))
    engine.dispose()


def test_a_stale_review_gets_conflicting_write_and_its_retry_keeps_both(any_ledger) -> None:
    path, _ = any_ledger
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    workers = [
        ctx.Process(
            target=_decide_after_reading, args=(str(path), "alice", "note=checked", barrier, out)
        ),
        ctx.Process(
            target=_decide_after_reading, args=(str(path), "bob", "qualifier=approx", barrier, out)
        ),
    ]
    for worker in workers:
        worker.start()
    results = dict(out.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    outcomes = sorted(v.split(":")[0] for v in results.values())
    assert outcomes == ["retried after", "written"]
    loser = next(u for u, v in results.items() if v.startswith("retried"))
    assert "since you read it (version 1, now 2); look again and retry." in results[loser]
    engine = make_engine(path)
    with connect(engine) as conn:
        edits = [(h["who"], h["after"]) for h in list_history(conn, "c1") if h["action"] == "edit"]
        claim = get_claim(conn, "c1")
    engine.dispose()
    assert sorted(edits, key=lambda e: e[0]) == [
        ("alice", {"note": "checked"}),
        ("bob", {"qualifier": "approx"}),
    ]
    assert (claim.note, claim.qualifier) == ("checked", "approx")


# --- the bundled ledger ---------------------------------------------------------------------


@pytest.fixture
def bundled_conflicts(bundled_db: Path) -> list[dict[str, Any]]:
    result = run(bundled_db, "conflicts", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_bundled_trade_growth_does_not_match_the_difference_of_the_totals(
    bundled_conflicts,
) -> None:
    checks = {r["rule"]: r for r in bundled_conflicts if r["kind"] == "check"}
    growth = checks["change.v1"]
    assert growth["verdict"] == "conflict"
    assert growth["key"]["period"] == "2023/2024"
    assert growth["computed"]["value"] == pytest.approx(1.3e9)
    stated = [v for v in growth["versions"] if v["role"] == "stated"]
    assert [(v["value"], v["source"]) for v in stated] == [(1.2e9, "000_6507202e5f058613.txt")]
    levels = {v["value"] for v in growth["versions"] if v["role"].startswith("level")}
    assert {6.1e9, 7.4e9} <= levels
    parts = checks["sum.v1"]
    assert (parts["verdict"], parts["key"]["period"]) == ("conflict", "2023")
    assert parts["computed"]["value"] == pytest.approx(6.03e9)


def test_bundled_rtb_bor_price_agrees_once_euros_are_converted(bundled_conflicts) -> None:
    (deal,) = [
        r
        for r in bundled_conflicts
        if r["kind"] == "event" and {v["event"] for v in r["versions"]} == {"ev_043", "ev_044"}
    ]
    assert deal["key"]["object"] == "RTB Bor (Mining and Smelting Combine Bor)"
    assert [(v["unit"], v["source"][:3]) for v in deal["versions"]] == [
        ("EUR", "001"),
        ("USD", "002"),
    ]
    assert deal["versions"][0]["usd"] == pytest.approx(1.18e9, rel=0.01)
    assert deal["verdict"] == "consistent"
    assert "agree within tolerance once converted to USD" in deal["reason"]
    assert "also on record: investment.stake 63 percent" in deal["reason"]
    assert {f["key"]["metric"] for f in deal["facts"]} == {"investment.deal", "investment.stake"}


def test_bundled_investment_totals_are_related_not_comparable(bundled_conflicts) -> None:
    related = [r for r in bundled_conflicts if r["kind"] == "related"]
    totals = next(r for r in related if "investment.total" in r["key"]["metric"])
    assert totals["verdict"] == "related-not-comparable"
    assert sorted(v["metric"] for v in totals["versions"]) == [
        "finance.total",
        "investment.total",
        "investment.total",
        "investment.total",
        "investment.total",
    ]
    assert {v["unit"] for v in totals["versions"]} == {"USD", "EUR"}
    assert "finance.total counts loans and investment together" in totals["reason"]


def test_bundled_conflicts_include_every_disagreement_curated_in_events_csv(
    bundled_conflicts, shared: Path
) -> None:
    with (shared / "facts" / "events.csv").open(encoding="utf-8", newline="") as handle:
        curated = {
            row["event_id"] for row in csv.DictReader(handle) if row["conflict_with"].strip()
        }
    shown = {v["event"] for r in bundled_conflicts if r["kind"] == "event" for v in r["versions"]}
    assert curated and shown == curated
    for row in bundled_conflicts:
        assert len(row["versions"]) >= 2, row
        assert all(v["source"] for v in row["versions"]), row


def test_reviewing_several_claims_changes_all_or_none(ledger) -> None:
    path, engine = ledger
    result = run(path, "review", "reject", "c1", "nope", "--why", "misread")
    assert (result.exit_code, result.output) == (
        1,
        "error: No claim 'nope'. See 'geoledger claims'.\n",
    )
    with connect(engine) as conn:
        assert get_claim(conn, "c1").status == "accepted"
        assert [h["action"] for h in list_history(conn, "c1")] == ["create"]
    both = run(path, "review", "reject", "c1", "c2", "--why", "misread")
    assert both.output == "c1: rejected.\nc2: rejected.\n"
    stale = run(path, "review", "restore", "c1", "c2", "--expect-version", "2")
    assert stale.output == (
        "error: --expect-version names one claim's version: give one claim id.\n"
    )


def test_interactive_review_without_a_terminal_says_what_to_use(ledger) -> None:
    path, engine = ledger
    _save_second_article(engine)
    process = subprocess.run(
        [sys.executable, "-m", "geoledger", "--db", str(path), "review"],
        input="a",
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,  # no controlling terminal, as under cron or CI
    )
    assert process.returncode == 1
    assert process.stderr.splitlines()[-1] == (
        "error: 'geoledger review' reads keys from a terminal; in scripts use "
        "'geoledger review accept|reject|edit|restore ID'."
    )
