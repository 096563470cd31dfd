"""The obligation tracker (tasks and their evidence files) and the dashboard's figures."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, File, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from aiact.inventory import tasks as inv
from aiact.inventory.models import Evidence, System, Task
from aiact.web.api.schemas import ERRORS, ErrorOut, Page, Strict
from aiact.web.deps import DB, APICaller

router = APIRouter(tags=["obligations"], responses=ERRORS)

TaskStatus = Literal["open", "in_progress", "done", "not_applicable"]
View = Literal["overdue", "upcoming", "open", "done", "not_applicable", "all"]


class TaskOut(BaseModel):
    id: int
    org_id: int
    system_id: int
    system_name: str
    obligation_id: str = Field(description="The obligation and who owes it: '<obligation id>/<role>'.")
    ref: str = Field(description="The provision, e.g. 'Art. 26(1)'.")
    summary: str
    owed_by: str = Field(description="The role that owes it: provider, deployer, ...")
    due_date: _dt.date | None = Field(description="When it applies to this system (its application date).")
    owner: str
    status: TaskStatus
    reason: str = Field(description="Why it does not apply (required for not_applicable).")
    current: bool = Field(description="False when the latest assessment no longer lists this obligation.")
    overdue: bool = Field(description="Still open and due before today.")
    evidence_count: int
    version: int
    updated_at: _dt.datetime


class TaskDetail(TaskOut):
    latest_assessment_id: int | None = Field(description="The system's latest assessment (its report).")


class TaskPatch(Strict):
    version: int = Field(description="The version you read; a change on a newer version is refused (409).")
    status: TaskStatus | None = None
    owner: str | None = Field(None, max_length=inv.MAX_OWNER)
    reason: str | None = Field(None, max_length=inv.MAX_REASON,
                               description="Required when the status is not_applicable.")


class EvidenceOut(BaseModel):
    id: int
    task_id: int
    filename: str
    content_type: str
    sha256: str = Field(description="SHA-256 of the file's bytes, hex.")
    size: int = Field(description="Bytes.")
    uploaded_by: str | None = Field(description="The uploader's e-mail address.")
    uploaded_at: _dt.datetime


class TierCount(BaseModel):
    tier: str | None = Field(description="The category of the latest assessment; null: not assessed yet.")
    count: int


class RoleCount(BaseModel):
    role: str
    count: int


class MonthOut(BaseModel):
    month: str = Field(description="YYYY-MM")
    obligations_due: int = Field(description="Open obligations that fall due in the month.")
    system_deadlines: int = Field(description="Systems whose next application date falls in the month.")


class SystemLoadOut(BaseModel):
    system_id: int
    name: str
    tier: str | None
    open: int
    in_progress: int
    done: int
    not_applicable: int
    overdue: int


class DashboardOut(BaseModel):
    today: _dt.date
    systems: int
    by_tier: list[TierCount]
    by_role: list[RoleCount]
    overdue: int = Field(description="Open obligations due before today.")
    upcoming: int = Field(description="Open obligations due in the next 90 days.")
    overdue_deadlines: int = Field(description="Systems whose next application date has passed.")
    timeline: list[MonthOut]
    per_system: list[SystemLoadOut] = Field(description="Systems with obligations, most still open first.")
    systems_with_open: int
    systems_with_tasks: int
    status_totals: dict[str, int]


def utc(at: _dt.datetime) -> _dt.datetime:
    """A stored time as UTC (SQLite gives it back without its zone)."""
    return at if at.tzinfo is not None else at.replace(tzinfo=_dt.UTC)


def task_out(task: Task, system: System, evidence_count: int, latest: int | None = None,
             detail: bool = False) -> TaskOut:
    data: dict[str, Any] = dict(
        id=task.id, org_id=task.org_id, system_id=task.system_id, system_name=system.name,
        obligation_id=task.obligation_id, ref=task.ref, summary=task.summary, owed_by=task.owed_by,
        due_date=task.due_date, owner=task.owner, status=task.status, reason=task.reason, current=task.current,
        overdue=inv.is_overdue(task), evidence_count=evidence_count, version=task.version,
        updated_at=utc(task.updated_at))
    return TaskDetail(**data, latest_assessment_id=latest) if detail else TaskOut(**data)


def evidence_out(ev: Evidence, emails: dict[int, str]) -> EvidenceOut:
    return EvidenceOut(id=ev.id, task_id=ev.task_id, filename=ev.filename, content_type=ev.content_type,
                       sha256=ev.sha256, size=ev.size,
                       uploaded_by=emails.get(ev.uploaded_by) if ev.uploaded_by is not None else None,
                       uploaded_at=utc(ev.uploaded_at))


def _detail(s: DB, task: Task) -> TaskOut:
    system = s.get(System, task.system_id)
    assert system is not None
    return task_out(task, system, inv.evidence_counts(s, [task.id]).get(task.id, 0),
                    inv.latest_assessment_id(s, task.system_id), detail=True)


@router.get("/orgs/{org_id}/tasks", response_model=Page[TaskOut])
def list_tasks(
    org_id: int, s: DB, caller: APICaller,
    view: Annotated[View, Query(description="overdue: open and due before today; upcoming: open and due in the "
                                            "next 90 days; open; done; not_applicable; all")] = "all",
    status: Annotated[TaskStatus | None, Query()] = None,
    system_id: Annotated[int | None, Query(ge=1, le=inv.MAX_ID)] = None,
    owner: Annotated[str | None, Query(description="Text in the owner.", max_length=200)] = None,
    current: Annotated[bool, Query(description="false: only obligations the latest assessment no longer "
                                               "lists.")] = True,
    sort: Annotated[Literal["due", "system", "status", "updated"], Query()] = "due",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Page[TaskOut]:
    """An organisation's obligations as tasks, by due date, a page at a time."""
    listing = inv.list_tasks(s, caller.actor, org_id, view=view, status=status, system_id=system_id, owner=owner,
                             current=current, sort=sort, page=page, per_page=per_page)
    return Page[TaskOut](items=[task_out(t, listing.systems[t.system_id], listing.evidence.get(t.id, 0))
                                for t in listing.items],
                         total=listing.total, page=listing.page, per_page=listing.per_page)


@router.get("/tasks/{task_id}", response_model=TaskDetail)
def get_task(task_id: int, s: DB, caller: APICaller) -> TaskOut:
    return _detail(s, inv.get_task(s, caller.actor, task_id))


@router.patch("/tasks/{task_id}", response_model=TaskDetail)
def update_task(task_id: int, body: TaskPatch, s: DB, caller: APICaller) -> TaskOut:
    """Change a task's status, owner or reason; send the version you read (409 if someone changed it since).
    Setting not_applicable needs a reason."""
    values = body.model_dump(exclude={"version"}, exclude_none=True)
    return _detail(s, inv.update_task(s, caller.actor, task_id, values, body.version))


def read_upload(file: UploadFile, limit: int) -> bytes:
    """The upload's bytes, reading at most one byte past ``limit`` (enough to refuse it)."""
    chunks: list[bytes] = []
    left = limit + 1
    while left > 0:
        chunk = file.file.read(min(left, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


@router.post("/tasks/{task_id}/evidence", response_model=EvidenceOut, status_code=201,
             responses={413: {"model": ErrorOut, "description": "The file is over the upload limit"}})
def add_evidence(task_id: int, request: Request, s: DB, caller: APICaller,
                 file: Annotated[UploadFile, File(description="The evidence file.")]) -> EvidenceOut:
    """Keep a file as evidence for the task (multipart form, field `file`); its SHA-256 and size are stored."""
    limit: int = request.app.state.max_upload_bytes
    ev = inv.add_evidence(s, caller.actor, task_id, read_upload(file, limit), file.filename, file.content_type,
                          max_bytes=limit)
    return evidence_out(ev, {caller.user.id: caller.user.email})


@router.get("/tasks/{task_id}/evidence", response_model=list[EvidenceOut])
def list_evidence(task_id: int, s: DB, caller: APICaller) -> list[EvidenceOut]:
    """The task's evidence files, oldest first."""
    files = inv.list_evidence(s, caller.actor, task_id)
    emails = inv.uploaders(s, files)
    return [evidence_out(e, emails) for e in files]


def download(ev: Evidence) -> Response:
    """The file as an attachment with its stored content type, never rendered by the browser."""
    ascii_name = ev.filename.encode("ascii", "replace").decode().replace("?", "_")
    return Response(ev.content, media_type=ev.content_type, headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(ev.filename)}",
        "X-Content-SHA256": ev.sha256, "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox", "Cache-Control": "private, no-store"})


@router.get("/evidence/{evidence_id}", response_class=Response,
            responses={200: {"description": "The file's bytes, with Content-Disposition and X-Content-SHA256",
                             "content": {"application/octet-stream": {"schema": {"type": "string",
                                                                                 "format": "binary"}}}}})
def get_evidence(evidence_id: int, s: DB, caller: APICaller) -> Response:
    """Download an evidence file (viewers may)."""
    return download(inv.get_evidence(s, caller.actor, evidence_id, content=True))


@router.delete("/evidence/{evidence_id}", status_code=204)
def delete_evidence(evidence_id: int, s: DB, caller: APICaller) -> Response:
    """Remove an evidence file from its task (kept in the database and the audit log, marked deleted)."""
    inv.delete_evidence(s, caller.actor, evidence_id)
    return Response(status_code=204)


def dashboard_out(d: inv.Dashboard) -> DashboardOut:
    return DashboardOut(
        today=d.today, systems=d.systems, by_tier=[TierCount(tier=t, count=n) for t, n in d.by_tier],
        by_role=[RoleCount(role=r, count=n) for r, n in d.by_role], overdue=d.overdue, upcoming=d.upcoming,
        overdue_deadlines=d.overdue_deadlines,
        timeline=[MonthOut(month=m.month.strftime("%Y-%m"), obligations_due=m.obligations_due,
                           system_deadlines=m.system_deadlines) for m in d.months],
        per_system=[SystemLoadOut(system_id=x.system_id, name=x.name, tier=x.tier, overdue=x.overdue, **x.counts)
                    for x in d.per_system],
        systems_with_open=d.systems_with_open, systems_with_tasks=d.systems_with_tasks, status_totals=d.status_totals)


@router.get("/orgs/{org_id}/dashboard", response_model=DashboardOut, tags=["dashboard"])
def dashboard(org_id: int, s: DB, caller: APICaller,
              months: Annotated[int, Query(ge=1, le=120, description="Months on the timeline.")] = 24,
              top: Annotated[int, Query(ge=1, le=100, description="Systems in per_system.")] = 15) -> DashboardOut:
    """The organisation at a glance: systems by tier and role, obligations falling due by month (and overdue),
    and the systems with the most open obligations."""
    return dashboard_out(inv.dashboard(s, caller.actor, org_id, months=months, top=top))
