"""Ingest: real text, Markdown, HTML and PDF files in, Documents or exact refusals out."""

from __future__ import annotations

import hashlib
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tracemalloc
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from geoledger.errors import DocumentRefused
from geoledger.ingest import MAX_BYTES, expand_paths, read_document

DATA = Path(__file__).parent / "data"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
MIB = 1024 * 1024


# --- a minimal PDF writer, so PDF tests need no extra dependency -----------------------------


def make_pdf(
    pages: list[list[str]],
    *,
    info: dict[str, str] | None = None,
    image_pages: int = 0,
) -> bytes:
    """Write a PDF whose pages hold the given lines top to bottom in 11pt Helvetica.

    A line may hold '^N' to set N as a raised, smaller footnote marker; a line starting
    with '~' is set in 8pt like a footnote body. image_pages adds pages with only an image.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the page tree exists
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pixels = zlib.compress(bytes(range(0, 256, 16)) * 16)
    image = add(
        b"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(pixels)
        + pixels
        + b"\nendstream"
    )
    kids = []
    contents = [_page_stream(lines) for lines in pages]
    contents += [b"q 300 0 0 300 150 400 cm /Im1 Do Q\n"] * image_pages
    for stream in contents:
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
                b" /Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
                % (tree, content, font, image)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    refs = b" ".join(b"%d 0 R" % kid for kid in kids)
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    trailer_info = b""
    if info:
        fields = b" ".join(b"/%s %s" % (k.encode(), _pdf_string(v)) for k, v in info.items())
        trailer_info = b" /Info %d 0 R" % add(b"<< " + fields + b" >>")

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\n" % (len(objects) + 1, catalog, trailer_info)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _page_stream(lines: list[str]) -> bytes:
    """Set each line at its own height, footnote lines ('~') small, '^N' markers raised."""
    ops = [b"BT"]
    y = 800.0
    for line in lines:
        size = 8 if line.startswith("~") else 11
        line = line.removeprefix("~")
        ops.append(b"1 0 0 1 72 %.1f Tm" % y)
        for i, part in enumerate(re.split(r"\^(\d+)", line)):
            if i % 2:  # a footnote marker: smaller and raised, as word processors set it
                ops.append(b"/F1 6 Tf 4 Ts %s Tj 0 Ts" % _pdf_string(part))
            elif part:
                ops.append(b"/F1 %d Tf %s Tj" % (size, _pdf_string(part)))
        y -= size * 1.4
    ops.append(b"ET")
    return b"\n".join(ops)


def _pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252), with its delimiters escaped."""
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def write(path: Path, data: bytes | str) -> Path:
    """Write bytes or UTF-8 text (no newline translation) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def refusal(path: Path, **options: int) -> str:
    """The one-line message read_document refuses path with."""
    with pytest.raises(DocumentRefused) as caught:
        read_document(path, **options)
    assert caught.value.path == str(path)
    assert "\n" not in str(caught.value)
    return str(caught.value)


# --- plain text and Markdown ------------------------------------------------------------------


def test_text_is_the_file_decoded_exactly_so_offsets_hold(tmp_path: Path) -> None:
    raw = "Port traffic\r\n\r\n  The port moved €3.5 million\tof goods.  \r\nLast   ".encode()
    path = write(tmp_path / "note.txt", raw)
    doc = read_document(path)
    assert doc.text == raw.decode("utf-8")
    start = doc.text.index("€3.5 million")
    assert doc.text[start : start + len("€3.5 million")] == "€3.5 million"
    assert doc.content_hash == hashlib.sha256(raw).hexdigest()
    assert (doc.name, doc.path, doc.kind, doc.title) == (
        "note.txt",
        str(path),
        "text",
        "Port traffic",
    )


def test_byte_order_mark_is_kept_so_offsets_match_reading_with_utf8(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.txt", "\ufeffQuay report\n\nIt rose by 4 percent.\n")
    doc = read_document(path)
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.title == "Quay report"


def test_heading_byline_and_date_line_give_title_author_and_date(tmp_path: Path) -> None:
    text = (
        "Rail freight doubles on the northern line\n\n"
        "By Ana Petrović and Marko Ilić | Published: 14 March 2024\n\n"
        "Freight on the line reached 2.4 million tonnes, while 66% of it was grain.\n"
    )
    doc = read_document(write(tmp_path / "rail.txt", text))
    assert (doc.title, doc.author, doc.published_on) == (
        "Rail freight doubles on the northern line",
        "Ana Petrović and Marko Ilić",
        "2024-03-14",
    )


def test_byline_with_trailing_date_splits_name_from_date(tmp_path: Path) -> None:
    text = "Grain silos reopen\nBy Jovana Stanković, May 8, 2024\n\nThe silos hold 40,000 tonnes.\n"
    doc = read_document(write(tmp_path / "silo.txt", text))
    assert (doc.author, doc.published_on) == ("Jovana Stanković", "2024-05-08")


def test_body_text_is_never_searched_for_authors_or_dates(tmp_path: Path) -> None:
    # A date searcher run over this text would take "66%" for 2066 and "May 2023" for a date.
    text = (
        "When the council met in May 2023, it said 66% of the budget, some 12 million euros, "
        "would go to roads. By contrast, the 2019 plan had put 40 percent into schools.\n"
        "By Monday the vote was done.\n"
    )
    doc = read_document(write(tmp_path / "council.txt", text))
    assert (doc.title, doc.author, doc.published_on) == (None, None, None)


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Published: May 8, 2024", "2024-05-08"),
        ("8th May 2024", "2024-05-08"),
        ("Thursday, 14 March 2024, 10:30 CET", "2024-03-14"),
        ("2024-05-08T09:00:00+02:00", "2024-05-08"),
        ("Posted on Sept. 3, 2021", "2021-09-03"),
        ("14.03.2024.", "2024-03-14"),
        ("March 2024", "2024-03"),
        ("31 February 2024", None),
        ("Updated: 3/4/2024", None),  # month-first or day-first? not stated clearly
    ],
)
def test_date_lines_near_the_top(tmp_path: Path, line: str, iso: str | None) -> None:
    doc = read_document(write(tmp_path / "d.txt", f"Bridge tolls rise\n{line}\n\nTolls rose.\n"))
    assert doc.published_on == iso


def test_first_line_that_is_a_sentence_is_no_title(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "s.txt", "Exports rose by 5 percent.\n\nMore text.\n"))
    assert doc.title is None


def test_markdown_keeps_its_markup_and_takes_the_hash_heading_as_title(tmp_path: Path) -> None:
    text = "# Wind farms in the south #\n\n*By Milica Jovanović*\n\nThey cost **€300 million**.\n"
    doc = read_document(write(tmp_path / "wind.md", text))
    assert (doc.kind, doc.text, doc.title, doc.author) == (
        "markdown",
        text,
        "Wind farms in the south",
        "Milica Jovanović",
    )


def test_markdown_front_matter_gives_metadata(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Toll road concession\nauthor: Petar Nikolić\ndate: 2023-11-02\n"
        "url: https://example.org/toll\n---\n\nThe concession runs for 25 years.\n"
    )
    doc = read_document(write(tmp_path / "toll.markdown", text))
    assert (doc.text, doc.title, doc.author, doc.published_on, doc.url) == (
        text,
        "Toll road concession",
        "Petar Nikolić",
        "2023-11-02",
        "https://example.org/toll",
    )


def test_unknown_extension_that_is_utf8_reads_as_text(tmp_path: Path) -> None:
    for name in ("notes.log", "README"):
        doc = read_document(write(tmp_path / name, "Loan of $5 million agreed.\n"))
        assert (doc.kind, doc.text) == ("text", "Loan of $5 million agreed.\n")


# --- refusals, each with its exact one-line message -------------------------------------------


def test_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    assert refusal(path) == f"{path}: no such file"


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.txt", b"")
    assert refusal(path) == f"{path}: empty file"


def test_file_with_nul_bytes_is_binary(tmp_path: Path) -> None:
    path = write(tmp_path / "data.txt", b"text\x00\x01\x02more")
    assert refusal(path) == f"{path}: binary file, not text"


def test_file_of_random_bytes_without_nul_is_binary(tmp_path: Path) -> None:
    noise = bytes(b for b in random.Random(7).randbytes(4000) if b)
    path = write(tmp_path / "blob", noise)
    assert refusal(path) == f"{path}: binary file, not text"


def test_latin1_text_is_invalid_utf8_at_its_first_bad_byte(tmp_path: Path) -> None:
    raw = "Trade with Niš rose by €2 million.".encode("cp1252")
    path = write(tmp_path / "old.txt", raw)
    assert raw[13:14] == "š".encode("cp1252")  # the first byte that is not UTF-8
    assert refusal(path) == f"{path}: invalid UTF-8 at byte 13"


def test_unsupported_types_are_refused_by_extension(tmp_path: Path) -> None:
    for name in ("photo.png", "letter.docx", "SCAN.PNG"):
        path = write(tmp_path / name, b"PK\x03\x04 whatever")
        suffix = Path(name).suffix.lower()
        assert refusal(path) == f"{path}: unsupported file type {suffix}"


def test_folder_given_to_read_document_is_refused_with_what_to_do(tmp_path: Path) -> None:
    assert refusal(tmp_path) == f"{tmp_path}: is a folder, not a file (expand it with expand_paths)"


def test_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: 200 MB on paper, nothing on disk
        f.truncate(200 * MIB)
    tracemalloc.start()
    try:
        assert refusal(path) == f"{path}: file too large (200 MB > 100 MB limit)"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MIB  # reading the file would have taken 200 MB
    assert MAX_BYTES == 100 * MIB


def test_size_limit_is_a_keyword_option(tmp_path: Path) -> None:
    path = write(tmp_path / "mid.txt", b"a" * (3 * MIB // 2))
    assert refusal(path, max_bytes=MIB) == f"{path}: file too large (1.5 MB > 1 MB limit)"
    assert refusal(path, max_bytes=1000) == (
        f"{path}: file too large ({3 * MIB // 2} bytes > 1000 bytes limit)"
    )
    assert len(read_document(path, max_bytes=2 * MIB).text) == 3 * MIB // 2


def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", "Closed.\n")
    path.chmod(0)
    if os.geteuid() != 0:
        assert refusal(path) == f"{path}: cannot read: permission denied"
        return
    # root reads anything; a child without the capabilities to override file modes does not.
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv (util-linux) is missing to drop privileges")
    caps = "-dac_override,-dac_read_search"
    code = (
        "from geoledger.ingest import read_document\n"
        "from geoledger.errors import DocumentRefused\n"
        f"try:\n    read_document({str(path)!r})\n"
        "except DocumentRefused as e:\n    print(e)\n"
    )
    result = subprocess.run(
        [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == f"{path}: cannot read: permission denied", result.stderr


# --- HTML -------------------------------------------------------------------------------------


HARBOUR_TEXT = (
    "New cranes for the river harbour\n"
    "The harbour board of a mid-sized river town voted on Monday to buy four electric gantry"
    " cranes for €18.5 million, replacing diesel machines that have worked the quay since the"
    " 1980s.\n"
    "The purchase will be financed with a loan of $12 million from an export credit agency and"
    " a grant of 40 million dinars from the provincial budget, the board said in a statement."
    " The remainder will come from the harbour's own reserves.\n"
    "Board members said the new cranes should raise handling capacity by about 25 percent and"
    " cut fuel costs by roughly a third. Dock workers welcomed the decision but asked for"
    " training before the machines arrive next spring.\n"
    "Why now\n"
    "Traffic at the harbour grew to 1.1 million tonnes last year, up from 850,000 tonnes three"
    " years earlier, while breakdowns of the old cranes caused more than 60 days of delays."
)


def test_html_article_gives_main_text_and_metadata_without_boilerplate() -> None:
    path = DATA / "harbour_crane_article.html"
    doc = read_document(path)
    assert doc.text == HARBOUR_TEXT
    assert (doc.kind, doc.title, doc.author, doc.published_on, doc.url, doc.outlet) == (
        "html",
        "New cranes for the river harbour",
        "Ana Petrović",
        "2024-05-21",
        "https://review.example.org/economy/2024/05/new-cranes-river-harbour",
        "Danube Ledger Review",
    )
    assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    for boilerplate in ("Home", "caption", "Comment", "Grain exports slow", "€299", "Top of page"):
        assert boilerplate not in doc.text
    for figure in ("€18.5 million", "$12 million", "40 million dinars", "25 percent"):
        assert doc.text.count(figure) == 1


def test_html_table_of_figures_is_kept(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Harbour figures</title></head><body><article>"
        "<h1>Harbour figures</h1><p>The board published its yearly figures for the quay, "
        "showing how cargo and staff changed over the last two seasons of work.</p>"
        "<table><tr><th>Year</th><th>Cargo</th></tr><tr><td>2022</td><td>0.9 million tonnes"
        "</td></tr><tr><td>2023</td><td>1.1 million tonnes</td></tr></table>"
        "<p>Staff numbers stayed at 410 people in both years, the board said.</p>"
        "</article></body></html>"
    )
    doc = read_document(write(tmp_path / "figures.htm", page))
    assert "| 2023 | 1.1 million tonnes |" in doc.text
    assert "Staff numbers stayed at 410 people" in doc.text


@pytest.mark.parametrize(
    "page",
    [b"<html><head></head><body></body></html>", b"<<<>>>\n", b"<html><body><nav></nav>"],
)
def test_html_without_main_text_is_refused(tmp_path: Path, page: bytes) -> None:
    path = write(tmp_path / "bad.html", page)
    assert refusal(path) == f"{path}: no main text found in HTML"


# --- PDF --------------------------------------------------------------------------------------


def test_committed_multipage_pdf_reads_as_paragraphs_with_footnotes_apart() -> None:
    path = DATA / "river_freight_note.pdf"
    doc = read_document(path)
    expected = (DATA / "river_freight_note.pdf.expected").read_text(encoding="utf-8")
    assert doc.text == expected
    assert (doc.kind, doc.title, doc.author, doc.published_on) == (
        "pdf",
        "River Freight Note: Danube Ports in 2023",
        "Jelena Markovic",
        "2024-03-15",
    )
    paragraphs = doc.text.split("\n")
    # A footnote is its own paragraph, after the paragraph that ran on across its page's end.
    assert paragraphs[8].startswith("1 Tonnage figures are provisional")
    assert paragraphs[7].endswith("made up most of the rest.")
    assert "Working paper" not in doc.text  # the running header of pages 2 and 3
    assert not any(re.fullmatch(r"\d+", p) for p in paragraphs)  # page numbers
    assert "announced a programme worth €145 million" in doc.text  # an-/nounced mended


def test_pdf_wrapped_lines_hyphens_page_furniture_and_footnotes(tmp_path: Path) -> None:
    header = "Quarterly Bulletin of the Harbour Board"
    page_one = [
        header,
        "Harbour tolls",
        "The board raised tolls on bulk cargo by 6 percent from January, its first",
        "increase since 2019. The extra income, about €1.2 million a year, will pay",
        "for dredging of the inner basin and for a long-awaited repair of the east",
        "quay. Shipping agents called the decision premature and asked for eco-",
        "nomic studies of its effect on trade.^1",  # a paragraph's last line is short
        "The Sino-",
        "Serbian industrial park nearby, whose tenants ship most of their goods",
        "through the harbour, said the change would cost its firms a further long-",
        "awaited sum of $300,000 next year.",
        "~1 Toll rates are set each year by the board after consulting shipping agents.",
        "- 1 -",
    ]
    page_two = [
        header,
        "\u2022 \u2022 *",  # a picture's bullets and marks: no letters, no digits
        "Dredging will begin in the spring and is expected to last four months.",
        "Page 2 of 2",
    ]
    pdf = make_pdf(
        [page_one, page_two],
        info={
            "Title": "Quarterly Bulletin",
            "Author": "Harbour Board",
            "CreationDate": "D:20230704",
        },
    )
    doc = read_document(write(tmp_path / "bulletin.pdf", pdf))
    assert doc.text == (
        "Harbour tolls\n"
        "The board raised tolls on bulk cargo by 6 percent from January, its first increase since"
        " 2019. The extra income, about €1.2 million a year, will pay for dredging of the inner"
        " basin and for a long-awaited repair of the east quay. Shipping agents called the"
        " decision premature and asked for economic studies of its effect on trade.1\n"
        "The Sino-Serbian industrial park nearby, whose tenants ship most of their goods through"
        " the harbour, said the change would cost its firms a further long-awaited sum of"
        " $300,000 next year.\n"
        "1 Toll rates are set each year by the board after consulting shipping agents.\n"
        "Dredging will begin in the spring and is expected to last four months."
    )
    assert (doc.title, doc.author, doc.published_on) == (
        "Quarterly Bulletin",
        "Harbour Board",
        "2023-07-04",
    )


def test_pdf_without_info_dict_has_no_metadata(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "plain.pdf", make_pdf([["Cargo rose 3 percent."]])))
    assert (doc.text, doc.title, doc.author, doc.published_on) == (
        "Cargo rose 3 percent.",
        None,
        None,
        None,
    )


def test_pdf_line_starting_with_a_number_is_not_taken_for_a_footnote(tmp_path: Path) -> None:
    lines = [
        "Tonnage at the inner basin rose in the year as grain and fertiliser came",
        "in, and the board recorded a total of 2.1 million tonnes, of which about",
        "1.4 million tonnes were grain and 0.3 million tonnes were fertiliser.^1",
        "~1 Provisional figures from the monthly bulletins of the board.",
    ]
    doc = read_document(write(tmp_path / "n.pdf", make_pdf([lines])))
    assert doc.text.split("\n") == [
        "Tonnage at the inner basin rose in the year as grain and fertiliser came in, and the"
        " board recorded a total of 2.1 million tonnes, of which about 1.4 million tonnes were"
        " grain and 0.3 million tonnes were fertiliser.1",
        "1 Provisional figures from the monthly bulletins of the board.",
    ]


def test_pdf_with_empty_user_password_is_read(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Loan of €4 million."]]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked-lightly.pdf"
    with path.open("wb") as f:
        writer.write(f)
    assert read_document(path).text == "Loan of €4 million."


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Secret figures."]]))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as f:
        writer.write(f)
    assert refusal(path) == f"{path}: encrypted PDF"


def test_image_only_pdf_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "scan.pdf", make_pdf([], image_pages=2))
    assert refusal(path) == f"{path}: no text layer (image-only PDF?)"


def test_pdf_of_only_picture_glyphs_is_refused_as_image_only(tmp_path: Path) -> None:
    path = write(tmp_path / "glyphs.pdf", make_pdf([["\u2022 \u2022 \u2022"]]))
    assert refusal(path) == f"{path}: no text layer (image-only PDF?)"


def test_malformed_pdfs_are_refused_with_a_short_reason(tmp_path: Path) -> None:
    not_pdf = write(tmp_path / "fake.pdf", "Just some words, no PDF here.\n")
    assert refusal(not_pdf) == f"{not_pdf}: malformed PDF: no %PDF- header"
    truncated = write(tmp_path / "cut.pdf", make_pdf([["Some words."]])[:120])
    message = refusal(truncated)
    assert message.startswith(f"{truncated}: malformed PDF: ")
    reason = message.removeprefix(f"{truncated}: malformed PDF: ")
    assert 0 < len(reason) <= 80


def test_refusing_a_broken_pdf_prints_nothing(tmp_path: Path) -> None:
    # pypdf logs warnings such as "EOF marker not found"; a CLI must print only our one line.
    cut = write(tmp_path / "cut.pdf", (DATA / "river_freight_note.pdf").read_bytes()[:3000])
    code = (
        "from geoledger.ingest import read_document\n"
        "from geoledger.errors import DocumentRefused\n"
        f"try:\n    read_document({str(cut)!r})\n"
        "except DocumentRefused as e:\n    print(e)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (result.stdout, result.stderr) == (
        f"{cut}: malformed PDF: Stream has ended unexpectedly\n",
        "",
    )


# --- expand_paths -----------------------------------------------------------------------------


def test_expand_paths_walks_folders_skips_hidden_and_dedupes(tmp_path: Path) -> None:
    a = write(tmp_path / "in" / "a.txt", "A")
    b = write(tmp_path / "in" / "sub" / "b.html", "<p>B</p>")
    write(tmp_path / "in" / ".hidden.txt", "H")
    write(tmp_path / "in" / ".git" / "c.txt", "C")
    d = write(tmp_path / "d.md", "D")
    (tmp_path / "in" / "empty-folder").mkdir()
    paths, refusals = expand_paths([str(tmp_path / "in"), str(d), str(a), str(tmp_path / "*.md")])
    assert paths == sorted([a, b, d])
    assert refusals == []


def test_expand_paths_globs_recursively_and_reports_missing(tmp_path: Path) -> None:
    a = write(tmp_path / "x" / "one.pdf", b"%PDF-")
    b = write(tmp_path / "x" / "y" / "two.pdf", b"%PDF-")
    write(tmp_path / "x" / "y" / "three.txt", "3")
    missing, pattern = str(tmp_path / "nope.txt"), str(tmp_path / "**" / "*.docx")
    paths, refusals = expand_paths([str(tmp_path / "**" / "*.pdf"), missing, pattern])
    assert paths == [a, b]
    assert [str(r) for r in refusals] == [
        f"{missing}: no such file",
        f"{pattern}: no file matches this pattern",
    ]


def test_expand_paths_takes_an_existing_name_with_brackets_literally(tmp_path: Path) -> None:
    odd = write(tmp_path / "report [draft].txt", "Draft.")
    assert expand_paths([str(odd)]) == ([odd], [])


# --- the shared corpus ------------------------------------------------------------------------


def test_every_corpus_article_reads_as_its_exact_file_content() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    paths, refusals = expand_paths([str(CORPUS)])
    assert refusals == [] and paths
    for path in paths:
        doc = read_document(path)
        with path.open(encoding="utf-8", newline="") as f:
            assert doc.text == f.read(), path.name
        assert (doc.name, doc.kind) == (path.name, "text")
        assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
