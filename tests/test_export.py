"""geoledger export: every table and format, read back by pandas and pyarrow, nothing lost."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, CliRun
from geoledger import pipeline, store
from geoledger.report import export as exporting

pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")

PANDAS_TYPES = {"string": "string", "float64": "float64", "int64": "Int64", "bool": "boolean"}


def _expected(db: Path, table: str) -> list[dict[str, Any]]:
    engine = store.make_engine(f"sqlite:///{db}")
    with pipeline.connect(engine) as conn:
        rows = list(exporting.rows_of(conn, table))
    engine.dispose()
    return rows


def _same(got: Any, want: Any) -> bool:
    if want is None:
        return got is None or got is pd.NA or (isinstance(got, float) and math.isnan(got))
    if isinstance(want, float):
        return float(got) == want
    return got == want


def _read(path: Path, fmt: str, table: str) -> list[dict[str, Any]]:
    columns = exporting.TABLES[table]
    if fmt == "parquet":
        frame = pq.read_table(path).to_pandas()
    elif fmt == "json":
        frame = pd.read_json(path, orient="records", dtype=False, precise_float=True)
    else:
        dtypes = {c.name: PANDAS_TYPES[c.type] for c in columns}
        dtypes.update({c.name: "string" for c in columns if c.type == "bool"})
        frame = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
        for c in columns:
            if c.type == "bool":
                frame[c.name] = frame[c.name].map({"true": True, "false": False})
    assert list(frame.columns) == [c.name for c in columns]
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return records


@pytest.mark.parametrize("fmt", exporting.FORMATS)
@pytest.mark.parametrize("table", list(exporting.TABLES))
def test_every_table_round_trips_through_pandas(
    cli: CliRun, bundled_db: Path, tmp_path: Path, table: str, fmt: str
) -> None:
    out = tmp_path / f"{table}.{fmt}"
    result = cli("--db", str(bundled_db), "export", table, "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    want = _expected(bundled_db, table)
    assert want, f"{table} is empty"
    got = _read(out, fmt, table)
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        wrong = {k: (g[k], v) for k, v in w.items() if k in g and not _same(g[k], v)}
        assert wrong == {}, (table, fmt, w.get("id"))
    assert result.stderr == f"Wrote {len(want)} {table} rows to {out} ({fmt}).\n"


def test_parquet_columns_are_typed_and_documented(
    cli: CliRun, bundled_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "claims.parquet"
    cli("--db", str(bundled_db), "export", "claims", "--format", "parquet", "--out", str(out))
    schema = pq.read_schema(out)
    assert str(schema.field("value_max").type) == "double"
    assert str(schema.field("place_start").type) == "int64"
    assert str(schema.field("counts_in_headlines").type) == "bool"
    assert schema.field("usd_rate").metadata == {
        b"doc": b"USD per unit of the stated currency, as used"
    }


def test_a_range_keeps_its_high_end_and_a_change_its_measure(cli: CliRun, bundled_db: Path) -> None:
    rows = json.loads(cli("--db", str(bundled_db), "export", "claims", "--format", "json").stdout)
    by_id = {r["id"]: r for r in rows}
    assert (by_id["c048"]["value"], by_id["c048"]["value_max"], by_id["c048"]["unit"]) == (
        9e9,
        10e9,
        "EUR",
    )
    assert by_id["c048"]["usd_max"] == pytest.approx(10e9 * by_id["c048"]["usd_rate"], abs=0.01)
    assert (by_id["c020"]["period"], by_id["c020"]["measure"]) == ("2023/2024", "change")
    assert by_id["c048"]["source_title"]
    csv_text = cli("--db", str(bundled_db), "export", "claims").stdout
    assert "e+" not in csv_text and "9000000000," in csv_text


def test_the_index_export_holds_numbers_not_text(cli: CliRun, bundled_db: Path) -> None:
    rows = json.loads(cli("--db", str(bundled_db), "export", "index", "--format", "json").stdout)
    assert all(isinstance(r["partner_coverage"], float) for r in rows)
    assert not any("%" in json.dumps(r) for r in rows)


def test_the_schema_is_documented_in_docs(cli: CliRun) -> None:
    assert cli("export", "--schema").stdout == (ROOT / "docs" / "export-schema.md").read_text()


def test_parquet_needs_a_file_and_a_table_is_required(cli: CliRun, bundled_db: Path) -> None:
    result = cli("--db", str(bundled_db), "export", "claims", "--format", "parquet")
    assert (result.exit_code, result.stderr) == (
        1,
        "error: Parquet is binary: give --out FILE.parquet.\n",
    )
    result = cli("--db", str(bundled_db), "export")
    assert result.exit_code == 1
    assert (
        result.stderr == "error: Export what? Name a table: "
        "claims, facts, conflicts, sources, events, actors, trade, index.\n"
    )
