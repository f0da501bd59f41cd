"""Fixtures shared by every test: the shared corpus, real ledgers on SQLite and PostgreSQL,
and the real CLI."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from geoledger.cli import main
from geoledger.extract import Gazetteer, claim_to_json, extract_claims
from geoledger.models import Document
from geoledger.pipeline import bundled_dataset, load_dataset, read_dataset
from geoledger.store import make_engine

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GEOLEDGER_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder beside the repository: corpus, facts, gold, tools."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"no shared folder at {SHARED} (set GEOLEDGER_SHARED)")
    return SHARED


def _postgres_url(worker: str) -> str:
    """A database of this test worker's own on the server named by GEOLEDGER_TEST_POSTGRES."""
    base = os.environ.get("GEOLEDGER_TEST_POSTGRES")
    if not base:
        pytest.skip("PostgreSQL tests need GEOLEDGER_TEST_POSTGRES (.ci/run sets it)")
    url = make_url(base)
    name = f"{url.database}_{worker}"
    try:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as exc:  # no server: skip, saying why
        pytest.skip(f"PostgreSQL at {url.render_as_string(hide_password=True)} unusable: {exc}")
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path, worker_id: str) -> Iterator[str]:
    """An empty ledger's URL, once on a SQLite file and once on a real PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    url = _postgres_url(worker_id)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    yield url


@pytest.fixture(scope="session")
def _bundled_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "ledger.db"
    engine = make_engine(f"sqlite:///{path}")
    load_dataset(engine)
    engine.dispose()
    return path


@pytest.fixture
def bundled_db(_bundled_template: Path, tmp_path: Path) -> Path:
    """A SQLite ledger file holding the bundled dataset, this test's own copy."""
    path = tmp_path / "bundled.db"
    shutil.copy(_bundled_template, path)
    return path


CliRun = Callable[..., Result]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRun:
    """Run the real geoledger CLI in-process; the default ledger lives in tmp_path."""
    monkeypatch.setenv("GEOLEDGER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("GEOLEDGER_DB", raising=False)
    monkeypatch.setenv("GEOLEDGER_USER", "tester")

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The names `geoledger extract` links without a ledger: built-in table plus bundled actors."""
    return Gazetteer.from_actors(read_dataset(bundled_dataset())[2])


def claims_of(gazetteer: Gazetteer, text: str) -> list[dict]:
    """The claims extracted from text as one document, in their JSON form."""
    raw = text.encode("utf-8")
    doc = Document(name="t.txt", text=text, content_hash=hashlib.sha256(raw).hexdigest())
    return [claim_to_json(c) for c in extract_claims(doc, gazetteer=gazetteer).claims]


def one_claim(gazetteer: Gazetteer, text: str, surface: str) -> dict:
    """The one claim of text whose surface is surface (fails if there are none or several)."""
    found = [c for c in claims_of(gazetteer, text) if c["surface"] == surface]
    assert len(found) == 1, (surface, claims_of(gazetteer, text))
    return found[0]
