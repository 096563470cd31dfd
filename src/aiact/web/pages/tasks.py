"""Pages of the obligation tracker (the tasks list, one task with its evidence) and the dashboard."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from aiact.inventory import tasks as inv
from aiact.inventory.errors import Invalid, InventoryError
from aiact.inventory.models import TASK_STATUSES, Organisation, System, Task
from aiact.web import charts
from aiact.web.api.tasks import download, read_upload
from aiact.web.deps import DB, Caller, PageCaller, check_csrf
from aiact.web.pages.common import organisation
from aiact.web.templating import TIER_WORDS, templates

router = APIRouter()

TABS = (("overdue", "Overdue"), ("upcoming", "Next 90 days"), ("open", "All open"), ("done", "Done"),
        ("not_applicable", "Not applicable"), ("gone", "No longer listed"))
STATUS_SERIES = [charts.Series("open", "open", "c-st-open"), charts.Series("in_progress", "in progress", "c-st-progress"),
                 charts.Series("done", "done", "c-st-done"),
                 charts.Series("not_applicable", "not applicable", "c-st-na")]


def _int(value: str | None, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise Invalid("expected a number", field=name) from None


@router.get("/o/{org_id}/tasks")
def tasks_page(request: Request, org_id: int, s: DB, caller: PageCaller, tab: str = "open",
               system_id: str | None = None, group: str | None = None, page: int = 1) -> Response:
    org = organisation(s, caller, org_id)
    if tab not in dict(TABS):
        raise Invalid(f"tab must be one of {', '.join(dict(TABS))}", field="tab")
    sid = _int(system_id, "system_id")
    grouped = group == "system"
    listing = inv.list_tasks(s, caller.actor, org_id, view="all" if tab == "gone" else tab, system_id=sid,
                             current=tab != "gone", sort="system" if grouped else "due", page=min(max(page, 1), 1_000_000),
                             per_page=100)
    counts = inv.view_counts(s, caller.actor, org_id, system_id=sid)
    systems = [(sid_, name) for sid_, name in s.execute(
        select(System.id, System.name).where(System.org_id == org_id, System.deleted_at.is_(None))
        .order_by(System.name))]
    pages = max((listing.total + listing.per_page - 1) // listing.per_page, 1)
    return templates.TemplateResponse(request, "tasks.html", {
        "caller": caller, "org": org, "tabs": TABS, "tab": tab, "counts": counts, "listing": listing,
        "system_id": sid, "systems": systems, "grouped": grouped, "pages": pages, "today": _dt.date.today()})


def _task_page(request: Request, s: Session, caller: Caller, task: Task, *, error: InventoryError | None = None,
               notice: str | None = None, form: dict[str, Any] | None = None) -> Response:
    system = s.get(System, task.system_id)
    org = s.get(Organisation, task.org_id)
    files = inv.list_evidence(s, caller.actor, task.id)
    return templates.TemplateResponse(request, "task.html", {
        "caller": caller, "org": org, "task": task, "system": system, "files": files,
        "emails": inv.uploaders(s, files), "latest": inv.latest_assessment_id(s, task.system_id),
        "statuses": TASK_STATUSES, "overdue": inv.is_overdue(task), "can_edit": caller.actor.role(task.org_id) != "viewer",
        "error": error, "notice": notice, "form": form or {},
        "max_upload": inv.human_size(request.app.state.max_upload_bytes), "size": inv.human_size},
        status_code=error.status if error else 200)


@router.get("/tasks/{task_id}")
def task_page(request: Request, task_id: int, s: DB, caller: PageCaller, saved: str | None = None) -> Response:
    task = inv.get_task(s, caller.actor, task_id)
    notices = {"status": "Saved.", "evidence": "Evidence file kept.", "deleted": "Evidence file removed."}
    return _task_page(request, s, caller, task, notice=notices.get(saved or ""))


@router.post("/tasks/{task_id}")
def update_task(request: Request, task_id: int, s: DB, caller: PageCaller,
                csrf_token: Annotated[str, Form()] = "", version: Annotated[str, Form()] = "",
                status: Annotated[str, Form()] = "", owner: Annotated[str, Form()] = "",
                reason: Annotated[str, Form()] = "") -> Response:
    check_csrf(caller, csrf_token)
    form = {"status": status, "owner": owner, "reason": reason}
    try:
        with s.begin_nested():
            inv.update_task(s, caller.actor, task_id, form, _int(version, "version"))
    except InventoryError as exc:
        task = inv.get_task(s, caller.actor, task_id)
        return _task_page(request, s, caller, task, error=exc, form={} if exc.status == 409 else form)
    return RedirectResponse(f"/tasks/{task_id}?saved=status", status_code=303)


@router.post("/tasks/{task_id}/evidence")
def add_evidence(request: Request, task_id: int, s: DB, caller: PageCaller,
                 file: Annotated[UploadFile, File()], csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(caller, csrf_token)
    limit: int = request.app.state.max_upload_bytes
    try:
        with s.begin_nested():
            inv.add_evidence(s, caller.actor, task_id, read_upload(file, limit), file.filename, file.content_type,
                             max_bytes=limit)
    except InventoryError as exc:
        return _task_page(request, s, caller, inv.get_task(s, caller.actor, task_id), error=exc)
    return RedirectResponse(f"/tasks/{task_id}?saved=evidence#evidence", status_code=303)


@router.get("/evidence/{evidence_id}")
def evidence_file(evidence_id: int, s: DB, caller: PageCaller) -> Response:
    return download(inv.get_evidence(s, caller.actor, evidence_id, content=True))


@router.post("/evidence/{evidence_id}/delete")
def delete_evidence(evidence_id: int, s: DB, caller: PageCaller,
                    csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(caller, csrf_token)
    ev = inv.delete_evidence(s, caller.actor, evidence_id)
    return RedirectResponse(f"/tasks/{ev.task_id}?saved=deleted#evidence", status_code=303)


# --- the dashboard ---------------------------------------------------------------------------


def role_word(role: str) -> str:
    return role.replace("_", " ")


def dashboard_charts(d: inv.Dashboard, org_id: int) -> dict[str, tuple[str, Markup]]:
    """The dashboard's four charts (title, inline SVG) from its figures."""
    out: dict[str, tuple[str, Markup]] = {}
    title = "AI systems by risk tier"
    out["tier"] = (title, charts.bar_chart(
        "chart-tier", title,
        [charts.Bar(TIER_WORDS.get(t, str(t)), n, f"c-tier-{t or 'none'}",
                    f"/o/{org_id}/systems?tier={t}" if t else None) for t, n in d.by_tier],
        value_label="number of systems", category_label="tier", empty="No systems in the inventory yet"))
    title = "AI systems by the organisation's role"
    out["role"] = (title, charts.bar_chart(
        "chart-role", title,
        [charts.Bar(role_word(r), n, "c-role", f"/o/{org_id}/systems?role={r}") for r, n in d.by_role],
        value_label="number of systems", category_label="role", empty="No assessed systems yet"))
    columns = [charts.Column("overdue", {"due": d.overdue, "deadline": d.overdue_deadlines}, highlight=True,
                             tip=f"Overdue (before {d.today.isoformat()})")]
    for i, m in enumerate(d.months):
        sub = str(m.month.year) if i == 0 or m.month.month == 1 else ""
        columns.append(charts.Column(m.month.strftime("%b"), {"due": m.obligations_due,
                                                              "deadline": m.system_deadlines},
                                     sub=sub, tip=m.month.strftime("%B %Y")))
    title = f"When obligations fall due: what is overdue and the next {len(d.months)} months"
    out["timeline"] = (title, charts.column_chart(
        "chart-timeline", title, columns,
        [charts.Series("due", "open obligations due", "c-due"),
         charts.Series("deadline", "systems reaching their next application date", "c-deadline")],
        [charts.Series("due", "overdue obligations", "c-overdue"),
         charts.Series("deadline", "next application date passed", "c-overdue-light")],
        value_label="number", category_label="month", width=1100))
    title = "Obligations per system, by status" + (
        f" (the {len(d.per_system)} with the most still open)" if len(d.per_system) < d.systems_with_tasks else "")
    out["load"] = (title, charts.stacked_bar_chart(
        "chart-load", title,
        [charts.Row(x.name, x.counts, f"/o/{org_id}/tasks?system_id={x.system_id}",
                    note=f"{x.overdue} overdue" if x.overdue else "", note_cls="c-note c-alert")
         for x in d.per_system],
        STATUS_SERIES, value_label="number of obligations", category_label="system", width=1100,
        empty="No obligations yet: assess a system"))
    return out


@router.get("/o/{org_id}/dashboard")
def dashboard_page(request: Request, org_id: int, s: DB, caller: PageCaller) -> Response:
    org = organisation(s, caller, org_id)
    d = inv.dashboard(s, caller.actor, org_id)
    return templates.TemplateResponse(request, "dashboard.html", {
        "caller": caller, "org": org, "d": d, "charts": dashboard_charts(d, org_id), "role_word": role_word,
        "series": STATUS_SERIES})
