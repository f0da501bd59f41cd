"""The check page: paste or upload a text, see each figure highlighted by its verdict."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from geoledger import pipeline
from geoledger.errors import DocumentRefused
from geoledger.numbers import claim_amount
from geoledger.pipeline.check import CHECK_MAX_BYTES, TextCheck, check_report, ingest_checked
from geoledger.report.check import VERDICT_WORDS, counts_line, figure_label
from geoledger.web.pages import render, signed_in

router = APIRouter(include_in_schema=False)


def segments(text: str, figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut into plain runs and figures, in order, for highlighting in place."""
    pieces, at = [], 0
    placed = sorted(
        (f for f in figures if f["start"] is not None and f["end"] is not None),
        key=lambda f: (f["start"], f["end"]),
    )
    for figure in placed:
        if figure["start"] < at:
            continue  # a second claim on the same span is listed in the table only
        pieces.append({"text": text[at : figure["start"]]})
        pieces.append({"text": text[figure["start"] : figure["end"]], "figure": figure})
        at = figure["end"]
    pieces.append({"text": text[at:]})
    return pieces


def _view(result: TextCheck) -> dict[str, Any]:
    report = check_report(result)
    for number, figure in enumerate(report["figures"], 1):
        figure["number"] = number
        figure["label"] = figure_label(figure)
        figure["verdict_words"] = VERDICT_WORDS[figure["verdict"]]
        figure["shown"] = claim_amount(figure)
        for item in figure["evidence"]:
            item["shown"] = claim_amount(item)
            item["relation_words"] = VERDICT_WORDS[item["relation"]]
    return {
        "report": report,
        "counts_line": counts_line(report["counts"]),
        "segments": segments(result.doc.text, report["figures"]),
    }


@router.get("/check", response_class=HTMLResponse)
def check_form(request: Request) -> HTMLResponse:
    return render(request, "check.html", "check", text="", error=None)


@router.post("/check", response_class=HTMLResponse)
async def check_page(
    request: Request,
    text: Annotated[str, Form(max_length=CHECK_MAX_BYTES)] = "",
    upload: UploadFile | None = None,
    ingest: Annotated[str | None, Form()] = None,
) -> HTMLResponse:
    from geoledger.pipeline.check import check_document, read_input
    from geoledger.pipeline.ingest import ledger_gazetteer

    if upload is not None and upload.filename:
        raw, name = await upload.read(CHECK_MAX_BYTES + 1), upload.filename
    else:
        raw, name = text.encode("utf-8"), "pasted.txt"
    try:
        doc = read_input(raw, name)
    except DocumentRefused as refusal:
        page = render(request, "check.html", "check", text=text, error=str(refusal))
        page.status_code = 400  # sent as is: the status is read when the response goes out
        return page
    engine = request.app.state.engine
    with pipeline.connect(engine) as conn:
        result = check_document(conn, doc, gazetteer=ledger_gazetteer(conn))
    stored = None
    if ingest and signed_in(request):
        # Its own transaction, committed before the page answers.
        with pipeline.connect(engine) as conn:
            new, claims = ingest_checked(conn, result)
        stored = f"{claims} claims stored as candidates" if new else "already in the ledger"
    return render(
        request, "check.html", "check", text=doc.text, error=None, stored=stored, **_view(result)
    )
