"""Serbian sources: both scripts, legacy code pages, language on the source, script-blind search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import text

from conftest import CliRun
from geoledger import store
from geoledger.api import create_app
from geoledger.config import Settings
from geoledger.errors import DocumentRefused
from geoledger.ingest import read_document
from geoledger.ingest.language import detect_language
from geoledger.models import Claim, Source
from geoledger.store import search
from geoledger.store.engine import _alembic_config, upgrade_schema
from geoledger.store.fold import FoldMap, fold_table, fold_text, snippet
from geoledger.store.search import pg_fold_sql

DATA = Path(__file__).parent / "data"

# Written for these tests: a short Serbian news item, once in each script.
CYRILLIC = (
    "Спољнотрговинска размена Србије и Кине\n\n"
    "Извоз Србије у Кину прошле године је порастао, а увоз из Кине је и даље већи. "
    "Љубљана и Шабац су поменути у саопштењу које је објавио завод."
)
LATIN = (
    "Spoljnotrgovinska razmena Srbije i Kine\n\n"
    "Izvoz Srbije u Kinu prošle godine je porastao, a uvoz iz Kine je i dalje veći. "
    "Ljubljana i Šabac su pomenuti u saopštenju koje je objavio zavod."
)
ENGLISH = "Serbia's exports to China rose last year, and imports from China are still larger."


def write(path: Path, raw: bytes) -> Path:
    path.write_bytes(raw)
    return path


# --- language --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "language"),
    [
        (LATIN, "sr-Latn"),
        (CYRILLIC, "sr-Cyrl"),
        (ENGLISH, "en"),
        # Latin text quoting a Cyrillic name is Latin, and the reverse.
        (LATIN + " Citat: „Кина”.", "sr-Latn"),
        (CYRILLIC + " (Kina, Srbija)", "sr-Cyrl"),
        # Russian is Cyrillic but no Serbian: its alphabet (ы э й) tells it apart.
        ("Россия и Китай подписали соглашение, экспорт вырос на треть.", "ru"),
        ("12.726 — 2023.", None),
    ],
)
def test_language_is_told_from_script_and_common_words(sample: str, language: str | None) -> None:
    assert detect_language(sample) == language


# --- reading files in either script and encoding ---------------------------------------------


@pytest.mark.parametrize(
    ("body", "encoding", "language"),
    [(CYRILLIC, "cp1251", "sr-Cyrl"), (LATIN, "cp1250", "sr-Latn")],
)
def test_serbian_text_in_a_windows_code_page_is_read_with_its_encoding_recorded(
    tmp_path: Path, body: str, encoding: str, language: str
) -> None:
    raw = body.encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    doc = read_document(write(tmp_path / "vest.txt", raw))
    assert (doc.text, doc.encoding, doc.language) == (body, encoding, language)
    assert doc.title == body.splitlines()[0]
    word = "Шабац" if language == "sr-Cyrl" else "Šabac"
    start = doc.text.index(word)
    assert doc.text[start : start + len(word)] == word  # offsets are into the text as read


def test_utf8_text_in_both_scripts_is_read_as_is(tmp_path: Path) -> None:
    body = CYRILLIC + "\n\n" + LATIN + " Још једна реченица на ћирилици."
    doc = read_document(write(tmp_path / "mixed.md", body.encode()))
    assert (doc.text, doc.encoding, doc.language) == (body, "utf-8", "sr-Cyrl")


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Objavljeno: 14. marta 2024. godine", "2024-03-14"),
        ("sreda, 3. jul 2019.", "2019-07-03"),
        ("Објављено: 3. јула 2019. 10:15", "2019-07-03"),
        ("недеља, 1. децембар 2024.", "2024-12-01"),
        ("14.03.2024.", "2024-03-14"),
        ("30. februar 2024.", None),  # no such day
        # A month alone is a date only after a date word: '2017-07' alone could be a span.
        ("Published: 2017-07", "2017-07"),
        ("Објављено: 2017-13", None),
        ("2017-07", None),
    ],
)
def test_serbian_date_lines_give_the_publication_date(
    tmp_path: Path, line: str, iso: str | None
) -> None:
    body = f"Naslov vesti\n{line}\n\nIzvoz Srbije u Kinu je porastao.\n"
    doc = read_document(write(tmp_path / "vest.txt", body.encode()))
    assert (doc.title, doc.published_on) == ("Naslov vesti", iso)


@pytest.mark.parametrize(
    ("body", "encoding", "why"),
    [
        # Western European text in an old code page is not Serbian: still refused.
        (
            "Der Handel mit Köln stieg um fünf Prozent, sagte Müller.",
            "cp1252",
            "invalid UTF-8 at byte 16",
        ),
        # Serbian, but no letter shows the code page: the euro sign would be Ђ in 1251.
        ("Izvoz je 5 miliona € – rekordno", "cp1250", "invalid UTF-8 at byte 19"),
    ],
)
def test_other_text_that_is_not_utf8_is_still_refused_in_one_line(
    tmp_path: Path, body: str, encoding: str, why: str
) -> None:
    path = write(tmp_path / "old.txt", body.encode(encoding))
    with pytest.raises(DocumentRefused) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: {why}"


def test_russian_in_windows_1251_is_read_as_russian_not_refused_as_binary(tmp_path: Path) -> None:
    text = "Экспорт из России в Китай вырос на треть, сообщила таможня.\n"
    doc = read_document(write(tmp_path / "ru.txt", text.encode("cp1251")))
    assert (doc.text, doc.encoding, doc.language) == (text, "cp1251", "ru")


def test_bytes_of_no_language_in_windows_1251_are_still_refused(tmp_path: Path) -> None:
    # Cyrillic letters of no alphabet in the table, mixed: neither Serbian nor Russian.
    path = write(tmp_path / "mix.txt", "Ђыј ЉэЋ џйђ ъЏњ, ыџ ђэ.".encode("cp1251"))
    with pytest.raises(DocumentRefused) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: ")


def _page(body: str, head: str = "") -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in body.split("\n\n")[1:] * 3)
    return (
        f"<html><head>{head}<title>{body.splitlines()[0]}</title></head>"
        f"<body><article><h1>{body.splitlines()[0]}</h1>{paragraphs}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("head", "body", "codec", "encoding"),
    [
        ('<meta charset="windows-1251">', CYRILLIC, "cp1251", "cp1251"),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">',
            LATIN,
            "cp1250",
            "cp1250",
        ),
        ('<meta charset="iso-8859-2">', LATIN, "iso-8859-2", "iso8859-2"),  # declared: honoured
        ("", CYRILLIC, "cp1251", "cp1251"),  # undeclared: detected
        ("", LATIN, "cp1250", "cp1250"),
        ('<meta charset="utf-8">', CYRILLIC, "cp1251", "cp1251"),  # mislabelled UTF-8
        ('<meta charset="windows-1252">', LATIN, "cp1250", "cp1250"),  # mislabelled Western
        ('<meta charset="utf-8">', CYRILLIC, "utf-8", "utf-8"),
    ],
)
def test_html_honours_its_declared_charset_then_detects_serbian_code_pages(
    tmp_path: Path, head: str, body: str, codec: str, encoding: str
) -> None:
    path = write(tmp_path / "vest.html", _page(body, head).encode(codec))
    doc = read_document(path)
    assert (doc.encoding, doc.language, doc.title) == (
        encoding,
        "sr-Cyrl" if body is CYRILLIC else "sr-Latn",
        body.splitlines()[0],
    )
    assert body.split("\n\n")[1] in doc.text


def test_pdf_in_both_scripts_reads_serbian_letters_drawn_as_localised_glyphs() -> None:
    # Made by Chromium from HTML with lang="sr" in DejaVu Sans, which draws б as a Serbian
    # glyph that the PDF maps to a private-use code point.
    doc = read_document(DATA / "serbian_two_scripts.pdf")
    assert doc.text == (
        "Извоз Србије у Кину порастао је прошле године за трећину, наводи се у саопштењу.\n"
        "Uvoz iz Rusije je smanjen, a razmena sa Evropskom unijom ostaje najveća.\n"
        "Љубљана и Џеп су речи са словима Љ и Џ."
    )
    assert (doc.kind, doc.language, doc.encoding, doc.title) == (
        "pdf",
        "sr-Cyrl",
        None,
        "Spoljna trgovina",
    )


# --- folding for search ------------------------------------------------------------------------


def test_cyrillic_latin_and_accents_fold_alike() -> None:
    assert fold_text("Љубљана ŠABAC Kína Ђурђевдан Džep Џеп") == (
        "ljubljana sabac kina durdevdan dzep dzep"
    )
    assert fold_text(CYRILLIC) == fold_text(LATIN)


def test_fold_map_leads_every_folded_offset_back_into_the_original() -> None:
    original = "Џеп, Љубљана и Њива; Шабац"
    fmap = FoldMap(original)
    assert fmap.folded == "dzep, ljubljana i njiva; sabac"
    back = [original[fmap.original(i)] for i in range(len(fmap.folded))]
    assert "".join(back) == "ЏЏеп, ЉЉубљљана и ЊЊива; Шабац"


def test_snippet_marks_the_hit_in_the_text_as_written() -> None:
    assert snippet(CYRILLIC, ["sabac"]) == (
        "… је и даље већи. Љубљана и [Шабац] су поменути у саопштењу које …"
    )
    assert snippet(LATIN, ["ljubljana"]) == (
        "… iz Kine je i dalje veći. [Ljubljana] i Šabac su pomenuti u …"
    )
    assert snippet("Kina.", ["kina"]) == "[Kina]."


# --- stored, searched and shown ----------------------------------------------------------------


def _save_both(conn: object) -> None:
    store.save_source(conn, Source(id="cyr.txt", title="Размена", text=CYRILLIC))  # type: ignore[arg-type]
    store.save_source(conn, Source(id="lat.txt", title="Razmena", text=LATIN))  # type: ignore[arg-type]
    store.save_source(conn, Source(id="en.txt", title="Trade", text=ENGLISH))  # type: ignore[arg-type]
    claim = Claim(
        id="c1",
        source_id="cyr.txt",
        value=1,
        unit="count",
        surface="Извоз Србије у Кину",
        origin="entered",
    )
    store.save_claim(conn, claim, who="t")  # type: ignore[arg-type]


def test_search_is_blind_to_script_and_accents_on_both_backends(ledger_url: str) -> None:
    engine = store.make_engine(ledger_url)
    with engine.begin() as conn:
        _save_both(conn)
    with engine.connect() as conn:
        for query in ("Шабац", "sabac", "ŠABAC", "Ljubljana", "љубљана", "izvoz Kinu"):
            found = sorted(sid for sid, _ in store.search_sources(conn, query))
            assert found == ["cyr.txt", "lat.txt"], query
        assert dict(store.search_sources(conn, "шабац")) == {
            "cyr.txt": "… је и даље већи. Љубљана и [Шабац] су поменути у саопштењу које …",
            "lat.txt": "… je i dalje veći. Ljubljana i [Šabac] su pomenuti u saopštenju koje …",
        }
        assert store.matching_claim_ids(conn, "izvoz") == ["c1"]
        assert store.search_sources(conn, "Београд") == []
    engine.dispose()


def test_postgres_folds_every_letter_as_python_does(ledger_url: str) -> None:
    if not ledger_url.startswith("postgresql"):
        pytest.skip("the SQL fold is PostgreSQL's")
    engine = store.make_engine(ledger_url)
    letters = "".join(chr(code) for code in sorted(fold_table())) + " Kina Љубљана"
    with engine.connect() as conn:
        folded = conn.execute(text(f"SELECT {pg_fold_sql('CAST(:s AS text)')}"), {"s": letters})
        assert folded.scalar_one() == fold_text(letters)
    engine.dispose()


def test_postgres_search_uses_the_folded_indexes_of_migration_0006(ledger_url: str) -> None:
    if not ledger_url.startswith("postgresql"):
        pytest.skip("the GIN indexes are PostgreSQL's")
    engine = store.make_engine(ledger_url)
    with engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))  # a tiny table would be scanned anyway
        for table, vector in (
            ("sources", search._PG_SOURCES_VECTOR),
            ("claims", search._PG_CLAIMS_VECTOR),
        ):
            plan = conn.execute(
                text(f"EXPLAIN SELECT id FROM {table} WHERE {vector} @@ {search._PG_QUERY}"),
                {"q": "kina"},
            ).scalars()
            assert any(f"Bitmap Index Scan on {table}_fts" in line for line in plan), table
    engine.dispose()


def test_a_ledger_searched_before_migration_0006_is_reindexed_folded(tmp_path: Path) -> None:
    engine = store.make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO sources (id, title, text) VALUES ('old.txt', 'Vest', :t)"),
            {"t": CYRILLIC},
        )
        assert store.search_sources(conn, "Kina") == []  # before: Latin does not find Cyrillic
    upgrade_schema(engine)
    with engine.connect() as conn:
        assert [sid for sid, _ in store.search_sources(conn, "Kine")] == ["old.txt"]
        row = conn.execute(text("SELECT language, encoding FROM sources")).one()
        assert tuple(row) == (None, None)
    engine.dispose()


def test_cli_ingest_stores_language_and_encoding_and_lists_the_language(
    cli: CliRun, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "cyr.txt", CYRILLIC.encode("cp1251"))
    write(folder / "lat.txt", LATIN.encode("utf-8"))
    db = str(tmp_path / "ledger.db")
    result = cli("--db", db, "ingest", str(folder))
    assert result.exit_code == 0, result.stderr
    rows = json.loads(cli("--db", db, "sources", "--format", "json").stdout)
    assert [(r["id"], r["language"]) for r in rows] == [
        ("cyr.txt", "sr-Cyrl"),
        ("lat.txt", "sr-Latn"),
    ]
    table = cli("--db", db, "sources", "--format", "csv").stdout.splitlines()
    assert table[0] == "id,title,author,outlet,published_on,kind,language,claims"
    assert table[1].startswith("cyr.txt,Спољнотрговинска размена Србије и Кине,,,,text,sr-Cyrl,")
    found = json.loads(cli("--db", db, "search", "Шабац", "--format", "json").stdout)
    assert sorted(r["id"] for r in found if r["kind"] == "source") == ["cyr.txt", "lat.txt"]
    with store.make_engine(f"sqlite:///{db}").connect() as conn:
        cyr = store.get_source(conn, "cyr.txt")
    assert (cyr.text, cyr.encoding, cyr.language) == (CYRILLIC, "cp1251", "sr-Cyrl")


def test_api_gives_a_sources_language_and_encoding(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    engine = store.make_engine(url)
    doc = read_document(write(tmp_path / "vest.txt", CYRILLIC.encode("cp1251")))
    with engine.begin() as conn:
        store.save_source(
            conn,
            Source(
                id=doc.name,
                title=doc.title,
                kind=doc.kind,
                content_hash=doc.content_hash,
                text=doc.text,
                language=doc.language,
                encoding=doc.encoding,
            ),
        )
    engine.dispose()
    client = TestClient(create_app(Settings(database_url=url, user="tester")))
    one = client.get("/api/sources/vest.txt").json()
    assert (one["language"], one["encoding"], one["text"]) == ("sr-Cyrl", "cp1251", CYRILLIC)
    listed = client.get("/api/sources").json()["items"]
    assert [(s["id"], s["language"], s["encoding"]) for s in listed] == [
        ("vest.txt", "sr-Cyrl", "cp1251")
    ]
