"""The obligation tracker: each obligation of each system is a task (made and kept in line by
``systems.assess_system``) with an owner, a status and evidence files; and the dashboard's figures.

Tasks are never deleted: when the latest assessment no longer lists an obligation its task is kept
with ``current`` False (shown apart). Every change, and every evidence file added or removed, is
appended to the audit log in the same transaction. Evidence lives in the database (SHA-256, size,
uploader, time), so any app process serves it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session, undefer

from aiact.inventory import audit
from aiact.inventory.accounts import Actor
from aiact.inventory.errors import Invalid, NotFound, TooLarge, check_version
from aiact.inventory.models import (
    TASK_STATUSES,
    AssessmentRecord,
    Evidence,
    System,
    Task,
    User,
    utcnow,
)

OPEN = ("open", "in_progress")
"""Statuses of an obligation still to be met."""

UPCOMING_DAYS = 90
VIEWS = ("overdue", "upcoming", "open", "done", "not_applicable", "all")
"""``overdue``: still open and due before today; ``upcoming``: still open and due within 90 days;
``open``: open or in progress; ``done`` / ``not_applicable``: by status; ``all``: every task."""

SORTS = ("due", "system", "status", "updated")
MAX_OWNER = 200
MAX_REASON = 2000
MAX_ID = 2**31 - 1  # ids beyond the INTEGER column's range are simply not found

TIER_ORDER = ("prohibited", "high", "transparency", "gpai_model_only", "minimal", "out_of_scope", "undetermined",
              None)
"""The order of the dashboard's tier chart: most to least demanding; ``None``: not assessed yet."""


def snapshot(task: Task) -> dict[str, Any]:
    """What the audit log keeps of a task."""
    return {"system": task.system_id, "obligation": task.obligation_id, "status": task.status,
            "owner": task.owner, "reason": task.reason, "version": task.version}


def evidence_snapshot(ev: Evidence) -> dict[str, Any]:
    return {"task": ev.task_id, "filename": ev.filename, "content_type": ev.content_type, "sha256": ev.sha256,
            "size": ev.size, "deleted": ev.deleted_at is not None}


def is_overdue(task: Task, today: _dt.date | None = None) -> bool:
    today = today or _dt.date.today()
    return task.status in OPEN and task.due_date is not None and task.due_date < today


def get_task(s: Session, actor: Actor, task_id: int, role: str = "viewer") -> Task:
    """The task, if it belongs to one of the actor's organisations (else not found) and its
    system is not deleted; refused unless the actor holds ``role`` there."""
    task = s.get(Task, task_id) if 0 < task_id <= MAX_ID else None
    if task is None or task.org_id not in actor.roles:
        raise NotFound("no such task", field="task_id")
    system = s.get(System, task.system_id)
    if system is None or system.deleted_at is not None:
        raise NotFound("no such task (its system was deleted)", field="task_id")
    actor.require(task.org_id, role)
    return task


@dataclass
class TaskListing:
    items: list[Task]
    total: int
    page: int
    per_page: int
    systems: dict[int, System] = field(default_factory=dict)
    evidence: dict[int, int] = field(default_factory=dict)  # task id -> number of (not deleted) files


def _check_paging(page: int, per_page: int) -> None:
    if page < 1:
        raise Invalid("pages start at 1", field="page")
    if not 1 <= per_page <= 500:
        raise Invalid("per_page must be between 1 and 500", field="per_page")


def _view(stmt: Select[Any], view: str, today: _dt.date) -> Select[Any]:
    if view == "overdue":
        return stmt.where(Task.status.in_(OPEN), Task.due_date.is_not(None), Task.due_date < today)
    if view == "upcoming":
        return stmt.where(Task.status.in_(OPEN), Task.due_date.is_not(None), Task.due_date >= today,
                          Task.due_date <= today + _dt.timedelta(days=UPCOMING_DAYS))
    if view == "open":
        return stmt.where(Task.status.in_(OPEN))
    if view in ("done", "not_applicable"):
        return stmt.where(Task.status == view)
    return stmt


def list_tasks(s: Session, actor: Actor, org_id: int, *, view: str = "all", status: str | None = None,
               system_id: int | None = None, owner: str | None = None, current: bool | None = True,
               sort: str = "due", today: _dt.date | None = None, page: int = 1,
               per_page: int = 50) -> TaskListing:
    """An organisation's tasks, a page at a time: by view (see ``VIEWS``), status, system and owner
    (text in it); ``current`` True (default) lists what the latest assessments owe, False only
    what they no longer list, None both. Sorted by due date (undated last) unless ``sort`` says
    otherwise; tasks of deleted systems are left out."""
    actor.require(org_id, "viewer")
    if view not in VIEWS:
        raise Invalid(f"view must be one of {', '.join(VIEWS)}", field="view")
    if status is not None and status not in TASK_STATUSES:
        raise Invalid(f"status must be one of {', '.join(TASK_STATUSES)}", field="status")
    if sort not in SORTS:
        raise Invalid(f"sort must be one of {', '.join(SORTS)}", field="sort")
    _check_paging(page, per_page)
    today = today or _dt.date.today()
    stmt: Select[Any] = (select(Task).join(System, System.id == Task.system_id)
                         .where(Task.org_id == org_id, System.deleted_at.is_(None)))
    stmt = _view(stmt, view, today)
    if status:
        stmt = stmt.where(Task.status == status)
    if system_id is not None:
        stmt = stmt.where(Task.system_id == system_id)
    if owner:
        stmt = stmt.where(func.lower(Task.owner).like(f"%{owner.replace(chr(0), '').strip().lower()}%"))
    if current is not None:
        stmt = stmt.where(Task.current.is_(current))
    total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    by_due = (Task.due_date.is_(None), Task.due_date)
    order: tuple[Any, ...] = {
        "due": (*by_due, System.name, Task.id),
        "system": (System.name, Task.system_id, *by_due, Task.id),
        "status": (Task.status, *by_due, Task.id),
        "updated": (Task.updated_at.desc(), Task.id),
    }[sort]
    items = list(s.scalars(stmt.order_by(*order).offset((page - 1) * per_page).limit(per_page)))
    ids = {t.system_id for t in items}
    systems = {x.id: x for x in s.scalars(select(System).where(System.id.in_(ids)))} if ids else {}
    return TaskListing(items, total, page, per_page, systems, evidence_counts(s, [t.id for t in items]))


def evidence_counts(s: Session, task_ids: list[int]) -> dict[int, int]:
    if not task_ids:
        return {}
    rows = s.execute(select(Evidence.task_id, func.count()).where(Evidence.task_id.in_(task_ids),
                                                                  Evidence.deleted_at.is_(None))
                     .group_by(Evidence.task_id))
    return {tid: n for tid, n in rows}


def latest_assessment_id(s: Session, system_id: int) -> int | None:
    return s.scalar(select(AssessmentRecord.id).where(AssessmentRecord.system_id == system_id)
                    .order_by(AssessmentRecord.id.desc()).limit(1))


def _text(value: Any, name: str, limit: int) -> str:
    if not isinstance(value, str):
        raise Invalid("expected text", field=name)
    value = value.strip()
    if "\x00" in value:
        raise Invalid("text cannot contain NUL characters", field=name)
    if len(value) > limit:
        raise Invalid(f"at most {limit} characters", field=name)
    return value


def update_task(s: Session, actor: Actor, task_id: int, values: dict[str, Any], version: int | None) -> Task:
    """Change a task's status, owner or reason. ``not_applicable`` needs a reason; leaving it
    clears the reason (the audit log keeps it). Refused (409) unless ``version`` is the task's."""
    task = get_task(s, actor, task_id, "editor")
    check_version("task", task.version, version)
    for key in values:
        if key not in ("status", "owner", "reason"):
            raise Invalid("unknown field (allowed: status, owner, reason)", field=key)
    status = values.get("status", task.status)
    if status not in TASK_STATUSES:
        raise Invalid(f"status must be one of {', '.join(TASK_STATUSES)}", field="status")
    owner = _text(values["owner"], "owner", MAX_OWNER) if values.get("owner") is not None else task.owner
    reason = _text(values["reason"], "reason", MAX_REASON) if values.get("reason") is not None else task.reason
    if status == "not_applicable" and not reason:
        raise Invalid("say why this obligation does not apply (a reason is required for 'not applicable')",
                      field="reason")
    if status != "not_applicable" and values.get("reason") is None:
        reason = ""
    if (status, owner, reason) == (task.status, task.owner, task.reason):
        return task
    before = snapshot(task)
    task.status, task.owner, task.reason = status, owner, reason
    task.version += 1
    task.updated_at = utcnow()
    s.flush()
    audit.append(s, actor=actor.email, actor_id=actor.user_id or None, org_id=task.org_id, action="update",
                 entity="task", entity_id=task.id, before=before, after=snapshot(task))
    return task


_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f"\\/<>:|?*]+')
_CONTENT_TYPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,62}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,62}$")


def clean_filename(name: str | None) -> str:
    """The file's name without folders or characters that would break a download header."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME.sub("_", name).strip(" .")
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 254 - len(ext)] + dot + ext) if dot and len(ext) < 20 else name[:255]
    return name or "evidence"


def clean_content_type(value: str | None) -> str:
    value = (value or "").split(";", 1)[0].strip().lower()
    return value if _CONTENT_TYPE.match(value) else "application/octet-stream"


def add_evidence(s: Session, actor: Actor, task_id: int, content: bytes, filename: str | None,
                 content_type: str | None, *, max_bytes: int) -> Evidence:
    """Keep a file as evidence for the task, with its SHA-256, size, uploader and time. An empty
    file, or one over ``max_bytes``, is refused before anything is stored."""
    task = get_task(s, actor, task_id, "editor")
    if len(content) > max_bytes:
        raise TooLarge(f"the file is larger than the limit of {human_size(max_bytes)}", field="file")
    if not content:
        raise Invalid("the file is empty", field="file")
    ev = Evidence(task_id=task.id, org_id=task.org_id, filename=clean_filename(filename),
                  content_type=clean_content_type(content_type), sha256=hashlib.sha256(content).hexdigest(),
                  size=len(content), content=content, uploaded_by=actor.user_id or None, uploaded_at=utcnow())
    s.add(ev)
    s.flush()
    audit.append(s, actor=actor.email, actor_id=actor.user_id or None, org_id=task.org_id, action="upload",
                 entity="evidence", entity_id=ev.id, after=evidence_snapshot(ev))
    return ev


def list_evidence(s: Session, actor: Actor, task_id: int) -> list[Evidence]:
    """The task's evidence files (not deleted), oldest first."""
    task = get_task(s, actor, task_id)
    return list(s.scalars(select(Evidence).where(Evidence.task_id == task.id, Evidence.deleted_at.is_(None))
                          .order_by(Evidence.id)))


def uploaders(s: Session, files: list[Evidence]) -> dict[int, str]:
    """User id -> e-mail address of the people who uploaded ``files``."""
    ids = {e.uploaded_by for e in files if e.uploaded_by is not None}
    return {uid: email for uid, email in s.execute(select(User.id, User.email).where(User.id.in_(ids)))} if ids else {}


def get_evidence(s: Session, actor: Actor, evidence_id: int, role: str = "viewer", *,
                 content: bool = False) -> Evidence:
    """An evidence file (with its bytes loaded when ``content``); viewers may download."""
    stmt = select(Evidence).where(Evidence.id == evidence_id)
    if content:
        stmt = stmt.options(undefer(Evidence.content))
    ev = s.scalar(stmt) if 0 < evidence_id <= MAX_ID else None
    if ev is None or ev.org_id not in actor.roles or ev.deleted_at is not None:
        raise NotFound("no such evidence file", field="evidence_id")
    get_task(s, actor, ev.task_id, role)
    return ev


def delete_evidence(s: Session, actor: Actor, evidence_id: int) -> Evidence:
    """Mark an evidence file deleted: it leaves the task; its row and audit entries stay."""
    ev = get_evidence(s, actor, evidence_id, "editor")
    before = evidence_snapshot(ev)
    ev.deleted_at = utcnow()
    s.flush()
    audit.append(s, actor=actor.email, actor_id=actor.user_id or None, org_id=ev.org_id, action="delete",
                 entity="evidence", entity_id=ev.id, before=before, after=evidence_snapshot(ev))
    return ev


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}".replace(".0 ", " ")
        size /= 1024
    return f"{n} bytes"  # pragma: no cover


# --- the dashboard ---------------------------------------------------------------------------


@dataclass
class Month:
    month: _dt.date  # its first day
    obligations_due: int = 0  # open obligations falling due in the month
    system_deadlines: int = 0  # systems whose next application date falls in the month


@dataclass
class SystemLoad:
    system_id: int
    name: str
    tier: str | None
    counts: dict[str, int]  # status -> number of current tasks
    overdue: int

    @property
    def still_open(self) -> int:
        return sum(self.counts[k] for k in OPEN)


@dataclass
class Dashboard:
    today: _dt.date
    systems: int
    by_tier: list[tuple[str | None, int]]
    by_role: list[tuple[str, int]]
    overdue: int  # open obligations due before today
    upcoming: int  # open obligations due within 90 days
    overdue_deadlines: int  # systems whose next application date has passed (reassess them)
    months: list[Month]
    per_system: list[SystemLoad]  # systems with obligations, those with the most still open first
    systems_with_open: int
    systems_with_tasks: int
    status_totals: dict[str, int]


def _add_months(day: _dt.date, n: int) -> _dt.date:
    index = day.year * 12 + day.month - 1 + n
    return _dt.date(index // 12, index % 12 + 1, 1)


def dashboard(s: Session, actor: Actor, org_id: int, *, today: _dt.date | None = None, months: int = 24,
              top: int = 15) -> Dashboard:
    """The organisation at a glance: systems by tier and by role, when obligations fall due (by
    month, the next ``months`` months and what is overdue), and the systems with most still open."""
    actor.require(org_id, "viewer")
    if not 1 <= months <= 120:
        raise Invalid("months must be between 1 and 120", field="months")
    if not 1 <= top <= 100:
        raise Invalid("top must be between 1 and 100", field="top")
    today = today or _dt.date.today()
    live = (System.org_id == org_id, System.deleted_at.is_(None))
    tiers: dict[str | None, int] = {t: n for t, n in s.execute(select(System.tier, func.count()).where(*live)
                                                                 .group_by(System.tier))}
    by_tier = [(t, tiers.pop(t)) for t in TIER_ORDER if t in tiers]
    by_tier += sorted(tiers.items(), key=lambda kv: str(kv[0]))  # a category added to the law later
    roles: dict[str, int] = {}
    for combo, n in s.execute(select(System.roles, func.count()).where(*live).group_by(System.roles)):
        for role in filter(None, (combo or "").split(",")):
            roles[role] = roles.get(role, 0) + n
    by_role = sorted(roles.items(), key=lambda kv: (-kv[1], kv[0]))

    tasks = (Task.org_id == org_id, Task.current.is_(True), System.deleted_at.is_(None))
    joined = select(Task.due_date, func.count()).join(System, System.id == Task.system_id).where(*tasks)
    first = today.replace(day=1)
    end = _add_months(first, months)
    buckets = [Month(_add_months(first, i)) for i in range(months)]

    def bucket(day: _dt.date) -> Month | None:
        if day < today or day >= end:
            return None
        return buckets[(day.year - first.year) * 12 + day.month - first.month]

    overdue = upcoming = 0
    for due, n in s.execute(joined.where(Task.status.in_(OPEN), Task.due_date.is_not(None)).group_by(Task.due_date)):
        if due is None:
            continue
        if due < today:
            overdue += n
        elif due <= today + _dt.timedelta(days=UPCOMING_DAYS):
            upcoming += n
        if (m := bucket(due)) is not None:
            m.obligations_due += n
    overdue_deadlines = 0
    for day, n in s.execute(select(System.next_deadline, func.count()).where(*live, System.next_deadline.is_not(None))
                            .group_by(System.next_deadline)):
        if day is None:
            continue
        if day < today:
            overdue_deadlines += n
        elif (m := bucket(day)) is not None:
            m.system_deadlines += n

    def count(status: str) -> Any:
        return func.sum(case((Task.status == status, 1), else_=0))

    late = func.sum(case(((Task.status.in_(OPEN)) & (Task.due_date < today), 1), else_=0))
    still = count("open") + count("in_progress")
    rows = s.execute(select(System.id, System.name, System.tier, count("open"), count("in_progress"), count("done"),
                            count("not_applicable"), late)
                     .join(Task, Task.system_id == System.id).where(*tasks)
                     .group_by(System.id, System.name, System.tier)
                     .order_by(still.desc(), late.desc(), System.name, System.id).limit(top))
    per_system = [SystemLoad(sid, name, tier, dict(zip(TASK_STATUSES, (int(x or 0) for x in nums), strict=True)),
                             int(overdue_n or 0))
                  for sid, name, tier, *nums, overdue_n in rows]
    with_open = s.scalar(select(func.count(func.distinct(Task.system_id))).join(System, System.id == Task.system_id)
                         .where(*tasks, Task.status.in_(OPEN))) or 0
    with_tasks = s.scalar(select(func.count(func.distinct(Task.system_id))).join(System, System.id == Task.system_id)
                          .where(*tasks)) or 0
    totals = {st: n for st, n in s.execute(select(Task.status, func.count()).join(System, System.id == Task.system_id)
                                           .where(*tasks).group_by(Task.status))}
    return Dashboard(today=today, systems=sum(n for _, n in by_tier), by_tier=by_tier, by_role=by_role,
                     overdue=overdue, upcoming=upcoming, overdue_deadlines=overdue_deadlines, months=buckets,
                     per_system=per_system, systems_with_open=with_open, systems_with_tasks=with_tasks,
                     status_totals={k: int(totals.get(k, 0)) for k in TASK_STATUSES})


def view_counts(s: Session, actor: Actor, org_id: int, *, system_id: int | None = None,
                today: _dt.date | None = None) -> dict[str, int]:
    """How many tasks each view holds (and ``gone``: those the latest assessments no longer list)."""
    actor.require(org_id, "viewer")
    today = today or _dt.date.today()
    base: Select[Any] = (select(func.count()).select_from(Task).join(System, System.id == Task.system_id)
                         .where(Task.org_id == org_id, System.deleted_at.is_(None)))
    if system_id is not None:
        base = base.where(Task.system_id == system_id)
    out = {v: s.scalar(_view(base.where(Task.current.is_(True)), v, today)) or 0 for v in VIEWS}
    out["gone"] = s.scalar(base.where(Task.current.is_(False))) or 0
    return out
