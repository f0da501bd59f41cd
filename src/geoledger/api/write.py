"""Write endpoints: review actions, typed-in claims and uploads; each needs the bearer token."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Request, Response, UploadFile
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection

from geoledger import pipeline, store
from geoledger.api import actions
from geoledger.api.models import ClaimIn, ClaimOut, EditIn, Error, IngestOut, ReviewIn
from geoledger.api.read import ERRORS, get_conn
from geoledger.auth import tokens

bearer = HTTPBearer(auto_error=False, description="The write token `geoledger serve` prints.")

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

# scope="function" ends the transaction when the route returns, before the response is sent:
# a client told 200 finds its write committed, even if the server dies a moment later.
WriteConn = Annotated[Connection, Depends(get_conn, scope="function")]


def token_matches(request: Request, given: str | None) -> bool:
    """True if given is the app's master token (compared in constant time)."""
    expected: str = request.app.state.api_token
    return bool(given) and secrets.compare_digest(str(given).encode(), expected.encode())


def reviewer_for_token(request: Request, given: str | None) -> tuple[int | None, str] | None:
    """(token id, reviewer name) for a named token or the master token, else None."""
    if not given:
        return None
    with request.app.state.engine.connect() as conn:
        found = tokens.reviewer_of(conn, given)
    if found:
        return found
    # The master token stands for the operator who started the server.
    return (None, str(request.app.state.settings.user)) if token_matches(request, given) else None


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    """The reviewer whose token the request carries; 401 without 'Authorization: Bearer <token>'."""
    found = reviewer_for_token(request, credentials.credentials if credentials else None)
    if found is None:
        raise HTTPException(
            401, "This needs the write token: send 'Authorization: Bearer <token>'."
        )
    return found[1]


Reviewer = Annotated[str, Depends(require_token)]


router = APIRouter(
    prefix="/api",
    dependencies=[Depends(require_token)],
    responses={**ERRORS, 401: {"model": Error, "description": "No or wrong token"}},
)


@router.post(
    "/claims",
    response_model=ClaimOut,
    status_code=201,
    tags=["review"],
    responses={200: {"model": ClaimOut, "description": "The same claim was already there"}},
)
def add_claim(response: Response, conn: WriteConn, who: Reviewer, body: ClaimIn) -> dict[str, Any]:
    """Add a claim typed in by a person; it starts as a candidate. The same claim twice is one."""
    claim, created = actions.add_claim(conn, body.model_dump(), who=who)
    if not created:
        response.status_code = 200
    return pipeline.claim_record(claim, store.source_titles(conn))


@router.post("/claims/{claim_id}/accept", response_model=ClaimOut, tags=["review"])
def accept_claim(
    conn: WriteConn, who: Reviewer, claim_id: str, body: ReviewIn | None = None
) -> dict[str, Any]:
    """Mark a claim accepted; the audit log records who and why."""
    claim = actions.review_claim(conn, claim_id, "accept", who=who, why=body.why if body else None)
    return pipeline.claim_record(claim, store.source_titles(conn))


@router.post("/claims/{claim_id}/reject", response_model=ClaimOut, tags=["review"])
def reject_claim(
    conn: WriteConn, who: Reviewer, claim_id: str, body: ReviewIn | None = None
) -> dict[str, Any]:
    """Mark a claim rejected; it stays in the ledger and its history."""
    claim = actions.review_claim(conn, claim_id, "reject", who=who, why=body.why if body else None)
    return pipeline.claim_record(claim, store.source_titles(conn))


@router.post("/claims/{claim_id}/edit", response_model=ClaimOut, tags=["review"])
def edit_claim(conn: WriteConn, who: Reviewer, claim_id: str, body: EditIn) -> dict[str, Any]:
    """Correct some fields of a claim; the old values stay in its history."""
    changes = body.model_dump(exclude={"why"}, exclude_unset=True)
    claim = actions.edit_claim(conn, claim_id, changes, who=who, why=body.why)
    return pipeline.claim_record(claim, store.source_titles(conn))


def upload_name(given: str | None, number: int) -> str:
    """The base name an upload is stored under; 400 for '..', '.' or control characters."""
    if not given:
        return f"upload-{number}.txt"
    # Keep only the base name: an upload must not choose where it is written.
    name = Path(given.replace("\\", "/")).name
    if name in ("", ".", "..") or any(ch < " " or ch == "\x7f" for ch in name):
        raise HTTPException(400, f"Upload {number + 1}: {given!r} is not a usable file name.")
    return name


@router.post("/ingest", response_model=IngestOut, tags=["ingest"])
def ingest_upload(
    request: Request, files: Annotated[list[UploadFile], File(description="Documents")]
) -> dict[str, Any]:
    """Ingest uploaded documents (text, Markdown, HTML, PDF) and extract their claims."""
    from geoledger.pipeline.ingest import ingest_paths

    with tempfile.TemporaryDirectory(prefix="geoledger-upload-") as folder:
        paths = []
        for number, upload in enumerate(files):
            name = upload_name(upload.filename, number)
            data = upload.file.read(MAX_UPLOAD_BYTES + 1)
            if len(data) > MAX_UPLOAD_BYTES:
                raise HTTPException(413, f"{name}: larger than {MAX_UPLOAD_BYTES} bytes.")
            target = Path(folder) / f"{number:03d}" / name
            target.parent.mkdir()
            target.write_bytes(data)
            paths.append(str(target))
        report = ingest_paths(request.app.state.engine, paths)
    return {
        "documents": report.documents,
        "new_documents": report.new_documents,
        "claims": report.claims,
        "proposed_actors": report.proposed_actors,
        "refused": [r.replace(folder, "upload") for r in report.refused],
    }
