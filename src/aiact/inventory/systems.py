"""The inventory's AI systems: create, change (with a version check), answer, assess, keep
every assessment, and turn each obligation into a tracked task.

Every rule comes from the engine (``aiact.api``): this module stores what it says.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, defer

from aiact import api
from aiact.engine.errors import AiactError
from aiact.inventory import audit, errors
from aiact.inventory.accounts import Actor
from aiact.inventory.errors import Invalid, NotFound
from aiact.inventory.models import (
    SYSTEM_STATUSES,
    AssessmentRecord,
    Organisation,
    System,
    Task,
    utcnow,
)

FIELDS = ("name", "owner", "purpose", "vendor", "status")
SORTS: dict[str, Any] = {"name": System.name, "updated": System.updated_at, "tier": System.tier,
         "deadline": System.next_deadline, "status": System.status, "created": System.created_at,
         "owner": System.owner, "vendor": System.vendor, "assessed": System.assessed_at}


def snapshot(system: System) -> dict[str, Any]:
    """What the audit log keeps of a system."""
    return {"name": system.name, "owner": system.owner, "purpose": system.purpose, "vendor": system.vendor,
            "status": system.status, "version": system.version,
            "deleted": system.deleted_at is not None}


def _checked_fields(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in FIELDS:
            raise Invalid(f"unknown field (allowed: {', '.join(FIELDS)})", field=key)
        if not isinstance(value, str):
            raise Invalid("expected text", field=key)
        if "\x00" in value:
            raise Invalid("text may not contain NUL characters", field=key)
        out[key] = value.strip()
    if "name" in out and not out["name"]:
        raise Invalid("a system needs a name", field="name")
    if "name" in out and len(out["name"]) > 200:
        raise Invalid("at most 200 characters", field="name")
    if "status" in out and out["status"] not in SYSTEM_STATUSES:
        raise Invalid(f"status must be one of {', '.join(SYSTEM_STATUSES)}", field="status")
    return out


def checked_profile(data: Any, source: str = "profile") -> dict[str, Any]:
    """A profile's data as the engine reads it (errors name the field); stored normalised."""
    if not isinstance(data, dict):
        raise Invalid("a profile must be an object with an 'answers' object", field="profile")
    try:
        return api.profile_data(api.read_profile(data, source=source))
    except AiactError as exc:
        raise Invalid(exc.message, field=f"profile.answers.{exc.field}" if exc.field and exc.field in
                      (data.get("answers") or {}) else (exc.field or "profile")) from None


def get_system(s: Session, actor: Actor, system_id: int, role: str = "viewer", *,
               deleted: bool = False) -> System:
    system = s.get(System, system_id)
    if system is None or system.org_id not in actor.roles or (system.deleted_at is not None and not deleted):
        raise NotFound("no such system", field="system_id")
    actor.require(system.org_id, role)
    return system


def create_system(s: Session, actor: Actor, org_id: int, values: dict[str, Any],
                  profile: dict[str, Any] | None = None) -> System:
    actor.require(org_id, "editor")
    fields = _checked_fields(values)
    if "name" not in fields:
        raise Invalid("a system needs a name", field="name")
    system = System(org_id=org_id, profile=checked_profile(profile) if profile else
                    {"aiact_profile": 1, "answers": {}}, interview=[], **fields)
    s.add(system)
    s.flush()
    audit.append(s, actor=actor.email, actor_id=actor.user_id or None, org_id=org_id, action="create",
                 entity="system", entity_id=system.id, after=snapshot(system) | {"answers": system.profile.get("answers", {})})
    return system


def check_version(system: System, version: int | None) -> None:
    errors.check_version("system", system.version, version)


def update_system(s: Session, actor: Actor, system_id: int, values: dict[str, Any], version: int | None) -> System:
    system = get_system(s, actor, system_id, "editor")
    check_version(system, version)
    fields = _checked_fields(values)
    before = snapshot(system)
    for key, value in fields.items():
        setattr(system, key, value)
    system.version += 1
    system.updated_at = utcnow()
    s.flush()
    audit.append(s, actor=actor.email, actor_id=actor.user_id, org_id=system.org_id, action="update",
                 entity="system", entity_id=system.id, before=before, after=snapshot(system))
    return system


def set_profile(s: Session, actor: Actor, system_id: int, profile: dict[str, Any], version: int | None, *,
                interview: list[Any] | None = None) -> System:
    """Replace the system's answers (the whole profile); the audit log keeps what changed."""
    system = get_system(s, actor, system_id, "editor")
    check_version(system, version)
    new = checked_profile(profile)
    old_answers = dict(system.profile.get("answers", {}))
    new_answers = new.get("answers", {})
    changed = sorted(k for k in set(old_answers) | set(new_answers) if old_answers.get(k) != new_answers.get(k))
    system.profile = new
    if interview is not None:
        system.interview = interview
    system.version += 1
    system.updated_at = utcnow()
    s.flush()
    audit.append(s, actor=actor.email, actor_id=actor.user_id, org_id=system.org_id, action="answer",
                 entity="system", entity_id=system.id,
                 before={k: old_answers.get(k) for k in changed} | {"version": version},
                 after={k: new_answers.get(k) for k in changed} | {"version": system.version})
    return system


def delete_system(s: Session, actor: Actor, system_id: int, version: int | None) -> System:
    """Mark the system deleted (never removed: its assessments and audit entries stay)."""
    system = get_system(s, actor, system_id, "editor")
    check_version(system, version)
    before = snapshot(system)
    system.deleted_at = utcnow()
    system.version += 1
    s.flush()
    audit.append(s, actor=actor.email, actor_id=actor.user_id, org_id=system.org_id, action="delete",
                 entity="system", entity_id=system.id, before=before, after=snapshot(system))
    return system


def profile_of(system: System, org: Organisation | None = None, data: dict[str, Any] | None = None) -> api.Profile:
    """The system's profile as the engine reads it (``data``: the answers of a kept assessment instead)."""
    p = api.read_profile(system.profile if data is None else data, source=f"system {system.id}")
    p.name = system.name
    if org is not None:
        p.organisation = org.name
    if system.purpose and not p.description:
        p.description = system.purpose
    return p


@dataclass
class Listing:
    items: list[System]
    total: int
    page: int
    per_page: int


def list_systems(s: Session, actor: Actor, org_id: int, *, q: str | None = None, tier: str | None = None,
                 role: str | None = None, status: str | None = None, deadline_before: _dt.date | None = None,
                 sort: str = "name", descending: bool = False, page: int = 1, per_page: int = 50) -> Listing:
    actor.require(org_id, "viewer")
    if sort not in SORTS:
        raise Invalid(f"sort must be one of {', '.join(SORTS)}", field="sort")
    if page < 1:
        raise Invalid("pages start at 1", field="page")
    if not 1 <= per_page <= 500:
        raise Invalid("per_page must be between 1 and 500", field="per_page")
    # a list never shows the answers: leave the profile and the interview trail (wide JSON) unread
    stmt: Select[Any] = (select(System).options(defer(System.profile), defer(System.interview))
                         .where(System.org_id == org_id, System.deleted_at.is_(None)))
    if q:
        text = q.strip().lower()  # matched as typed: % and _ are not wildcards
        stmt = stmt.where(or_(*(func.lower(c).contains(text, autoescape=True)
                                for c in (System.name, System.purpose, System.vendor, System.owner))))
    if tier:
        stmt = stmt.where(System.tier == tier)
    if role:
        stmt = stmt.where(System.roles.like(f"%,{role},%"))
    if status:
        stmt = stmt.where(System.status == status)
    if deadline_before:
        stmt = stmt.where(System.next_deadline.is_not(None), System.next_deadline <= deadline_before)
    total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    column = SORTS[sort]
    # systems without a value (not assessed, no deadline) come last either way, on every database
    order = (column.desc() if descending else column.asc()).nulls_last()
    items = list(s.scalars(stmt.order_by(order, System.id.asc()).offset((page - 1) * per_page).limit(per_page)))
    return Listing(items, total, page, per_page)


def _effective(ob: dict[str, Any]) -> _dt.date | None:
    """The day an obligation reaches this system: its own start when later, else its date."""
    raw = ob.get("own_start") or ob.get("applies_from")
    return _dt.date.fromisoformat(raw) if raw else None


def task_key(ob: dict[str, Any]) -> str:
    return f"{ob['id']}/{ob['owed_by']}"


def assess_system(s: Session, actor: Actor, system_id: int, *, as_of: _dt.date | None = None,
                  scenario: str | None = None, role: str = "editor") -> AssessmentRecord:
    """Assess the system now (or as of a date), keep the result, and bring its tasks in line."""
    system = get_system(s, actor, system_id, role)
    org = s.get(Organisation, system.org_id)
    try:
        result = api.assess(profile_of(system, org), as_of, scenario=scenario)
    except AiactError as exc:
        raise Invalid(exc.message, field=exc.field) from None
    data = result.to_json_dict()
    record = AssessmentRecord(system_id=system.id, org_id=system.org_id,
                              created_by=actor.user_id or None, as_of=result.law.as_of,
                              law_version=result.law.version_id, scenario=result.law.scenario,
                              category=result.category, profile=dict(system.profile), result=data)
    s.add(record)
    system.tier = result.category
    system.roles = "," + ",".join(result.roles) + "," if result.roles else ""
    today = result.law.as_of
    upcoming = sorted(d for d in (_effective(ob) for ob in data["obligations"]) if d and d >= today)
    system.next_deadline = upcoming[0] if upcoming else None
    system.assessed_at = utcnow()
    s.flush()
    added, dropped = _sync_tasks(s, system, data["obligations"])
    audit.append(s, actor=actor.email, actor_id=actor.user_id or None, org_id=system.org_id, action="assess",
                 entity="assessment", entity_id=record.id,
                 after={"system": system.id, "category": record.category, "law_version": record.law_version,
                        "as_of": record.as_of, "scenario": record.scenario,
                        "tasks_added": added, "tasks_no_longer_owed": dropped})
    return record


def _sync_tasks(s: Session, system: System, obligations: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    tasks = {t.obligation_id: t for t in s.scalars(select(Task).where(Task.system_id == system.id))}
    wanted = {task_key(ob): ob for ob in obligations}
    added: list[str] = []
    for key, ob in wanted.items():
        task = tasks.get(key)
        if task is None:
            s.add(Task(system_id=system.id, org_id=system.org_id, obligation_id=key, ref=ob["ref"],
                       summary=ob["summary"], owed_by=ob["owed_by"], due_date=_effective(ob)))
            added.append(key)
        else:
            task.ref, task.summary, task.due_date, task.current = ob["ref"], ob["summary"], _effective(ob), True
    dropped = [key for key, t in tasks.items() if key not in wanted and t.current]
    for key in dropped:
        tasks[key].current = False
    s.flush()
    return added, dropped


def assessments(s: Session, actor: Actor, system_id: int) -> list[AssessmentRecord]:
    system = get_system(s, actor, system_id, deleted=True)
    return list(s.scalars(select(AssessmentRecord).where(AssessmentRecord.system_id == system.id)
                          .order_by(AssessmentRecord.id.desc())))


def get_assessment(s: Session, actor: Actor, assessment_id: int) -> AssessmentRecord:
    record = s.get(AssessmentRecord, assessment_id)
    if record is None or record.org_id not in actor.roles:
        raise NotFound("no such assessment", field="assessment_id")
    return record


@dataclass
class Change:
    field: str
    before: Any
    after: Any


@dataclass
class Difference:
    """How two assessments of one system differ, and why: the answers and the law that changed."""

    older: AssessmentRecord
    newer: AssessmentRecord
    outcome: list[Change]
    obligations_added: list[str]
    obligations_removed: list[str]
    obligations_redated: list[Change]
    answers: list[Change]
    law: Change | None
    as_of: Change | None

    @property
    def outcome_changed(self) -> bool:
        return bool(self.outcome or self.obligations_added or self.obligations_removed or self.obligations_redated)


COMPARED = ("category", "ai_system", "in_scope", "prohibited", "high_risk_bases", "art_6_3_exempt", "transparency",
            "gpai_model", "systemic_risk", "roles", "fria_required", "registration", "conformity", "applies_from",
            "max_fine_eur", "undetermined")


def diff(older: AssessmentRecord, newer: AssessmentRecord) -> Difference:
    a, b = older.result, newer.result
    outcome = [Change(k, a.get(k), b.get(k)) for k in COMPARED if a.get(k) != b.get(k)]
    oa = {task_key(o): o for o in a.get("obligations", [])}
    ob = {task_key(o): o for o in b.get("obligations", [])}
    redated = [Change(k, _effective(oa[k]), _effective(ob[k])) for k in oa.keys() & ob.keys()
               if _effective(oa[k]) != _effective(ob[k])]
    qa, qb = older.profile.get("answers", {}), newer.profile.get("answers", {})
    answers = [Change(k, qa.get(k), qb.get(k)) for k in sorted(qa.keys() | qb.keys()) if qa.get(k) != qb.get(k)]
    law = Change("law", older.law_version, newer.law_version) if older.law_version != newer.law_version else None
    as_of = Change("as_of", older.as_of, newer.as_of) if older.as_of != newer.as_of else None
    return Difference(older, newer, outcome, sorted(ob.keys() - oa.keys()), sorted(oa.keys() - ob.keys()),
                      sorted(redated, key=lambda c: c.field), answers, law, as_of)


@dataclass
class Reassessed:
    system: System
    before: AssessmentRecord | None
    after: AssessmentRecord
    difference: Difference | None

    @property
    def changed(self) -> bool:
        return self.before is None or bool(self.difference and self.difference.outcome_changed)


def reassess_all(s: Session, actor: Actor, org_ids: list[int] | None = None,
                 as_of: _dt.date | None = None) -> list[Reassessed]:
    """Assess every (not deleted) system again under the law data now installed; say which changed."""
    orgs = org_ids if org_ids is not None else list(actor.roles)
    out: list[Reassessed] = []
    for org_id in orgs:
        actor.require(org_id, "editor")
        ids = list(s.scalars(select(System.id).where(System.org_id == org_id, System.deleted_at.is_(None))
                             .order_by(System.id)))
        for sid in ids:
            before = s.scalars(select(AssessmentRecord).where(AssessmentRecord.system_id == sid)
                               .order_by(AssessmentRecord.id.desc()).limit(1)).first()
            after = assess_system(s, actor, sid, as_of=as_of)
            out.append(Reassessed(s.get(System, sid), before, after,  # type: ignore[arg-type]
                                  diff(before, after) if before else None))
    return out
