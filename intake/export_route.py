"""`POST /breaches/{reference}/export`: the accountability export (Art. 5(2) and 33(5) GDPR:
what a GBA inspection asks for) as a zip download, for the DPO and legal.

A POST, not a link: each export is recorded in the audit trail in the person's name, so the
button is a form with the session's CSRF token (a personal API token needs none). Everyone
else gets what the other people's routes give: 404 for a client's token, 403 for a role that
may not export.
"""

from __future__ import annotations

import io

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from breachflow.services.accountability import UnknownBreach, write_export
from breachflow.services.people import Person
from intake.context import context_of
from intake.people import CurrentUser, csrf_valid

router = APIRouter(include_in_schema=False)
EXPORTERS = ("dpo", "legal")


def _export(request: Request, reference: str, person: Person) -> bytes:
    ctx = context_of(request)
    out = io.BytesIO()
    write_export(
        ctx.engine,
        ctx.settings,
        reference,
        out,
        exported_by=person.actor,
        now=ctx.clock(),
    )
    return out.getvalue()


@router.post("/breaches/{reference}/export")
async def accountability_export(reference: str, request: Request, person: CurrentUser) -> Response:
    if person.role not in EXPORTERS:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="your role may not do this")
    if "authorization" not in request.headers:
        form = await request.form()
        if not csrf_valid(request, form.get("csrf_token")):
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail="the form has expired")
    try:
        content = await run_in_threadpool(_export, request, reference, person)
    except UnknownBreach:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="not found") from None
    return Response(
        content,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{reference}-accountability.zip"',
            "Cache-Control": "private, no-store",
        },
    )
