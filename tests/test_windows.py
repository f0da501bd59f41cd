"""The streaming path: a large document read window by window gives the whole path's claims."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from geoledger.errors import DocumentRefused
from geoledger.extract import extract_claims
from geoledger.extract.sentences import _is_wrapped
from geoledger.ingest.read import read_raw
from geoledger.models import Document, Extraction
from geoledger.pipeline.ingest import extract_file, ingest_paths, ledger_gazetteer
from geoledger.pipeline.windows import StreamReport, cut_windows, extract_streaming
from geoledger.store import make_engine
from geoledger.store import schema as t

ROOT = Path(__file__).resolve().parents[1]
TUNE = [ROOT / "tests" / "data" / "realdev" / part / "tune" for part in ("en", "sr")]
GAZ = ledger_gazetteer(None)


def _doc(path: Path) -> Document:
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    return Document(name=path.name, text=raw.decode("utf-8"), content_hash=digest)


def _articles(shared: Path) -> list[Path]:
    paths = sorted((shared / "corpus").glob("*.txt"))
    for folder in TUNE:
        paths += sorted(folder.glob("*.txt"))
    assert len(paths) > 40
    return paths


def _wrapped(doc: Document) -> bool:
    """Hard-wrapped text (PDF, e-mail): each window judges its own lines wrapped or not, and
    reads its footnote blocks after itself, not after the whole text (documented difference)."""
    return _is_wrapped(doc.text.splitlines(keepends=True))


def _same(a: Extraction, b: Extraction) -> bool:
    return a.claims == b.claims and a.issues == b.issues and a.proposed_actors == b.proposed_actors


def test_windows_tile_the_text_and_cut_where_paragraphs_begin() -> None:
    paragraph = "Exports rose by 12% in 2023. The plant employs 1,200 people.\n\n"
    text = paragraph * 400 + "x" * 5000 + " tail"
    spans = list(cut_windows(text, 1000))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    for start, end, within in spans[:-3]:
        assert 500 <= end - start <= 4000
        assert text[start:end].endswith("\n\n") and not within
    # 5,000 characters with no break at all are cut at the limit, flagged as inside a paragraph
    assert any(within for _, _, within in spans)


def test_streaming_gives_the_whole_paths_claims_on_the_corpus_and_tune_articles(
    shared: Path,
) -> None:
    # A threshold forced far below every article: each is read in windows of ~1,000 characters.
    compared = 0
    for path in _articles(shared):
        doc = _doc(path)
        whole = extract_claims(doc, gazetteer=GAZ)
        report = StreamReport()
        streamed = extract_streaming(
            doc, gazetteer=GAZ, window_chars=1000, head_chars=len(doc.text), report=report
        )
        for claim in streamed.claims:
            assert doc.text[claim.start : claim.end] == claim.surface
        if len(doc.text) > 2000:
            assert report.windows >= 2, path.name
        if _wrapped(doc):
            continue
        assert _same(whole, streamed), path.name
        compared += 1
    assert compared >= 50


def test_tiny_windows_cut_inside_paragraphs_keep_every_figure_once(shared: Path) -> None:
    # Windows of 300 characters cut sentences' paragraphs: the figures and their offsets stay;
    # only attributes read from earlier sentences of the same paragraph may differ.
    # One documented loss: a bare amount ('2,62 milijarde') takes its currency from the
    # sentence before, which a cut between the two leaves in the previous window (three such
    # figures of 1,134 in the tune parts of 2 December 2026: one in 300 at most).
    kept = total = same = 0
    for path in _articles(shared):
        doc = _doc(path)
        if _wrapped(doc):
            continue
        whole = extract_claims(doc, gazetteer=GAZ)
        streamed = extract_streaming(doc, gazetteer=GAZ, window_chars=300, head_chars=len(doc.text))
        whole_spans = Counter((c.start, c.end) for c in whole.claims)
        spans = Counter((c.start, c.end) for c in streamed.claims)
        assert not spans - whole_spans, path.name  # no figure read twice or cut into another
        kept += sum((spans & whole_spans).values())
        total += len(whole.claims)
        same += _same(whole, streamed)
        for claim in streamed.claims:
            assert doc.text[claim.start : claim.end] == claim.surface
    assert kept >= total - max(2, total // 300)
    assert same >= 50


def _big_text(shared: Path, megabytes: float) -> str:
    base = "\n\n".join(_doc(p).text for p in sorted((shared / "corpus").glob("*.txt")))
    size = int(megabytes * 1024 * 1024)
    return (base * (size // len(base) + 1))[:size]


def test_a_large_generated_document_is_streamed_into_the_ledger_with_progress(
    shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    big.write_text(_big_text(shared, 1.5), encoding="utf-8")
    monkeypatch.setenv("GEOLEDGER_STREAM_CHARS", "200000")
    monkeypatch.setenv("GEOLEDGER_WINDOW_CHARS", "100000")
    progress: list[int] = []
    result = extract_file(read_raw(str(big)), GAZ, progress.append)
    assert result.extraction is not None and result.doc is not None
    assert len(progress) >= 10 and all(step >= 0 for step in progress)
    assert sum(progress) == big.stat().st_size
    text = result.doc.text
    claims = result.extraction.claims
    assert len(claims) > 1000
    assert all(text[c.start : c.end] == c.surface for c in claims)
    # The same figures as the whole path, each once (attributes may differ: the whole path
    # settles the main country from all 1.5 MB, the streaming path from its head).
    whole = extract_claims(result.doc, gazetteer=GAZ).claims
    assert Counter((c.start, c.end) for c in claims) == Counter((c.start, c.end) for c in whole)

    engine = make_engine(f"sqlite:///{tmp_path / 'l.db'}", create=True)
    report = ingest_paths(engine, [str(big)])
    assert report.refused == [] and report.claims > 1000
    with engine.connect() as conn:
        rows = conn.execute(select(t.claims.c.start, t.claims.c.end, t.claims.c.surface)).all()
    assert len(rows) == report.claims
    assert all(text[start:end] == surface for start, end, surface in rows)


def test_a_window_over_its_budget_is_refused_and_the_batch_goes_on(
    shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: object
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.txt").write_text(_big_text(shared, 0.5), encoding="utf-8")
    (folder / "small.txt").write_text(
        "Trade between Serbia and China reached 6.1 billion dollars in 2023.\n", encoding="utf-8"
    )
    monkeypatch.setenv("GEOLEDGER_STREAM_CHARS", "100000")
    monkeypatch.setenv("GEOLEDGER_WINDOW_CHARS", "50000")
    monkeypatch.setenv("GEOLEDGER_WINDOW_SECONDS", "0.01")
    result = cli("--db", str(tmp_path / "l.db"), "ingest", str(folder))  # type: ignore[operator]
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        f"error: {folder}/big.txt: window 1 (from character 0) took more than its 0.01 s CPU "
        "budget per window; split the document or raise GEOLEDGER_WINDOW_SECONDS"
    )
    assert lines[-1] == "1 document read (1 new), 1 claim stored; 1 file refused."


def test_the_overall_budget_caps_the_windows_together(shared: Path) -> None:
    # 2 MB take several CPU seconds however fast extraction gets: the 0.6 s budget always ends it.
    doc = Document(name="big.txt", text=_big_text(shared, 2.0), content_hash="x")
    report = StreamReport()
    with pytest.raises(DocumentRefused) as caught:
        extract_streaming(
            doc,
            gazetteer=GAZ,
            window_chars=20000,
            head_chars=20000,
            per_window_seconds=0,
            total_seconds=0.6,
            report=report,
        )
    message = str(caught.value)
    assert message.startswith("big.txt: took more than its 0.6 s CPU budget after ")
    assert message.endswith(" characters); split it into smaller documents")
    assert f"after {report.windows} windows ({report.chars_done:,} characters)" in message
    assert 0 < report.chars_done < len(doc.text)
