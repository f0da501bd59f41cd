"""POST /api/check: a text's figures judged against the ledger; nothing is written."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from geoledger import pipeline
from geoledger.api.models import Error
from geoledger.errors import DocumentRefused

router = APIRouter(
    prefix="/api",
    responses={
        400: {"model": Error, "description": "The text cannot be read"},
        413: {"model": Error, "description": "The text is too large to check"},
        422: {"model": Error, "description": "The request body has the wrong shape"},
    },
)


class CheckIn(BaseModel):
    """A text to check, and a file name whose suffix says its type (.txt, .md, .html)."""

    text: str = Field(description="The text to check")
    name: str = Field(
        "input.txt", max_length=200, description="A file name; its suffix picks the reader"
    )


def check_bytes(request: Request, raw: bytes, name: str) -> dict[str, Any]:
    """Read raw as a document named name, check it, and return the report (4xx if unreadable)."""
    from geoledger.pipeline.check import CHECK_MAX_BYTES, check_document, check_report, read_input
    from geoledger.pipeline.ingest import ledger_gazetteer

    if len(raw) > CHECK_MAX_BYTES:
        raise HTTPException(413, f"{name}: too large to check (over {CHECK_MAX_BYTES} bytes).")
    try:
        doc = read_input(raw, name)
    except DocumentRefused as refusal:
        raise HTTPException(400, str(refusal)) from None
    with pipeline.connect(request.app.state.engine) as conn:
        return check_report(check_document(conn, doc, gazetteer=ledger_gazetteer(conn)))


@router.post("/check", response_model=dict[str, Any], tags=["check"])
def check_text(request: Request, body: CheckIn) -> dict[str, Any]:
    """Every figure of the text with its verdict (agrees, differs_within_rounding, differs, new,
    unclear), the key it was read as, and the ledger's versions that are its evidence."""
    return check_bytes(request, body.text.encode("utf-8"), body.name)
