"""One fact told in English and in Serbian (Cyrillic too) by different sources is one fact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CliRun

_EN = (
    "Serbia exports to China\n\nBelgrade, 12 March 2024\n\n"
    "Serbian exports to China reached 1.5 billion euros in 2023, the statistical office said.\n"
)
_SR_LATN = (
    "Izvoz Srbije u Kinu\n\nBeograd, 12. mart 2024.\n\n"
    "Izvoz Srbije u Kinu iznosio je 1,5 milijardi evra u 2023. godini, saopštio je zavod.\n"
)
_SR_CYRL = (
    "Извоз Србије у Кину\n\nБеоград, 12. март 2024.\n\n"
    "Извоз Србије у Кину износио је 1,5 милијарди евра у 2023. години, саопштио је завод.\n"
)


@pytest.mark.parametrize("serbian", [_SR_LATN, _SR_CYRL], ids=["latin", "cyrillic"])
def test_english_and_serbian_reports_become_one_fact(
    cli: CliRun, tmp_path: Path, serbian: str
) -> None:
    (tmp_path / "en.txt").write_text(_EN, encoding="utf-8")
    (tmp_path / "sr.txt").write_text(serbian, encoding="utf-8")
    db = tmp_path / "ledger.db"
    result = cli("--db", str(db), "ingest", str(tmp_path / "en.txt"), str(tmp_path / "sr.txt"))
    assert result.exit_code == 0, result.output
    result = cli("--db", str(db), "facts", "--format", "json")
    assert result.exit_code == 0, result.output
    facts = json.loads(result.stdout)
    assert len(facts) == 1
    fact = facts[0]
    assert fact["key"]["metric"] == "trade.exports"
    assert (fact["key"]["subject"], fact["key"]["partner"]) == ("Serbia", "China")
    assert fact["key"]["period"] == "2023"
    assert fact["verdict"] == "consistent"
    assert sorted(v["source"] for v in fact["versions"]) == ["en.txt", "sr.txt"]
    assert {v["value"] for v in fact["versions"]} == {1_500_000_000.0}
