"""`GET /documents/{id}`: a document's PDF (draft or filed version) for people, signed in or with
a personal API token; anyone else (a client's token, nobody) gets 404, as if it did not exist.

The overview and the Prefect artifacts link here (`{public_url}/documents/{id}`), so a draft
opens in the browser through breachflow, access-checked, rather than as a `file://` path.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from breachflow.services.people import Person, person_of_api_token
from intake.context import context_of
from intake.people import signed_in
from models.db import read_scope
from models.tables import Document

router = APIRouter(include_in_schema=False)
_NOT_FOUND = Response(b"not found", status_code=404, media_type="text/plain")


def _person(request: Request) -> Person | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token:
        return person_of_api_token(context_of(request).engine, token.strip())
    return signed_in(request)


def _pdf(request: Request, document_id: str) -> tuple[bytes, str] | None:
    try:
        ident = uuid.UUID(document_id)
    except ValueError:
        return None
    with read_scope(context_of(request).engine) as session:
        document = session.get(Document, ident)
        path = Path(document.path) if document is not None else None
    if path is None or path.suffix != ".pdf" or not path.is_file():
        return None
    return path.read_bytes(), path.name


@router.get("/documents/{document_id}")
async def document_pdf(document_id: str, request: Request) -> Response:
    person = await run_in_threadpool(_person, request)
    if person is None:
        return _NOT_FOUND
    found = await run_in_threadpool(_pdf, request, document_id[:40])
    if found is None:
        return _NOT_FOUND
    content, filename = found
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "")
    return Response(
        content,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{ascii_name}"',
            "Cache-Control": "private, no-store",
        },
    )
