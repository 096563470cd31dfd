"""The documents a system needs, as files; and reassessing an organisation's whole inventory."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from aiact.documents import formats
from aiact.inventory import documents as docs
from aiact.inventory import systems as inv
from aiact.web.api.schemas import ERRORS, Strict
from aiact.web.deps import DB, APICaller

router = APIRouter(tags=["documents"], responses=ERRORS)


class DocumentNeedOut(BaseModel):
    kind: str = Field(description="The document kind (`aiact docs KIND`), e.g. fria.")
    title: str
    status: str = Field(description="required | on_event | optional | possible (open questions decide it).")
    refs: list[str] = Field(description="The provisions that call for it.")
    owed_by: list[str]
    applies_from: _dt.date | None
    why: str
    obligations: list[str] = Field(description="The duties behind it (obligation id/role, as the tasks name them).")
    languages: list[str]
    formats: list[str] = Field(description="Formats it can be downloaded in.")


class DocumentsOut(BaseModel):
    system_id: int
    assessment_id: int | None = Field(description="The kept assessment they follow from; null before the first.")
    documents: list[DocumentNeedOut]


class ReassessIn(Strict):
    as_of: _dt.date | None = Field(None, description="Assess under the law in force on this date (default today).")


class ReassessedOut(BaseModel):
    system_id: int
    name: str
    before: str | None = Field(description="The category before (null: the system's first assessment).")
    after: str
    before_assessment: int | None
    after_assessment: int
    changes: list[str] = Field(description="The outcome fields that changed ('obligations' when only duties did).")


class ReassessOut(BaseModel):
    reassessed: int
    changed: list[ReassessedOut] = Field(description="Only the systems whose outcome changed.")


def reassessed_out(r: inv.Reassessed) -> ReassessedOut:
    if r.difference is None:
        changes = ["first assessment"]
    else:
        changes = [c.field for c in r.difference.outcome] or ["obligations"]
    return ReassessedOut(system_id=r.system.id, name=r.system.name, before=r.before.category if r.before else None,
                         after=r.after.category, before_assessment=r.before.id if r.before else None,
                         after_assessment=r.after.id, changes=changes)


def file_response(f: docs.File) -> Response:
    disposition = "attachment" if f.attachment else "inline"
    return Response(f.content, media_type=f.media_type, headers={
        "Content-Disposition": f"{disposition}; filename=\"{f.filename}\"; filename*=UTF-8''{quote(f.filename)}"})


@router.get("/systems/{system_id}/documents", response_model=DocumentsOut)
def list_documents(system_id: int, s: DB, caller: APICaller) -> DocumentsOut:
    """The documents the system's latest assessment calls for, why, and from when."""
    found = docs.needed(s, caller.actor, system_id)
    offered = docs.formats_offered()
    out = []
    for n in found.needs:
        kinds = offered + (["json"] if "json" in n.kind.formats else [])
        out.append(DocumentNeedOut(
            kind=n.kind.id, title=n.kind.title, status=n.status, refs=n.refs, owed_by=n.owed_by,
            applies_from=n.applies_from, why=n.why(docs.assessment_of(found.record)) if found.record else "",
            obligations=[inv.task_key(o.model_dump()) for o in n.obligations], languages=n.kind.languages,
            formats=kinds if n.status != "possible" else []))
    return DocumentsOut(system_id=found.system.id, assessment_id=found.record.id if found.record else None,
                        documents=out)


@router.get("/systems/{system_id}/documents/{kind}", responses={
    200: {"content": {t.split(";")[0]: {} for t in docs.MEDIA_TYPES.values()},
          "description": "The document, pre-filled; '[TO FILL: ...]' marks what is left to write."}})
def get_document(
    system_id: int, kind: str, s: DB, caller: APICaller,
    format: Annotated[str, Query(description=" | ".join(formats.FORMATS) + " (json: registration only)")] = "markdown",
    language: Annotated[str, Query(description="en; fria and notices also de, fr.")] = "en",
) -> Response:
    """One document the system needs, built from its latest assessment (refused, with the reason,
    if the assessment does not call for it)."""
    return file_response(docs.document_file(s, caller.actor, system_id, kind, format, language))


@router.post("/orgs/{org_id}/reassess", response_model=ReassessOut)
def reassess(org_id: int, s: DB, caller: APICaller, body: ReassessIn | None = None) -> ReassessOut:
    """Assess every system of the organisation again under the law data installed now; list
    those whose outcome changed (editors and admins)."""
    done = docs.reassess_org(s, caller.actor, org_id, body.as_of if body else None)
    return ReassessOut(reassessed=len(done), changed=[reassessed_out(r) for r in done if r.changed])
