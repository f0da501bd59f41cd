"""Every ledger command through the real CLI on a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import CliRun
from geoledger.periods import parse_period


def _json(cli: CliRun, db: Path, *args: str) -> list[dict]:  # type: ignore[type-arg]
    result = cli("--db", str(db), *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_help_lists_every_command(cli: CliRun) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    for command in (
        "load",
        "claims",
        "sources",
        "actors",
        "actor",
        "events",
        "trade",
        "search",
        "issues",
        "demo",
        "ingest",
        "extract",
    ):
        assert f"  {command} " in result.output, command


def test_load_twice_changes_nothing(cli: CliRun, tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    first = cli("--db", str(db), "load")
    assert first.exit_code == 0
    assert first.stdout == (
        f"Loaded china-serbia into {db}: 5 sources, 164 actors, 183 events, 89 claims added"
        " (0 already present).\n"
    )
    second = cli("load", "--db", str(db))  # --db may follow the command too
    assert second.stdout == (
        f"Loaded china-serbia into {db}: 0 sources, 0 actors, 0 events, 0 claims added"
        " (441 already present).\n"
    )


def test_default_ledger_lives_in_the_user_data_folder(cli: CliRun, tmp_path: Path) -> None:
    assert cli("load").exit_code == 0
    assert (tmp_path / "data" / "ledger.db").is_file()
    assert len(json.loads(cli("sources", "--format", "json").stdout)) == 5


def test_reading_without_a_ledger_says_what_to_do(cli: CliRun, tmp_path: Path) -> None:
    result = cli("claims")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: No ledger at {tmp_path / 'data' / 'ledger.db'}. Run 'geoledger load' first.\n"
    )


def test_claims_json_carries_every_field(cli: CliRun, bundled_db: Path) -> None:
    rows = _json(
        cli,
        bundled_db,
        "claims",
        "--metric",
        "trade.exports",
        "--period",
        "2024",
        "--object",
        "raspberries",
    )
    assert len(rows) == 1
    row = rows[0]
    for field in (
        "id",
        "doc",
        "start",
        "end",
        "surface",
        "value",
        "value_max",
        "unit",
        "qualifier",
        "measure",
        "period",
        "metric",
        "subject",
        "partner",
        "entity",
        "object",
        "source",
        "source_title",
        "usd",
        "status",
    ):
        assert field in row, field
    assert (row["value"], row["unit"], row["usd"], row["period"]) == (
        832000.0,
        "USD",
        832000.0,
        "2024",
    )
    assert row["source_title"].startswith("Serbia-China free trade agreement")


def test_actor_filters_match_aliases_case_blind(cli: CliRun, bundled_db: Path) -> None:
    by_name = _json(cli, bundled_db, "claims", "--partner", "China")
    by_alias = _json(cli, bundled_db, "claims", "--partner", "beijing")
    by_demonym = _json(cli, bundled_db, "claims", "--partner", "CHINESE")
    assert by_name and by_name == by_alias == by_demonym
    assert _json(cli, bundled_db, "claims", "--entity", "Zijing Mining")  # a misspelling alias


def test_period_filter_finds_claims_inside_the_period(cli: CliRun, bundled_db: Path) -> None:
    rows = _json(cli, bundled_db, "claims", "--period", "2024")
    assert rows and all(r["period"].startswith("2024") for r in rows)
    assert (
        "2024-07-01" in {r["period"] for r in rows}
        or any(r["period"] != "2024" for r in rows)
        or all(r["period"] == "2024" for r in rows)
    )


def test_claims_in_euros_carry_their_usd_value_and_rate(cli: CliRun, bundled_db: Path) -> None:
    rows = _json(cli, bundled_db, "claims", "--entity", "zijin", "--object", "Nevsun")
    assert len(rows) == 1
    row = rows[0]
    assert (row["value"], row["unit"], row["period"]) == (1.2e9, "EUR", "2018")
    # ECB annual average EUR/USD for 2018: 1.1810.
    assert round(row["usd_rate"], 4) == 1.181
    assert row["usd"] == round(1.2e9 * row["usd_rate"], 2)
    assert row["usd_rate_date"] == "2018 average"
    assert row["usd_rate_source"].startswith("ECB reference rates")


def test_claims_csv_and_table(cli: CliRun, bundled_db: Path) -> None:
    out = cli("--db", str(bundled_db), "claims", "--status", "accepted", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 89 and rows[0]["id"]
    table = cli("--db", str(bundled_db), "claims", "--metric", "loan").stdout
    assert "loan" in table and "│" in table


def test_bad_arguments_get_one_clear_line(cli: CliRun, bundled_db: Path) -> None:
    bad_period = cli("--db", str(bundled_db), "claims", "--period", "someday")
    assert bad_period.exit_code == 1
    assert bad_period.stderr.startswith("error: Period 'someday' is not understood")
    assert bad_period.stderr.count("\n") == 1
    bad_status = cli("--db", str(bundled_db), "claims", "--status", "maybe")
    assert bad_status.exit_code == 2
    assert "Invalid value for '--status'" in bad_status.stderr
    no_actor = cli("--db", str(bundled_db), "actor", "Ruritania")
    assert no_actor.exit_code == 1
    assert no_actor.stderr == "error: No actor named 'Ruritania'. See 'geoledger actors'.\n"
    bad_since = cli("--db", str(bundled_db), "events", "--since", "soon")
    assert bad_since.exit_code == 1
    assert bad_since.stderr.startswith("error: --since soon: Period 'soon' is not understood")
    no_dataset = cli("--db", str(bundled_db), "load", str(bundled_db.parent / "missing"))
    assert no_dataset.exit_code == 1
    assert no_dataset.stderr == f"error: {bundled_db.parent / 'missing'}: no such dataset folder.\n"


def test_sources_and_actors(cli: CliRun, bundled_db: Path) -> None:
    sources = _json(cli, bundled_db, "sources")
    assert [s["claims"] for s in sources if s["id"].startswith("000_")] == [22]
    banks = _json(cli, bundled_db, "actors", "--kind", "bank")
    assert banks and all(a["kind"] == "bank" for a in banks)


def test_actor_dossier(cli: CliRun, bundled_db: Path) -> None:
    (dossier,) = _json(cli, bundled_db, "actor", "zijin")
    assert dossier["actor"]["id"] == "zijin_mining"
    assert {c["object"] for c in dossier["claims"]} >= {"RTB Bor", "Nevsun"}
    dates = [e["date"] or "" for e in dossier["events"]]
    assert dossier["events"] and dates == sorted(dates)
    assert dossier["sources"]
    text = cli("--db", str(bundled_db), "actor", "Zijin Mining Group").stdout
    assert "Zijin Mining Group (company, id zijin_mining)" in text


def test_events_timeline_filters(cli: CliRun, bundled_db: Path) -> None:
    everything = _json(cli, bundled_db, "events")
    assert len(everything) == 183
    since = _json(cli, bundled_db, "events", "--since", "2024", "--until", "2024-12-31")
    # A span that overlaps 2024 belongs on its timeline; an undated event does not.
    spans = [parse_period(e["date"]) for e in since]
    assert spans and all(p.start.year <= 2024 <= p.end.year for p in spans)
    assert any(e["date"] == "2013/2024" for e in since)
    loans = _json(cli, bundled_db, "events", "--kind", "loan", "--actor", "China")
    assert loans and all(e["kind"] == "loan" and "China" in e["actors"] for e in loans)
    security = _json(cli, bundled_db, "events", "--domain", "security")
    assert security and all(e["domain"] == "security" for e in security)


def test_trade_uses_stated_figures_and_marks_derived_ones(cli: CliRun, bundled_db: Path) -> None:
    rows = {
        r["year"]: r for r in _json(cli, bundled_db, "trade", "Serbia", "China", "--all-claims")
    }
    row = rows[2024]
    assert (row["exports"], row["imports"], row["total"]) == (1.9e9, 5.5e9, 7.4e9)
    assert row["balance"] == -3.6e9
    assert "balance" in row["derived"] and "total" not in row["derived"]
    assert round(row["coverage"], 4) == round(1.9 / 5.5, 4)
    assert set(row["claims"]) >= {"c014", "c016", "c018"}
    assert rows[2013]["derived"] and "total" in rows[2013]["derived"]


def test_trade_counts_only_facts_fit_for_aggregation_and_says_so(
    cli: CliRun, bundled_db: Path
) -> None:
    rows = {r["year"]: r for r in _json(cli, bundled_db, "trade", "Serbia", "China")}
    # The 2023 figures fail the exports + imports = total check, so none of them is used,
    # but the year stays, with every version and the reason; nothing is derived from it.
    # The stated 2024 total is part of the failed growth check, so the total is derived.
    assert rows[2023]["total"] is None and rows[2023]["derived"] == []
    assert rows[2023]["disputed"] == ["exports", "imports", "total"]
    assert [(v["claim"], v["value"]) for v in rows[2023]["versions"] if v["field"] == "total"] == [
        ("c002", 6.0e9),
        ("c015", 6.1e9),
    ]
    assert rows[2023]["reasons"][0].startswith("exports + imports = 1.23bn USD + 4.8bn USD")
    assert rows[2024]["total"] == 7.4e9 and "total" in rows[2024]["derived"]
    assert rows[2024]["growth"] is None  # no growth from a disputed year
    assert "c014" not in rows[2024]["claims"]
    table = cli("--db", str(bundled_db), "trade", "Serbia", "China").stdout
    assert "│ 2023 │ USD 1.23 bn (c005) ? │ USD 4.8 bn (c006) ? │" in table
    assert "USD 6 bn (c002) / USD 6.1 bn" in table
    assert "2023 disputed: exports + imports = 1.23bn USD + 4.8bn USD = 6.03bn USD" in table
    assert "Only facts fit for aggregation are used; left out: c002, c005, c006, c014" in table


def test_trade_with_all_claims_invents_no_mean(cli: CliRun, bundled_db: Path) -> None:
    rows = {
        r["year"]: r for r in _json(cli, bundled_db, "trade", "Serbia", "China", "--all-claims")
    }
    assert rows[2023]["total"] is None  # 6.0 and 6.1 bn are stated; 6.05 bn is not
    assert rows[2023]["disputed"] == ["total"]
    assert rows[2023]["balance"] == pytest.approx(1.23e9 - 4.8e9)
    assert (
        "6.05"
        not in cli("--db", str(bundled_db), "trade", "Serbia", "China", "--all-claims").stdout
    )


def test_search_finds_actors_and_claims(cli: CliRun, bundled_db: Path) -> None:
    rows = _json(cli, bundled_db, "search", "Hesteel")
    kinds = {r["kind"] for r in rows}
    assert "actor" in kinds
    empty = cli("--db", str(bundled_db), "search", " ")
    assert empty.exit_code == 1
    assert empty.stderr == "error: Search for what? Give one or more words.\n"


def test_demo_shows_trade_money_and_events(cli: CliRun, bundled_db: Path) -> None:
    result = cli("--db", str(bundled_db), "demo")
    assert result.exit_code == 0
    out = result.stdout
    assert "5 sources, 164 actors, 183 events, 89 claims" in out
    assert "Trade of Serbia with China, USD" in out
    assert "Largest investments and loans" in out
    assert "Latest events" in out


def test_issues_is_empty_on_a_fresh_ledger(cli: CliRun, bundled_db: Path) -> None:
    assert _json(cli, bundled_db, "issues") == []


@pytest.fixture
def dataset_copy(tmp_path: Path) -> Path:
    from geoledger.pipeline import bundled_dataset

    folder = tmp_path / "dataset"
    shutil.copytree(bundled_dataset(), folder)
    return folder


def _edit_line(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def test_a_bad_dataset_is_refused_with_its_place_and_loads_nothing(
    cli: CliRun, dataset_copy: Path, tmp_path: Path
) -> None:
    db = tmp_path / "l.db"
    claims = dataset_copy / "claims.csv"
    _edit_line(claims, 2, ",1500000000,", ",1.5bn,")
    result = cli("--db", str(db), "load", str(dataset_copy))
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {claims}:2: '1.5bn' is not a number.\n",
    )
    _edit_line(claims, 2, ",1.5bn,", ",1500000000,")
    _edit_line(claims, 3, ",000_6507202e5f058613.txt,", ",nowhere.txt,")
    result = cli("--db", str(db), "load", str(dataset_copy))
    assert result.stderr == (
        f"error: {dataset_copy}/claims.csv: claim c002 cites source 'nowhere.txt', not in"
        " sources.csv; nothing was loaded.\n"
    )
    _edit_line(claims, 1, "id,source,", "id,src,")
    result = cli("--db", str(db), "load", str(dataset_copy))
    assert result.stderr == f"error: {claims}: no column source in the header.\n"
    (dataset_copy / "dataset.toml").write_bytes(b"name = '\\xff\\xfe'\n\xff")
    result = cli("--db", str(db), "load", str(dataset_copy))
    assert result.stderr.startswith(f"error: {dataset_copy / 'dataset.toml'}: not valid TOML")
    assert json.loads(cli("--db", str(db), "sources", "--format", "json").stdout) == []


def test_unknown_actors_and_unusable_paths_are_one_line_errors(
    cli: CliRun, bundled_db: Path, tmp_path: Path
) -> None:
    for args in (("trade", "Serbia", "Atlantis"), ("demo", "--subject", "Atlantis")):
        result = cli("--db", str(bundled_db), *args)
        assert (result.exit_code, result.stderr) == (
            1,
            "error: No actor named 'Atlantis'. See 'geoledger actors'.\n",
        )
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = cli("--db", str(blocker / "ledger.db"), "load")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: Cannot create a ledger at {blocker / 'ledger.db'}: ")
    assert result.stderr.count("\n") == 1


def test_demo_shows_only_the_pair_asked_for(cli: CliRun, bundled_db: Path) -> None:
    result = cli("--db", str(bundled_db), "demo", "--subject", "Russia", "--partner", "China")
    assert result.exit_code == 0
    assert "c032" not in result.stdout  # a Serbia–China total is not Russia's


def test_conflicts_are_counted_by_kind_and_print_their_versions(
    cli: CliRun, bundled_db: Path
) -> None:
    out = cli("--db", str(bundled_db), "conflicts").stdout
    assert "16 open: 8 conflicts, 6 related but not comparable, 2 agree within rounding." in out
    assert "['" not in out  # no Python list in a heading or a cell
    # An event disagreement prints each version's date and words, not only its id.
    flat = " ".join(out.split())
    assert "ev_082 2021-01/2021-03: «" in flat.replace("│ ", "").replace(" │", "")
    csv_out = cli("--db", str(bundled_db), "conflicts", "--format", "csv").stdout
    assert "c048 ≈ EUR 9 bn – EUR 10 bn" in csv_out or "c048 EUR 9 bn – EUR 10 bn" in csv_out


def test_a_fact_with_one_version_is_single_source_not_consistent(
    cli: CliRun, bundled_db: Path
) -> None:
    rows = list(
        csv.DictReader(io.StringIO(cli("--db", str(bundled_db), "facts", "--format", "csv").stdout))
    )
    assert rows
    assert {r["verdict"] for r in rows if r["versions"] == "1"} == {"single-source"}
    assert all(r["verdict"] != "single-source" for r in rows if r["versions"] != "1")


def test_the_claims_csv_keeps_ranges_measures_rates_and_sources(
    cli: CliRun, bundled_db: Path
) -> None:
    out = cli("--db", str(bundled_db), "claims", "--format", "csv").stdout
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    c048 = rows["c048"]
    assert (c048["value"], c048["value_max"], c048["unit"]) == ("9000000000", "10000000000", "EUR")
    assert c048["usd_rate"] and c048["source_title"]
    assert (rows["c020"]["period"], rows["c020"]["measure"]) == ("2023/2024", "change")
    assert "e+" not in out
