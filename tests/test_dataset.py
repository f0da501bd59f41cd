"""The bundled dataset: every row of shared/facts comes back out of the ledger unchanged."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import CliRun


def _rows(shared: Path, name: str) -> list[dict[str, str]]:
    with (shared / "facts" / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _items(cell: str) -> list[str]:
    return [p.strip() for p in cell.split(";") if p.strip()]


def _json(cli: CliRun, db: Path, *args: str) -> list[dict]:  # type: ignore[type-arg]
    result = cli("--db", str(db), *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_source_comes_back(shared: Path, cli: CliRun, bundled_db: Path) -> None:
    got = {s["id"]: s for s in _json(cli, bundled_db, "sources")}
    expected = _rows(shared, "sources.csv")
    assert len(got) == len(expected) == 5
    for row in expected:
        source = got[row["source_id"]]
        assert source["title"] == row["title"]
        assert (source["author"] or "") == row["author"]
        assert (source["outlet"] or "") == row["publisher"]
        assert (source["published_on"] or "") == row["published"]
        assert source["kind"] == row["kind"]


def test_every_actor_comes_back_with_its_aliases(
    shared: Path, cli: CliRun, bundled_db: Path
) -> None:
    got = {a["id"]: a for a in _json(cli, bundled_db, "actors")}
    expected = _rows(shared, "actors.csv")
    assert len(got) == len(expected) == 164
    for row in expected:
        actor = got[row["actor_id"]]
        assert (actor["name"], actor["kind"]) == (row["name"], row["kind"])
        assert (actor["country"] or "") == row["country"]
        assert set(actor["aliases"]) | {actor["name"]} == set(_items(row["aliases"])) | {
            row["name"]
        }
        assert sorted(actor["sources"]) == sorted(_items(row["sources"]))


def test_every_event_comes_back(shared: Path, cli: CliRun, bundled_db: Path) -> None:
    got = {e["id"]: e for e in _json(cli, bundled_db, "events")}
    expected = _rows(shared, "events.csv")
    assert len(got) == len(expected) == 183
    for row in expected:
        event = got[row["event_id"]]
        assert (event["date"] or "") == row["date"]
        assert (event["kind"], event["domain"]) == (row["kind"], row["domain"])
        assert [r["actor"] for r in event["roles"]] == _items(row["actors"])
        amount = row["amount"]
        if "-" in amount:
            low, high = amount.split("-")
            assert (event["amount"], event["amount_max"]) == (float(low), float(high))
        else:
            assert event["amount"] == (float(amount) if amount else None)
        assert (event["currency"] or "") == row["currency"]
        assert sorted(event["sources"]) == sorted(_items(row["sources"]))
        assert sorted(event["conflict_with"]) == sorted(_items(row["conflict_with"]))
        assert event["summary"] and event["summary"] != row["summary"]  # written afresh


def test_every_claim_comes_back(shared: Path, cli: CliRun, bundled_db: Path) -> None:
    got = {c["id"]: c for c in _json(cli, bundled_db, "claims")}
    expected = _rows(shared, "claims.csv")
    assert len(got) == len(expected) == 89
    for row in expected:
        claim = got[row["claim_id"]]
        assert claim["source"] == row["source_id"]
        for field in ("metric", "subject", "partner", "entity", "object", "period", "unit",
                      "qualifier", "measure"):  # fmt: skip
            assert (claim[field] or "") == row[field], (row["claim_id"], field)
        assert claim["value"] == float(row["value"])
        assert claim["value_max"] == (float(row["value_max"]) if row["value_max"] else None)
        assert (claim["status"], claim["origin"]) == ("accepted", "curated")


def test_dataset_files_carry_no_sentence_of_the_articles(shared: Path) -> None:
    bundled = Path(__file__).resolve().parents[1] / "src" / "geoledger" / "data" / "china_serbia"
    # sources.csv holds the works' titles, which are names and may be cited; the rest is ours.
    files = ("actors.csv", "events.csv", "claims.csv")
    ours = " ".join((bundled / f).read_text(encoding="utf-8") for f in files).split()
    runs = {" ".join(ours[i : i + 8]) for i in range(len(ours) - 7)}
    for article in sorted((shared / "corpus").glob("*.txt")):
        words = article.read_text(encoding="utf-8").split()
        shared_runs = {" ".join(words[i : i + 8]) for i in range(len(words) - 7)} & runs
        assert not shared_runs, (article.name, sorted(shared_runs)[:3])
