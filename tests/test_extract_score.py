"""Quality gate: the extractor's score on the shared corpus against the hand-made gold claims."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType

from geoledger.extract import Gazetteer, claim_to_json, extract_claims
from geoledger.models import Actor, Document

# Floors: raise them when the score rises (the score was 1.0 on every line when last raised).
MENTION_F1_FLOOR = 0.97
ATTRIBUTE_FLOORS = {
    "period": 0.95, "metric": 0.95, "subject": 0.95, "partner": 0.95, "entity": 0.95,
    "qualifier": 0.95, "measure": 0.95,
}  # fmt: skip


def load_actors(path: Path) -> list[Actor]:
    """The bundled actors of facts/actors.csv (aliases ';'-separated)."""
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Actor(
                id=row["actor_id"],
                name=row["name"],
                kind=row["kind"],
                country=row["country"] or None,
                aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
            )
            for row in csv.DictReader(f)
        ]


def corpus_claims(shared: Path) -> list[dict[str, object]]:
    """Claims of every corpus article, as the JSON objects `geoledger extract` prints."""
    gazetteer = Gazetteer.from_actors(load_actors(shared / "facts" / "actors.csv"))
    rows = []
    for path in sorted((shared / "corpus").glob("*.txt")):
        raw = path.read_bytes()
        doc = Document(
            name=path.name, text=raw.decode("utf-8"), content_hash=hashlib.sha256(raw).hexdigest()
        )
        rows.extend(claim_to_json(c) for c in extract_claims(doc, gazetteer=gazetteer).claims)
    return rows


def _scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "score_claims", shared / "tools" / "score_claims.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_score_holds_the_floor(shared: Path, tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in corpus_claims(shared)),
        encoding="utf-8",
    )
    result = _scorer(shared).score(shared / "gold", pred)
    assert result["f1"] >= MENTION_F1_FLOOR, result
    for name, floor in ATTRIBUTE_FLOORS.items():
        assert result["attribute_accuracy"][name] >= floor, (name, result)


def test_every_claim_cites_its_exact_place(shared: Path) -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in (shared / "corpus").glob("*.txt")}
    rows = corpus_claims(shared)
    assert rows
    for row in rows:
        text = texts[str(row["doc"])]
        assert text[row["start"] : row["end"]] == row["surface"], row  # type: ignore[misc]
